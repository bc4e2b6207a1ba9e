//! A fast path for the HTML templates usually produce: explicitly closed, properly
//! nested elements where the HTML tree builder would build exactly the written
//! nesting. For such input the tree is the nesting, read in one pass, several times
//! faster than the full algorithm. Anything the tree builder would restructure
//! (implied `tbody`, an auto-closed `p`/`li`, misnesting, misplaced table content),
//! or that this reader does not decode (unusual entities, `\r`, foreign content),
//! makes [`parse`] answer `None`, and the caller parses with html5ever. The
//! property test checks that whenever this path answers, html5ever agrees.

mod rules;

use super::{is_void, Element, Node, Ns};
use crate::template::escape::plain_entity;
use rules::{allowed, plain, raw_text, table_part};

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c')
}

/// Decode the entities of text (or an attribute value) this reader knows; `None`
/// for any other `&` use.
fn decode(s: &str, out: &mut String) -> Option<()> {
    let mut rest = s;
    while let Some(amp) = rest.bytes().position(|c| c == b'&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let b = rest.as_bytes();
        if b.len() == 1 || is_ws(b[1]) || b[1] == b'<' {
            out.push('&');
            rest = &rest[1..];
            continue;
        }
        let semi = rest.bytes().take(12).position(|c| c == b';')?;
        out.push(plain_entity(&rest[1..semi])?);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Some(())
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() && is_ws(self.b[self.i]) {
            self.i += 1;
        }
    }

    /// A tag name at the cursor, lowercased.
    fn name(&mut self) -> Option<String> {
        let start = self.i;
        if !self.b.get(start)?.is_ascii_alphabetic() {
            return None;
        }
        while self.i < self.b.len()
            && (self.b[self.i].is_ascii_alphanumeric() || self.b[self.i] == b'-')
        {
            self.i += 1;
        }
        Some(self.s[start..self.i].to_ascii_lowercase())
    }

    /// Attributes up to and including `>` (or `/>`: the flag), `None` on anything
    /// unusual (duplicates, odd characters).
    fn attrs(&mut self) -> Option<(Vec<(String, String)>, bool)> {
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let before = self.i;
            self.skip_ws();
            match *self.b.get(self.i)? {
                b'>' => {
                    self.i += 1;
                    return Some((attrs, false));
                }
                b'/' if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some((attrs, true));
                }
                _ if self.i == before => return None, // attributes need whitespace
                c if c.is_ascii_alphabetic() || c == b'_' || c == b':' => {}
                _ => return None,
            }
            let start = self.i;
            while self.i < self.b.len()
                && (self.b[self.i].is_ascii_alphanumeric()
                    || matches!(self.b[self.i], b'-' | b'_' | b':' | b'.'))
            {
                self.i += 1;
            }
            let name = self.s[start..self.i].to_ascii_lowercase();
            let mut value = String::new();
            if self.b.get(self.i) == Some(&b'=') {
                self.i += 1;
                let q = *self.b.get(self.i)?;
                let raw = if q == b'"' || q == b'\'' {
                    let end = self.s[self.i + 1..].find(q as char)? + self.i + 1;
                    let raw = &self.s[self.i + 1..end];
                    self.i = end + 1;
                    raw
                } else {
                    let start = self.i;
                    while self.i < self.b.len()
                        && !is_ws(self.b[self.i])
                        && !matches!(
                            self.b[self.i],
                            b'>' | b'"' | b'\'' | b'<' | b'=' | b'`' | b'/'
                        )
                    {
                        self.i += 1;
                    }
                    if self.i == start {
                        return None;
                    }
                    &self.s[start..self.i]
                };
                if raw.contains(['\r', '\0']) {
                    return None;
                }
                decode(raw, &mut value)?;
            }
            if attrs.iter().any(|(k, _)| *k == name) {
                return None;
            }
            attrs.push((name, value));
        }
    }
}

/// Where a node stands in the source: `start..end` (byte offsets of its whole
/// markup), and the same for its children. `end` is `u32::MAX` for an element the
/// source never closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub children: Vec<Span>,
}

/// The nodes being built at one level, with their spans when asked for.
struct Level {
    el: Element,
    start: u32,
    spans: Vec<Span>,
}

impl Level {
    fn push_node(&mut self, node: Node, span: Option<Span>) {
        self.el.children.push(node);
        if let Some(s) = span {
            self.spans.push(s);
        }
    }

