//! The patch: a compact list of operations on the DOM under a view's root.
//!
//! Every operation is a JSON array `[code, path, ...]`; a path is the list of child
//! indices from the root. Operations apply in order: each path names a node of the
//! DOM as it is when that operation runs. The codes are defined here and in
//! `djust/protocol.py` (a test checks they agree); the browser's copy is generated.

/// `[0, path, text]`: set a text or comment node's data.
pub const SET_TEXT: u8 = 0;
/// `[1, path, name, value]`: set an attribute.
pub const SET_ATTR: u8 = 1;
/// `[2, path, name]`: remove an attribute.
pub const REMOVE_ATTR: u8 = 2;
/// `[3, path, index, html]`: parse `html` in the parent's context and insert its
/// nodes before child `index` (at the end when `index` is the child count).
pub const INSERT: u8 = 3;
/// `[4, path]`: remove the node.
pub const REMOVE: u8 = 4;
/// `[5, path, order]`: reorder the children: new child `i` is current child
/// `order[i]`.
pub const REORDER: u8 = 5;
/// `[6, path, order]`: reorder only the keyed children among the places keyed
/// children hold: the `i`-th such place gets the current `order[i]`-th keyed child.
/// (Whitespace between list items stays where it is.)
pub const REORDER_KEYED: u8 = 6;
/// `[7, path, html]`: replace the node with the nodes of `html`.
pub const REPLACE: u8 = 7;
/// `[8, path, html, prepend]`: `dj-update="append"`/`"prepend"` containers: each
/// parsed child replaces the child with its key, or is added at the end (start).
pub const MERGE: u8 = 8;
/// `[9, path, index, nodes]`: like INSERT, with the nodes spelt out (for the rare
/// tree no HTML text produces): a text is a string, a comment `{"m": text}`, an
/// element `{"t": tag, "a": [[name, value], ...], "c": [children], "n": "svg"|"math"}`.
pub const INSERT_NODES: u8 = 9;

/// Every operation's name and code, for the protocol's consistency check.
pub const OPS: &[(&str, u8)] = &[
    ("SET_TEXT", SET_TEXT),
    ("SET_ATTR", SET_ATTR),
    ("REMOVE_ATTR", REMOVE_ATTR),
    ("INSERT", INSERT),
    ("REMOVE", REMOVE),
    ("REORDER", REORDER),
    ("REORDER_KEYED", REORDER_KEYED),
    ("REPLACE", REPLACE),
    ("MERGE", MERGE),
    ("INSERT_NODES", INSERT_NODES),
];

pub type Path = Vec<u32>;

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    SetText(Path, String),
    SetAttr(Path, String, String),
    RemoveAttr(Path, String),
    Insert(Path, u32, String),
    Remove(Path),
    Reorder(Path, Vec<u32>),
    ReorderKeyed(Path, Vec<u32>),
    Replace(Path, String),
    Merge(Path, String, bool),
    InsertNodes(Path, u32, Vec<crate::vdom::Node>),
}

fn json_str(out: &mut String, s: &str) {
    crate::template::json::write_string(out, s, false);
}

fn json_ints(out: &mut String, v: &[u32]) {
    out.push('[');
    for (i, n) in v.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&n.to_string());
    }
    out.push(']');
}

impl Op {
    pub fn code(&self) -> u8 {
        match self {
            Op::SetText(..) => SET_TEXT,
            Op::SetAttr(..) => SET_ATTR,
            Op::RemoveAttr(..) => REMOVE_ATTR,
            Op::Insert(..) => INSERT,
            Op::Remove(..) => REMOVE,
            Op::Reorder(..) => REORDER,
            Op::ReorderKeyed(..) => REORDER_KEYED,
            Op::Replace(..) => REPLACE,
            Op::Merge(..) => MERGE,
            Op::InsertNodes(..) => INSERT_NODES,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Op::SetText(p, ..)
            | Op::SetAttr(p, ..)
            | Op::RemoveAttr(p, ..)
            | Op::Insert(p, ..)
            | Op::Remove(p)
            | Op::Reorder(p, ..)
            | Op::ReorderKeyed(p, ..)
            | Op::Replace(p, ..)
            | Op::Merge(p, ..)
            | Op::InsertNodes(p, ..) => p,
        }
    }

    fn write_json(&self, out: &mut String) {
        out.push('[');
        out.push_str(&self.code().to_string());
        out.push(',');
        json_ints(out, self.path());
        match self {
            Op::SetText(_, s) | Op::RemoveAttr(_, s) | Op::Replace(_, s) => {
                out.push(',');
                json_str(out, s);
            }
            Op::SetAttr(_, k, v) => {
                out.push(',');
                json_str(out, k);
                out.push(',');
                json_str(out, v);
            }
            Op::Insert(_, i, html) => {
                out.push(',');
                out.push_str(&i.to_string());
                out.push(',');
                json_str(out, html);
            }
            Op::Reorder(_, order) | Op::ReorderKeyed(_, order) => {
                out.push(',');
                json_ints(out, order);
            }
            Op::Merge(_, html, prepend) => {
                out.push(',');
                json_str(out, html);
                out.push_str(if *prepend { ",1" } else { ",0" });
            }
            Op::InsertNodes(_, i, nodes) => {
                out.push(',');
                out.push_str(&i.to_string());
                out.push(',');
                json_nodes(out, nodes);
            }
            Op::Remove(_) => {}
        }
        out.push(']');
    }
}

fn json_nodes(out: &mut String, nodes: &[crate::vdom::Node]) {
    use crate::vdom::{Node, Ns};
    out.push('[');
    for (i, n) in nodes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match n {
            Node::Text(t) => json_str(out, t),
            Node::Comment(c) => {
                out.push_str("{\"m\":");
                json_str(out, c);
                out.push('}');
            }
            Node::Element(e) => {
                out.push_str("{\"t\":");
                json_str(out, &e.tag);
                out.push_str(",\"a\":[");
                for (k, (name, value)) in e.attrs.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push('[');
                    json_str(out, name);
                    out.push(',');
                    json_str(out, value);
                    out.push(']');
                }
                out.push_str("],\"c\":");
                json_nodes(out, &e.children);
                match e.ns {
                    Ns::Svg => out.push_str(",\"n\":\"svg\""),
                    Ns::MathMl => out.push_str(",\"n\":\"math\""),
                    Ns::Html => {}
                }
                out.push('}');
            }
        }
    }
    out.push(']');
}

/// The compact JSON of a patch, as it goes on the wire.
pub fn to_json(ops: &[Op]) -> String {
    let mut out = String::from("[");
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        op.write_json(&mut out);
    }
    out.push(']');
    out
}
