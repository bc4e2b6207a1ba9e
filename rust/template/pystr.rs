//! Python `str` semantics the filters need, where Rust's differ.

/// `str.title()`: a cased character after another cased one is lowercased, any other
/// cased character is uppercased.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        let cased = c.is_uppercase() || c.is_lowercase();
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = cased;
    }
    out
}

/// `str.splitlines()`: the line boundaries Python recognises, `\r\n` as one.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if boundary {
            out.push(&s[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = it.peek() {
                    it.next();
                    end = j + 1;
                }
            }
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `str.isspace()` of one character (Rust's `is_whitespace` lacks U+001C..U+001F).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `str.split()` with no argument.
pub fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_py_space).filter(|w| !w.is_empty())
}

/// `str.isspace()` for every character (and not empty), as `chunk.strip() == ''`.
fn is_space(s: &str) -> bool {
    s.chars().all(is_py_space)
}

/// `str.expandtabs(8)` for one line.
fn expandtabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 8 - col % 8;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// Django's `wrap(text, width)`: `textwrap.TextWrapper(width, break_long_words=False,
/// break_on_hyphens=False, replace_whitespace=False)` per line, keeping line breaks.
pub fn wrap(text: &str, width: usize) -> String {
    let mut result: Vec<String> = Vec::new();
    for line in splitlines(text) {
        let wrapped = wrap_line(&expandtabs(line), width);
        if wrapped.is_empty() {
            result.push(line.to_string());
        } else {
            result.extend(wrapped);
        }
    }
    if text.ends_with('\n') {
        result.push(String::new());
    }
    result.join("\n")
}

/// `TextWrapper._wrap_chunks` over textwrap's whitespace-separated chunks.
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let ws = |c: char| matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ');
    let mut chunks: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut in_ws = None;
    for (i, c) in line.char_indices() {
        let w = ws(c);
        if in_ws != Some(w) && i > start {
            chunks.push(&line[start..i]);
            start = i;
        }
        in_ws = Some(w);
    }
    if start < line.len() {
        chunks.push(&line[start..]);
    }
    chunks.reverse();
    let len = |s: &str| s.chars().count();
    let mut lines: Vec<String> = Vec::new();
    while !chunks.is_empty() {
        let mut cur: Vec<&str> = Vec::new();
        let mut cur_len = 0;
        if !lines.is_empty() && is_space(chunks[chunks.len() - 1]) {
            chunks.pop();
        }
        while let Some(&c) = chunks.last() {
            if cur_len + len(c) <= width {
                cur.push(c);
                cur_len += len(c);
                chunks.pop();
            } else {
                break;
            }
        }
        if let Some(&c) = chunks.last() {
            if len(c) > width && cur.is_empty() {
                cur.push(c); // long words are not broken
                chunks.pop();
            }
        }
        if cur.last().map(|c| is_space(c)).unwrap_or(false) {
            cur.pop();
        }
        if !cur.is_empty() {
            lines.push(cur.concat());
        }
    }
    lines
}

/// Why `percent_format` stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum PercentError {
    /// A `%(name)s` whose name is not in the data (Python's KeyError).
    Missing,
    /// Anything beyond `%%` and `%(name)s`: Python formats it.
    Unsupported,
}

/// Python's `fmt % data` for a dict, for the forms `%%` and `%(name)s`.
pub fn percent_format(
    fmt: &str,
    data: &[(std::sync::Arc<str>, String)],
) -> Result<String, PercentError> {
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut rest = fmt;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('%') {
            out.push('%');
            rest = r;
            continue;
        }
        let Some(r) = rest.strip_prefix('(') else {
            return Err(PercentError::Unsupported);
        };
        let Some(close) = r.find(')') else {
            return Err(PercentError::Unsupported);
        };
        let (name, after) = (&r[..close], &r[close + 1..]);
        let Some(after) = after.strip_prefix('s') else {
            return Err(PercentError::Unsupported);
        };
        match data.iter().find(|(k, _)| &**k == name) {
            Some((_, v)) => out.push_str(v),
            None => return Err(PercentError::Missing),
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// Python's `repr(str)`, for text whose characters' printability this module knows
/// (ASCII, Latin-1, and the fully assigned blocks of Latin Extended, IPA, Cyrillic,
/// general punctuation, currency and CJK ideographs); `None` for any other text,
/// whose repr depends on the interpreter's Unicode tables.
pub fn repr(s: &str) -> Option<String> {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            _ if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0'..='\x1f' | '\x7f'..='\u{a0}' | '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            ' '..='~'
            | '\u{a1}'..='\u{2ff}'
            | '\u{400}'..='\u{4ff}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205e}'
            | '\u{20a0}'..='\u{20c0}'
            | '\u{4e00}'..='\u{9fff}' => out.push(c),
            _ => return None,
        }
    }
    out.push(quote);
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_formats_like_python() {
        use super::{percent_format, PercentError};
        let data = vec![(std::sync::Arc::from("n"), "3".to_string())];
        assert_eq!(
            percent_format("%(n)s items, 100%%", &data).unwrap(),
            "3 items, 100%"
        );
        assert_eq!(percent_format("%(x)s", &data), Err(PercentError::Missing));
        assert_eq!(
            percent_format("%(n)d", &data),
            Err(PercentError::Unsupported)
        );
        assert_eq!(
            percent_format("50% off", &data),
            Err(PercentError::Unsupported)
        );
    }

    #[test]
    fn wraps_like_textwrap() {
        assert_eq!(
            super::wrap("the quick brown fox", 9),
            "the quick\nbrown fox"
        );
        assert_eq!(super::wrap("a verylongword b", 4), "a\nverylongword\nb");
        assert_eq!(super::wrap("x\r\ny\n", 5), "x\ny\n");
        assert_eq!(super::wrap("   \nab", 5), "   \nab");
    }

    #[test]
    fn title_like_python() {
        assert_eq!(
            super::title("hello wORLD 1st o'neil"),
            "Hello World 1St O'Neil"
        );
    }
}