    /// This element, read up to `end`, as the last child of `parent`.
    fn close_into(self, parent: &mut Level, end: u32, spans: bool) {
        let span = spans.then_some(Span {
            start: self.start,
            end,
            children: self.spans,
        });
        parent.push_node(Node::Element(self.el), span);
    }

    /// A node without children read from `start..end`.
    fn push_leaf(&mut self, node: Node, start: usize, end: usize, spans: bool) {
        let span = spans.then(|| Span {
            start: start as u32,
            end: end as u32,
            children: Vec::new(),
        });
        self.push_node(node, span);
    }

    /// Text, merged into a text node just before it (as the tree builder does).
    fn push_text(&mut self, text: String, start: usize, end: usize, spans: bool) {
        if text.is_empty() {
            return;
        }
        if let Some(Node::Text(t)) = self.el.children.last_mut() {
            t.push_str(&text);
            if let Some(s) = self.spans.last_mut().filter(|_| spans) {
                s.end = end as u32;
            }
            return;
        }
        let span = spans.then(|| Span {
            start: start as u32,
            end: end as u32,
            children: Vec::new(),
        });
        self.push_node(Node::Text(text), span);
    }
}

/// The children of a `<div>` whose `innerHTML` is `html`, when the input is in the
/// subset described above; `None` otherwise.
pub fn parse(html: &str) -> Option<Vec<Node>> {
    parse_region(html, &[], false, false).map(|(nodes, _)| nodes)
}

/// The children of a `<div>`, with each node's span in `html`.
pub fn parse_with_spans(html: &str) -> Option<(Vec<Node>, Vec<Span>)> {
    parse_region(html, &[], true, false)
}

/// `html` read as content of the elements `context` (outermost first) inside a
/// `<div>`: the context's rules apply (a `p` open, a `select`, ...). Every element
/// `html` opens must close in it. Spans are offsets into `html`.
pub fn parse_in(html: &str, context: &[&str]) -> Option<(Vec<Node>, Vec<Span>)> {
    parse_region(html, context, true, true)
}

