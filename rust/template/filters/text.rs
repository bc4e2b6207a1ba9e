//! String helpers of the native filters, reproducing Python `str` and Django text
//! utilities exactly.

use super::*;

/// Python's `str.center(width)`.
pub(super) fn py_center(v: &str, width: usize) -> String {
    let len = v.chars().count();
    if width <= len {
        return v.to_string();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    format!("{}{}{}", " ".repeat(left), v, " ".repeat(marg - left))
}

/// Django's `title` filter: `str.title()`, then lowercase after `x'` and after digits.
pub(super) fn py_title(v: &str) -> String {
    let out = pystr::title(v);
    // Django: re.sub("([a-z])'([A-Z])", lower) then re.sub(r"\d([A-Z])", lower)
    let chars: Vec<char> = out.chars().collect();
    let mut fixed: Vec<char> = chars.clone();
    let mut i = 0;
    while i + 2 < chars.len() {
        if chars[i].is_ascii_lowercase()
            && chars[i + 1] == '\''
            && chars[i + 2].is_ascii_uppercase()
        {
            fixed[i + 2] = chars[i + 2].to_ascii_lowercase();
            i += 3;
        } else {
            i += 1;
        }
    }
    let chars = fixed.clone();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i].is_numeric() && chars[i + 1].is_ascii_uppercase() {
            fixed[i + 1] = chars[i + 1].to_ascii_lowercase();
            i += 2;
        } else {
            i += 1;
        }
    }
    fixed.into_iter().collect()
}

pub(super) fn normalize_newlines(v: &str) -> String {
    v.replace("\r\n", "\n").replace('\r', "\n")
}

pub(super) fn escapejs(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' | '\'' | '"' | '>' | '<' | '&' | '=' | '-' | ';' | '`' | '\u{2028}'
            | '\u{2029}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if (c as u32) < 32 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn urlquote(v: &str, safe_chars: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if c.is_ascii_alphanumeric() || "_.-~".contains(c) || safe_chars.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

pub(super) fn phone2numeric(v: &str) -> String {
    v.to_lowercase()
        .chars()
        .map(|c| match c {
            'a' | 'b' | 'c' => '2',
            'd' | 'e' | 'f' => '3',
            'g' | 'h' | 'i' => '4',
            'j' | 'k' | 'l' => '5',
            'm' | 'n' | 'o' => '6',
            'p' | 'q' | 'r' | 's' => '7',
            't' | 'u' | 'v' => '8',
            'w' | 'x' | 'y' | 'z' => '9',
            c => c,
        })
        .collect()
}

/// Characters that NFC leaves alone and that are not combining marks, alone or next to
/// each other (no singleton decompositions, no composition exclusions, no Hangul
/// jamo): text made only of these truncates natively, exactly as Django's
/// `unicodedata.normalize("NFC")` + `combining()` would.
pub(super) fn nfc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2ff}'
        | '\u{400}'..='\u{4ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{20a0}'..='\u{20c0}'
        | '\u{4e00}'..='\u{9fff}')
}

/// Python's `str.isspace()` for ASCII: includes the separators U+001C..U+001F.
pub(super) fn ascii_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
    )
}

