//! The render-time host, backed by Django: reading `Context.dicts` directly, and calling
//! a small Python support object (`djust.template.runtime`) for Django's own services.

use super::cache::TemplateCache;
use super::compile_host::handle_obj;
use super::convert::{is_safe, to_py, to_value};
use super::datetime::moment_of;
use super::errors::host_err;
use super::object::{apply_callable, key, key_of, resolve_bit, PyObj};
use super::template::PyTemplate;
use crate::template::ast::{Handle, Template};
use crate::template::dates::{DateNames, DateParts};
use crate::template::error::Result;
use crate::template::escape::escape_into;
use crate::template::host::{Cmp, RenderHost};
use crate::template::timesince::{Moment, Zone};
use crate::template::value::{Key, Value};
use pyo3::call::PyCallArgs;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDict, PyList, PyTuple};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Render-time host: the context's dicts (top first) and the support object.
pub struct PyRenderHost<'py> {
    pub py: Python<'py>,
    pub dicts: Vec<Bound<'py, PyAny>>,
    pub support: Bound<'py, PyAny>,
    pub sii: String,
    pub plain_ints: Cell<bool>,
    /// Floats and decimals render natively (Django's `number_format` without grouping);
    /// otherwise they go to Django's `localize`.
    pub native_numbers: Cell<bool>,
    /// The active language's decimal separator, asked for on first use.
    /// Values that depend on the active language, asked of Django at most once per
    /// render (and again inside a `{% language %}` block).
    pub lang: RefCell<LanguageCache>,
    pub timezone: RefCell<Option<Option<Py<PyAny>>>>,
    /// Template names resolved in earlier renders, when the backend allows it.
    pub templates: Option<&'py TemplateCache>,
}

#[derive(Default)]
pub struct LanguageCache {
    pub(super) decimal_sep: Option<String>,
    pub(super) truncation: Option<String>,
    pub(super) date_names: Option<Rc<DateNames>>,
    pub(super) formats: HashMap<String, String>,
}

impl<'py> PyRenderHost<'py> {
    /// Call a support method; these are few and on slow paths only.
    pub(super) fn call<A: PyCallArgs<'py>>(
        &self,
        method: &str,
        args: A,
    ) -> Result<Bound<'py, PyAny>> {
        self.support
            .call_method1(key(self.py, method), args)
            .map_err(host_err)
    }

    pub(super) fn py(&self, v: &Value) -> Result<Bound<'_, PyAny>> {
        to_py(self.py, v).map_err(host_err)
    }

    /// `context[name]` over the context's dicts, innermost first (Django's
    /// `Context.__getitem__`); `None` when no dict has it.
    fn root_item(&self, name: &Key) -> Result<Option<Bound<'py, PyAny>>> {
        let name = key_of(self.py, name);
        for d in &self.dicts {
            if d.is_exact_instance_of::<PyDict>() {
                let d = d.cast::<PyDict>().unwrap();
                if let Some(v) = d.get_item(&name).map_err(host_err)? {
                    return Ok(Some(v));
                }
            } else if d.contains(&name).map_err(host_err)? {
                return d.get_item(&name).map(Some).map_err(host_err);
            }
        }
        Ok(None)
    }

    /// Positional and keyword arguments as a Python list and dict.
    fn py_args(
        &self,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<(Bound<'py, PyList>, Bound<'py, PyDict>)> {
        let a = PyList::empty(self.py);
        for v in args {
            a.append(to_py(self.py, v).map_err(host_err)?)
                .map_err(host_err)?;
        }
        let kw = PyDict::new(self.py);
        for (k, v) in kwargs {
            kw.set_item(&**k, to_py(self.py, v).map_err(host_err)?)
                .map_err(host_err)?;
        }
        Ok((a, kw))
    }

    /// The engine's variables as parallel name and value lists.
    fn py_vars(
        &self,
        vars: &[(Arc<str>, Value)],
    ) -> Result<(Bound<'py, PyList>, Bound<'py, PyList>)> {
        let names = PyList::empty(self.py);
        let values = PyList::empty(self.py);
        for (k, v) in vars {
            names.append(&**k).map_err(host_err)?;
            values
                .append(to_py(self.py, v).map_err(host_err)?)
                .map_err(host_err)?;
        }
        Ok((names, values))
    }

    /// The language, time zone or localisation settings changed (an override block):
    /// drop what was cached under the old ones.
    fn settings_changed(&self, plain_ints: bool, native_numbers: bool) {
        *self.lang.borrow_mut() = LanguageCache::default();
        self.timezone.take();
        self.plain_ints.set(plain_ints);
        self.native_numbers.set(native_numbers);
    }

    /// A string asked of the support object once per render (per language).
    pub(super) fn once(
        &self,
        slot: impl Fn(&mut LanguageCache) -> &mut Option<String>,
        method: &str,
    ) -> Result<String> {
        if let Some(s) = slot(&mut self.lang.borrow_mut()) {
            return Ok(s.clone());
        }
        let s: String = self.call(method, ())?.extract().map_err(host_err)?;
        *slot(&mut self.lang.borrow_mut()) = Some(s.clone());
        Ok(s)
    }
}

