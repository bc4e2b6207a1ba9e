//! Python objects inside the engine, read with Django's exact lookup rules.

use super::convert::{is_safe, safe_string, to_value};
use super::errors::host_err;
use crate::template::error::Result;
use crate::template::escape::escape_into;
use crate::template::value::{Key, Looked, Object, Str, Value};
use pyo3::exceptions::{PyAttributeError, PyIndexError, PyKeyError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFunction, PyList, PyString, PyTuple, PyType};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

pub struct PyObj(pub Py<PyAny>);

/// FNV-1a: the key cache holds a few short template names, so a simple hash beats
/// SipHash here (no untrusted input reaches it: keys come from compiled templates).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type KeyMap = HashMap<Box<str>, Py<PyString>, BuildHasherDefault<Fnv>>;

thread_local! {
    /// Lookup keys as interned Python strings: dict lookups then compare by identity
    /// and reuse the cached hash instead of building and hashing a new str each time.
    static KEYS: RefCell<KeyMap> = RefCell::new(KeyMap::default());
}

/// Bounds the key cache: templates use few distinct names; this only guards against
/// pathological growth.
const MAX_KEYS: usize = 4096;

/// A lookup key as an interned Python string, cached in the key's host slot.
pub fn key_of<'py>(py: Python<'py>, k: &Key) -> Bound<'py, PyString> {
    let h = k
        .host
        .get_or_init(|| Arc::new(PyString::intern(py, &k.text).unbind()));
    match h.downcast_ref::<Py<PyString>>() {
        Some(s) => s.bind(py).clone(),
        None => key(py, &k.text),
    }
}

/// `bit` as an interned Python string.
pub fn key<'py>(py: Python<'py>, bit: &str) -> Bound<'py, PyString> {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some(k) = keys.get(bit) {
            return k.bind(py).clone();
        }
        if keys.len() >= MAX_KEYS {
            keys.clear();
        }
        let k = PyString::intern(py, bit);
        keys.insert(bit.into(), k.clone().unbind());
        k
    })
}

fn is_lookup_miss(py: Python<'_>, e: &PyErr) -> bool {
    e.is_instance_of::<PyTypeError>(py)
        || e.is_instance_of::<PyAttributeError>(py)
        || e.is_instance_of::<PyKeyError>(py)
        || e.is_instance_of::<PyValueError>(py)
        || e.is_instance_of::<PyIndexError>(py)
}

/// An exception raised during a lookup: Django returns `string_if_invalid` when it has
/// `silent_variable_failure`, and propagates it otherwise.
fn lookup_error(py: Python<'_>, e: PyErr, sii: &str) -> Result<Option<Value>> {
    let silent = e
        .value(py)
        .getattr(intern!(py, "silent_variable_failure"))
        .and_then(|v| v.is_truthy())
        .unwrap_or(false);
    if silent {
        Ok(Some(Value::str(sii)))
    } else {
        Err(host_err(e))
    }
}

static METHOD_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `getattr(v, "do_not_call_in_templates", False)` and `getattr(v, "alters_data",
/// False)`. For functions and bound methods those attributes can only live in the
/// function's `__dict__`, so it is read directly (no AttributeError raised and
/// cleared per call); other callables take the general path.
fn template_flags(v: &Bound<'_, PyAny>) -> Result<(bool, bool)> {
    let py = v.py();
    let method_type = METHOD_TYPE
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("types")?
                    .getattr("MethodType")?
                    .cast_into::<PyType>()?
                    .unbind(),
            )
        })
        .map_err(host_err)?;
    let func = if v.get_type().is(method_type.bind(py)) {
        Some(v.getattr(intern!(py, "__func__")).map_err(host_err)?)
    } else if v.is_exact_instance_of::<PyFunction>() {
        Some(v.clone())
    } else {
        None
    };
    let truthy = |x: Option<Bound<'_, PyAny>>| -> Result<bool> {
        match x {
            Some(x) => x.is_truthy().map_err(host_err),
            None => Ok(false),
        }
    };
    if let Some(f) = func.filter(|f| f.is_exact_instance_of::<PyFunction>()) {
        let d = f.getattr(intern!(py, "__dict__")).map_err(host_err)?;
        let d = d.cast::<PyDict>().map_err(|e| host_err(e.into()))?;
        return Ok((
            truthy(
                d.get_item(intern!(py, "do_not_call_in_templates"))
                    .map_err(host_err)?,
            )?,
            truthy(d.get_item(intern!(py, "alters_data")).map_err(host_err)?)?,
        ));
    }
    let flag = |name: &Bound<'_, PyString>| -> bool {
        v.getattr(name).and_then(|x| x.is_truthy()).unwrap_or(false)
    };
    Ok((
        flag(intern!(py, "do_not_call_in_templates")),
        flag(intern!(py, "alters_data")),
    ))
}

