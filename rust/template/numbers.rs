//! Exact decimal arithmetic for Django's `floatformat`: parse numbers the way Python's
//! `Decimal(str)` does and round half-up, on digit strings (no binary floating point).

/// A finite decimal: `(-1)^negative × coefficient × 10^exponent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    /// Digits without leading zeros ("0" for zero).
    pub coefficient: String,
    pub exponent: i64,
}

/// What `Decimal(text)` gives: a finite number, a special value (inf/nan), or an error.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Finite(Decimal),
    Special,
    Invalid,
}

/// Python's `Decimal(str)` syntax (surrounding whitespace allowed; no underscores here:
/// callers hand those to Python).
pub fn parse(text: &str) -> Parsed {
    let s = text.trim();
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan" | "snan")
        || lower.starts_with("nan") && lower[3..].bytes().all(|b| b.is_ascii_digit())
    {
        return Parsed::Special;
    }
    let (mantissa, exp) = match lower.find('e') {
        Some(i) => (&lower[..i], Some(&lower[i + 1..])),
        None => (lower.as_str(), None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Parsed::Invalid;
    }
    let exp_value: i64 = match exp {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15
            {
                return Parsed::Invalid;
            }
            e.parse().unwrap_or(0)
        }
    };
    let mut coefficient: String = format!("{int_part}{frac_part}")
        .trim_start_matches('0')
        .into();
    if coefficient.is_empty() {
        coefficient.push('0');
    }
    Parsed::Finite(Decimal {
        negative,
        coefficient,
        exponent: exp_value - frac_part.len() as i64,
    })
}

impl Decimal {
    /// Number of digits as Python's `as_tuple()` reports them (zeros kept on the right).
    pub fn digit_count(&self) -> usize {
        self.coefficient.len()
    }

    /// Whether the value has a non-zero fractional part.
    pub fn has_fraction(&self) -> bool {
        if self.exponent >= 0 {
            return false;
        }
        let frac = (-self.exponent) as usize;
        let c = &self.coefficient;
        let tail = if frac >= c.len() {
            c.as_str()
        } else {
            &c[c.len() - frac..]
        };
        tail.bytes().any(|b| b != b'0')
    }

    /// The integer part as text ("%d" % int(d)): truncated toward zero, sign kept
    /// only when non-zero.
    pub fn int_text(&self) -> String {
        let c = &self.coefficient;
        let int = if self.exponent >= 0 {
            if c == "0" {
                "0".to_string()
            } else {
                format!("{}{}", c, "0".repeat(self.exponent as usize))
            }
        } else {
            let frac = (-self.exponent) as usize;
            if frac >= c.len() {
                "0".to_string()
            } else {
                c[..c.len() - frac].to_string()
            }
        };
        if self.negative && int != "0" {
            format!("-{int}")
        } else {
            int
        }
    }

    /// `quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)` rendered with exactly
    /// `places` decimals ("-" only when the rounded value is non-zero).
    pub fn round_half_up(&self, places: usize) -> String {
        let target = -(places as i64);
        let mut digits: Vec<u8> = self.coefficient.bytes().map(|b| b - b'0').collect();
        if self.exponent >= target {
            digits.extend(std::iter::repeat_n(0, (self.exponent - target) as usize));
        } else {
            let drop = (target - self.exponent) as usize;
            let round_up = if drop > digits.len() {
                false
            } else {
                digits[digits.len() - drop] >= 5
            };
            digits.truncate(digits.len().saturating_sub(drop));
            if round_up {
                let mut i = digits.len();
                loop {
                    if i == 0 {
                        digits.insert(0, 1);
                        break;
                    }
                    i -= 1;
                    if digits[i] == 9 {
                        digits[i] = 0;
                    } else {
                        digits[i] += 1;
                        break;
                    }
                }
            }
        }
        while digits.len() <= places {
            digits.insert(0, 0);
        }
        let nonzero = digits.iter().any(|&d| d != 0);
        let split = digits.len() - places;
        let mut out = String::new();
        if self.negative && nonzero {
            out.push('-');
        }
        out.extend(digits[..split].iter().map(|d| (b'0' + d) as char));
        if places > 0 {
            out.push('.');
            out.extend(digits[split..].iter().map(|d| (b'0' + d) as char));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        match parse(s) {
            Parsed::Finite(d) => d,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn parses_like_python_decimal() {
        assert_eq!(
            d("1.50"),
            Decimal {
                negative: false,
                coefficient: "150".into(),
                exponent: -2
            }
        );
        assert_eq!(d(" -0.0 ").coefficient, "0");
        assert_eq!(d("1e+16").exponent, 16);
        assert_eq!(d(".5").exponent, -1);
        assert_eq!(parse("inf"), Parsed::Special);
        assert_eq!(parse("NaN"), Parsed::Special);
        assert_eq!(parse("abc"), Parsed::Invalid);
        assert_eq!(parse("1.2.3"), Parsed::Invalid);
        assert_eq!(parse(""), Parsed::Invalid);
    }

    #[test]
    fn rounds_half_up() {
        assert_eq!(d("34.23234").round_half_up(1), "34.2");
        assert_eq!(d("34.26").round_half_up(1), "34.3");
        assert_eq!(d("0.05").round_half_up(1), "0.1");
        assert_eq!(d("-0.04").round_half_up(1), "0.0");
        assert_eq!(d("9.995").round_half_up(2), "10.00");
        assert_eq!(d("12").round_half_up(3), "12.000");
        assert_eq!(d("-1.5").int_text(), "-1");
        assert_eq!(d("-0.5").int_text(), "0");
        assert!(!d("3.000").has_fraction() && d("3.001").has_fraction());
    }
}
