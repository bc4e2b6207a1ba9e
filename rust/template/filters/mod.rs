//! Django's built-in filters, natively. Each one handles the inputs whose Python
//! semantics it reproduces exactly; for any other input `apply` returns `None` and the
//! renderer calls Django's own filter function instead, so results never differ.

use super::dates;
use super::error::Result;
use super::escape::escape;
use super::host::RenderHost;
use super::json;
use super::numbers;
use super::pystr;
use super::value::{Str, Value};
use std::rc::Rc;

mod dispatch;
mod html;
mod number;
mod seq;
mod text;
mod time;
mod urlize;

use number::*;
use seq::*;
use text::*;
use time::*;

macro_rules! native_filters {
    ($($variant:ident => $name:literal, safe: $safe:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum NativeFilter { $($variant),* }

        impl NativeFilter {
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some(NativeFilter::$variant),)* _ => None }
            }
            pub fn name(self) -> &'static str {
                match self { $(NativeFilter::$variant => $name),* }
            }
            /// Django's `is_safe` flag of the filter.
            pub fn is_safe(self) -> bool {
                match self { $(NativeFilter::$variant => $safe),* }
            }
        }
        /// Names of every natively implemented filter.
        pub const NATIVE_FILTERS: &[&str] = &[$($name),*];
    };
}

native_filters! {
    Add => "add", safe: false;
    Addslashes => "addslashes", safe: true;
    Capfirst => "capfirst", safe: true;
    Center => "center", safe: true;
    Cut => "cut", safe: false;
    Date => "date", safe: false;
    Default => "default", safe: false;
    DefaultIfNone => "default_if_none", safe: false;
    Dictsort => "dictsort", safe: false;
    Dictsortreversed => "dictsortreversed", safe: false;
    Divisibleby => "divisibleby", safe: false;
    Escape => "escape", safe: true;
    Escapejs => "escapejs", safe: false;
    Escapeseq => "escapeseq", safe: true;
    Filesizeformat => "filesizeformat", safe: true;
    First => "first", safe: false;
    GetDigit => "get_digit", safe: false;
    Iriencode => "iriencode", safe: true;
    Floatformat => "floatformat", safe: true;
    ForceEscape => "force_escape", safe: true;
    Join => "join", safe: true;
    JsonScript => "json_script", safe: true;
    Last => "last", safe: true;
    Length => "length", safe: false;
    Linebreaks => "linebreaks", safe: true;
    Linebreaksbr => "linebreaksbr", safe: true;
    Linenumbers => "linenumbers", safe: true;
    Ljust => "ljust", safe: true;
    Lower => "lower", safe: true;
    MakeList => "make_list", safe: false;
    Phone2numeric => "phone2numeric", safe: true;
    Pluralize => "pluralize", safe: false;
    Pprint => "pprint", safe: true;
    Random => "random", safe: true;
    Rjust => "rjust", safe: true;
    Safe => "safe", safe: true;
    Safeseq => "safeseq", safe: true;
    Slice => "slice", safe: true;
    Slugify => "slugify", safe: true;
    Stringformat => "stringformat", safe: true;
    Striptags => "striptags", safe: true;
    Time => "time", safe: false;
    Timesince => "timesince", safe: false;
    Timeuntil => "timeuntil", safe: false;
    Title => "title", safe: true;
    Truncatechars => "truncatechars", safe: true;
    TruncatecharsHtml => "truncatechars_html", safe: true;
    Truncatewords => "truncatewords", safe: true;
    TruncatewordsHtml => "truncatewords_html", safe: true;
    UnorderedList => "unordered_list", safe: true;
    Upper => "upper", safe: false;
    Urlencode => "urlencode", safe: false;
    Urlize => "urlize", safe: true;
    Urlizetrunc => "urlizetrunc", safe: true;
    Wordcount => "wordcount", safe: false;
    Wordwrap => "wordwrap", safe: true;
    Yesno => "yesno", safe: false;
}

/// Filters defined with Django's `@stringfilter`: the input is `str()`-ed first.
fn is_stringfilter(f: NativeFilter) -> bool {
    use NativeFilter::*;
    matches!(
        f,
        Addslashes
            | Capfirst
            | Center
            | Cut
            | Escape
            | Escapejs
            | ForceEscape
            | Linebreaks
            | Linebreaksbr
            | Linenumbers
            | Ljust
            | Lower
            | MakeList
            | Rjust
            | Safe
            | Iriencode
            | Slugify
            | Striptags
            | Title
            | Truncatechars
            | TruncatecharsHtml
            | Truncatewords
            | TruncatewordsHtml
            | Upper
            | Urlencode
            | Urlize
            | Urlizetrunc
            | Wordcount
            | Wordwrap
    )
}

