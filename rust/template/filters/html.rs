//! The filters Django builds on Python's `html.parser`: `striptags`,
//! `truncatechars_html`, `truncatewords_html`.
//!
//! `html.parser` is tolerant in ways that differ between Python releases (comments,
//! bogus tags, `<script>` content, half-finished entities). These filters tokenise
//! natively the HTML whose tokens every release agrees on: start tags with
//! whitespace-separated attributes, end tags, text, and complete entities. Any other
//! construct makes [`tokenize`] answer `None`, and the renderer calls Django's own
//! function, so results never differ.

use super::text::add_truncation_text;
use crate::template::escape::{escape_into, plain_entity};
use crate::template::pystr::is_py_space;
use std::collections::VecDeque;

/// One token of `html.parser`, as its handlers see it.
#[derive(Debug, PartialEq)]
pub(super) enum Tok<'a> {
    /// `handle_starttag` (or `handle_startendtag` when `self_closing`): the tag name
    /// lowercased and the tag's source text.
    Start {
        name: String,
        raw: &'a str,
        self_closing: bool,
    },
    /// `handle_endtag`: the name lowercased.
    End(String),
    /// Text between tags, as written (entities not converted).
    Text(&'a str),
}

/// Django's `VOID_ELEMENTS`.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "frame"
            | "spacer"
    )
}

fn name_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'-') {
        i += 1;
    }
    i
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
        i += 1;
    }
    i
}

/// A start tag at `i` (`<` followed by a letter): (token, end). `None` outside the
/// agreed grammar: `<name( attr(\s*=\s*("…"|'…'|bare))?)*\s*/?>`, attributes
/// separated by whitespace, bare values without quotes, `=`, `<`, `>`, `` ` `` or `/`.
fn start_tag(text: &str, i: usize) -> Option<(Tok<'_>, usize)> {
    let s = text.as_bytes();
    let name_to = name_end(s, i + 1);
    let name = text[i + 1..name_to].to_ascii_lowercase();
    if name == "script" || name == "style" {
        return None; // raw-text elements: html.parser's CDATA mode
    }
    let mut k = name_to;
    loop {
        let after_ws = skip_ws(s, k);
        match s.get(after_ws)? {
            b'>' => {
                let end = after_ws + 1;
                let tok = Tok::Start {
                    name,
                    raw: &text[i..end],
                    self_closing: false,
                };
                return Some((tok, end));
            }
            b'/' if s.get(after_ws + 1) == Some(&b'>') => {
                let end = after_ws + 2;
                let tok = Tok::Start {
                    name,
                    raw: &text[i..end],
                    self_closing: true,
                };
                return Some((tok, end));
            }
            _ if after_ws == k => return None, // an attribute must follow whitespace
            c if c.is_ascii_alphabetic() || *c == b'_' || *c == b':' => {
                let mut j = after_ws + 1;
                while j < s.len()
                    && (s[j].is_ascii_alphanumeric() || matches!(s[j], b'-' | b'_' | b':' | b'.'))
                {
                    j += 1;
                }
                let eq = skip_ws(s, j);
                if s.get(eq) == Some(&b'=') {
                    let v = skip_ws(s, eq + 1);
                    j = match s.get(v)? {
                        q @ (b'"' | b'\'') => v + 1 + text[v + 1..].find(*q as char)? + 1,
                        _ => {
                            let mut e = v;
                            while e < s.len()
                                && !is_ascii_ws(s[e])
                                && !matches!(s[e], b'"' | b'\'' | b'=' | b'<' | b'>' | b'`' | b'/')
                            {
                                e += 1;
                            }
                            if e == v || s.get(e).is_some_and(|c| !is_ascii_ws(*c) && *c != b'>') {
                                return None;
                            }
                            e
                        }
                    };
                }
                k = j;
            }
            _ => return None,
        }
    }
}

fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// An end tag at `i` (`</`): `</name\s*>`.
fn end_tag(text: &str, i: usize) -> Option<(Tok<'_>, usize)> {
    let s = text.as_bytes();
    if !s.get(i + 2)?.is_ascii_alphabetic() {
        return None;
    }
    let name_to = name_end(s, i + 2);
    let close = skip_ws(s, name_to);
    if s.get(close) != Some(&b'>') {
        return None;
    }
    Some((
        Tok::End(text[i + 2..name_to].to_ascii_lowercase()),
        close + 1,
    ))
}

