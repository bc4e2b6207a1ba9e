//! What the engine asks of its host (Python, through `rust/py/`): the registered tags and
//! filters, template loading, Python semantics for host objects, and the parts of
//! Django (URL reversing, translation, localisation) that must stay Django's.

use super::ast::{Handle, Template};
use super::dates::Moment;
use super::dates::{DateNames, DateParts};
use super::error::{Error, Result};
use super::filters::NativeFilter;
use super::lexer::Token;
use super::timesince::Zone;
use super::value::{Key, Value};
use std::sync::Arc;

/// How a tag name is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Django's own built-in tag, implemented natively here.
    Native,
    /// A registered tag compiled and rendered by Django itself (for that node only).
    Foreign,
    /// Not registered or loaded.
    Unknown,
}

/// What Django compiled for a tag the engine does not implement itself.
pub enum Foreign {
    /// A Django node, rendered by Django.
    Node(Handle),
    /// A `simple_tag`: the engine resolves the arguments (recompiling their source)
    /// and calls the Python function itself.
    SimpleTag {
        func: Handle,
        takes_context: bool,
        args: Vec<String>,
        kwargs: Vec<(String, String)>,
        asvar: Option<String>,
    },
}

/// Compile-time host: knows which tags and filters are registered and loaded.
pub trait CompileHost {
    /// Which implementation serves `name` right now (after the `{% load %}`s so far).
    fn tag(&mut self, name: &str) -> TagKind;
    /// Resolve a filter: the native implementation (if Django's built-in is the one
    /// registered) and Django's callable. Checks the argument count as Django does.
    fn filter(
        &mut self,
        name: &str,
        nargs: usize,
    ) -> Result<(Option<NativeFilter>, Option<Handle>)>;
    /// `{% load ... %}` with its bits (after `load`).
    fn load(&mut self, bits: &[String]) -> Result<()>;
    /// Compile the block tag at `tokens[index]` with Django's own parser. Returns the
    /// node handle and the index of the first token it did not consume.
    fn compile_foreign(&mut self, tokens: &[Token], index: usize) -> Result<(Foreign, usize)>;
}

/// Comparison operators `{% if %}` delegates for host objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Is,
}