impl RenderHost for PyRenderHost<'_> {
    fn lookup_root(&self, name: &Key) -> Result<Option<Value>> {
        match self.root_item(name)? {
            Some(v) => apply_callable(v, &self.sii),
            None => Ok(None),
        }
    }

    fn lookup_value(&self, value: &Value, bit: &Key) -> Result<Option<Value>> {
        let obj = self.py(value)?;
        resolve_bit(&obj, bit, &self.sii)
    }

    fn assign_root(&self, name: &str, value: &Value) -> Result<()> {
        if let Some(top) = self.dicts.first() {
            top.set_item(key(self.py, name), self.py(value)?)
                .map_err(host_err)?;
        }
        Ok(())
    }

    fn string_if_invalid(&self) -> &str {
        &self.sii
    }

    fn plain_ints(&self) -> bool {
        self.plain_ints.get()
    }

    fn call_filter(
        &self,
        filter: &Handle,
        value: &Value,
        arg: Option<&Value>,
        autoescape: bool,
    ) -> Result<Value> {
        let f = handle_obj(self.py, filter);
        let a = match arg {
            Some(a) => self.py(a)?,
            None => self.py.None().into_bound(self.py),
        };
        let r = self.call(
            "call_filter",
            (f, self.py(value)?, a, arg.is_some(), autoescape),
        )?;
        to_value(r)
    }

    fn render_foreign(
        &self,
        node: &Handle,
        vars: &[(Arc<str>, Value)],
        autoescape: bool,
        isolated: bool,
    ) -> Result<(String, Vec<(String, Value)>)> {
        let (names, values) = self.py_vars(vars)?;
        let r = self.call(
            "render_foreign",
            (
                handle_obj(self.py, node),
                names,
                values,
                autoescape,
                isolated,
            ),
        )?;
        let (text, assigned): (String, Vec<(String, Bound<'_, PyAny>)>) =
            r.extract().map_err(host_err)?;
        let assigned = assigned
            .into_iter()
            .map(|(k, v)| Ok((k, to_value(v)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok((text, assigned))
    }

    fn call_simple_tag(
        &self,
        func: &Handle,
        takes_context: bool,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        vars: &[(Arc<str>, Value)],
        isolated: bool,
    ) -> Result<(Value, Vec<(String, Value)>)> {
        let f = handle_obj(self.py, func);
        let (a, kw) = self.py_args(args, kwargs)?;
        if !takes_context {
            let args = PyTuple::new(self.py, a.iter()).map_err(host_err)?;
            let out = f.call(args, Some(&kw)).map_err(host_err)?;
            return Ok((to_value(out)?, Vec::new()));
        }
        let (names, values) = self.py_vars(vars)?;
        let r = self.call("call_simple_tag", (f, a, kw, names, values, isolated))?;
        let (out, assigned): (Bound<'_, PyAny>, Vec<(String, Bound<'_, PyAny>)>) =
            r.extract().map_err(host_err)?;
        let assigned = assigned
            .into_iter()
            .map(|(k, v)| Ok((k, to_value(v)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok((to_value(out)?, assigned))
    }

    fn conditional_escape(&self, value: &Value) -> Result<String> {
        to_value(self.call("conditional_escape", (self.py(value)?,))?)?
            .to_str()
            .map(|s| s.text.to_string())
    }

    fn get_template(
        &self,
        name: &Value,
        current: Option<&str>,
        skip: &[Arc<str>],
    ) -> Result<Arc<Template>> {
        let key = match (self.templates, name) {
            (Some(cache), Value::Str(s)) => {
                let key = (
                    s.text.to_string(),
                    current.map(String::from),
                    skip.iter().map(|s| s.to_string()).collect(),
                );
                if let Some(t) = cache.get(&key) {
                    return Ok(t);
                }
                Some((cache, key))
            }
            _ => None,
        };
        let skip: Vec<&str> = skip.iter().map(|s| &**s).collect();
        let r = self.call("get_template", (self.py(name)?, current, skip))?;
        let t = r.cast::<PyTemplate>().map_err(|e| host_err(e.into()))?;
        let t = t.get().inner.clone();
        if let Some((cache, key)) = key {
            cache.insert(key, t.clone());
        }
        Ok(t)
    }

    fn compare(&self, op: Cmp, a: &Value, b: &Value) -> Result<bool> {
        let op = match op {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::In => "in",
            Cmp::Is => "is",
        };
        let r = self.call("compare", (op, self.py(a)?, self.py(b)?))?;
        r.is_truthy().map_err(host_err)
    }

    fn render_value(&self, v: &Value, autoescape: bool) -> Result<String> {
        if let Some(s) = self.render_number(v, autoescape)? {
            return Ok(s);
        }
        if let Value::Object(o) = v {
            if let Some(p) = o.as_any().downcast_ref::<PyObj>() {
                let obj = p.0.bind(self.py);
                if !self.needs_localize(obj)? {
                    let s = obj.str().map_err(host_err)?;
                    let text = s.to_str().map_err(host_err)?;
                    if autoescape && !is_safe(s.as_any()).map_err(host_err)? {
                        let mut out = String::with_capacity(text.len());
                        escape_into(&mut out, text);
                        return Ok(out);
                    }
                    return Ok(text.to_string());
                }
            }
        }
        self.call("render_value", (self.py(v)?, autoescape))?
            .extract()
            .map_err(host_err)
    }

    fn decimal_separator(&self) -> Result<Option<String>> {
        if !self.native_numbers.get() || !self.plain_ints.get() {
            return Ok(None);
        }
        self.separator().map(Some)
    }

    fn date_parts(&self, value: &Value) -> Result<Option<DateParts>> {
        self.read_date_parts(value)
    }

    fn moment(&self, value: &Value) -> Result<Option<(Moment, Zone)>> {
        self.read_moment(value)
    }

    fn current_moment(&self, utc: bool) -> Result<Moment> {
        let now = self.call("current_datetime", (utc,))?;
        let dt = now.cast::<PyDateTime>().map_err(|e| host_err(e.into()))?;
        Ok(moment_of(dt))
    }

    fn date_names(&self) -> Result<Rc<DateNames>> {
        if let Some(n) = &self.lang.borrow().date_names {
            return Ok(n.clone());
        }
        #[allow(clippy::type_complexity)]
        let (months, months_3, months_alt, months_ap, weekdays, weekdays_abbr, ampm): (
            Vec<String>,
            Vec<String>,
            Vec<String>,
            Vec<String>,
            Vec<String>,
            Vec<String>,
            Vec<String>,
        ) = self.call("date_names", ())?.extract().map_err(host_err)?;
        let names = Rc::new(DateNames {
            months,
            months_3,
            months_alt,
            months_ap,
            weekdays,
            weekdays_abbr,
            ampm,
        });
        self.lang.borrow_mut().date_names = Some(names.clone());
        Ok(names)
    }

    fn named_format(&self, name: &str) -> Result<String> {
        if let Some(f) = self.lang.borrow().formats.get(name) {
            return Ok(f.clone());
        }
        let f: String = self
            .call("get_format", (name,))?
            .extract()
            .map_err(host_err)?;
        self.lang
            .borrow_mut()
            .formats
            .insert(name.to_string(), f.clone());
        Ok(f)
    }

    fn truncation_format(&self) -> Result<String> {
        self.once(|c| &mut c.truncation, "truncation_format")
    }

    fn enter_override(&self, kind: &str, value: &Value) -> Result<Handle> {
        let r = self.call("enter_override", (kind, self.py(value)?))?;
        let (handle, plain, native): (Bound<'_, PyAny>, bool, bool) =
            r.extract().map_err(host_err)?;
        self.settings_changed(plain, native);
        Ok(Arc::new(handle.unbind()))
    }

    fn exit_override(&self, handle: Handle) -> Result<()> {
        let r = self.call("exit_override", (handle_obj(self.py, &handle),))?;
        let (plain, native): (bool, bool) = r.extract().map_err(host_err)?;
        self.settings_changed(plain, native);
        Ok(())
    }

    fn lorem(&self, count: &Value, method: char, common: bool) -> Result<String> {
        let m = method.to_string();
        self.call("lorem", (self.py(count)?, m, common))?
            .extract()
            .map_err(host_err)
    }

    fn debug(&self, vars: &[(Arc<str>, Value)], isolated: bool) -> Result<String> {
        let (names, values) = self.py_vars(vars)?;
        self.call("debug", (names, values, isolated))?
            .extract()
            .map_err(host_err)
    }

    fn current_timezone_name(&self) -> Result<Value> {
        to_value(self.call("current_timezone_name", ())?)
    }

    fn i18n_value(&self, kind: &str, arg: Option<&Value>) -> Result<Value> {
        let a = match arg {
            Some(a) => self.py(a)?,
            None => self.py.None().into_bound(self.py),
        };
        to_value(self.call("i18n_value", (kind, a))?)
    }

    fn cache_lookup(
        &self,
        expire: &Value,
        using: Option<&Value>,
        fragment: &str,
        vary_on: &[Value],
    ) -> Result<(Handle, Option<String>)> {
        let using_py = match using {
            Some(u) => self.py(u)?,
            None => self.py.None().into_bound(self.py),
        };
        let (vary, _) = self.py_args(vary_on, &[])?;
        let r = self.call(
            "cache_lookup",
            (self.py(expire)?, using_py, using.is_some(), fragment, vary),
        )?;
        let (handle, cached): (Bound<'_, PyAny>, Option<String>) = r.extract().map_err(host_err)?;
        Ok((Arc::new(handle.unbind()), cached))
    }

    fn cache_store(&self, handle: &Handle, text: &str) -> Result<()> {
        self.call("cache_store", (handle_obj(self.py, handle), text))?;
        Ok(())
    }

    fn prefix(&self, setting: &str) -> Result<String> {
        self.call("prefix", (setting,))?.extract().map_err(host_err)
    }

    fn translate_message(&self, message: &Value, context: Option<&Value>) -> Result<Value> {
        let ctx = match context {
            Some(c) => self.py(c)?,
            None => self.py.None().into_bound(self.py),
        };
        to_value(self.call("translate_message", (self.py(message)?, ctx))?)
    }

    fn block_translate(
        &self,
        tag: &str,
        singular: &str,
        plural: Option<&str>,
        countervar: Option<&str>,
        count: Option<&Value>,
        context: Option<&Value>,
        untranslated: bool,
    ) -> Result<String> {
        let count = match count {
            Some(c) => self.py(c)?,
            None => self.py.None().into_bound(self.py),
        };
        let ctx = match context {
            Some(c) => self.py(c)?,
            None => self.py.None().into_bound(self.py),
        };
        self.call(
            "block_translate",
            (tag, singular, plural, countervar, count, ctx, untranslated),
        )?
        .extract()
        .map_err(host_err)
    }

    fn percent_format(&self, fmt: &str, data: &[(Arc<str>, String)]) -> Result<Option<String>> {
        let d = PyDict::new(self.py);
        for (k, v) in data {
            d.set_item(&**k, v).map_err(host_err)?;
        }
        self.call("percent_format", (fmt, d))?
            .extract()
            .map_err(host_err)
    }

    fn lookup_root_raw(&self, name: &Key) -> Result<Option<Value>> {
        self.root_item(name)?.map(to_value).transpose()
    }

    fn current_language(&self, bidi: bool) -> Result<Value> {
        to_value(self.call("current_language", (bidi,))?)
    }

    fn random_index(&self, n: usize) -> Result<usize> {
        self.call("random_index", (n,))?.extract().map_err(host_err)
    }

    fn gettext(&self, message: &str) -> Result<String> {
        self.call("gettext", (message,))?
            .extract()
            .map_err(host_err)
    }

    fn ngettext(&self, singular: &str, plural: &str, n: i64) -> Result<String> {
        self.call("ngettext", (singular, plural, n))?
            .extract()
            .map_err(host_err)
    }

    fn translate(&self, msgid: &str) -> Result<Value> {
        to_value(self.call("translate", (msgid,))?)
    }

    fn reverse(
        &self,
        view: &Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        silent: bool,
    ) -> Result<Option<String>> {
        let (a, kw) = self.py_args(args, kwargs)?;
        self.call("reverse", (self.py(view)?, a, kw, silent))?
            .extract()
            .map_err(host_err)
    }

    fn static_url(&self, path: &Value) -> Result<String> {
        self.call("static", (self.py(path)?,))?
            .extract()
            .map_err(host_err)
    }

    fn now(&self, fmt: &str) -> Result<String> {
        self.call("now", (fmt,))?.extract().map_err(host_err)
    }
}
