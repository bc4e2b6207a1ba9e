//! Values between Python and the engine. Exact `str`, `int`, `float`, `bool`, `None`
//! and `SafeString` become native values; everything else stays a Python object.

use super::errors::host_err;
use super::object::PyObj;
use crate::template::error::Result;
use crate::template::value::{Str, Value};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyType};
use std::rc::Rc;

static SAFE_DATA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SAFE_STRING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static GROUPED_RESULT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn import_attr<'py>(py: Python<'py>, module: &str, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import(module)?.getattr(name)
}

pub fn safe_data(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    SAFE_DATA
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                import_attr(py, "django.utils.safestring", "SafeData")?
                    .cast_into::<PyType>()?
                    .unbind(),
            )
        })
        .map(|t| t.bind(py))
}

pub fn safe_string(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    SAFE_STRING
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                import_attr(py, "django.utils.safestring", "SafeString")?
                    .cast_into::<PyType>()?
                    .unbind(),
            )
        })
        .map(|t| t.bind(py))
}

/// Whether `obj` is a `SafeData` instance.
pub fn is_safe(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    obj.is_instance(safe_data(obj.py())?)
}

/// Python object to engine value.
pub fn to_value(obj: Bound<'_, PyAny>) -> Result<Value> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::None);
    }
    if obj.is_exact_instance_of::<PyString>() {
        let s = obj.cast::<PyString>().unwrap();
        return Ok(Value::Str(Str::plain(s.to_str().map_err(host_err)?)));
    }
    if obj.is_exact_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.is_truthy().map_err(host_err)?));
    }
    if obj.is_exact_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Int(i));
        }
    } else if obj.is_exact_instance_of::<PyFloat>() {
        return Ok(Value::Float(obj.extract::<f64>().map_err(host_err)?));
    } else if obj.get_type().is(safe_string(py).map_err(host_err)?) {
        let s = obj.cast::<PyString>().map_err(|e| host_err(e.into()))?;
        return Ok(Value::Str(Str::safe(s.to_str().map_err(host_err)?)));
    }
    Ok(Value::Object(Rc::new(PyObj(obj.unbind()))))
}

/// Engine value to Python object (for calls into Django).
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::None => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Str(s) => {
            let text = PyString::new(py, &s.text);
            if s.safe {
                safe_string(py)?.call1((text,))?
            } else {
                text.into_any()
            }
        }
        Value::List(items) => {
            let out = PyList::empty(py);
            for it in items.iter() {
                out.append(to_py(py, it)?)?;
            }
            out.into_any()
        }
        Value::Loop(l) => {
            let d = PyDict::new(py);
            match &l.parent {
                Some(p) => d.set_item("parentloop", to_py(py, p)?)?,
                None => d.set_item("parentloop", PyDict::new(py))?,
            }
            let i = l.counter0.get();
            d.set_item("counter0", i)?;
            d.set_item("counter", i + 1)?;
            d.set_item("revcounter", l.len - i)?;
            d.set_item("revcounter0", l.len - i - 1)?;
            d.set_item("first", i == 0)?;
            d.set_item("last", i + 1 == l.len)?;
            d.into_any()
        }
        Value::Group(g) => {
            let cls = GROUPED_RESULT.get_or_try_init(py, || {
                Ok::<_, PyErr>(
                    import_attr(py, "django.template.defaulttags", "GroupedResult")?.unbind(),
                )
            })?;
            cls.bind(py)
                .call1((to_py(py, &g.grouper)?, to_py(py, &g.list)?))?
        }
        Value::Block(_) => py.None().into_bound(py),
        Value::Object(o) => match o.as_any().downcast_ref::<PyObj>() {
            Some(p) => p.0.bind(py).clone(),
            None => py.None().into_bound(py),
        },
    })
}