/// Render-time host.
pub trait RenderHost {
    /// Look a top-level name up in the host's context (Django `Context` dicts).
    fn lookup_root(&self, name: &Key) -> Result<Option<Value>>;
    /// One lookup step (`Variable._resolve_lookup`) on a value Rust owns, for the
    /// attributes Python gives it (`"abc".upper`, `(1).real`).
    fn lookup_value(&self, value: &Value, bit: &Key) -> Result<Option<Value>>;
    /// `context[name] = value` at the template's top level writes into the caller's
    /// top context dict, as Django's does.
    fn assign_root(&self, _name: &str, _value: &Value) -> Result<()> {
        Ok(())
    }
    /// The engine's `string_if_invalid`.
    fn string_if_invalid(&self) -> &str;
    /// Whether ints render as plain digits (no thousand separator in force).
    fn plain_ints(&self) -> bool {
        true
    }
    /// Call Django's filter callable with Django's flags (`is_safe`,
    /// `needs_autoescape`, `expects_localtime`).
    fn call_filter(
        &self,
        filter: &Handle,
        value: &Value,
        arg: Option<&Value>,
        autoescape: bool,
    ) -> Result<Value>;
    /// Render a Django-compiled node with the given variables pushed on the context.
    /// Returns the output and the variables the node set (e.g. `as` targets).
    fn render_foreign(
        &self,
        node: &Handle,
        vars: &[(Arc<str>, Value)],
        autoescape: bool,
        isolated: bool,
    ) -> Result<(String, Vec<(String, Value)>)>;
    /// Call a `simple_tag` function with resolved arguments (and, if it takes the
    /// context, a Django Context holding the engine's variables). Returns the output
    /// and the variables the function set on the context.
    #[allow(clippy::too_many_arguments)]
    fn call_simple_tag(
        &self,
        _func: &Handle,
        _takes_context: bool,
        _args: &[Value],
        _kwargs: &[(Arc<str>, Value)],
        _vars: &[(Arc<str>, Value)],
        _isolated: bool,
    ) -> Result<(Value, Vec<(String, Value)>)> {
        Err(Error::Value("no simple tags".into()))
    }
    /// Django's `conditional_escape` of a host object (`__html__` or escaped `str()`).
    fn conditional_escape(&self, value: &Value) -> Result<String> {
        Ok(super::escape::escape(&value.to_str()?.text))
    }
    /// Find a template by name (or accept a template object), skipping origins already
    /// in an extends chain. `current` is the name of the template asking, for relative
    /// paths.
    fn get_template(
        &self,
        name: &Value,
        current: Option<&str>,
        skip: &[Arc<str>],
    ) -> Result<Arc<Template>>;
    /// Python comparison of two values, for operands Rust cannot compare itself.
    fn compare(&self, op: Cmp, a: &Value, b: &Value) -> Result<bool>;
    /// `render_value_in_context` for values the engine does not render itself (floats).
    fn render_value(&self, v: &Value, autoescape: bool) -> Result<String>;
    /// The translated truncation text of `truncatechars` (Django's
    /// `pgettext("String to return when truncating text", "%(truncated_text)s…")`).
    fn truncation_format(&self) -> Result<String> {
        Ok("%(truncated_text)s…".into())
    }
    /// The active decimal separator when numbers render as plain digits (no thousand
    /// grouping, localisation on); `None` otherwise (then Django formats them).
    fn decimal_separator(&self) -> Result<Option<String>> {
        Ok(None)
    }
    /// The fields of a `date`/`datetime`/`time` value (a `datetime` converted to local
    /// time as `template_localtime` does); `None` for any other value.
    fn date_parts(&self, _value: &Value) -> Result<Option<DateParts>> {
        Ok(None)
    }
    /// A `date`/`datetime` as `timesince` reads it (no conversion; a date is naive
    /// midnight); `None` for any other value.
    fn moment(&self, _value: &Value) -> Result<Option<(Moment, Zone)>> {
        Ok(None)
    }
    /// `datetime.now()` (naive, local) or `datetime.now(timezone.utc)`.
    fn current_moment(&self, _utc: bool) -> Result<Moment> {
        Err(Error::Value("no clock".into()))
    }
    /// Month and weekday names and a.m./p.m. words in the active language.
    fn date_names(&self) -> Result<std::rc::Rc<DateNames>> {
        Err(Error::Value("no date names".into()))
    }
    /// `get_format(name)` for a format setting name such as `DATE_FORMAT`.
    fn named_format(&self, name: &str) -> Result<String> {
        Err(Error::Value(format!("no format {name}")))
    }
    /// `{% translate %}`: Django's `Variable` translation of a resolved message
    /// (`%` doubled, then `gettext`/`pgettext`, keeping a safe message safe).
    fn translate_message(&self, _message: &Value, _context: Option<&Value>) -> Result<Value> {
        Err(Error::Value("no translations".into()))
    }
    /// `{% blocktranslate %}`: Django's gettext/ngettext/pgettext/npgettext of the
    /// prepared messages (with translation off when `untranslated`), checking that the
    /// count is a number as Django does.
    #[allow(clippy::too_many_arguments)]
    fn block_translate(
        &self,
        _tag: &str,
        _singular: &str,
        _plural: Option<&str>,
        _countervar: Option<&str>,
        _count: Option<&Value>,
        _context: Option<&Value>,
        _untranslated: bool,
    ) -> Result<String> {
        Err(Error::Value("no translations".into()))
    }
    /// Python's `fmt % data` for what the engine does not format itself; `Ok(None)` on
    /// KeyError/ValueError.
    fn percent_format(&self, _fmt: &str, _data: &[(Arc<str>, String)]) -> Result<Option<String>> {
        Err(Error::Value("no formatting".into()))
    }
    /// A top-level name's raw value (`context[key]`, no callable rules).
    fn lookup_root_raw(&self, name: &Key) -> Result<Option<Value>> {
        self.lookup_root(name)
    }
    /// Enter a block override (`kind`: language, timezone, use_l10n or use_tz, with
    /// its value); the handle goes back to `exit_override`.
    fn enter_override(&self, _kind: &str, _value: &Value) -> Result<Handle> {
        Err(Error::Value("no overrides".into()))
    }
    fn exit_override(&self, _handle: Handle) -> Result<()> {
        Ok(())
    }
    /// Django's `lorem_ipsum` words (`method` 'w') or paragraphs ('p' in `<p>`, 'b').
    fn lorem(&self, _count: &Value, _method: char, _common: bool) -> Result<String> {
        Err(Error::Value("no lorem".into()))
    }
    /// Django's `{% debug %}` output for the engine's variables on the context.
    fn debug(&self, _vars: &[(Arc<str>, Value)], _isolated: bool) -> Result<String> {
        Ok(String::new())
    }
    /// `timezone.get_current_timezone_name()`.
    fn current_timezone_name(&self) -> Result<Value> {
        Err(Error::Value("no time zones".into()))
    }
    /// `get_available_languages`, `get_language_info`, `get_language_info_list`.
    fn i18n_value(&self, _kind: &str, _arg: Option<&Value>) -> Result<Value> {
        Err(Error::Value("no translations".into()))
    }
    /// `{% cache %}` before rendering: validate the timeout, pick the cache, build the
    /// fragment key and read it. Returns a handle for `cache_store` and the cached text.
    fn cache_lookup(
        &self,
        _expire: &Value,
        _using: Option<&Value>,
        _fragment: &str,
        _vary_on: &[Value],
    ) -> Result<(Handle, Option<String>)> {
        Err(Error::Value("no cache".into()))
    }
    /// Store a rendered fragment under the key `cache_lookup` made.
    fn cache_store(&self, _handle: &Handle, _text: &str) -> Result<()> {
        Ok(())
    }
    /// `PrefixNode.handle_simple(setting)`: `iri_to_uri(settings.<setting>)`.
    fn prefix(&self, _setting: &str) -> Result<String> {
        Ok(String::new())
    }
    /// `translation.get_language()` / `get_language_bidi()`.
    fn current_language(&self, _bidi: bool) -> Result<Value> {
        Err(Error::Value("no translations".into()))
    }
    /// `random.choice(range(n))` from Python's global generator: the index
    /// `random.choice(seq)` would pick for a sequence of length `n`.
    fn random_index(&self, _n: usize) -> Result<usize> {
        Ok(0)
    }
    /// `gettext(message)` (for filters whose text is translated).
    fn gettext(&self, message: &str) -> Result<String> {
        Ok(message.to_string())
    }
    /// `ngettext(singular, plural, n)`.
    fn ngettext(&self, singular: &str, plural: &str, n: i64) -> Result<String> {
        Ok(if n == 1 { singular } else { plural }.to_string())
    }
    /// `gettext_lazy(msgid)` of a `_("...")` literal.
    fn translate(&self, msgid: &str) -> Result<Value>;
    /// `reverse(view, args, kwargs, current_app)`; `Ok(None)` on `NoReverseMatch` when
    /// `silent` (the `as var` form).
    fn reverse(
        &self,
        view: &Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        silent: bool,
    ) -> Result<Option<String>>;
    /// `static(path)` of `django.templatetags.static`.
    fn static_url(&self, path: &Value) -> Result<String>;
    /// `date(datetime.now(tz), fmt)` of the `{% now %}` tag.
    fn now(&self, fmt: &str) -> Result<String>;
}