fn parse_region(
    html: &str,
    context: &[&str],
    spans: bool,
    must_close: bool,
) -> Option<(Vec<Node>, Vec<Span>)> {
    if html.contains(['\r', '\0']) {
        return None;
    }
    let mut r = Reader {
        s: html,
        b: html.as_bytes(),
        i: 0,
    };
    let shell = |tag: &str| Element {
        tag: tag.to_string(),
        ns: Ns::Html,
        attrs: Vec::new(),
        children: Vec::new(),
    };
    // levels[0] is the <div>; then the context; then what the input opens.
    let mut levels: Vec<Level> = std::iter::once("div")
        .chain(context.iter().copied())
        .map(|t| Level {
            el: shell(t),
            start: 0,
            spans: Vec::new(),
        })
        .collect();
    let floor = levels.len();
    while r.i < r.b.len() {
        let lt = r.b[r.i..]
            .iter()
            .position(|&c| c == b'<')
            .map_or(r.b.len(), |k| r.i + k);
        if lt > r.i {
            let raw = &r.s[r.i..lt];
            let parent = (levels.len() > 1).then(|| levels.last().unwrap().el.tag.as_str());
            if parent.is_some_and(table_part) && !raw.bytes().all(is_ws) && parent != Some("select")
            {
                return None; // foster parenting
            }
            let mut text = String::with_capacity(raw.len());
            decode(raw, &mut text)?;
            let start = r.i;
            levels.last_mut().unwrap().push_text(text, start, lt, spans);
            r.i = lt;
            continue;
        }
        // At '<'.
        let start = r.i;
        match r.b.get(r.i + 1) {
            Some(b'/') => {
                r.i += 2;
                let name = r.name()?;
                r.skip_ws();
                if r.b.get(r.i) != Some(&b'>') {
                    return None;
                }
                r.i += 1;
                if levels.len() <= floor {
                    return None; // would close an element of the context
                }
                let level = levels.pop()?;
                if level.el.tag != name {
                    return None;
                }
                level.close_into(levels.last_mut().unwrap(), r.i as u32, spans);
            }
            Some(b'!') => {
                let rest = &r.s[r.i..];
                let body_start = rest.strip_prefix("<!--")?;
                if body_start.starts_with('>') || body_start.starts_with("->") {
                    return None;
                }
                let end = body_start.find("-->")?;
                let body = &body_start[..end];
                if body.contains("--") || body.ends_with('-') {
                    return None;
                }
                r.i += 4 + end + 3;
                levels.last_mut().unwrap().push_leaf(
                    Node::Comment(body.to_string()),
                    start,
                    r.i,
                    spans,
                );
            }
            Some(c) if c.is_ascii_alphabetic() => {
                r.i += 1;
                let tag = r.name()?;
                let (attrs, self_closing) = r.attrs()?;
                let el = Element {
                    tag,
                    ns: Ns::Html,
                    attrs,
                    children: Vec::new(),
                };
                let tag = el.tag.as_str();
                if self_closing && !is_void(tag) {
                    return None; // `<div/>` opens a div: leave it to the tree builder
                }
                // `allowed` looks at the open elements below the <div>.
                let stack = &levels[1..];
                let parent = stack.last().map(|l| l.el.tag.as_str());
                if is_void(tag) {
                    let ok = if tag == "col" {
                        parent == Some("colgroup")
                    } else {
                        matches!(
                            tag,
                            "area"
                                | "br"
                                | "embed"
                                | "img"
                                | "input"
                                | "wbr"
                                | "hr"
                                | "link"
                                | "meta"
                                | "source"
                                | "track"
                                | "param"
                                | "base"
                        ) && !parent.is_some_and(table_part)
                            && allowed(tag, stack)
                    };
                    if !ok {
                        return None;
                    }
                    levels
                        .last_mut()
                        .unwrap()
                        .push_leaf(Node::Element(el), start, r.i, spans);
                } else if raw_text(tag) || tag == "textarea" || tag == "title" {
                    if !allowed(tag, stack) && !matches!(tag, "script" | "style") {
                        return None;
                    }
                    // Inside a select only options count; inside table parts, only
                    // script and style stay where they are.
                    if parent.is_some_and(|p| matches!(p, "select" | "optgroup" | "option"))
                        || (parent.is_some_and(table_part) && !matches!(tag, "script" | "style"))
                    {
                        return None;
                    }
                    let close = format!("</{tag}");
                    let body_end = r.s[r.i..]
                        .to_ascii_lowercase()
                        .find(&close)
                        .map(|k| r.i + k)?;
                    let after = body_end + close.len();
                    let rest = &r.b[after..];
                    let gt = rest.iter().position(|&c| c == b'>')?;
                    if !rest[..gt].iter().all(|&c| is_ws(c)) {
                        return None;
                    }
                    let body = &r.s[r.i..body_end];
                    if tag == "script" && body.contains("<!--") {
                        return None; // script data's escaped states
                    }
                    let mut text = String::new();
                    if tag == "textarea" || tag == "title" {
                        decode(body, &mut text)?;
                        if tag == "textarea" && text.starts_with('\n') {
                            text.remove(0);
                        }
                    } else {
                        text.push_str(body);
                    }
                    let body_start = r.i;
                    let mut level = Level {
                        el,
                        start: start as u32,
                        spans: Vec::new(),
                    };
                    level.push_text(text, body_start, body_end, spans);
                    r.i = after + gt + 1;
                    level.close_into(levels.last_mut().unwrap(), r.i as u32, spans);
                } else {
                    if !plain(tag) || !allowed(tag, stack) {
                        return None;
                    }
                    let drop_newline = matches!(tag, "pre" | "listing");
                    levels.push(Level {
                        el,
                        start: start as u32,
                        spans: Vec::new(),
                    });
                    if drop_newline && r.b.get(r.i) == Some(&b'\n') {
                        r.i += 1;
                    }
                }
            }
            Some(c) if is_ws(*c) || c.is_ascii_digit() || matches!(c, b'=' | b'-') => {
                // A '<' that opens nothing is text.
                let parent = (levels.len() > 1).then(|| levels.last().unwrap().el.tag.as_str());
                if parent.is_some_and(table_part) {
                    return None;
                }
                levels
                    .last_mut()
                    .unwrap()
                    .push_text("<".to_string(), start, start + 1, spans);
                r.i += 1;
            }
            _ => return None,
        }
    }
    if levels.len() > floor && must_close {
        return None; // a region must close what it opens
    }
    // Elements left open at the end stay as they are (the tree builder stops).
    while levels.len() > floor {
        let level = levels.pop().unwrap();
        level.close_into(levels.last_mut().unwrap(), u32::MAX, spans);
    }
    let innermost = levels.pop().unwrap();
    Some((innermost.el.children, innermost.spans))
}
