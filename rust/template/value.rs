//! Values the renderer works with. Host objects (Python objects, through the binding)
//! stay opaque and are read lazily, one lookup at a time, as the template asks.

use super::error::Result;
use std::any::Any;
use std::cell::Cell;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

/// A string and whether it is marked safe (Django's `SafeData`).
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub text: Arc<str>,
    pub safe: bool,
}

impl Str {
    pub fn plain(s: impl Into<Arc<str>>) -> Self {
        Str {
            text: s.into(),
            safe: false,
        }
    }
    pub fn safe(s: impl Into<Arc<str>>) -> Self {
        Str {
            text: s.into(),
            safe: true,
        }
    }
}

/// A name in a lookup path (`order`, `customer`, `name` of `order.customer.name`), with a
/// slot where the host keeps its own form of the name (the binding caches an interned
/// Python string there) so a hot lookup does not rebuild or re-hash it.
#[derive(Clone, Debug)]
pub struct Key {
    pub text: Arc<str>,
    pub host: OnceLock<Arc<dyn Any + Send + Sync>>,
}

impl Key {
    pub fn new(text: Arc<str>) -> Key {
        Key {
            text,
            host: OnceLock::new(),
        }
    }
}

/// Identifier names, shared: equal names from one or many templates are one `Arc`, so
/// scope lookups usually match on the pointer. Bounded against unbounded growth.
pub fn intern(name: &str) -> Arc<str> {
    static NAMES: OnceLock<Mutex<HashMap<Box<str>, Arc<str>>>> = OnceLock::new();
    const MAX_NAMES: usize = 65_536;
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(a) = names.get(name) {
        return a.clone();
    }
    let a: Arc<str> = Arc::from(name);
    if names.len() < MAX_NAMES {
        names.insert(name.into(), a.clone());
    }
    a
}

/// A host object. Each method mirrors what Django does to a Python object.
pub trait Object {
    /// One step of `Variable._resolve_lookup`: dict key, attribute, then list index,
    /// then the callable rules (`do_not_call_in_templates`, `alters_data`).
    /// `Ok(None)` means the lookup failed (`VariableDoesNotExist`).
    fn lookup(&self, bit: &Key, string_if_invalid: &str) -> Result<Option<Value>>;
    /// Python truthiness.
    fn truthy(&self) -> Result<bool>;
    /// `len(obj)`; `Ok(None)` when the object has no length.
    fn py_len(&self) -> Result<Option<usize>>;
    /// `list(obj)`; `Ok(None)` when the object is not iterable.
    fn iterate(&self) -> Result<Option<Vec<Value>>>;
    /// `str(obj)`, with the safe flag of the result.
    fn to_str(&self) -> Result<Str>;
    /// The items of an exact `dict`, in order; `None` for anything else.
    fn as_mapping(&self) -> Result<Option<Vec<(Value, Value)>>> {
        Ok(None)
    }
    /// The items of an exact `list` (`Some((items, false))`) or `tuple`
    /// (`Some((items, true))`), so sequence filters can work on them natively.
    fn as_sequence(&self) -> Result<Option<(Vec<Value>, bool)>> {
        Ok(None)
    }
    fn as_any(&self) -> &dyn Any;
    /// `{{ obj.bit }}`: `lookup`, except that a result that is a string is written
    /// to `out` at once (escaped unless safe, when `autoescape`), without becoming a
    /// `Value`; any other result is handed back for the renderer to write.
    fn lookup_into(
        &self,
        bit: &Key,
        string_if_invalid: &str,
        _autoescape: bool,
        _out: &mut String,
    ) -> Result<Looked> {
        Ok(Looked::Value(self.lookup(bit, string_if_invalid)?))
    }
}

/// What [`Object::lookup_into`] did.
pub enum Looked {
    /// The string was written.
    Written,
    /// The lookup's result (`None`: it failed), not written.
    Value(Option<Value>),
}

/// `{% ifchanged %}` state of one for-loop run: (node id, last values).
pub type IfChangedState = Rc<RefCell<Vec<(usize, Vec<Value>)>>>;

/// Per-run state of a for loop, exposed to the template as `forloop`.
#[derive(Debug)]
pub struct LoopInfo {
    /// Updated in place each iteration, as Django updates its `forloop` dict.
    pub counter0: Cell<usize>,
    pub len: usize,
    pub parent: Option<Value>,
    /// `{% ifchanged %}` state of this loop run, keyed by node id.
    pub ifchanged: IfChangedState,
}

/// One result of `{% regroup %}`: Django's `GroupedResult(grouper, list)` namedtuple.
#[derive(Debug)]
pub struct Group {
    pub grouper: Value,
    pub list: Value,
}