/// Django's `hasattr(type(obj), "__getitem__")`, read from the type's slots (a class
/// defining `__getitem__` fills them) instead of raising AttributeError to find out.
fn has_getitem(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: plain slot checks on a live object, with the GIL held.
    unsafe {
        pyo3::ffi::PyMapping_Check(obj.as_ptr()) != 0
            || pyo3::ffi::PySequence_Check(obj.as_ptr()) != 0
    }
}

/// What a lookup found: a Python object, or a value the rules chose
/// (`string_if_invalid`).
pub enum Found<'py> {
    Obj(Bound<'py, PyAny>),
    Val(Value),
}

impl Found<'_> {
    fn into_value(self) -> Result<Value> {
        match self {
            Found::Obj(o) => to_value(o),
            Found::Val(v) => Ok(v),
        }
    }
}

fn lookup_error_found<'py>(py: Python<'py>, e: PyErr, sii: &str) -> Result<Option<Found<'py>>> {
    Ok(lookup_error(py, e, sii)?.map(Found::Val))
}

/// The callable rules of `Variable._resolve_lookup`.
pub fn apply_callable(v: Bound<'_, PyAny>, sii: &str) -> Result<Option<Value>> {
    callable_found(v, sii)?.map(Found::into_value).transpose()
}

fn callable_found<'py>(v: Bound<'py, PyAny>, sii: &str) -> Result<Option<Found<'py>>> {
    let py = v.py();
    if !v.is_callable() {
        return Ok(Some(Found::Obj(v)));
    }
    let (do_not_call, alters_data) = template_flags(&v)?;
    if do_not_call {
        return Ok(Some(Found::Obj(v)));
    }
    if alters_data {
        return Ok(Some(Found::Val(Value::str(sii))));
    }
    match v.call0() {
        Ok(r) => Ok(Some(Found::Obj(r))),
        Err(e) if e.is_instance_of::<PyTypeError>(py) => {
            // Arguments were required (invalid call) -> string_if_invalid; a TypeError
            // from inside the callable propagates.
            let inspect = py.import("inspect").map_err(host_err)?;
            match inspect.call_method1("signature", (&v,)) {
                Err(se) if se.is_instance_of::<PyValueError>(py) => {
                    Ok(Some(Found::Val(Value::str(sii))))
                }
                Err(se) => Err(host_err(se)),
                Ok(sig) => match sig.call_method0("bind") {
                    Err(be) if be.is_instance_of::<PyTypeError>(py) => {
                        Ok(Some(Found::Val(Value::str(sii))))
                    }
                    _ => lookup_error_found(py, e, sii),
                },
            }
        }
        Err(e) => lookup_error_found(py, e, sii),
    }
}

/// One step of `Variable._resolve_lookup` on a Python object.
pub fn resolve_bit(obj: &Bound<'_, PyAny>, k: &Key, sii: &str) -> Result<Option<Value>> {
    resolve_found(obj, k, sii)?
        .map(Found::into_value)
        .transpose()
}

fn resolve_found<'py>(obj: &Bound<'py, PyAny>, k: &Key, sii: &str) -> Result<Option<Found<'py>>> {
    let py = obj.py();
    let bit: &str = &k.text;
    let pykey = key_of(py, k);
    // Dictionary lookup (only when the type implements __getitem__).
    if obj.is_exact_instance_of::<PyDict>() {
        let d = obj.cast::<PyDict>().unwrap();
        if let Some(v) = d.get_item(&pykey).map_err(host_err)? {
            return callable_found(v, sii);
        }
    } else if has_getitem(obj) {
        match obj.get_item(&pykey) {
            Ok(v) => return callable_found(v, sii),
            Err(e) if is_lookup_miss(py, &e) => {}
            Err(e) => return lookup_error_found(py, e, sii),
        }
    }
    // Attribute lookup.
    match obj.getattr(&pykey) {
        Ok(v) => return callable_found(v, sii),
        Err(e)
            if e.is_instance_of::<PyTypeError>(py) || e.is_instance_of::<PyAttributeError>(py) =>
        {
            // Re-raise if the attribute exists (raised by a @property).
            let in_dir = obj
                .dir()
                .map(|d| d.contains(bit).unwrap_or(false))
                .unwrap_or(false);
            if in_dir {
                return lookup_error_found(py, e, sii);
            }
        }
        Err(e) => return lookup_error_found(py, e, sii),
    }
    // List-index lookup.
    let Ok(i) = bit.parse::<i64>() else {
        return Ok(None);
    };
    match obj.get_item(i) {
        Ok(v) => callable_found(v, sii),
        Err(e)
            if e.is_instance_of::<PyIndexError>(py)
                || e.is_instance_of::<PyValueError>(py)
                || e.is_instance_of::<PyKeyError>(py)
                || e.is_instance_of::<PyTypeError>(py) =>
        {
            Ok(None)
        }
        Err(e) => lookup_error_found(py, e, sii),
    }
}

