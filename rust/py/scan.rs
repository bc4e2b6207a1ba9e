//! `djust._rust.scan`: the paths a compiled template reads, for Python.

use super::template::PyTemplate;
use crate::scanner::{scan as scan_template, ScanHost, Seg};
use crate::template::ast::Template;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::sync::Arc;

/// Finds templates by calling the Python `find(name, current)`, which returns a
/// compiled template or `None`.
struct PyScanHost<'py> {
    find: Bound<'py, PyAny>,
}

impl ScanHost for PyScanHost<'_> {
    fn template(&self, name: &str, current: Option<&str>) -> Option<Arc<Template>> {
        let found = self.find.call1((name, current)).ok()?;
        let t = found.cast::<PyTemplate>().ok()?;
        Some(t.get().inner.clone())
    }
}

/// One read: (segments, whole, template name, line); `"[]"` is an iteration.
type PyRead = (Vec<String>, bool, Option<String>, u32);
/// One place the scanner could not follow: (reason, template name, line).
type PyOpaque = (String, Option<String>, u32);

/// Scan `template`: `(reads, opaque)`.
#[pyfunction]
pub fn scan<'py>(
    py: Python<'py>,
    template: &PyTemplate,
    find: Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
    let s = scan_template(&template.inner, &PyScanHost { find });
    let reads = PyList::empty(py);
    for r in s.reads {
        let segs: Vec<String> = r
            .path
            .0
            .iter()
            .map(|s| match s {
                Seg::Name(n) => n.to_string(),
                Seg::Iter => "[]".to_string(),
            })
            .collect();
        let read: PyRead = (
            segs,
            r.whole,
            r.place.template.as_deref().map(String::from),
            r.place.line,
        );
        reads.append(read)?;
    }
    let opaque = PyList::empty(py);
    for o in s.opaque {
        let item: PyOpaque = (
            o.reason,
            o.place.template.as_deref().map(String::from),
            o.place.line,
        );
        opaque.append(item)?;
    }
    Ok((reads, opaque))
}
