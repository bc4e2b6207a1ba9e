//! Engine errors become Python exceptions here, and only here.

use crate::template::error::{Error, HostError, Located};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _rust,
    EngineError,
    PyException,
    "An engine error: args are (kind, code, message, line, start, end); djust.template turns it into Django's exception."
);

/// Wrap a Python exception so it crosses the engine unchanged.
pub fn host_err(e: PyErr) -> Error {
    Error::Host(HostError(Box::new(e)))
}

/// The engine error as the Python exception to raise. A located error also carries
/// `(origin, source, line, start, end)`, for Django's debug page.
pub fn to_pyerr(e: Error) -> PyErr {
    if let Error::Located(located) = e {
        let Located {
            error,
            span,
            origin,
            template_source,
        } = *located;
        let err = to_pyerr(error);
        Python::attach(|py| {
            let location = (
                origin.as_deref().map(String::from),
                &*template_source,
                span.line,
                span.start,
                span.end,
            );
            let value = err.value(py);
            if !value.hasattr("_djust_location").unwrap_or(true) {
                let _ = value.setattr("_djust_location", location);
            }
        });
        return err;
    }
    let (kind, line, start, end) = match &e {
        Error::Syntax(s) => {
            let s = s.span.unwrap_or_default();
            ("syntax", s.line, s.start, s.end)
        }
        Error::DoesNotExist(_) => ("does-not-exist", 0, 0, 0),
        Error::VariableDoesNotExist(_) => ("variable", 0, 0, 0),
        Error::Value(_) => ("value", 0, 0, 0),
        Error::Type(_) => ("type", 0, 0, 0),
        Error::Host(_) | Error::Located(_) => ("host", 0, 0, 0),
    };
    let code = e.code();
    match e {
        Error::Host(HostError(b)) => match b.downcast::<PyErr>() {
            Ok(err) => *err,
            Err(_) => EngineError::new_err(("host", code, "host error", 0, 0, 0)),
        },
        other => EngineError::new_err((kind, code, other.to_string(), line, start, end)),
    }
}
