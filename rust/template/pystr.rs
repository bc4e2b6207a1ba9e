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
    fn title_like_python() {
        assert_eq!(
            super::title("hello wORLD 1st o'neil"),
            "Hello World 1St O'Neil"
        );
    }
}
