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

#[cfg(test)]
mod tests {
    #[test]
    fn title_like_python() {
        assert_eq!(
            super::title("hello wORLD 1st o'neil"),
            "Hello World 1St O'Neil"
        );
    }
}
