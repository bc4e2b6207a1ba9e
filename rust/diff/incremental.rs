//! A view's page as the server knows it, updated render by render.
//!
//! Between two renders of a view most of the HTML is the same bytes. When the last
//! render was read by the one-pass reader (so every node's place in the source is
//! known), an update finds the common prefix and suffix of the two renders, the
//! smallest element that encloses everything in between (its own `<` and closing `>`
//! unchanged), reads only that element of the new render in its ancestors' context,
//! and diffs only it. Anything else — a change that reaches the top level, a region
//! the reader refuses — falls back to reading and diffing the whole render. Either
//! way the kept tree is exactly what a full read of the new render gives.

use super::patch::Op;
use super::{diff, diff_node};
use crate::vdom::fast::{self, Span};
use crate::vdom::{parse_fragment_in, Node, Ns};

pub struct Incremental {
    html: String,
    nodes: Vec<Node>,
    /// The place of each node of `nodes` in `html`, when the one-pass reader read it.
    spans: Option<Vec<Span>>,
}

fn read(html: &str) -> (Vec<Node>, Option<Vec<Span>>) {
    match fast::parse_with_spans(html) {
        Some((nodes, spans)) => (nodes, Some(spans)),
        None => (parse_fragment_in(html, "div", Ns::Html), None),
    }
}

/// Compared a block at a time (slice equality is a `memcmp`), then byte by byte.
const BLOCK: usize = 64;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    let n = a.len().min(b.len()).min(max);
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[ea - i - BLOCK..ea - i] == b[eb - i - BLOCK..eb - i] {
        i += BLOCK;
    }
    while i < n && a[ea - i - 1] == b[eb - i - 1] {
        i += 1;
    }
    i
}

/// Move every place at or after `from` by `delta` (the ancestors of a changed
/// region end after it: only their ends move).
fn shift(spans: &mut [Span], from: u32, delta: i64) {
    let moved = |x: u32| (i64::from(x) + delta) as u32;
    for s in spans {
        if s.start >= from {
            s.start = moved(s.start);
            if s.end != u32::MAX {
                s.end = moved(s.end);
            }
            shift(&mut s.children, from, delta);
        } else if s.end != u32::MAX && s.end >= from {
            s.end = moved(s.end);
            shift(&mut s.children, from, delta);
        }
    }
}

fn offset(spans: &mut [Span], by: u32) {
    for s in spans {
        s.start += by;
        if s.end != u32::MAX {
            s.end += by;
        }
        offset(&mut s.children, by);
    }
}

