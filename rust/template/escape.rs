//! HTML escaping exactly as Django's `escape()` (`html.escape(quote=True)`).

/// Append `s` to `out`, escaping `& < > " '`.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// The character of an entity whose meaning every HTML reader agrees on (the
/// browser's tokenizer, Python's `html.unescape`): `body` is what stands between `&`
/// and `;` — `amp`, `lt`, `gt`, `quot`, `apos`, `nbsp`, or a decimal/hex reference to
/// a character that no table replaces or drops. `None` for any other.
pub fn plain_entity(body: &str) -> Option<char> {
    Some(match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let digits = body.strip_prefix('#')?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(h) if !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()) => {
                    u32::from_str_radix(h, 16).ok()?
                }
                None if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
                    digits.parse().ok()?
                }
                _ => return None,
            };
            let plain = matches!(code, 0x09 | 0x0a | 0x20..=0x7e | 0xa0..=0xd7ff
                | 0xe000..=0xfdcf | 0xfdf0..=0xfffd | 0x10000..=0x10fffd);
            if !plain || (code & 0xfffe) == 0xfffe {
                return None;
            }
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_like_django() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
        );
        assert_eq!(super::escape("plain ünïcode"), "plain ünïcode");
    }
}