/// Django's `slugify` for ASCII input (NFKD and ASCII folding are no-ops there).
pub(super) fn slugify_ascii(text: &str) -> String {
    let kept: String = text
        .to_ascii_lowercase()
        .chars()
        .filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || ascii_space(c))
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.chars() {
        if c == '-' || ascii_space(c) {
            if !in_run {
                out.push('-');
                in_run = true;
            }
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out.trim_matches(['-', '_']).to_string()
}

/// `("%" + spec) % value` for the conversions `s d i f x X o` with flags `-+ 0`, a
/// width and a precision. `None`: not handled here (Python formats it);
/// `Some(Err(()))`: Python would raise ValueError/TypeError (Django returns "").
pub(super) fn printf(spec: &str, value: &Value) -> Option<std::result::Result<String, ()>> {
    let b = spec.as_bytes();
    let mut i = 0;
    let (mut left, mut plus, mut space, mut zero) = (false, false, false, false);
    while i < b.len() {
        match b[i] {
            b'-' => left = true,
            b'+' => plus = true,
            b' ' => space = true,
            b'0' => zero = true,
            _ => break,
        }
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let width: usize = spec[start..i].parse().unwrap_or(0);
    let mut precision = None;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        precision = Some(spec[s0..i].parse::<usize>().unwrap_or(0));
    }
    if i + 1 != b.len() {
        return None;
    }
    let conv = b[i] as char;
    let int_of = |v: &Value| -> Option<std::result::Result<i64, ()>> {
        Some(match v {
            Value::Int(n) => Ok(*n),
            Value::Bool(t) => Ok(*t as i64),
            Value::Float(f) if f.is_finite() && f.abs() < 9.0e15 => Ok(f.trunc() as i64),
            Value::Float(_) => return None,
            Value::Str(_) | Value::None | Value::List(_) => Err(()),
            _ => return None,
        })
    };
    let (sign_neg, body) = match conv {
        's' => {
            if matches!(
                value,
                Value::Object(_) | Value::Loop(_) | Value::Group(_) | Value::Block(_)
            ) {
                return None;
            }
            let text = value.to_str().ok()?.text.to_string();
            let text: String = match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            (false, text)
        }
        'd' | 'i' | 'x' | 'X' | 'o' => {
            if precision.is_some() {
                return None;
            }
            // %x/%X/%o want an integer; %d/%i truncate floats.
            if matches!(value, Value::Float(_)) && matches!(conv, 'x' | 'X' | 'o') {
                return Some(Err(()));
            }
            let n = match int_of(value)? {
                Ok(n) => n,
                Err(()) => return Some(Err(())),
            };
            let m = n.unsigned_abs();
            let digits = match conv {
                'x' => format!("{m:x}"),
                'X' => format!("{m:X}"),
                'o' => format!("{m:o}"),
                _ => m.to_string(),
            };
            (n < 0, digits)
        }
        'f' => {
            let f = match value {
                Value::Int(n) => *n as f64,
                Value::Bool(t) => *t as i64 as f64,
                Value::Float(f) if f.is_finite() => *f,
                Value::Float(_) => return None,
                Value::Str(_) | Value::None | Value::List(_) => return Some(Err(())),
                _ => return None,
            };
            let p = precision.unwrap_or(6);
            let txt = format!("{:.*}", p, f.abs());
            // Python keeps the sign of negative values, -0.0 included.
            (f.is_sign_negative(), txt)
        }
        _ => return None,
    };
    let numeric = conv != 's';
    let sign = if !numeric {
        ""
    } else if sign_neg {
        "-"
    } else if plus {
        "+"
    } else if space {
        " "
    } else {
        ""
    };
    let len = sign.len() + body.chars().count();
    let pad = width.saturating_sub(len);
    Some(Ok(if left {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else if zero && numeric {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }))
}

/// Django's `add_truncation_text`; `None` when the format needs Python's `%`.
pub(super) fn add_truncation_text(text: &str, truncate: &str) -> Option<String> {
    const MARK: &str = "%(truncated_text)s";
    if truncate.contains(MARK) {
        if truncate.replacen(MARK, "", 1).contains('%') {
            return None;
        }
        return Some(truncate.replacen(MARK, text, 1));
    }
    if text.ends_with(truncate) {
        return Some(text.to_string());
    }
    Some(format!("{text}{truncate}"))
}

/// Django's `Truncator.chars` for text without combining marks.
pub(super) fn truncate_chars(text: &str, length: usize, fmt: &str) -> Option<String> {
    let marker = add_truncation_text("", fmt)?;
    if !marker.chars().all(nfc_stable) {
        return None;
    }
    let truncate_len = length.saturating_sub(marker.chars().count().min(length));
    let count = text.chars().count();
    if count <= length {
        return Some(text.to_string());
    }
    let cut: String = text.chars().take(truncate_len).collect();
    add_truncation_text(&cut, fmt)
}
