//! The keyed diff: the operations that turn the DOM of one render into the next.
//!
//! Children are matched by key (`dj-key`, else `id`, when unique among siblings), the
//! rest in order by kind (text, comment, element of the same tag). Unmatched old
//! children are removed, a changed order of the matched ones becomes one reorder
//! operation (only the keyed slots when whitespace between list items stays put),
//! new children are inserted as HTML, and matched pairs are compared recursively.
//! What does not match (a node that changed kind) is replaced whole: the smallest
//! enclosing subtree. `dj-update="ignore"` leaves an element's children alone;
//! `"append"`/`"prepend"` merges new keyed children into them.

pub mod apply;
pub mod incremental;
pub mod patch;

use crate::vdom::{nodes_html, parse_in_context, Element, Node, Ns};
use patch::{Op, Path};
use std::collections::HashMap;

#[cfg(test)]
mod tests;

/// The operations that turn `old` (the children of a view's root) into `new`.
pub fn diff(old: &[Node], new: &[Node]) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut path = Vec::new();
    children(old, new, ("div", Ns::Html), &mut path, &mut ops);
    ops
}

/// The operations that turn node `a`, at `path`, into `b`.
pub fn diff_node(a: &Node, b: &Node, mut path: Path) -> Vec<Op> {
    let mut ops = Vec::new();
    node(a, b, &mut path, &mut ops);
    ops
}

/// Keys that appear exactly once among `nodes`.
fn unique_keys(nodes: &[Node]) -> HashMap<&str, usize> {
    let any = nodes
        .iter()
        .any(|n| matches!(n, Node::Element(e) if e.key().is_some()));
    if !any {
        return HashMap::new(); // most children lists: no allocation
    }
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Node::Element(e) = n {
            if let Some(k) = e.key() {
                seen.entry(k).and_modify(|v| *v = None).or_insert(Some(i));
            }
        }
    }
    seen.into_iter()
        .filter_map(|(k, v)| v.map(|i| (k, i)))
        .collect()
}

fn same_element(a: &Element, b: &Element) -> bool {
    a.tag == b.tag && a.ns == b.ns
}

/// Whether two unkeyed nodes may be matched (and diffed rather than replaced).
fn same_kind(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Text(_), Node::Text(_)) | (Node::Comment(_), Node::Comment(_)) => true,
        (Node::Element(x), Node::Element(y)) => same_element(x, y),
        _ => false,
    }
}

fn keyed<'a>(n: &'a Node, keys: &HashMap<&str, usize>) -> Option<&'a str> {
    match n {
        Node::Element(e) => e.key().filter(|k| keys.contains_key(k)),
        _ => None,
    }
}

/// The operation that inserts `nodes` at `index` under `parent`: their HTML, when the
/// browser parsing it there builds exactly these nodes (almost always); otherwise
/// the nodes themselves (a tree no HTML text produces, such as a form that
/// misnested markup left inside another).
fn insert(nodes: &[Node], parent: (&str, Ns), path: Path, index: u32) -> Op {
    let raw_parent = (parent.1 == Ns::Html).then_some(parent.0);
    let html = nodes_html(nodes, raw_parent);
    if parse_in_context(&html, parent.0, parent.1) == nodes {
        Op::Insert(path, index, html)
    } else {
        Op::InsertNodes(path, index, nodes.to_vec())
    }
}

