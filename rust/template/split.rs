//! Splitting tag contents as Django's `Token.split_contents()` and `token_kwargs()` do.

fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// Django's `smart_split`: whitespace-separated bits, quoted strings kept whole.
pub fn smart_split(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    let plain = |c: char| !is_ws(c) && c != '"' && c != '\'';
    while i < n {
        while i < n && is_ws(chars[i]) {
            i += 1;
        }
        if i >= n {
            break;
        }
        let start = i;
        // Alternative 1: [^\s'"]* ( quoted [^\s'"]* )+
        let mut j = i;
        while j < n && plain(chars[j]) {
            j += 1;
        }
        let mut groups = 0;
        while j < n && (chars[j] == '"' || chars[j] == '\'') {
            let q = chars[j];
            let mut k = j + 1;
            let mut closed = false;
            while k < n {
                if chars[k] == '\\' {
                    if k + 1 < n && chars[k + 1] != '\n' {
                        k += 2;
                        continue;
                    }
                    break;
                }
                if chars[k] == q {
                    closed = true;
                    break;
                }
                k += 1;
            }
            if !closed {
                break;
            }
            j = k + 1;
            while j < n && plain(chars[j]) {
                j += 1;
            }
            groups += 1;
        }
        if groups > 0 {
            out.push(chars[start..j].iter().collect());
            i = j;
        } else {
            // Alternative 2: \S+
            let mut j = start;
            while j < n && !is_ws(chars[j]) {
                j += 1;
            }
            out.push(chars[start..j].iter().collect());
            i = j;
        }
    }
    out
}

/// Django's `Token.split_contents()`: `smart_split` plus re-joining `_("a b")`.
/// `None` when a translation marker is never closed (Django raises there too).
pub fn split_contents(contents: &str) -> Option<Vec<String>> {
    let mut bits = smart_split(contents).into_iter();
    let mut out = Vec::new();
    while let Some(bit) = bits.next() {
        if bit.starts_with("_(\"") || bit.starts_with("_('") {
            let sentinel = format!("{})", &bit[2..3]);
            let mut parts = vec![bit.clone()];
            let mut cur = bit;
            while !cur.ends_with(&sentinel) {
                cur = bits.next()?;
                parts.push(cur.clone());
            }
            out.push(parts.join(" "));
        } else {
            out.push(bit);
        }
    }
    Some(out)
}

/// `(?:(\w+)=)?(.+)` applied to a bit: the keyword, if any, and the value.
pub fn kwarg(bit: &str) -> (Option<&str>, &str) {
    let end = bit
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(bit.len());
    if end > 0 && bit[end..].starts_with('=') && bit.len() > end + 1 {
        (Some(&bit[..end]), &bit[end + 1..])
    } else {
        (None, bit)
    }
}

/// Django's `token_kwargs`: consumes `a=b c=d` (or legacy `b as a and d as c`) from the
/// front of `bits`, returning (name, expression source) pairs in order.
pub fn token_kwargs(bits: &mut Vec<String>, support_legacy: bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if bits.is_empty() {
        return out;
    }
    let kwarg_format = kwarg(&bits[0]).0.is_some();
    if !kwarg_format && (!support_legacy || bits.len() < 3 || bits[1] != "as") {
        return out;
    }
    let set = |out: &mut Vec<(String, String)>, k: String, v: String| {
        if let Some(slot) = out.iter_mut().find(|(name, _)| *name == k) {
            slot.1 = v;
        } else {
            out.push((k, v));
        }
    };
    while !bits.is_empty() {
        if kwarg_format {
            let (k, v) = match kwarg(&bits[0]) {
                (Some(k), v) => (k.to_string(), v.to_string()),
                _ => return out,
            };
            bits.remove(0);
            set(&mut out, k, v);
        } else {
            if bits.len() < 3 || bits[1] != "as" {
                return out;
            }
            let (k, v) = (bits[2].clone(), bits[0].clone());
            bits.drain(..3);
            set(&mut out, k, v);
        }
        if !bits.is_empty() && !kwarg_format {
            if bits[0] != "and" {
                return out;
            }
            bits.remove(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_split_keeps_quotes() {
        assert_eq!(
            smart_split(r#"url "a b" x='c d' "e\"f" 'g"#),
            vec!["url", "\"a b\"", "x='c d'", "\"e\\\"f\"", "'g"]
        );
    }

    #[test]
    fn split_contents_joins_translations() {
        assert_eq!(
            split_contents(r#"x _("a b c") y"#).unwrap(),
            vec!["x", "_(\"a b c\")", "y"]
        );
    }

    #[test]
    fn kwargs_new_and_legacy() {
        let mut bits = vec!["a=b".to_string(), "c=d".to_string(), "only".to_string()];
        assert_eq!(
            token_kwargs(&mut bits, false),
            vec![("a".into(), "b".into()), ("c".into(), "d".into())]
        );
        assert_eq!(bits, vec!["only"]);
        let mut bits: Vec<String> = "x as y and z as w".split(' ').map(String::from).collect();
        assert_eq!(
            token_kwargs(&mut bits, true),
            vec![("y".into(), "x".into()), ("w".into(), "z".into())]
        );
    }
}
