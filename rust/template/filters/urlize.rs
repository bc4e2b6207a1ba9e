//! `urlize` and `urlizetrunc`: Django's `Urlizer`, natively for the words whose
//! handling needs none of Python's HTML entity table or percent-decoding.
//!
//! A word that may hold a link (it contains `.`, `@` or `:`) is handled here when it
//! is ASCII without `&`, `%`, brackets or control characters; otherwise [`urlize`]
//! answers `None` and the renderer calls Django's function for the whole value.

use crate::template::escape::escape;
use crate::template::pystr::is_py_space;

/// Django's `MAX_URL_LENGTH`.
const MAX_URL_LENGTH: usize = 2048;

/// RFC 3986 sub-delimiters and general delimiters, and `~`: what `smart_urlquote`
/// keeps unquoted.
const URL_SAFE: &[u8] = b"!$&'()*+,;=:/?#[]@~";

/// `urllib.parse.quote(s, safe)` for ASCII `s`.
fn quote(s: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') || safe.contains(&b)
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.quote_plus(s, safe="")`.
fn quote_plus(s: &str) -> String {
    if s.contains(' ') {
        quote(s, b" ").replace(' ', "+")
    } else {
        quote(s, b"")
    }
}

/// Django's `smart_urlquote` of an `http(s)://` URL with no `%`, `&` or brackets:
/// `urlsplit`, each part re-quoted, the query re-encoded, `urlunsplit`.
fn smart_urlquote(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("an http(s) URL");
    let rest_start = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, mut path) = rest.split_at(rest_start);
    let mut fragment = "";
    if let Some((p, f)) = path.split_once('#') {
        (path, fragment) = (p, f);
    }
    let mut query = "";
    if let Some((p, q)) = path.split_once('?') {
        (path, query) = (p, q);
    }
    let mut out = format!(
        "{}://{}{}",
        scheme.to_ascii_lowercase(),
        quote(netloc, URL_SAFE),
        quote(path, URL_SAFE)
    );
    if !query.is_empty() {
        // parse_qsl(keep_blank_values=True) of one field, then urlencode.
        let (name, value) = query.split_once('=').unwrap_or((query, ""));
        out.push('?');
        out.push_str(&quote_plus(&name.replace('+', " ")));
        out.push('=');
        out.push_str(&quote_plus(&value.replace('+', " ")));
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&quote(fragment, URL_SAFE));
    }
    out
}

/// The separators of `Urlizer.word_split_re`: `[\s<>"']`.
fn is_split_char(c: char) -> bool {
    is_py_space(c) || matches!(c, '<' | '>' | '"' | '\'')
}

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `simple_url_re`: `^https?://\[?\w` (no brackets reach here).
fn simple_url(m: &str) -> bool {
    let lower = m.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    rest.and_then(|r| r.bytes().next())
        .is_some_and(is_word_char)
}

/// `simple_url_2_re`: `^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|/.*)$`.
fn simple_url_2(m: &str) -> bool {
    let lower = m.to_ascii_lowercase();
    if lower.starts_with("www.") {
        return true;
    }
    let b = lower.as_bytes();
    if b.is_empty() || !is_word_char(b[0]) || lower.starts_with("http") {
        return false;
    }
    let first_at = lower.find('@').unwrap_or(lower.len());
    (2..b.len()).any(|p| {
        b[p] == b'.'
            && p <= first_at
            && ["com", "edu", "gov", "int", "mil", "net", "org"]
                .iter()
                .any(|tld| lower[p + 1..].starts_with(tld))
            && (p + 4 == b.len() || b.get(p + 4) == Some(&b'/'))
    })
}

