//! The PyO3 binding: `djust._rust`. The only module that knows Python.

mod cache;
mod compile_host;
mod convert;
mod datetime;
mod errors;
mod host;
mod numbers;
mod object;
mod scan;
mod template;
mod vdom;

use pyo3::prelude::*;

#[pymodule]
fn _rust(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<template::PyTemplate>()?;
    m.add_class::<cache::TemplateCache>()?;
    m.add_class::<vdom::VTree>()?;
    m.add_function(wrap_pyfunction!(template::compile, m)?)?;
    m.add_function(wrap_pyfunction!(template::render, m)?)?;
    m.add_function(wrap_pyfunction!(template::tokenize_source, m)?)?;
    m.add_function(wrap_pyfunction!(scan::scan, m)?)?;
    m.add_function(wrap_pyfunction!(vdom::vdom_diff, m)?)?;
    m.add_function(wrap_pyfunction!(vdom::vdom_tree, m)?)?;
    m.add_function(wrap_pyfunction!(vdom::patch_ops, m)?)?;
    m.add_function(wrap_pyfunction!(template::native_tags, m)?)?;
    m.add_function(wrap_pyfunction!(template::native_filters, m)?)?;
    m.add("EngineError", m.py().get_type::<errors::EngineError>())?;
    Ok(())
}