/// `parent`: the tag and namespace of the element whose children these are.
fn children(old: &[Node], new: &[Node], parent: (&str, Ns), path: &mut Path, ops: &mut Vec<Op>) {
    let old_keys = unique_keys(old);
    let new_keys = unique_keys(new);
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    // Keyed children match by key (same tag), whatever their positions.
    for (j, n) in new.iter().enumerate() {
        if let (Some(k), Node::Element(e)) = (keyed(n, &new_keys), n) {
            if let Some(&i) = old_keys.get(k) {
                if matches!(&old[i], Node::Element(o) if same_element(o, e)) {
                    matched[j] = Some(i);
                    used[i] = true;
                }
            }
        }
    }
    // The others in order, by kind; keyed children only ever match by key. When a
    // keyed child comes or goes, the whitespace after it comes or goes with it
    // (the rest keeps its place).
    let unkeyed_new: Vec<usize> = (0..new.len())
        .filter(|&j| keyed(&new[j], &new_keys).is_none())
        .collect();
    let unkeyed_old: Vec<usize> = (0..old.len())
        .filter(|&i| keyed(&old[i], &old_keys).is_none())
        .collect();
    let mut skip_new = vec![false; new.len()];
    let mut skip_old = vec![false; old.len()];
    let follows_unmatched_key =
        |nodes: &[Node], k: usize, keys: &HashMap<&str, usize>, hit: &dyn Fn(usize) -> bool| {
            k > 0 && keyed(&nodes[k - 1], keys).is_some() && !hit(k - 1)
        };
    let mut surplus = unkeyed_new.len() as isize - unkeyed_old.len() as isize;
    for &j in &unkeyed_new {
        if surplus <= 0 {
            break;
        }
        if follows_unmatched_key(new, j, &new_keys, &|k| matched[k].is_some()) {
            skip_new[j] = true;
            surplus -= 1;
        }
    }
    for &i in &unkeyed_old {
        if surplus >= 0 {
            break;
        }
        if follows_unmatched_key(old, i, &old_keys, &|k| used[k]) {
            skip_old[i] = true;
            surplus += 1;
        }
    }
    let mut cursor = 0;
    for &j in &unkeyed_new {
        if skip_new[j] {
            continue;
        }
        let n = &new[j];
        let found = (cursor..old.len()).find(|&i| {
            !used[i] && !skip_old[i] && keyed(&old[i], &old_keys).is_none() && same_kind(&old[i], n)
        });
        if let Some(i) = found {
            matched[j] = Some(i);
            used[i] = true;
            cursor = i + 1;
        }
    }
    // Removals, last first so the indices stay valid.
    for i in (0..old.len()).rev() {
        if !used[i] {
            path.push(i as u32);
            ops.push(Op::Remove(path.clone()));
            path.pop();
        }
    }
    // A changed order of the children that stay.
    let current: Vec<usize> = (0..old.len()).filter(|&i| used[i]).collect();
    let target: Vec<usize> = matched.iter().flatten().copied().collect();
    if current != target {
        ops.push(reorder(old, &old_keys, &current, &target, path.clone()));
    }
    // Insertions, in order; adjacent new children go as one piece of HTML.
    let mut j = 0;
    while j < new.len() {
        if matched[j].is_some() {
            j += 1;
            continue;
        }
        let start = j;
        while j < new.len() && matched[j].is_none() {
            j += 1;
        }
        ops.push(insert(&new[start..j], parent, path.clone(), start as u32));
    }
    // The children that stay, compared at their new places.
    for (j, m) in matched.iter().enumerate() {
        if let Some(i) = m {
            path.push(j as u32);
            node(&old[*i], &new[j], path, ops);
            path.pop();
        }
    }
}

fn reorder(
    old: &[Node],
    old_keys: &HashMap<&str, usize>,
    current: &[usize],
    target: &[usize],
    path: Path,
) -> Op {
    let is_keyed = |i: usize| keyed(&old[i], old_keys).is_some();
    // The browser counts every element with a key as keyed: only when no key is
    // duplicated do both sides agree on the slots.
    let no_duplicates = current
        .iter()
        .all(|&i| !matches!(&old[i], Node::Element(e) if e.key().is_some()) || is_keyed(i));
    let slots_kept = no_duplicates
        && current
            .iter()
            .zip(target)
            .all(|(&c, &t)| is_keyed(c) == is_keyed(t) && (is_keyed(c) || c == t));
    if slots_kept {
        let keyed_current: Vec<usize> = current.iter().copied().filter(|&i| is_keyed(i)).collect();
        let ordinal: HashMap<usize, u32> = keyed_current
            .iter()
            .enumerate()
            .map(|(n, &i)| (i, n as u32))
            .collect();
        let order = target
            .iter()
            .filter(|&&i| is_keyed(i))
            .map(|i| ordinal[i])
            .collect();
        return Op::ReorderKeyed(path, order);
    }
    let position: HashMap<usize, u32> = current
        .iter()
        .enumerate()
        .map(|(n, &i)| (i, n as u32))
        .collect();
    Op::Reorder(path, target.iter().map(|i| position[i]).collect())
}