/// A compile host with no registered libraries beyond the natively known built-ins:
/// for the engine's own tests and for tools that compile templates without Django.
pub struct NullCompileHost;

impl CompileHost for NullCompileHost {
    fn tag(&mut self, name: &str) -> TagKind {
        if super::parser::NATIVE_TAGS.contains(&name) {
            TagKind::Native
        } else {
            TagKind::Unknown
        }
    }
    fn filter(
        &mut self,
        name: &str,
        _nargs: usize,
    ) -> Result<(Option<NativeFilter>, Option<Handle>)> {
        match NativeFilter::from_name(name) {
            Some(f) => Ok((Some(f), None)),
            None => Err(Error::syntax(
                "template.unknown-filter",
                format!("Invalid filter: '{name}'"),
            )),
        }
    }
    fn load(&mut self, bits: &[String]) -> Result<()> {
        match bits.first() {
            Some(lib) if lib == "static" => Ok(()),
            _ => Err(Error::syntax(
                "template.unknown-library",
                format!("'{}' is not a registered tag library.", bits.join(" ")),
            )),
        }
    }
    fn compile_foreign(&mut self, tokens: &[Token], index: usize) -> Result<(Foreign, usize)> {
        Err(Error::syntax(
            "template.unknown-tag",
            format!("Invalid block tag: '{}'", tokens[index].contents),
        ))
    }
}