impl Incremental {
    pub fn new(html: &str) -> Incremental {
        let (nodes, spans) = read(html);
        Incremental {
            html: html.to_string(),
            nodes,
            spans,
        }
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The operations from the kept tree to `new_html`'s, which is kept from now on.
    ///
    /// Changes far apart (a counter at the top of a page and a cell at the bottom)
    /// are taken one at a time, last first, each through an intermediate render that
    /// has only the later changes: each step re-reads only the element around its
    /// change, and the steps' operations, applied in order, make the new tree.
    pub fn update(&mut self, new_html: &str) -> Vec<Op> {
        let mut ops = Vec::new();
        for step in self.steps(new_html) {
            let step = step.as_deref().unwrap_or(new_html);
            match self.update_in_place(step) {
                Some(more) => ops.extend(more),
                None => {
                    let (nodes, spans) = read(new_html);
                    ops.extend(diff(&self.nodes, &nodes));
                    self.html = new_html.to_string();
                    self.nodes = nodes;
                    self.spans = spans;
                    return ops;
                }
            }
        }
        ops
    }

    /// The renders to go through on the way to `new_html` (`None` is `new_html`
    /// itself). The changed middle of the two renders is cut before each `<`; when
    /// both sides have as many pieces, each run of differing pieces is one change.
    fn steps(&self, new_html: &str) -> Vec<Option<String>> {
        const MAX_CHANGES: usize = 8;
        let (old, new) = (self.html.as_bytes(), new_html.as_bytes());
        if self.spans.is_none() || old == new {
            return vec![None];
        }
        let p = common_prefix(old, new);
        let s = common_suffix(old, new, old.len().min(new.len()) - p);
        let pieces = |b: &[u8]| -> Vec<usize> {
            let mut at = vec![0];
            at.extend((1..b.len()).filter(|&i| b[i] == b'<'));
            at
        };
        let (old_mid, new_mid) = (&old[p..old.len() - s], &new[p..new.len() - s]);
        let (old_at, new_at) = (pieces(old_mid), pieces(new_mid));
        if old_mid.is_empty() || new_mid.is_empty() || old_at.len() != new_at.len() {
            return vec![None];
        }
        let piece = |b: &'_ [u8], at: &[usize], i: usize| -> std::ops::Range<usize> {
            at[i]..at.get(i + 1).copied().unwrap_or(b.len())
        };
        // Where each run of differing pieces starts, in the old and the new render.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut in_run = false;
        for i in 0..old_at.len() {
            let same = old_mid[piece(old_mid, &old_at, i)] == new_mid[piece(new_mid, &new_at, i)];
            if !same && !in_run {
                starts.push((p + old_at[i], p + new_at[i]));
            }
            in_run = !same;
        }
        if starts.len() < 2 || starts.len() > MAX_CHANGES {
            return vec![None];
        }
        let mut steps: Vec<Option<String>> = starts[1..]
            .iter()
            .rev()
            .map(|&(o, n)| {
                let mut step = String::with_capacity(o + new.len() - n);
                step.push_str(&self.html[..o]);
                step.push_str(&new_html[n..]);
                Some(step)
            })
            .collect();
        steps.push(None);
        steps
    }