/// Run `f` with the interpreter this thread is attached to. A `PyObj` is only ever
/// called by the renderer, inside the `render`/`compile` functions that Python called
/// with the GIL held (the engine never detaches); re-checking the attachment on every
/// lookup cost ~3% of a lookup-heavy render.
fn attached<R>(f: impl FnOnce(Python<'_>) -> R) -> R {
    // SAFETY: see above; checked in debug builds.
    debug_assert!(unsafe { pyo3::ffi::PyGILState_Check() } == 1);
    f(unsafe { Python::assume_attached() })
}

impl Object for PyObj {
    fn lookup(&self, bit: &Key, sii: &str) -> Result<Option<Value>> {
        attached(|py| resolve_bit(self.0.bind(py), bit, sii))
    }
    fn lookup_into(
        &self,
        bit: &Key,
        sii: &str,
        autoescape: bool,
        out: &mut String,
    ) -> Result<Looked> {
        attached(|py| {
            let found = match resolve_found(self.0.bind(py), bit, sii)? {
                None => return Ok(Looked::Value(None)),
                Some(Found::Val(v)) => return Ok(Looked::Value(Some(v))),
                Some(Found::Obj(o)) => o,
            };
            // An exact str (escaped) or SafeString (as is): straight to the output,
            // as the renderer would write the Value it converts to.
            let safe = if found.is_exact_instance_of::<PyString>() {
                false
            } else if found.get_type().is(safe_string(py).map_err(host_err)?) {
                true
            } else {
                return Ok(Looked::Value(Some(to_value(found)?)));
            };
            let s = found.cast::<PyString>().map_err(|e| host_err(e.into()))?;
            let text = s.to_str().map_err(host_err)?;
            if autoescape && !safe {
                escape_into(out, text);
            } else {
                out.push_str(text);
            }
            Ok(Looked::Written)
        })
    }
    fn truthy(&self) -> Result<bool> {
        attached(|py| self.0.bind(py).is_truthy().map_err(host_err))
    }
    fn py_len(&self) -> Result<Option<usize>> {
        attached(|py| match self.0.bind(py).len() {
            Ok(n) => Ok(Some(n)),
            Err(e)
                if e.is_instance_of::<PyTypeError>(py) || e.is_instance_of::<PyValueError>(py) =>
            {
                Ok(None)
            }
            Err(e) => Err(host_err(e)),
        })
    }
    fn iterate(&self) -> Result<Option<Vec<Value>>> {
        attached(|py| {
            let it = match self.0.bind(py).try_iter() {
                Ok(it) => it,
                Err(e) if e.is_instance_of::<PyTypeError>(py) => return Ok(None),
                Err(e) => return Err(host_err(e)),
            };
            let mut out = Vec::new();
            for item in it {
                out.push(to_value(item.map_err(host_err)?)?);
            }
            Ok(Some(out))
        })
    }
    fn to_str(&self) -> Result<Str> {
        attached(|py| {
            let s = self.0.bind(py).str().map_err(host_err)?;
            let safe = is_safe(s.as_any()).map_err(host_err)?;
            Ok(Str {
                text: s.to_str().map_err(host_err)?.into(),
                safe,
            })
        })
    }
    fn as_mapping(&self) -> Result<Option<Vec<(Value, Value)>>> {
        attached(|py| {
            let obj = self.0.bind(py);
            if !obj.is_exact_instance_of::<PyDict>() {
                return Ok(None);
            }
            let d = obj.cast::<PyDict>().unwrap();
            let mut items = Vec::with_capacity(d.len());
            for (k, v) in d.iter() {
                items.push((to_value(k)?, to_value(v)?));
            }
            Ok(Some(items))
        })
    }

    fn as_sequence(&self) -> Result<Option<(Vec<Value>, bool)>> {
        attached(|py| {
            let obj = self.0.bind(py);
            let is_tuple = if obj.is_exact_instance_of::<PyList>() {
                false
            } else if obj.is_exact_instance_of::<PyTuple>() {
                true
            } else {
                return Ok(None);
            };
            let mut items = Vec::with_capacity(obj.len().map_err(host_err)?);
            for item in obj.try_iter().map_err(host_err)? {
                items.push(to_value(item.map_err(host_err)?)?);
            }
            Ok(Some((items, is_tuple)))
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
