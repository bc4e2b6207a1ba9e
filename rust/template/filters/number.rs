//! Number-formatting filters: `floatformat`, `filesizeformat`.

use super::*;

/// Django's `floatformat` for plain (ungrouped, localised) output; `None` hands the
/// call to Django (suffixes `g`/`u`, grouping, values only Python can convert).
pub(super) fn floatformat(
    value: &Value,
    arg: Option<&Value>,
    host: &dyn RenderHost,
) -> Option<Result<Value>> {
    // Django parses the value first (returning "" if it is not a number), then the
    // argument (returning str(value) if it is not an integer).
    enum Places {
        Int(i64),
        Invalid,
    }
    let places = match arg {
        None => Places::Int(-1),
        Some(Value::Int(i)) => Places::Int(*i),
        Some(Value::Str(a)) => {
            let t = a.text.trim();
            if a.text.is_empty() || a.text.ends_with(['g', 'u']) || t.contains('_') {
                return None;
            }
            t.parse::<i64>().map_or(Places::Invalid, Places::Int)
        }
        Some(_) => return None,
    };
    let sep = match host.decimal_separator() {
        Ok(Some(sep)) => sep,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    let input = match value {
        Value::None => return Some(Ok(Value::empty())),
        Value::Bool(b) => (if *b { "1.0" } else { "0.0" }).to_string(),
        Value::List(_) | Value::Loop(_) | Value::Group(_) | Value::Block(_) => return None,
        other => match other.to_str() {
            Ok(s) => s.text.to_string(),
            Err(e) => return Some(Err(e)),
        },
    };
    if input.contains('_') {
        return None;
    }
    // What Django returns "as is": str(value).
    let input_val = || value.to_str().map(|s| Value::Str(Str::plain(s.text)));
    let parsed = numbers::parse(&input);
    if parsed == numbers::Parsed::Invalid {
        return match value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => Some(Ok(Value::empty())),
            _ => None, // float(obj) may still work in Python
        };
    }
    let Places::Int(p) = places else {
        return Some(input_val());
    };
    let numbers::Parsed::Finite(d) = parsed else {
        return Some(input_val()); // inf/nan: int(d) fails, Django returns str(value)
    };
    if d.digit_count() as i64 + d.exponent.abs() > 200 {
        return Some(input_val());
    }
    let text = if !d.has_fraction() && p <= 0 {
        d.int_text()
    } else {
        d.round_half_up(p.unsigned_abs() as usize)
            .replace('.', &sep)
    };
    Some(Ok(Value::Str(Str::safe(text))))
}

/// Django's `filesizeformat` when numbers print plainly; `None` hands it to Django
/// (objects, grouping, translations with unexpected placeholders).
pub(super) fn filesizeformat(value: &Value, host: &dyn RenderHost) -> Option<Result<Value>> {
    let run = || -> Result<Option<String>> {
        // int(bytes_); TypeError/ValueError give "0 bytes".
        let n: Option<i64> = match value {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            Value::Float(f) if f.is_finite() && f.abs() < 9.0e15 => Some(f.trunc() as i64),
            Value::Str(s) if !s.text.contains('_') => s.text.trim().parse::<i64>().ok(),
            Value::None | Value::Str(_) => None,
            _ => return Ok(None),
        };
        let Some(n) = n else {
            let t = host.ngettext("%(size)d byte", "%(size)d bytes", 0)?;
            return Ok(fill(&t, "%(size)d", "0").map(|s| s.replace(' ', "\u{a0}")));
        };
        let Some(sep) = host.decimal_separator()? else {
            return Ok(None);
        };
        let b = n.unsigned_abs() as f64;
        const UNITS: [(&str, u32); 5] = [
            ("%s KB", 10),
            ("%s MB", 20),
            ("%s GB", 30),
            ("%s TB", 40),
            ("%s PB", 50),
        ];
        let text = if (n.unsigned_abs()) < 1 << 10 {
            let t = host.ngettext("%(size)d byte", "%(size)d bytes", n.abs())?;
            fill(&t, "%(size)d", &n.unsigned_abs().to_string())
        } else {
            let i = UNITS
                .iter()
                .rposition(|(_, shift)| n.unsigned_abs() >= 1u64 << shift)
                .unwrap_or(0);
            let (msg, shift) = UNITS[i];
            let number = format!("{:.1}", b / (1u64 << shift) as f64).replace('.', &sep);
            let t = host.gettext(msg)?;
            fill(&t, "%s", &number)
        };
        Ok(text.map(|t| {
            let t = if n < 0 { format!("-{t}") } else { t };
            t.replace(' ', "\u{a0}")
        }))
    };
    match run() {
        Ok(Some(text)) => Some(Ok(Value::Str(Str::plain(text)))),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

/// `template % value` for a template with exactly one `placeholder` (and `%%`).
pub(super) fn fill(template: &str, placeholder: &str, value: &str) -> Option<String> {
    let rest = template.replacen(placeholder, "\u{0}", 1);
    if rest.replace("%%", "").contains('%') || !rest.contains('\u{0}') {
        return None;
    }
    Some(rest.replace("%%", "%").replace('\u{0}', value))
}
