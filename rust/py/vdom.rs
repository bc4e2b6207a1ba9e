//! `djust._rust.vdom_diff` / `vdom_tree` / `patch_ops`: the VDOM and diff, for Python.

use crate::diff::incremental::Incremental;
use crate::diff::{diff, patch};
use crate::vdom::{parse_fragment, Node, Ns};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// The patch that turns the DOM of `old_html` into that of `new_html`, as the
/// compact JSON that goes on the wire.
#[pyfunction]
pub fn vdom_diff(py: Python<'_>, old_html: &str, new_html: &str) -> String {
    py.detach(|| {
        let (old, new) = (parse_fragment(old_html), parse_fragment(new_html));
        patch::to_json(&diff(&old, &new))
    })
}

fn node_py<'py>(py: Python<'py>, n: &Node) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match n {
        Node::Text(t) => d.set_item("text", t)?,
        Node::Comment(c) => d.set_item("comment", c)?,
        Node::Element(e) => {
            d.set_item("tag", &e.tag)?;
            if e.ns != Ns::Html {
                d.set_item("ns", if e.ns == Ns::Svg { "svg" } else { "math" })?;
            }
            let attrs = PyList::empty(py);
            for (k, v) in &e.attrs {
                attrs.append((k, v))?;
            }
            d.set_item("attrs", attrs)?;
            let kids = PyList::empty(py);
            for c in &e.children {
                kids.append(node_py(py, c)?)?;
            }
            d.set_item("children", kids)?;
        }
    }
    Ok(d)
}

/// A view's last rendered tree: each `diff` reads only what changed in the new
/// render when it can (see `rust/diff/incremental.rs`).
#[pyclass(name = "VTree", module = "djust._rust")]
pub struct VTree {
    page: Incremental,
}

#[pymethods]
impl VTree {
    #[new]
    fn new(py: Python<'_>, html: &str) -> Self {
        VTree {
            page: py.detach(|| Incremental::new(html)),
        }
    }

    /// The patch from the held tree to `new_html`'s, as wire JSON; `new_html`'s
    /// tree is held from now on.
    fn diff(&mut self, py: Python<'_>, new_html: &str) -> String {
        let page = &mut self.page;
        py.detach(|| patch::to_json(&page.update(new_html)))
    }
}

/// The nodes the browser builds for a view's HTML, as dicts.
#[pyfunction]
pub fn vdom_tree<'py>(py: Python<'py>, html: &str) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for n in parse_fragment(html) {
        out.append(node_py(py, &n)?)?;
    }
    Ok(out)
}

/// Every patch operation's (name, code).
#[pyfunction]
pub fn patch_ops() -> Vec<(&'static str, u8)> {
    patch::OPS.to_vec()
}