/// The length of a complete entity at the start of `s` (`&name;`, `&#123;`, `&#x7B;`),
/// or `None`.
fn entity_len(s: &[u8]) -> Option<usize> {
    let body = |from: usize, ok: fn(&u8) -> bool| -> Option<usize> {
        let n = s[from..].iter().take_while(|c| ok(c)).count();
        (n > 0 && s.get(from + n) == Some(&b';')).then_some(from + n + 1)
    };
    match (s.get(1)?, s.get(2)) {
        (b'#', Some(b'x' | b'X')) => body(3, u8::is_ascii_hexdigit),
        (b'#', _) => body(2, u8::is_ascii_digit),
        (c, _) if c.is_ascii_alphabetic() => body(1, u8::is_ascii_alphanumeric),
        _ => None,
    }
}

/// `html.parser`'s tokens of `text`, or `None` when `text` holds anything outside
/// the grammar every Python release tokenises alike: a `<` that does not open a
/// well-formed tag, comments and declarations, `<script>`/`<style>`, and an `&` that
/// is neither followed by whitespace nor a complete entity.
pub(super) fn tokenize(text: &str) -> Option<Vec<Tok<'_>>> {
    let s = text.as_bytes();
    let mut toks = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'<' => {
                let (tok, end) = match s.get(i + 1)? {
                    c if c.is_ascii_alphabetic() => start_tag(text, i)?,
                    b'/' => end_tag(text, i)?,
                    _ => return None,
                };
                if text_from < i {
                    toks.push(Tok::Text(&text[text_from..i]));
                }
                toks.push(tok);
                i = end;
                text_from = end;
            }
            b'&' => {
                i += match s.get(i + 1) {
                    Some(c) if is_ascii_ws(*c) => 1,
                    _ => entity_len(&s[i..])?,
                };
            }
            _ => i += 1,
        }
    }
    if text_from < s.len() {
        toks.push(Tok::Text(&text[text_from..]));
    }
    Some(toks)
}

/// Django's `strip_tags`: the text between the tags, entities as written.
pub(super) fn strip_tags(text: &str) -> Option<String> {
    if !(text.contains('<') && text.contains('>')) {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    for tok in tokenize(text)? {
        match tok {
            Tok::Text(t) => out.push_str(t),
            // Django refuses (SuspiciousOperation) some tags this long: its call.
            Tok::Start { raw, .. } if raw.len() >= 1000 => return None,
            _ => {}
        }
    }
    Some(out)
}

/// `html.unescape` of text whose entities [`tokenize`] accepted, for the entities
/// whose meaning no release changes; `None` for any other.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(n) = entity_len(rest.as_bytes()) else {
            out.push('&'); // followed by whitespace: kept
            rest = &rest[1..];
            continue;
        };
        out.push(plain_entity(&rest[1..n - 1])?);
        rest = &rest[n..];
    }
    out.push_str(rest);
    Some(out)
}

/// Which unit `Truncator` counts in its HTML mode.
#[derive(Clone, Copy)]
pub(super) enum Unit {
    /// `chars(length, html=True)`: code points of the text, entities converted.
    Chars,
    /// `words(length, html=True, truncate=" …")`.
    Words,
}

/// `re.split(r"(?<=\S)\s+(?=\S)", data)`: whitespace runs between two non-spaces.
fn split_words(data: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut run: Option<usize> = None; // start of the current whitespace run
    let mut seen_non_space = false;
    for (i, c) in data.char_indices() {
        if is_py_space(c) {
            if seen_non_space && run.is_none() {
                run = Some(i);
            }
        } else {
            if let Some(r) = run.take() {
                pieces.push(&data[start..r]);
                start = i;
            }
            seen_non_space = true;
        }
    }
    pieces.push(&data[start..]);
    pieces
}