    fn update_in_place(&mut self, new_html: &str) -> Option<Vec<Op>> {
        let spans = self.spans.as_mut()?;
        let (old, new) = (self.html.as_bytes(), new_html.as_bytes());
        if old == new {
            return Some(Vec::new());
        }
        let p = common_prefix(old, new);
        let s = common_suffix(old, new, old.len().min(new.len()) - p);
        let (lo, hi) = (p as u32, (old.len() - s) as u32);
        // The smallest element whose first and last bytes lie outside the change.
        let mut path: Vec<u32> = Vec::new();
        let mut context: Vec<&str> = Vec::new();
        let (mut nodes, mut level): (&[Node], &[Span]) = (&self.nodes, spans);
        let mut found: Option<(&Node, &Span)> = None;
        while let Some(i) = level.iter().zip(nodes).position(|(sp, n)| {
            matches!(n, Node::Element(_)) && sp.start < lo && sp.end != u32::MAX && sp.end > hi
        }) {
            if let Some((Node::Element(e), _)) = found {
                context.push(e.tag.as_str());
            }
            path.push(i as u32);
            found = Some((&nodes[i], &level[i]));
            let Node::Element(e) = &nodes[i] else {
                unreachable!()
            };
            nodes = &e.children;
            level = &level[i].children;
        }
        let (old_node, old_span) = found?;
        let delta = new.len() as i64 - old.len() as i64;
        let (start, old_end) = (old_span.start, old_span.end);
        let new_end = (i64::from(old_end) + delta) as usize;
        let region = new_html.get(start as usize..new_end)?;
        let (mut parsed, mut parsed_spans) = fast::parse_in(region, &context)?;
        if parsed.len() != 1 || parsed_spans.len() != 1 {
            return None;
        }
        let (new_node, mut new_span) = (parsed.remove(0), parsed_spans.remove(0));
        match (old_node, &new_node) {
            (Node::Element(a), Node::Element(b)) if a.tag == b.tag => {}
            _ => return None,
        }
        if (new_span.start, new_span.end as usize) != (0, region.len()) {
            return None;
        }
        let ops = diff_node(old_node, &new_node, path.clone());
        // Keep the new tree: places after the change move, the element is replaced.
        shift(spans, old_end, delta);
        offset(std::slice::from_mut(&mut new_span), start);
        let (mut nodes, mut level) = (&mut self.nodes, spans);
        let (last, ancestors) = path.split_last()?;
        for &i in ancestors {
            let Node::Element(e) = &mut nodes[i as usize] else {
                unreachable!()
            };
            nodes = &mut e.children;
            level = &mut level[i as usize].children;
        }
        nodes[*last as usize] = new_node;
        level[*last as usize] = new_span;
        self.html = new_html.to_string();
        Some(ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::apply::apply;
    use crate::vdom::{nodes_html, parse_fragment};
    use proptest::prelude::*;

    fn check(a: &str, b: &str) {
        let mut inc = Incremental::new(a);
        let ops = inc.update(b);
        let full = parse_fragment(b);
        assert_eq!(inc.nodes(), &full[..], "kept tree\na: {a}\nb: {b}");
        if let Some((_, spans)) = fast::parse_with_spans(b) {
            assert_eq!(inc.spans.as_ref(), Some(&spans), "places\na: {a}\nb: {b}");
        }
        let mut tree = parse_fragment(a);
        apply(&mut tree, &ops).unwrap();
        assert_eq!(
            nodes_html(&tree, None),
            nodes_html(&full, None),
            "\na: {a}\nb: {b}\n{ops:?}"
        );
    }

    #[test]
    fn a_changed_cell_reads_only_its_element() {
        let row = |k: u32, v: &str| format!("<tr dj-key=\"{k}\"><td>{k}</td><td>{v}</td></tr>\n");
        let table = |v: &str| {
            let rows: String = (0..50)
                .map(|k| row(k, if k == 25 { v } else { "x" }))
                .collect();
            format!("<table><tbody>\n{rows}</tbody></table>")
        };
        let mut inc = Incremental::new(&table("old"));
        let ops = inc.update(&table("new value"));
        assert_eq!(
            super::super::patch::to_json(&ops),
            r#"[[0,[0,0,51,1,0],"new value"]]"#
        );
        check(&table("old"), &table("new value"));
        check(&table("old"), &table("<b>bold</b>"));
    }

    #[test]
    fn changes_far_apart_each_read_only_their_element() {
        let page = |count: &str, cell: &str| {
            let rows: String = (0..50)
                .map(|k| format!("<tr><td>{}</td></tr>", if k == 40 { cell } else { "x" }))
                .collect();
            format!("<p>Edits: <span>{count}</span></p><table><tbody>{rows}</tbody></table>")
        };
        let mut inc = Incremental::new(&page("1", "old"));
        let steps = inc.steps(&page("22", "new"));
        assert_eq!(steps.len(), 2);
        let ops = inc.update(&page("22", "new"));
        assert_eq!(
            super::super::patch::to_json(&ops),
            r#"[[0,[1,0,40,0,0],"new"],[0,[0,1,0],"22"]]"#
        );
        check(&page("1", "old"), &page("22", "new"));
        check(&page("1", "old"), &page("1", "<b>b</b>"));
        check(&page("1", "<i>a</i>"), &page("<em>2</em>", "b"));
    }

    fn doc() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "a",
            " ",
            "\n",
            "x &amp; y",
            "@@",
            "<br>",
            "<!--c-->",
            "<input value='v'>",
            "é",
        ])
        .prop_map(String::from);
        leaf.prop_recursive(4, 40, 5, |inner| {
            let tag = prop::sample::select(vec![
                "div", "p", "span", "b", "ul", "li", "section", "pre", "table",
            ]);
            let attr = prop::sample::select(vec!["", " class=\"a\"", " id=x"]);
            (tag, attr, prop::collection::vec(inner, 0..4)).prop_map(|(t, a, kids)| {
                let kids = kids.concat();
                if t == "table" {
                    format!("<table><tbody><tr><td>{kids}</td></tr></tbody></table>")
                } else {
                    format!("<{t}{a}>{kids}</{t}>")
                }
            })
        })
    }

    /// Documents the one-pass reader reads (so edits take the in-place path).
    fn readable_doc() -> impl Strategy<Value = String> {
        let leaf =
            prop::sample::select(vec!["a", " ", "\n", "x &amp; y", "@@", "<br>", "<!--c-->"])
                .prop_map(String::from);
        leaf.prop_recursive(4, 40, 5, |inner| {
            let tag = prop::sample::select(vec!["div", "span", "b", "section", "em"]);
            let attr = prop::sample::select(vec!["", " class=\"a\"", " id=x"]);
            (tag, attr, prop::collection::vec(inner, 0..4))
                .prop_map(|(t, a, kids)| format!("<{t}{a}>{}</{t}>", kids.concat()))
        })
    }

    proptest! {
        #[test]
        fn blockwise_prefix_and_suffix_match_the_bytewise_ones(
            a in prop::collection::vec(0u8..3, 0..300),
            b in prop::collection::vec(0u8..3, 0..300),
            shared in prop::collection::vec(0u8..3, 0..200),
            max in 0usize..400,
        ) {
            let (x, y) = ([&shared[..], &a].concat(), [&shared[..], &b].concat());
            let naive = x.iter().zip(&y).take_while(|(p, q)| p == q).count();
            prop_assert_eq!(common_prefix(&x, &y), naive);
            let (x, y) = ([&a[..], &shared].concat(), [&b[..], &shared].concat());
            let naive = x.iter().rev().zip(y.iter().rev()).take(max).take_while(|(p, q)| p == q).count();
            prop_assert_eq!(common_suffix(&x, &y, max), naive);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn edits_of_readable_documents_patch_in_place_exactly(
            d in readable_doc(),
            x in prop::sample::select(vec!["", "q", "<i>i</i>", "&lt;", "<span>s</span>t"]),
            y in prop::sample::select(vec!["", "r", "<em>e</em>", "a<br>b", "<div>d</div>"]),
        ) {
            let d = format!("<main>{d}</main>");
            let a = d.replacen("@@", x, 1).replace("@@", "z");
            let b = d.replacen("@@", y, 1).replace("@@", "z");
            check(&a, &b);
        }

        #[test]
        fn several_edits_of_readable_documents_patch_exactly(
            d in readable_doc(),
            xs in prop::collection::vec(prop::sample::select(vec!["", "q", "<i>i</i>", "&lt;", "<b>s</b>t"]), 4),
            ys in prop::collection::vec(prop::sample::select(vec!["", "r", "<em>e</em>", "a<br>b", "<div>d</div>"]), 4),
        ) {
            // Every marker edited: changes anywhere, near or far apart.
            let d = format!("<main>{d}</main>");
            let (mut a, mut b) = (d.clone(), d);
            for (x, y) in xs.iter().zip(&ys) {
                a = a.replacen("@@", x, 1);
                b = b.replacen("@@", y, 1);
            }
            check(&a.replace("@@", "z"), &b.replace("@@", "z"));
        }

        #[test]
        fn local_edits_keep_the_tree_a_full_read_gives(
            d in doc(),
            x in prop::sample::select(vec!["", "q", "two words", "<i>i</i>", "<p>p</p>", "<li>l</li>", "&lt;", "</b>", "<b>"]),
            y in prop::sample::select(vec!["", "r", "<em>e</em>", "<div>d</div>", "a<br>b", "<td>t</td>", "<span>"]),
            wrap in any::<bool>(),
        ) {
            // Wrapped in a root element, as a view's render is, most edits are local.
            let d = if wrap { format!("<main>{d}</main>") } else { d };
            let a = d.replacen("@@", x, 1).replace("@@", "z");
            let b = d.replacen("@@", y, 1).replace("@@", "z");
            check(&a, &b);
        }
    }
}
