//! The tree of a rendered view, built with the browser's own HTML tree-building rules
//! (html5ever implements the WHATWG algorithm: implied `tbody`, auto-closed `p`/`li`/
//! `option`, void elements, raw text in `script`/`style`/`textarea`, entities,
//! foster parenting of misplaced table content), so that a child-index path computed
//! here names the same node in the browser's DOM.
//!
//! A view's HTML is parsed as the browser parses `element.innerHTML = html` for a
//! `<div>`: [`parse_fragment`]. [`Node::to_html`] serialises a subtree so that the
//! browser, parsing it in its parent's context, builds the same nodes.

pub(crate) mod fast;
mod sink;

use html5ever::tendril::TendrilSink;
use html5ever::{ns, LocalName, QualName};
use sink::{Arena, Data};

/// The namespace of an element: HTML, or foreign content inside `<svg>`/`<math>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    Html,
    Svg,
    MathMl,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: String,
    pub ns: Ns,
    /// In source order; names as the DOM reports them (`xlink:href`).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
    Comment(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The identity of a list item: `dj-key`, else `id`.
    pub fn key(&self) -> Option<&str> {
        self.attr("dj-key").or_else(|| self.attr("id"))
    }
}

/// Elements that never have children or an end tag.
pub fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose text content is serialised raw.
fn is_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "style" | "script" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext" | "noscript"
    )
}

fn escape_text(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attr => out.push_str("&quot;"),
            '<' if !attr => out.push_str("&lt;"),
            '>' if !attr => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

impl Node {
    /// The HTML of this node, as `outerHTML` would give it (with a newline kept
    /// after `<pre>`/`<textarea>`/`<listing>` when the text starts with one, since
    /// the parser drops the first).
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        self.write_html(&mut out, None);
        out
    }

    pub(crate) fn write_html(&self, out: &mut String, parent: Option<&str>) {
        match self {
            Node::Text(t) => {
                if parent.is_some_and(is_raw_text) {
                    out.push_str(t);
                } else {
                    escape_text(out, t, false);
                }
            }
            Node::Comment(c) => {
                out.push_str("<!--");
                out.push_str(c);
                out.push_str("-->");
            }
            Node::Element(e) => {
                out.push('<');
                out.push_str(&e.tag);
                for (k, v) in &e.attrs {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape_text(out, v, true);
                    out.push('"');
                }
                out.push('>');
                if e.ns == Ns::Html && is_void(&e.tag) {
                    return;
                }
                if e.ns == Ns::Html && matches!(e.tag.as_str(), "pre" | "textarea" | "listing") {
                    if let Some(Node::Text(t)) = e.children.first() {
                        if t.starts_with('\n') {
                            out.push('\n');
                        }
                    }
                }
                let raw = (e.ns == Ns::Html).then_some(e.tag.as_str());
                for c in &e.children {
                    c.write_html(out, raw);
                }
                out.push_str("</");
                out.push_str(&e.tag);
                out.push('>');
            }
        }
    }
}

/// The HTML of a list of nodes (`innerHTML` of their parent `parent_tag`).
pub fn nodes_html(nodes: &[Node], parent_tag: Option<&str>) -> String {
    let mut out = String::new();
    for n in nodes {
        n.write_html(&mut out, parent_tag);
    }
    out
}

fn convert(arena: &[sink::ArenaNode], id: usize) -> Option<Node> {
    let node = &arena[id];
    Some(match &node.data {
        Data::Text(t) => Node::Text(t.to_string()),
        Data::Comment(c) => Node::Comment(c.to_string()),
        Data::Element {
            name,
            attrs,
            contents,
        } => {
            let ns = if name.ns == ns!(svg) {
                Ns::Svg
            } else if name.ns == ns!(mathml) {
                Ns::MathMl
            } else {
                Ns::Html
            };
            let kids = match contents {
                Some(c) => &arena[*c].children,
                None => &node.children,
            };
            Node::Element(Element {
                tag: name.local.to_string(),
                ns,
                attrs: attrs
                    .iter()
                    .map(|a| {
                        let name = match &a.name.prefix {
                            Some(p) => format!("{p}:{}", a.name.local),
                            None => a.name.local.to_string(),
                        };
                        (name, a.value.to_string())
                    })
                    .collect(),
                children: kids.iter().filter_map(|&c| convert(arena, c)).collect(),
            })
        }
        Data::Document | Data::Other => return None,
    })
}

/// The nodes the browser builds for `element.innerHTML = html`, `element` being a
/// `context` element of the HTML namespace (`div` for a view's root).
pub fn parse_fragment_in(html: &str, context: &str, ns: Ns) -> Vec<Node> {
    let name = match ns {
        Ns::Html => QualName::new(None, ns!(html), LocalName::from(context)),
        Ns::Svg => QualName::new(None, ns!(svg), LocalName::from(context)),
        Ns::MathMl => QualName::new(None, ns!(mathml), LocalName::from(context)),
    };
    let arena = html5ever::parse_fragment(Arena::new(), Default::default(), name, Vec::new(), true)
        .one(html);
    let nodes = arena.nodes.into_inner();
    // The fragment's nodes are the children of the <html> element the parser puts
    // under the document.
    let root = nodes[0].children.first().copied();
    root.map(|r| {
        nodes[r]
            .children
            .iter()
            .filter_map(|&c| convert(&nodes, c))
            .collect()
    })
    .unwrap_or_default()
}

/// What the browser builds for `html` parsed in the context of a `tag` element (as
/// `createContextualFragment` does): in one pass when it can, else by the full
/// algorithm.
pub fn parse_in_context(html: &str, tag: &str, ns: Ns) -> Vec<Node> {
    if ns == Ns::Html {
        if let Some((nodes, _)) = fast::parse_in(html, &[tag]) {
            return nodes;
        }
    }
    parse_fragment_in(html, tag, ns)
}

/// The nodes of a view's HTML, parsed as the children of a `<div>`: in one pass when
/// the HTML is nested as written (most template output), else by the full algorithm.
pub fn parse_fragment(html: &str) -> Vec<Node> {
    fast::parse(html).unwrap_or_else(|| parse_fragment_in(html, "div", Ns::Html))
}

#[cfg(test)]
mod tests;