fn s(text: String) -> Value {
    Value::Str(Str::plain(text))
}
fn safe(text: String) -> Value {
    Value::Str(Str::safe(text))
}

/// Python's `int(x)` for values Rust can convert exactly.
fn py_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::Str(s) => {
            let t = s.text.trim();
            if t.contains('_') {
                return None;
            }
            t.parse::<i64>().ok()
        }
        _ => None,
    }
}

fn arg_str(arg: Option<&Value>) -> Option<&Str> {
    match arg {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

impl NativeFilter {
    /// Whether the native implementation is exact for host objects too: it only
    /// `str()`s them, tests their truth or takes their `len()`.
    fn handles_objects(self) -> bool {
        use NativeFilter::*;
        is_stringfilter(self)
            || matches!(
                self,
                Default
                    | DefaultIfNone
                    | Length
                    | Yesno
                    | Date
                    | Time
                    | Floatformat
                    | JsonScript
                    | Filesizeformat
                    | Timesince
                    | Timeuntil
            )
    }

    /// Django's `date`/`time` filters: `formats.date_format(value, arg)`.
    fn date_filter(
        self,
        value: &Value,
        arg: Option<&Value>,
        host: &dyn RenderHost,
    ) -> Option<Result<Value>> {
        match value {
            Value::None => return Some(Ok(Value::empty())),
            Value::Str(st) if st.text.is_empty() => return Some(Ok(Value::empty())),
            _ => {}
        }
        let parts = match host.date_parts(value) {
            Ok(Some(p)) => p,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let (default, which) = match self {
            NativeFilter::Date => ("DATE_FORMAT", dates::Formatter::Date),
            _ => ("TIME_FORMAT", dates::Formatter::Time),
        };
        let fmt = match arg {
            None => default.to_string(),
            Some(Value::Str(a)) if a.text.is_empty() => default.to_string(),
            Some(Value::Str(a)) => a.text.to_string(),
            Some(_) => return None,
        };
        let run = || -> Result<Option<String>> {
            let fmt = if FORMAT_SETTINGS.contains(&fmt.as_str()) {
                host.named_format(&fmt)?
            } else {
                fmt.clone()
            };
            let names = host.date_names()?;
            Ok(dates::format(&parts, &fmt, which, &names))
        };
        match run() {
            Ok(Some(text)) => Some(Ok(s(text))),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// Filters that take a sequence and work natively on an exact `list`/`tuple`.
    fn takes_sequences(self) -> bool {
        use NativeFilter::*;
        matches!(
            self,
            Join | First
                | Last
                | Slice
                | Safeseq
                | Escapeseq
                | UnorderedList
                | Random
                | Dictsort
                | Dictsortreversed
        )
    }

    /// Apply the filter. `None`: not handled natively, call Django's function.
    /// Django's `is_safe` marking is applied here too, as `FilterExpression.resolve` does.
    pub fn apply(
        self,
        value: &Value,
        arg: Option<&Value>,
        autoescape: bool,
        host: &dyn RenderHost,
    ) -> Option<Result<Value>> {
        let listed;
        let input = match value {
            Value::Object(o) if self.takes_sequences() => match o.as_sequence() {
                Err(e) => return Some(Err(e)),
                // A tuple sliced stays a tuple: leave that to Python.
                Ok(Some((items, is_tuple))) if !(is_tuple && self == NativeFilter::Slice) => {
                    listed = Value::List(Rc::new(items));
                    &listed
                }
                _ => return None,
            },
            Value::Object(_) if !self.handles_objects() => return None,
            other => other,
        };
        let out = self.apply_inner(input, arg, autoescape, host)?;
        Some(out.map(|out| {
            if self.is_safe() && value.is_safe_str() {
                match out {
                    Value::Str(s) => Value::Str(Str::safe(s.text)),
                    other => match other.to_str() {
                        Ok(s) if !matches!(other, Value::List(_)) => Value::Str(Str::safe(s.text)),
                        _ => other,
                    },
                }
            } else {
                out
            }
        }))
    }
}

#[cfg(test)]
mod tests;
