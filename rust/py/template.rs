//! `djust._rust.Template` and the compile/render entry points.

use super::cache::TemplateCache;
use super::compile_host::{token_tuple, PyCompileHost};
use super::errors::to_pyerr;
use super::host::PyRenderHost;
use crate::template::ast::Template;
use crate::template::filters::NATIVE_FILTERS;
use crate::template::lexer::tokenize;
use crate::template::parser::NATIVE_TAGS;
use crate::template::{compile as compile_template, render as render_template};
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::sync::Arc;

/// A compiled template. Immutable and shareable between threads.
#[pyclass(frozen, name = "Template", module = "djust._rust")]
pub struct PyTemplate {
    pub inner: Arc<Template>,
}

#[pymethods]
impl PyTemplate {
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.as_deref().map(String::from)
    }
    #[getter]
    fn origin(&self) -> Option<String> {
        self.inner.origin.as_deref().map(String::from)
    }
    fn __repr__(&self) -> String {
        format!(
            "<djust._rust.Template {:?}>",
            self.inner.name.as_deref().unwrap_or("<string>")
        )
    }
}

/// Compile `source`. `host` answers which tags and filters are registered and compiles
/// the tags Django serves itself.
#[pyfunction]
#[pyo3(signature = (source, host, name=None, origin=None))]
pub fn compile(
    source: &str,
    host: Bound<'_, PyAny>,
    name: Option<&str>,
    origin: Option<&str>,
) -> PyResult<PyTemplate> {
    let mut h = PyCompileHost { host, tokens: None };
    let t = compile_template(source, name, origin, &mut h).map_err(to_pyerr)?;
    Ok(PyTemplate { inner: Arc::new(t) })
}

/// Render a compiled template. `dicts` are the Django context's dicts (bottom first).
/// `native_numbers`: floats and decimals render in Rust (no thousand grouping applies).
/// `templates`: where template names resolved by extends/include are remembered
/// across renders (the backend passes one only while its templates cannot change).
#[pyfunction]
#[pyo3(signature = (template, dicts, support, string_if_invalid, plain_ints, native_numbers, autoescape, templates=None))]
// One flat call per render: each argument is a value Django's Context provides.
#[allow(clippy::too_many_arguments)]
pub fn render(
    py: Python<'_>,
    template: &PyTemplate,
    dicts: Bound<'_, PyList>,
    support: Bound<'_, PyAny>,
    string_if_invalid: String,
    plain_ints: bool,
    native_numbers: bool,
    autoescape: bool,
    templates: Option<Bound<'_, TemplateCache>>,
) -> PyResult<String> {
    let mut d: Vec<Bound<'_, PyAny>> = dicts.iter().collect();
    d.reverse();
    let host = PyRenderHost {
        py,
        dicts: d,
        support,
        sii: string_if_invalid,
        plain_ints: plain_ints.into(),
        native_numbers: native_numbers.into(),
        lang: Default::default(),
        timezone: Default::default(),
        templates: templates.as_ref().map(|t| t.get()),
    };
    render_template(&template.inner, &host, autoescape).map_err(to_pyerr)
}

/// The lexer's tokens as `(kind, contents, lineno, start, end)` (byte offsets).
#[pyfunction]
pub fn tokenize_source<'py>(py: Python<'py>, source: &str) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for t in tokenize(source) {
        out.append(token_tuple(py, &t)?)?;
    }
    Ok(out)
}

/// Names of Django's built-in tags the engine implements natively.
#[pyfunction]
pub fn native_tags() -> Vec<&'static str> {
    NATIVE_TAGS.to_vec()
}

/// Names of Django's built-in filters the engine implements natively.
#[pyfunction]
pub fn native_filters() -> Vec<&'static str> {
    NATIVE_FILTERS.to_vec()
}