/// Django's `TruncateCharsHTMLParser`/`TruncateWordsHTMLParser` over [`tokenize`]'s
/// tokens. `length` > 0; `replacement` is the truncation text (Django's
/// `add_truncation_text` argument, already chosen). `None`: outside the native subset.
pub(super) fn truncate_html(
    text: &str,
    length: usize,
    unit: Unit,
    replacement: &str,
) -> Option<String> {
    let toks = tokenize(text)?;
    let mut remaining = match unit {
        Unit::Words => length,
        // calculate_truncate_chars_length: the marker's own characters come off.
        Unit::Chars => {
            let marker = add_truncation_text("", replacement)?;
            length.saturating_sub(marker.chars().count().min(length))
        }
    };
    let raw_len = text.chars().count();
    let mut out = String::with_capacity(text.len());
    let mut out_len = 0; // len(self.output), in code points
    let mut processed = 0;
    let mut open: VecDeque<String> = VecDeque::new();
    let mut completed = false;
    let push = |out: &mut String, out_len: &mut usize, s: &str| {
        out.push_str(s);
        *out_len += s.chars().count();
    };
    for tok in toks {
        match tok {
            Tok::Start {
                name,
                raw,
                self_closing,
            } => {
                push(&mut out, &mut out_len, raw);
                if !is_void(&name) {
                    if self_closing {
                        push(&mut out, &mut out_len, &format!("</{name}>"));
                    } else {
                        open.push_front(name);
                    }
                }
            }
            Tok::End(name) => {
                if !is_void(&name) {
                    push(&mut out, &mut out_len, &format!("</{name}>"));
                    if open.front() == Some(&name) {
                        open.pop_front();
                    }
                }
            }
            Tok::Text(raw) => {
                let data = unescape(raw)?;
                let (data_len, kept) = match unit {
                    Unit::Chars => {
                        let n = data.chars().count();
                        processed += n;
                        // The text ends exactly at the limit and nothing before it
                        // changed length: Django appends it unescaped and stops.
                        if processed == length && out_len + n == raw_len {
                            out.push_str(&data);
                            completed = true;
                            break;
                        }
                        let end = data
                            .char_indices()
                            .nth(remaining)
                            .map_or(data.len(), |(b, _)| b);
                        (n, data[..end].to_string())
                    }
                    Unit::Words => {
                        let words = split_words(&data);
                        (words.len(), words[..remaining.min(words.len())].join(" "))
                    }
                };
                let mut chunk = String::with_capacity(kept.len());
                escape_into(&mut chunk, &kept);
                if remaining < data_len {
                    out.push_str(&add_truncation_text(&chunk, replacement)?);
                    completed = true;
                    break;
                }
                remaining -= data_len;
                push(&mut out, &mut out_len, &chunk);
            }
        }
    }
    if completed {
        for name in open {
            out.push_str(&format!("</{name}>"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_the_agreed_grammar() {
        let toks = tokenize("<p class=\"a>b\" id=x>Hi &amp; bye</P><br/><img src='y' />").unwrap();
        assert_eq!(
            toks,
            vec![
                Tok::Start {
                    name: "p".into(),
                    raw: "<p class=\"a>b\" id=x>",
                    self_closing: false
                },
                Tok::Text("Hi &amp; bye"),
                Tok::End("p".into()),
                Tok::Start {
                    name: "br".into(),
                    raw: "<br/>",
                    self_closing: true
                },
                Tok::Start {
                    name: "img".into(),
                    raw: "<img src='y' />",
                    self_closing: true
                },
            ]
        );
    }

    #[test]
    fn anything_else_is_left_to_python() {
        for s in [
            "a < b",
            "<!-- c -->",
            "<script>x</script>",
            "<a href=x/>",
            "<a b=\"1\"c=2>",
            "AT&T",
            "&bogus",
            "<p",
            "</ p>",
            "<?php ?>",
        ] {
            assert!(tokenize(s).is_none(), "{s}");
        }
    }

    #[test]
    fn words_split_like_pythons_regex() {
        assert_eq!(split_words(" a  b\n"), vec![" a", "b\n"]);
        assert_eq!(split_words("   "), vec!["   "]);
    }

    #[test]
    fn truncation_closes_open_tags() {
        let out = truncate_html("<p>one <b>two three</b> four</p>", 2, Unit::Words, " …");
        assert_eq!(out.unwrap(), "<p>one <b>two …</b></p>");
        let out = truncate_html("<i>abcdef</i>", 4, Unit::Chars, "%(truncated_text)s…");
        assert_eq!(out.unwrap(), "<i>abc…</i>");
    }
}
