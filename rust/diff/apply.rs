//! Applying a patch to a tree, as the browser's patcher applies it to the DOM. The
//! tests check `apply(parse(a), diff(parse(a), parse(b))) == parse(b)` with it; the
//! browser tests check the same against Chromium.

use super::patch::Op;
use crate::vdom::{parse_fragment_in, Node, Ns};

/// Why a patch could not apply (the tree is not the one it was computed against).
#[derive(Debug, PartialEq, Eq)]
pub struct ApplyError(pub &'static str);

/// The children list at `path` and the parent's (tag, namespace).
fn children_at<'a>(
    root: &'a mut Vec<Node>,
    path: &[u32],
) -> Result<(&'a mut Vec<Node>, String, Ns), ApplyError> {
    let mut list = root;
    let mut context = ("div".to_string(), Ns::Html);
    for &i in path {
        match list.get_mut(i as usize) {
            Some(Node::Element(e)) => {
                context = (e.tag.clone(), e.ns);
                list = &mut e.children;
            }
            _ => return Err(ApplyError("patch.path-missing")),
        }
    }
    Ok((list, context.0, context.1))
}

fn parse_in(html: &str, tag: &str, ns: Ns) -> Vec<Node> {
    parse_fragment_in(html, tag, ns)
}

pub fn apply(root: &mut Vec<Node>, ops: &[Op]) -> Result<(), ApplyError> {
    for op in ops {
        let path = op.path();
        match op {
            Op::Insert(_, index, html) => {
                let (list, tag, ns) = children_at(root, path)?;
                let index = *index as usize;
                if index > list.len() {
                    return Err(ApplyError("patch.path-missing"));
                }
                let nodes = parse_in(html, &tag, ns);
                list.splice(index..index, nodes);
            }
            Op::InsertNodes(_, index, nodes) => {
                let (list, ..) = children_at(root, path)?;
                let index = *index as usize;
                if index > list.len() {
                    return Err(ApplyError("patch.path-missing"));
                }
                list.splice(index..index, nodes.iter().cloned());
            }
            Op::Reorder(_, order) => {
                let (list, ..) = children_at(root, path)?;
                if order.len() != list.len() {
                    return Err(ApplyError("patch.bad-order"));
                }
                let old = std::mem::take(list);
                let mut slots: Vec<Option<Node>> = old.into_iter().map(Some).collect();
                for &i in order {
                    let n = slots
                        .get_mut(i as usize)
                        .and_then(Option::take)
                        .ok_or(ApplyError("patch.bad-order"))?;
                    list.push(n);
                }
            }
            Op::ReorderKeyed(_, order) => {
                let (list, ..) = children_at(root, path)?;
                let places: Vec<usize> = (0..list.len())
                    .filter(|&i| matches!(&list[i], Node::Element(e) if e.key().is_some()))
                    .collect();
                if order.len() != places.len() {
                    return Err(ApplyError("patch.bad-order"));
                }
                let items: Vec<Node> = places.iter().map(|&p| list[p].clone()).collect();
                for (slot, &from) in places.iter().zip(order) {
                    list[*slot] = items
                        .get(from as usize)
                        .cloned()
                        .ok_or(ApplyError("patch.bad-order"))?;
                }
            }
            Op::Merge(_, html, prepend) => {
                let (list, tag, ns) = children_at(root, path)?;
                let mut fresh = Vec::new();
                for n in parse_in(html, &tag, ns) {
                    let key = match &n {
                        Node::Element(e) => e.key().map(String::from),
                        _ => None,
                    };
                    let at = key.and_then(|k| {
                        list.iter()
                            .position(|c| matches!(c, Node::Element(e) if e.key() == Some(&k)))
                    });
                    match at {
                        Some(i) => list[i] = n,
                        None => fresh.push(n),
                    }
                }
                if *prepend {
                    list.splice(0..0, fresh);
                } else {
                    list.extend(fresh);
                }
            }
            _ => {
                let (last, parent) = path.split_last().ok_or(ApplyError("patch.path-missing"))?;
                let (list, tag, ns) = children_at(root, parent)?;
                let i = *last as usize;
                let target = list.get_mut(i).ok_or(ApplyError("patch.path-missing"))?;
                match (op, target) {
                    (Op::SetText(_, s), Node::Text(t) | Node::Comment(t)) => *t = s.clone(),
                    (Op::SetAttr(_, k, v), Node::Element(e)) => {
                        match e.attrs.iter_mut().find(|(n, _)| n == k) {
                            Some(slot) => slot.1 = v.clone(),
                            None => e.attrs.push((k.clone(), v.clone())),
                        }
                    }
                    (Op::RemoveAttr(_, k), Node::Element(e)) => e.attrs.retain(|(n, _)| n != k),
                    (Op::Remove(_), _) => {
                        list.remove(i);
                    }
                    (Op::Replace(_, html), _) => {
                        let nodes = parse_in(html, &tag, ns);
                        list.splice(i..=i, nodes);
                    }
                    _ => return Err(ApplyError("patch.wrong-node")),
                }
            }
        }
    }
    Ok(())
}