/// One DNS label of `[a-z0-9-]{1,63}`, not starting or ending with `-`.
fn label_ok(l: &str) -> bool {
    (1..=63).contains(&l.len())
        && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// `EmailValidator(allowlist=[])` for ASCII without `%`, `&` or brackets: a
/// dot-atom user part and a hostname.tld domain.
fn is_email_simple(m: &str) -> bool {
    if m.len() > 320 {
        return false;
    }
    let Some((user, domain)) = m.rsplit_once('@') else {
        return false;
    };
    let atom_ok = |a: &str| {
        !a.is_empty()
            && a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-!#$%&'*+/=?^_`{}|~".contains(&c))
    };
    if !user.split('.').all(atom_ok) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let Some((tld, hosts)) = labels.split_last() else {
        return false;
    };
    let tld_ok = (2..=63).contains(&tld.len())
        && tld.bytes().all(|c| c.is_ascii_alphabetic() || c == b'-')
        && !tld.starts_with('-')
        && !tld.ends_with('-');
    let punycode = tld.len() <= 63
        && tld.to_ascii_lowercase().starts_with("xn--")
        && tld.len() > 4
        && tld[4..].bytes().all(|c| c.is_ascii_alphanumeric());
    !hosts.is_empty() && hosts.iter().all(|l| label_ok(l)) && (tld_ok || punycode)
}

/// `Urlizer.trim_punctuation` for a word without `&` (so no entity can end it).
fn trim_punctuation(word: &str) -> (&str, &str, String) {
    let middle_start = word.len() - word.trim_start_matches(['(', '[']).len();
    let lead = &word[..middle_start];
    let mut middle = &word[middle_start..];
    let mut trail = String::new();
    // CountsDict: counts of the middle as it was first, adjusted as closers go.
    let original = middle;
    let mut counts: Vec<(char, usize)> = Vec::new();
    let count = |c: char, counts: &mut Vec<(char, usize)>| -> usize {
        if let Some((_, n)) = counts.iter().find(|(k, _)| *k == c) {
            return *n;
        }
        let n = original.matches(c).count();
        counts.push((c, n));
        n
    };
    let mut trimmed_something = true;
    while trimmed_something && !middle.is_empty() {
        trimmed_something = false;
        for (opening, closing) in [('(', ')'), ('[', ']')] {
            let (o, c) = (count(opening, &mut counts), count(closing, &mut counts));
            if o < c && middle.ends_with(closing) {
                let strip = (c - o).min(middle.len());
                trail = middle[middle.len() - strip..].to_string();
                middle = &middle[..middle.len() - strip];
                trimmed_something = true;
                if let Some(slot) = counts.iter_mut().find(|(k, _)| *k == closing) {
                    slot.1 -= c - o;
                }
            }
        }
        let rstripped = middle.trim_end_matches(['.', ',', ':', ';', '!']);
        if rstripped.len() != middle.len() {
            trail = format!("{}{trail}", &middle[rstripped.len()..]);
            middle = rstripped;
            trimmed_something = true;
        }
    }
    (lead, middle, trail)
}

/// `Urlizer.handle_word`: `None` when the word is outside the native subset.
fn handle_word(
    word: &str,
    safe_input: bool,
    limit: Option<i64>,
    autoescape: bool,
) -> Option<String> {
    let plain = || {
        if autoescape && !safe_input {
            escape(word)
        } else {
            word.to_string()
        }
    };
    if !word.contains(['.', '@', ':']) {
        return Some(plain());
    }
    if !word.is_ascii()
        || word.contains(['&', '%', '[', ']'])
        || word.bytes().any(|b| b < 0x20 || b == 0x7f)
    {
        return None;
    }
    let (lead, middle, trail) = trim_punctuation(word);
    let mut rel = r#" rel="nofollow""#;
    let url = if middle.len() <= MAX_URL_LENGTH && simple_url(middle) {
        smart_urlquote(middle)
    } else if middle.len() <= MAX_URL_LENGTH && simple_url_2(middle) {
        smart_urlquote(&format!("http://{middle}"))
    } else if !middle.contains(':') && is_email_simple(middle) {
        let (local, domain) = middle.rsplit_once('@')?;
        rel = "";
        format!("mailto:{}@{}", quote(local, b""), quote(domain, b""))
    } else {
        return Some(plain());
    };
    let trimmed = match limit {
        Some(n) if middle.chars().count() as i64 > n => {
            let keep = usize::try_from(n - 1).unwrap_or(0);
            format!("{}…", &middle[..keep.min(middle.len())])
        }
        _ => middle.to_string(),
    };
    let (lead, trail, trimmed) = if autoescape && !safe_input {
        (escape(lead), escape(&trail), escape(&trimmed))
    } else {
        (lead.to_string(), trail, trimmed)
    };
    Some(format!(
        "{lead}<a href=\"{}\"{rel}>{trimmed}</a>{trail}",
        escape(&url)
    ))
}

/// Django's `urlize(text, trim_url_limit=limit, nofollow=True, autoescape=...)`:
/// each word and each run of separators (whitespace, `<`, `>`, quotes) in turn.
pub(super) fn urlize(
    text: &str,
    safe_input: bool,
    limit: Option<i64>,
    autoescape: bool,
) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut start = 0;
    let mut in_sep = None;
    for (i, c) in text.char_indices() {
        let sep = is_split_char(c);
        if in_sep.is_some_and(|s| s != sep) {
            out.push_str(&handle_word(
                &text[start..i],
                safe_input,
                limit,
                autoescape,
            )?);
            start = i;
        }
        in_sep = Some(sep);
    }
    out.push_str(&handle_word(&text[start..], safe_input, limit, autoescape)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> String {
        urlize(s, false, None, true).unwrap()
    }

    #[test]
    fn links_words_that_look_like_urls() {
        assert_eq!(
            u("see www.x.com."),
            r#"see <a href="http://www.x.com" rel="nofollow">www.x.com</a>."#
        );
        assert_eq!(
            u("(HTTPS://Ex.org/a b?c=d e#f)"),
            r#"(<a href="https://Ex.org/a" rel="nofollow">HTTPS://Ex.org/a</a> b?c=d e#f)"#
        );
        assert_eq!(
            u("mail a+b@ex.co"),
            r#"mail <a href="mailto:a%2Bb@ex.co">a+b@ex.co</a>"#
        );
        assert_eq!(u("not.a.link <b>"), "not.a.link &lt;b&gt;");
    }

    #[test]
    fn entities_and_percents_are_left_to_python() {
        assert!(urlize("http://x.com/?a=1&b=2", false, None, true).is_none());
        assert!(urlize("http://x.com/%20", false, None, true).is_none());
        assert!(urlize("plain & simple", false, None, true).is_some());
    }
}