#[derive(Clone)]
#[repr(u64)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    List(Rc<Vec<Value>>),
    Loop(Rc<LoopInfo>),
    Group(Rc<Group>),
    /// The current `{% block %}` (Django's `context['block']`), for `block.super`.
    Block(Rc<str>),
    Object(Rc<dyn Object>),
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{b:?}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{:?}", s.text),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Loop(_) => write!(f, "<forloop>"),
            Value::Group(g) => write!(f, "Group({:?}, {:?})", g.grouper, g.list),
            Value::Block(b) => write!(f, "<block {b}>"),
            Value::Object(_) => write!(f, "<object>"),
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Str::plain(s))
    }
    pub fn safe(s: &str) -> Value {
        Value::Str(Str::safe(s))
    }
    pub fn empty() -> Value {
        Value::Str(Str::plain(""))
    }

    pub fn is_safe_str(&self) -> bool {
        matches!(self, Value::Str(s) if s.safe)
    }

    /// Python truthiness.
    pub fn truthy(&self) -> Result<bool> {
        Ok(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.text.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Loop(_) | Value::Group(_) | Value::Block(_) => true,
            Value::Object(o) => o.truthy()?,
        })
    }

    /// `len(value)` where Python has one.
    pub fn len(&self) -> Result<Option<usize>> {
        Ok(match self {
            Value::Str(s) => Some(s.text.chars().count()),
            Value::List(l) => Some(l.len()),
            Value::Loop(_) => Some(7),
            Value::Group(_) => Some(2),
            Value::Object(o) => o.py_len()?,
            _ => None,
        })
    }

    /// `list(value)` where Python can iterate it.
    pub fn iterate(&self) -> Result<Option<Vec<Value>>> {
        Ok(match self {
            Value::Str(s) => Some(s.text.chars().map(|c| Value::str(&c.to_string())).collect()),
            Value::List(l) => Some(l.as_ref().clone()),
            Value::Group(g) => Some(vec![g.grouper.clone(), g.list.clone()]),
            Value::Object(o) => o.iterate()?,
            _ => None,
        })
    }

    /// `str(value)` with its safe flag.
    pub fn to_str(&self) -> Result<Str> {
        Ok(match self {
            Value::None => Str::plain("None"),
            Value::Bool(true) => Str::plain("True"),
            Value::Bool(false) => Str::plain("False"),
            Value::Int(i) => Str::plain(i.to_string()),
            Value::Float(f) => Str::plain(py_float_repr(*f)),
            Value::Str(s) => s.clone(),
            Value::List(l) => {
                let mut out = String::from("[");
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&py_repr(v)?);
                }
                out.push(']');
                Str::plain(out)
            }
            Value::Group(g) => Str::plain(format!(
                "GroupedResult(grouper={}, list={})",
                py_repr(&g.grouper)?,
                py_repr(&g.list)?
            )),
            Value::Loop(l) => Str::plain(format!(
                "{{'parentloop': {}, 'counter0': {}, 'counter': {}, 'revcounter': {}, 'revcounter0': {}, 'first': {}, 'last': {}}}",
                l.parent.as_ref().map(py_repr).transpose()?.unwrap_or_else(|| "{}".into()),
                l.counter0.get(),
                l.counter0.get() + 1,
                l.len - l.counter0.get(),
                l.len - l.counter0.get() - 1,
                if l.counter0.get() == 0 { "True" } else { "False" },
                if l.counter0.get() + 1 == l.len { "True" } else { "False" },
            )),
            Value::Block(name) => Str::plain(format!("<Block Node: {name}. Contents: [...]>")),
            Value::Object(o) => o.to_str()?,
        })
    }
}

/// Python's `repr()` for the values Rust owns (used when a list is turned into text).
pub fn py_repr(v: &Value) -> Result<String> {
    Ok(match v {
        Value::Str(s) => crate::template::pystr::repr(&s.text).unwrap_or_else(|| {
            // Characters whose printability Rust does not know: kept as they are
            // (what Python does for every printable one).
            let t = &s.text;
            if t.contains('\'') && !t.contains('"') {
                format!("\"{t}\"")
            } else {
                format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        }),
        other => other.to_str()?.text.to_string(),
    })
}

/// Python's `repr(float)`: shortest round-trip digits, scientific outside [1e-4, 1e16).
pub fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{f:e}"); // e.g. "-1.2345e3", shortest round-trip digits
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if neg { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // position of the decimal point within digits
        let s = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { "-" } else { "+" };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        for (f, s) in [
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.25, "-2.25"),
            (123456789.125, "123456789.125"),
        ] {
            assert_eq!(py_float_repr(f), s);
        }
    }
}
