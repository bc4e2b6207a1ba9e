//! Numbers rendered natively, as Django's `number_format` prints them without grouping.

use super::errors::host_err;
use super::host::PyRenderHost;
use super::object::PyObj;
use crate::template::error::Result;
use crate::template::escape::escape_into;
use crate::template::value::{py_float_repr, Value};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyFloat, PyInt, PyTime, PyType};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl<'py> PyRenderHost<'py> {
    /// Django's `number_format` for floats and decimals when no grouping applies:
    /// `str()`/`format(d, "f")` with the decimal separator swapped in.
    pub(super) fn render_number(&self, v: &Value, autoescape: bool) -> Result<Option<String>> {
        if !self.native_numbers.get() || matches!(v, Value::Int(_)) && !self.plain_ints.get() {
            return Ok(None);
        }
        let digits = match v {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => {
                let r = py_float_repr(*f);
                if r.contains('e') {
                    return Ok(None);
                }
                r
            }
            Value::Object(o) => {
                let Some(p) = o.as_any().downcast_ref::<PyObj>() else {
                    return Ok(None);
                };
                let obj = p.0.bind(self.py);
                if !obj.get_type().is(self.decimal_type()?) {
                    return Ok(None);
                }
                let f: String = obj
                    .call_method1(intern!(self.py, "__format__"), (intern!(self.py, "f"),))
                    .and_then(|s| s.extract())
                    .map_err(host_err)?;
                if f.len() > 200
                    || !f
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
                {
                    return Ok(None);
                }
                f
            }
            _ => return Ok(None),
        };
        let text = if digits.contains('.') {
            digits.replace('.', &self.separator()?)
        } else {
            digits
        };
        if autoescape {
            let mut out = String::with_capacity(text.len());
            escape_into(&mut out, &text);
            return Ok(Some(out));
        }
        Ok(Some(text))
    }

    /// The decimal separator, asked of Django once per render.
    pub(super) fn separator(&self) -> Result<String> {
        self.once(|c| &mut c.decimal_sep, "decimal_separator")
    }

    pub(super) fn decimal_type(&self) -> Result<&Bound<'py, PyType>> {
        DECIMAL
            .get_or_try_init(self.py, || {
                Ok::<_, PyErr>(
                    self.py
                        .import("decimal")?
                        .getattr("Decimal")?
                        .cast_into::<PyType>()?
                        .unbind(),
                )
            })
            .map(|t| t.bind(self.py))
            .map_err(host_err)
    }

    /// Types that Django localises or converts to local time before `str()`.
    pub(super) fn needs_localize(&self, obj: &Bound<'_, PyAny>) -> Result<bool> {
        if obj.is_instance_of::<PyInt>()
            || obj.is_instance_of::<PyFloat>()
            || obj.is_instance_of::<PyDate>()
            || obj.is_instance_of::<PyTime>()
        {
            return Ok(true);
        }
        obj.is_instance(self.decimal_type()?).map_err(host_err)
    }
}