fn node(a: &Node, b: &Node, path: &mut Path, ops: &mut Vec<Op>) {
    if a == b {
        return; // an unchanged subtree: one comparison, no key maps below it
    }
    match (a, b) {
        (Node::Text(x), Node::Text(y)) | (Node::Comment(x), Node::Comment(y)) => {
            if x != y {
                ops.push(Op::SetText(path.clone(), y.clone()));
            }
        }
        (Node::Element(x), Node::Element(y)) if same_element(x, y) => element(x, y, path, ops),
        _ => ops.push(Op::Replace(path.clone(), b.to_html())),
    }
}

fn element(a: &Element, b: &Element, path: &mut Path, ops: &mut Vec<Op>) {
    if a.tag == "template" && a.ns == Ns::Html {
        // Its content is a separate fragment in the DOM: no paths into it.
        if a != b {
            ops.push(Op::Replace(
                path.clone(),
                Node::Element(b.clone()).to_html(),
            ));
        }
        return;
    }
    attributes(a, b, path, ops);
    match b.attr("dj-update") {
        Some("ignore") => {}
        Some(mode @ ("append" | "prepend")) => merge(a, b, mode == "prepend", path, ops),
        _ => children(&a.children, &b.children, (&b.tag, b.ns), path, ops),
    }
}

/// Attribute operations that leave the element's attributes equal to `b`'s, in
/// `b`'s order (a new attribute goes last in the DOM, as in `innerHTML`).
fn attributes(a: &Element, b: &Element, path: &Path, ops: &mut Vec<Op>) {
    for (k, _) in &a.attrs {
        if b.attr(k).is_none() {
            ops.push(Op::RemoveAttr(path.clone(), k.clone()));
        }
    }
    let kept: Vec<&str> = a
        .attrs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| b.attr(k).is_some())
        .collect();
    for (p, (k, v)) in b.attrs.iter().enumerate() {
        if kept.get(p) == Some(&k.as_str()) {
            if a.attr(k) != Some(v.as_str()) {
                ops.push(Op::SetAttr(path.clone(), k.clone(), v.clone()));
            }
            continue;
        }
        // Out of order from here: take the rest off and set it again, in order.
        for name in &kept[p.min(kept.len())..] {
            ops.push(Op::RemoveAttr(path.clone(), (*name).to_string()));
        }
        for (k, v) in &b.attrs[p..] {
            ops.push(Op::SetAttr(path.clone(), k.clone(), v.clone()));
        }
        return;
    }
}

/// `dj-update="append"`/`"prepend"`: the keyed children that are new or changed.
fn merge(a: &Element, b: &Element, prepend: bool, path: &Path, ops: &mut Vec<Op>) {
    let old_keys = unique_keys(&a.children);
    let fresh: Vec<Node> = b
        .children
        .iter()
        .filter(|n| match n {
            Node::Element(e) => match e.key().and_then(|k| old_keys.get(k)) {
                Some(&i) => &a.children[i] != *n,
                None => e.key().is_some(),
            },
            _ => false,
        })
        .cloned()
        .collect();
    if !fresh.is_empty() {
        ops.push(Op::Merge(path.clone(), nodes_html(&fresh, None), prepend));
    }
}
