//! Python's `json.dumps` (default options) for values the engine can read exactly:
//! dicts, lists, tuples, strings, numbers, booleans and None.

use super::value::{py_float_repr, Value};

/// `json.dumps(value)` with `ensure_ascii=True` and `", "`/`": "` separators; `None`
/// when a value needs Python (anything `DjangoJSONEncoder` would special-case).
pub fn dumps(v: &Value) -> Option<String> {
    let mut out = String::new();
    write(v, &mut out)?;
    Some(out)
}

fn write(v: &Value, out: &mut String) -> Option<()> {
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float(*f)),
        Value::Str(s) => write_string(out, &s.text, true),
        Value::List(items) => array(items, out)?,
        Value::Object(o) => {
            if let Some(items) = o.as_mapping().ok()? {
                out.push('{');
                for (i, (k, val)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_string(out, &key(k)?, true);
                    out.push_str(": ");
                    write(val, out)?;
                }
                out.push('}');
            } else if let Some((items, _)) = o.as_sequence().ok()? {
                array(&items, out)?;
            } else {
                return None;
            }
        }
        _ => return None,
    }
    Some(())
}

fn array(items: &[Value], out: &mut String) -> Option<()> {
    out.push('[');
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(it, out)?;
    }
    out.push(']');
    Some(())
}

fn float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        py_float_repr(f)
    }
}

/// Dict keys as json coerces them.
fn key(k: &Value) -> Option<String> {
    Some(match k {
        Value::Str(s) => s.text.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f),
        Value::Bool(b) => (if *b { "true" } else { "false" }).into(),
        Value::None => "null".into(),
        _ => return None,
    })
}

/// A JSON string. `ensure_ascii`: every non-ASCII character as `\uXXXX` (Python's
/// default); otherwise only control characters and U+2028/U+2029 (which old
/// JavaScript parsers reject) are escaped, which keeps the wire compact.
pub fn write_string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20
                || (ensure_ascii && (c as u32) > 0x7e)
                || matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn dumps_like_python() {
        let v = Value::List(Rc::new(vec![
            Value::str("a\"b\\\n<é😀>"),
            Value::Int(1),
            Value::Float(1.5),
            Value::Float(f64::NAN),
            Value::Bool(true),
            Value::None,
        ]));
        assert_eq!(
            dumps(&v).unwrap(),
            "[\"a\\\"b\\\\\\n<\\u00e9\\ud83d\\ude00>\", 1, 1.5, NaN, true, null]"
        );
    }
}
