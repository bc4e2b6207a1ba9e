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
    Truncatewords => "truncatewords", safe: true;
    UnorderedList => "unordered_list", safe: true;
    Upper => "upper", safe: false;
    Urlencode => "urlencode", safe: false;
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
            | Truncatewords
            | Upper
            | Urlencode
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

/// Python's `str.center(width)`.
fn py_center(v: &str, width: usize) -> String {
    let len = v.chars().count();
    if width <= len {
        return v.to_string();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    format!("{}{}{}", " ".repeat(left), v, " ".repeat(marg - left))
}

/// Python slicing of a sequence of `n` items with `str(arg)` like "1:3", "::-1", "2".
fn py_slice_indices(n: usize, spec: &str) -> Option<Vec<usize>> {
    let mut bits: Vec<Option<i64>> = Vec::new();
    for x in spec.split(':') {
        if x.is_empty() {
            bits.push(None);
        } else {
            bits.push(Some(x.trim().parse::<i64>().ok()?));
        }
    }
    let n = n as i64;
    let (start, stop, step) = match bits.len() {
        1 => (None, bits[0], None),
        2 => (bits[0], bits[1], None),
        3 => (bits[0], bits[1], bits[2]),
        _ => return None,
    };
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let adj = |i: i64, lo: i64, hi: i64| {
        let i = if i < 0 { i + n } else { i };
        i.clamp(lo, hi)
    };
    let mut out = Vec::new();
    if step > 0 {
        let a = start.map(|i| adj(i, 0, n)).unwrap_or(0);
        let b = stop.map(|i| adj(i, 0, n)).unwrap_or(n);
        let mut i = a;
        while i < b {
            out.push(i as usize);
            i += step;
        }
    } else {
        let a = start.map(|i| adj(i, -1, n - 1)).unwrap_or(n - 1);
        let b = stop.map(|i| adj(i, -1, n - 1)).unwrap_or(-1);
        let mut i = a;
        while i > b {
            out.push(i as usize);
            i += step;
        }
    }
    Some(out)
}

/// Django's `title` filter: `str.title()`, then lowercase after `x'` and after digits.
fn py_title(v: &str) -> String {
    let out = pystr::title(v);
    // Django: re.sub("([a-z])'([A-Z])", lower) then re.sub(r"\d([A-Z])", lower)
    let chars: Vec<char> = out.chars().collect();
    let mut fixed: Vec<char> = chars.clone();
    let mut i = 0;
    while i + 2 < chars.len() {
        if chars[i].is_ascii_lowercase()
            && chars[i + 1] == '\''
            && chars[i + 2].is_ascii_uppercase()
        {
            fixed[i + 2] = chars[i + 2].to_ascii_lowercase();
            i += 3;
        } else {
            i += 1;
        }
    }
    let chars = fixed.clone();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i].is_numeric() && chars[i + 1].is_ascii_uppercase() {
            fixed[i + 1] = chars[i + 1].to_ascii_lowercase();
            i += 2;
        } else {
            i += 1;
        }
    }
    fixed.into_iter().collect()
}

fn normalize_newlines(v: &str) -> String {
    v.replace("\r\n", "\n").replace('\r', "\n")
}

fn escapejs(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' | '\'' | '"' | '>' | '<' | '&' | '=' | '-' | ';' | '`' | '\u{2028}'
            | '\u{2029}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if (c as u32) < 32 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn urlquote(v: &str, safe_chars: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if c.is_ascii_alphanumeric() || "_.-~".contains(c) || safe_chars.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn phone2numeric(v: &str) -> String {
    v.to_lowercase()
        .chars()
        .map(|c| match c {
            'a' | 'b' | 'c' => '2',
            'd' | 'e' | 'f' => '3',
            'g' | 'h' | 'i' => '4',
            'j' | 'k' | 'l' => '5',
            'm' | 'n' | 'o' => '6',
            'p' | 'q' | 'r' | 's' => '7',
            't' | 'u' | 'v' => '8',
            'w' | 'x' | 'y' | 'z' => '9',
            c => c,
        })
        .collect()
}

/// Characters that NFC leaves alone and that are not combining marks, alone or next to
/// each other (no singleton decompositions, no composition exclusions, no Hangul
/// jamo): text made only of these truncates natively, exactly as Django's
/// `unicodedata.normalize("NFC")` + `combining()` would.
fn nfc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2ff}'
        | '\u{400}'..='\u{4ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{20a0}'..='\u{20c0}'
        | '\u{4e00}'..='\u{9fff}')
}

/// Django's `floatformat` for plain (ungrouped, localised) output; `None` hands the
/// call to Django (suffixes `g`/`u`, grouping, values only Python can convert).
fn floatformat(value: &Value, arg: Option<&Value>, host: &dyn RenderHost) -> Option<Result<Value>> {
    // Django parses the value first (returning "" if it is not a number), then the
    // argument (returning str(value) if it is not an integer).
    enum Places {
        Int(i64),
        Invalid,
    }
    let places = match arg {
        None => Places::Int(-1),
        Some(Value::Int(i)) => Places::Int(*i),
        Some(Value::Str(a)) => {
            let t = a.text.trim();
            if a.text.is_empty() || a.text.ends_with(['g', 'u']) || t.contains('_') {
                return None;
            }
            t.parse::<i64>().map_or(Places::Invalid, Places::Int)
        }
        Some(_) => return None,
    };
    let sep = match host.decimal_separator() {
        Ok(Some(sep)) => sep,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    let input = match value {
        Value::None => return Some(Ok(Value::empty())),
        Value::Bool(b) => (if *b { "1.0" } else { "0.0" }).to_string(),
        Value::List(_) | Value::Loop(_) | Value::Group(_) | Value::Block(_) => return None,
        other => match other.to_str() {
            Ok(s) => s.text.to_string(),
            Err(e) => return Some(Err(e)),
        },
    };
    if input.contains('_') {
        return None;
    }
    // What Django returns "as is": str(value).
    let input_val = || value.to_str().map(|s| Value::Str(Str::plain(s.text)));
    let parsed = numbers::parse(&input);
    if parsed == numbers::Parsed::Invalid {
        return match value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) => Some(Ok(Value::empty())),
            _ => None, // float(obj) may still work in Python
        };
    }
    let Places::Int(p) = places else {
        return Some(input_val());
    };
    let numbers::Parsed::Finite(d) = parsed else {
        return Some(input_val()); // inf/nan: int(d) fails, Django returns str(value)
    };
    if d.digit_count() as i64 + d.exponent.abs() > 200 {
        return Some(input_val());
    }
    let text = if !d.has_fraction() && p <= 0 {
        d.int_text()
    } else {
        d.round_half_up(p.unsigned_abs() as usize)
            .replace('.', &sep)
    };
    Some(Ok(Value::Str(Str::safe(text))))
}

/// The items of a list or an exact Python list/tuple; `None` for anything else.
fn sequence_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(items) => Some(items.as_ref().clone()),
        Value::Object(o) => o.as_sequence().ok().flatten().map(|(items, _)| items),
        _ => None,
    }
}

/// Django's `dictsort` for lists of exact dicts that all hold the key path, with keys
/// all numeric (no NaN) or all strings; `None` leaves every other case to Python
/// (attribute fallbacks, mixed types, numeric keys that mean `itemgetter`).
fn dictsort(items: Vec<Value>, arg: &str, reverse: bool) -> Option<Vec<Value>> {
    if arg.is_empty() || arg.parse::<f64>().is_ok() || arg.starts_with('_') || arg.contains("._") {
        return None;
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let mut cur = item.clone();
        for part in arg.split('.') {
            let Value::Object(o) = &cur else {
                return None;
            };
            let entries = o.as_mapping().ok()??;
            let (_, v) = entries
                .into_iter()
                .find(|(k, _)| matches!(k, Value::Str(s) if &*s.text == part))?;
            cur = v;
        }
        keyed.push((cur, item));
    }
    let all_numbers = keyed.iter().all(|(k, _)| match k {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Float(f) => !f.is_nan(),
        _ => false,
    });
    let all_strings = keyed.iter().all(|(k, _)| matches!(k, Value::Str(_)));
    if !all_numbers && !all_strings {
        return None;
    }
    let number = |v: &Value| match v {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    };
    keyed.sort_by(|(a, _), (b, _)| {
        let ord = match (a, b) {
            (Value::Str(x), Value::Str(y)) => x.text.cmp(&y.text),
            _ => number(a)
                .partial_cmp(&number(b))
                .unwrap_or(std::cmp::Ordering::Equal),
        };
        if reverse {
            ord.reverse()
        } else {
            ord
        }
    });
    Some(keyed.into_iter().map(|(_, item)| item).collect())
}

/// Django's `unordered_list`: an item followed by a list/tuple gets it as children.
/// `None` when an item is a host object other than an exact list/tuple (Python
/// decides whether it is a sequence and how it escapes).
fn list_formatter(items: &[Value], tabs: usize, autoescape: bool) -> Option<String> {
    let indent = "\t".repeat(tabs);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        if matches!(item, Value::Object(_)) && sequence_items(item).is_none() {
            return None;
        }
        let children = items.get(i + 1).and_then(sequence_items);
        i += if children.is_some() { 2 } else { 1 };
        let mut sublist = String::new();
        if let Some(children) = children.filter(|c| !c.is_empty()) {
            let inner = list_formatter(&children, tabs + 1, autoescape)?;
            sublist = format!("\n{indent}<ul>\n{inner}\n{indent}</ul>\n{indent}");
        }
        let text = item.to_str().ok()?;
        let shown = if autoescape && !text.safe {
            escape(&text.text)
        } else {
            text.text.to_string()
        };
        out.push(format!("{indent}<li>{shown}{sublist}</li>"));
    }
    Some(out.join("\n"))
}

/// Python's `str.isspace()` for ASCII: includes the separators U+001C..U+001F.
fn ascii_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
    )
}

/// Django's `slugify` for ASCII input (NFKD and ASCII folding are no-ops there).
fn slugify_ascii(text: &str) -> String {
    let kept: String = text
        .to_ascii_lowercase()
        .chars()
        .filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || ascii_space(c))
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.chars() {
        if c == '-' || ascii_space(c) {
            if !in_run {
                out.push('-');
                in_run = true;
            }
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out.trim_matches(['-', '_']).to_string()
}

/// `("%" + spec) % value` for the conversions `s d i f x X o` with flags `-+ 0`, a
/// width and a precision. `None`: not handled here (Python formats it);
/// `Some(Err(()))`: Python would raise ValueError/TypeError (Django returns "").
fn printf(spec: &str, value: &Value) -> Option<std::result::Result<String, ()>> {
    let b = spec.as_bytes();
    let mut i = 0;
    let (mut left, mut plus, mut space, mut zero) = (false, false, false, false);
    while i < b.len() {
        match b[i] {
            b'-' => left = true,
            b'+' => plus = true,
            b' ' => space = true,
            b'0' => zero = true,
            _ => break,
        }
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let width: usize = spec[start..i].parse().unwrap_or(0);
    let mut precision = None;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        precision = Some(spec[s0..i].parse::<usize>().unwrap_or(0));
    }
    if i + 1 != b.len() {
        return None;
    }
    let conv = b[i] as char;
    let int_of = |v: &Value| -> Option<std::result::Result<i64, ()>> {
        Some(match v {
            Value::Int(n) => Ok(*n),
            Value::Bool(t) => Ok(*t as i64),
            Value::Float(f) if f.is_finite() && f.abs() < 9.0e15 => Ok(f.trunc() as i64),
            Value::Float(_) => return None,
            Value::Str(_) | Value::None | Value::List(_) => Err(()),
            _ => return None,
        })
    };
    let (sign_neg, body) = match conv {
        's' => {
            if matches!(
                value,
                Value::Object(_) | Value::Loop(_) | Value::Group(_) | Value::Block(_)
            ) {
                return None;
            }
            let text = value.to_str().ok()?.text.to_string();
            let text: String = match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            (false, text)
        }
        'd' | 'i' | 'x' | 'X' | 'o' => {
            if precision.is_some() {
                return None;
            }
            // %x/%X/%o want an integer; %d/%i truncate floats.
            if matches!(value, Value::Float(_)) && matches!(conv, 'x' | 'X' | 'o') {
                return Some(Err(()));
            }
            let n = match int_of(value)? {
                Ok(n) => n,
                Err(()) => return Some(Err(())),
            };
            let m = n.unsigned_abs();
            let digits = match conv {
                'x' => format!("{m:x}"),
                'X' => format!("{m:X}"),
                'o' => format!("{m:o}"),
                _ => m.to_string(),
            };
            (n < 0, digits)
        }
        'f' => {
            let f = match value {
                Value::Int(n) => *n as f64,
                Value::Bool(t) => *t as i64 as f64,
                Value::Float(f) if f.is_finite() => *f,
                Value::Float(_) => return None,
                Value::Str(_) | Value::None | Value::List(_) => return Some(Err(())),
                _ => return None,
            };
            let p = precision.unwrap_or(6);
            let txt = format!("{:.*}", p, f.abs());
            // Python keeps the sign of negative values, -0.0 included.
            (f.is_sign_negative(), txt)
        }
        _ => return None,
    };
    let numeric = conv != 's';
    let sign = if !numeric {
        ""
    } else if sign_neg {
        "-"
    } else if plus {
        "+"
    } else if space {
        " "
    } else {
        ""
    };
    let len = sign.len() + body.chars().count();
    let pad = width.saturating_sub(len);
    Some(Ok(if left {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else if zero && numeric {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }))
}

/// Django's `timesince`/`timeuntil` filters for naive and UTC datetimes; `None` hands
/// other zones and non-date values to Django.
fn timesince_filter(
    reversed: bool,
    value: &Value,
    arg: Option<&Value>,
    host: &dyn RenderHost,
) -> Option<Result<Value>> {
    use super::timesince::{partials, Zone};
    const UNITS: [(&str, &str); 6] = [
        ("%(num)d year", "%(num)d years"),
        ("%(num)d month", "%(num)d months"),
        ("%(num)d week", "%(num)d weeks"),
        ("%(num)d day", "%(num)d days"),
        ("%(num)d hour", "%(num)d hours"),
        ("%(num)d minute", "%(num)d minutes"),
    ];
    let run = || -> Result<Option<String>> {
        if !value.truthy()? {
            return Ok(Some(String::new()));
        }
        let Some((d, dz)) = host.moment(value)? else {
            return Ok(None);
        };
        let now = match arg {
            Some(a) if a.truthy()? => match host.moment(a)? {
                Some(m) => m,
                None => return Ok(None),
            },
            _ if dz == Zone::Other => return Ok(None),
            _ => (host.current_moment(dz == Zone::Utc)?, dz),
        };
        let (now, nz) = now;
        if dz == Zone::Other || nz == Zone::Other {
            return Ok(None);
        }
        if dz != nz {
            return Ok(Some(String::new())); // naive minus aware: TypeError -> ""
        }
        let unit = |i: usize, n: i64| -> Result<Option<String>> {
            let t = host.ngettext(UNITS[i].0, UNITS[i].1, n)?;
            Ok(fill(&t, "%(num)d", &n.to_string()).map(|s| s.replace(' ', "\u{a0}")))
        };
        let parts = partials(d, now, reversed, 2);
        if parts.is_empty() {
            return unit(5, 0);
        }
        let mut shown = Vec::with_capacity(parts.len());
        for (i, n) in parts {
            match unit(i, n)? {
                Some(s) => shown.push(s),
                None => return Ok(None),
            }
        }
        Ok(Some(shown.join(&host.gettext(", ")?)))
    };
    match run() {
        Ok(Some(text)) => Some(Ok(Value::Str(Str::plain(text)))),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

/// Django's `filesizeformat` when numbers print plainly; `None` hands it to Django
/// (objects, grouping, translations with unexpected placeholders).
fn filesizeformat(value: &Value, host: &dyn RenderHost) -> Option<Result<Value>> {
    let run = || -> Result<Option<String>> {
        // int(bytes_); TypeError/ValueError give "0 bytes".
        let n: Option<i64> = match value {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            Value::Float(f) if f.is_finite() && f.abs() < 9.0e15 => Some(f.trunc() as i64),
            Value::Str(s) if !s.text.contains('_') => s.text.trim().parse::<i64>().ok(),
            Value::None | Value::Str(_) => None,
            _ => return Ok(None),
        };
        let Some(n) = n else {
            let t = host.ngettext("%(size)d byte", "%(size)d bytes", 0)?;
            return Ok(fill(&t, "%(size)d", "0").map(|s| s.replace(' ', "\u{a0}")));
        };
        let Some(sep) = host.decimal_separator()? else {
            return Ok(None);
        };
        let b = n.unsigned_abs() as f64;
        const UNITS: [(&str, u32); 5] = [
            ("%s KB", 10),
            ("%s MB", 20),
            ("%s GB", 30),
            ("%s TB", 40),
            ("%s PB", 50),
        ];
        let text = if (n.unsigned_abs()) < 1 << 10 {
            let t = host.ngettext("%(size)d byte", "%(size)d bytes", n.abs())?;
            fill(&t, "%(size)d", &n.unsigned_abs().to_string())
        } else {
            let i = UNITS
                .iter()
                .rposition(|(_, shift)| n.unsigned_abs() >= 1u64 << shift)
                .unwrap_or(0);
            let (msg, shift) = UNITS[i];
            let number = format!("{:.1}", b / (1u64 << shift) as f64).replace('.', &sep);
            let t = host.gettext(msg)?;
            fill(&t, "%s", &number)
        };
        Ok(text.map(|t| {
            let t = if n < 0 { format!("-{t}") } else { t };
            t.replace(' ', "\u{a0}")
        }))
    };
    match run() {
        Ok(Some(text)) => Some(Ok(Value::Str(Str::plain(text)))),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

/// `template % value` for a template with exactly one `placeholder` (and `%%`).
fn fill(template: &str, placeholder: &str, value: &str) -> Option<String> {
    let rest = template.replacen(placeholder, "\u{0}", 1);
    if rest.replace("%%", "").contains('%') || !rest.contains('\u{0}') {
        return None;
    }
    Some(rest.replace("%%", "%").replace('\u{0}', value))
}

/// Django's `FORMAT_SETTINGS`: names `get_format` looks up instead of using as is.
const FORMAT_SETTINGS: &[&str] = &[
    "DECIMAL_SEPARATOR",
    "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
    "FIRST_DAY_OF_WEEK",
    "MONTH_DAY_FORMAT",
    "TIME_FORMAT",
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "DATE_INPUT_FORMATS",
    "TIME_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS",
];

/// Django's `add_truncation_text`; `None` when the format needs Python's `%`.
fn add_truncation_text(text: &str, truncate: &str) -> Option<String> {
    const MARK: &str = "%(truncated_text)s";
    if truncate.contains(MARK) {
        if truncate.replacen(MARK, "", 1).contains('%') {
            return None;
        }
        return Some(truncate.replacen(MARK, text, 1));
    }
    if text.ends_with(truncate) {
        return Some(text.to_string());
    }
    Some(format!("{text}{truncate}"))
}

/// Django's `Truncator.chars` for text without combining marks.
fn truncate_chars(text: &str, length: usize, fmt: &str) -> Option<String> {
    let marker = add_truncation_text("", fmt)?;
    if !marker.chars().all(nfc_stable) {
        return None;
    }
    let truncate_len = length.saturating_sub(marker.chars().count().min(length));
    let count = text.chars().count();
    if count <= length {
        return Some(text.to_string());
    }
    let cut: String = text.chars().take(truncate_len).collect();
    add_truncation_text(&cut, fmt)
}

fn arg_str(arg: Option<&Value>) -> Option<&Str> {
    match arg {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

/// `conditional_escape(v)` for an item of a list; `None` when a host object is involved.
fn cond_escape(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) if s.safe => Some(s.text.to_string()),
        Value::Object(_) => None,
        other => Some(escape(&other.to_str().ok()?.text)),
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

    fn apply_inner(
        self,
        value: &Value,
        arg: Option<&Value>,
        autoescape: bool,
        host: &dyn RenderHost,
    ) -> Option<Result<Value>> {
        use NativeFilter::*;
        // @stringfilter: work on str(value).
        let sv: Option<Str> = if is_stringfilter(self) {
            match value.to_str() {
                Ok(s) => Some(s),
                Err(e) => return Some(Err(e)),
            }
        } else {
            None
        };
        let text = sv.as_ref().map(|s| &*s.text).unwrap_or("");
        let in_safe = sv.as_ref().map(|s| s.safe).unwrap_or(false);
        // stringfilter: an is_safe filter given a safe string returns a safe string.
        let sf = |t: String| {
            if in_safe && self.is_safe() {
                safe(t)
            } else {
                s(t)
            }
        };
        let v = match self {
            Add => {
                let (a, b) = (py_int(value)?, py_int(arg?)?);
                Value::Int(a.checked_add(b)?)
            }
            Addslashes => sf(text
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\'', "\\'")),
            Capfirst => {
                let mut c = text.chars();
                match c.next() {
                    Some(f) => sf(f.to_uppercase().chain(c).collect()),
                    None => sf(String::new()),
                }
            }
            Center | Ljust | Rjust => {
                let w = py_int(arg?)?;
                let w = usize::try_from(w).unwrap_or(0);
                let len = text.chars().count();
                let pad = " ".repeat(w.saturating_sub(len));
                sf(match self {
                    Center => py_center(text, w),
                    Ljust => format!("{text}{pad}"),
                    _ => format!("{pad}{text}"),
                })
            }
            Cut => {
                let a = arg_str(arg)?;
                let out = text.replace(&*a.text, "");
                if in_safe && &*a.text != ";" {
                    safe(out)
                } else {
                    s(out)
                }
            }
            Default => {
                let t = match value.truthy() {
                    Ok(t) => t,
                    Err(e) => return Some(Err(e)),
                };
                if t {
                    value.clone()
                } else {
                    arg?.clone()
                }
            }
            DefaultIfNone => match value {
                Value::None => arg?.clone(),
                other => other.clone(),
            },
            Divisibleby => {
                let (a, b) = (py_int(value)?, py_int(arg?)?);
                if b == 0 {
                    return None;
                }
                Value::Bool(a.rem_euclid(b) == 0)
            }
            Escape => {
                if in_safe {
                    safe(text.to_string())
                } else {
                    safe(escape(text))
                }
            }
            ForceEscape => safe(escape(text)),
            Escapejs => safe(escapejs(text)),
            Escapeseq => match value {
                Value::List(items) => {
                    let out: Option<Vec<Value>> =
                        items.iter().map(|v| cond_escape(v).map(safe)).collect();
                    Value::List(Rc::new(out?))
                }
                _ => return None,
            },
            First | Last => match value {
                Value::Str(st) => {
                    let c = if self == First {
                        st.text.chars().next()
                    } else {
                        st.text.chars().last()
                    };
                    s(c.map(String::from).unwrap_or_default())
                }
                Value::List(items) => {
                    let it = if self == First {
                        items.first()
                    } else {
                        items.last()
                    };
                    it.cloned().unwrap_or_else(Value::empty)
                }
                _ => return None,
            },
            Join => {
                let sep = arg_str(arg)?;
                let items: Vec<Value> = match value {
                    Value::List(items) => items.as_ref().clone(),
                    Value::Str(st) => st
                        .text
                        .chars()
                        .map(|c| Value::str(&c.to_string()))
                        .collect(),
                    _ => return None,
                };
                if autoescape {
                    let sep = if sep.safe {
                        sep.text.to_string()
                    } else {
                        escape(&sep.text)
                    };
                    let parts: Option<Vec<String>> = items.iter().map(cond_escape).collect();
                    safe(parts?.join(&sep))
                } else {
                    let mut parts = Vec::new();
                    for it in &items {
                        match it {
                            Value::Str(st) => parts.push(st.text.to_string()),
                            _ => return Some(Ok(value.clone())),
                        }
                    }
                    safe(parts.join(&sep.text))
                }
            }
            Length => match value.len() {
                Ok(n) => Value::Int(n.unwrap_or(0) as i64),
                Err(e) => return Some(Err(e)),
            },
            Linebreaks => {
                let esc = autoescape && !in_safe;
                let v = normalize_newlines(text);
                let mut paras = Vec::new();
                let mut rest = v.as_str();
                // re.split("\n{2,}", value)
                loop {
                    match rest.find("\n\n") {
                        Some(i) => {
                            paras.push(&rest[..i]);
                            let mut j = i;
                            while rest[j..].starts_with('\n') {
                                j += 1;
                            }
                            rest = &rest[j..];
                        }
                        None => {
                            paras.push(rest);
                            break;
                        }
                    }
                }
                let out: Vec<String> = paras
                    .iter()
                    .map(|p| {
                        let p = if esc { escape(p) } else { p.to_string() };
                        format!("<p>{}</p>", p.replace('\n', "<br>"))
                    })
                    .collect();
                safe(out.join("\n\n"))
            }
            Linebreaksbr => {
                let esc = autoescape && !in_safe;
                let v = normalize_newlines(text);
                let v = if esc { escape(&v) } else { v };
                safe(v.replace('\n', "<br>"))
            }
            Linenumbers => {
                let lines: Vec<&str> = text.split('\n').collect();
                let width = lines.len().to_string().len();
                let esc = autoescape && !in_safe;
                let out: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let l = if esc { escape(l) } else { l.to_string() };
                        format!("{:0width$}. {}", i + 1, l, width = width)
                    })
                    .collect();
                safe(out.join("\n"))
            }
            Lower => sf(text.to_lowercase()),
            Upper => sf(text.to_uppercase()),
            MakeList => Value::List(Rc::new(
                text.chars().map(|c| Value::str(&c.to_string())).collect(),
            )),
            Phone2numeric => match value {
                Value::Str(st) => s(phone2numeric(&st.text)),
                _ => return None,
            },
            Pluralize => {
                let a = match arg {
                    None => "s".to_string(),
                    Some(Value::Str(a)) => a.text.to_string(),
                    Some(_) => return None,
                };
                let a = if a.contains(',') { a } else { format!(",{a}") };
                let bits: Vec<&str> = a.split(',').collect();
                if bits.len() > 2 {
                    return Some(Ok(Value::empty()));
                }
                let (one, many) = (bits[0], bits[1]);
                let n: Option<f64> = match value {
                    Value::Int(i) => Some(*i as f64),
                    Value::Float(f) => Some(*f),
                    Value::Bool(b) => Some(*b as i64 as f64),
                    Value::Str(st) => match st.text.trim().parse::<f64>() {
                        Ok(f) if !st.text.contains('_') => Some(f),
                        _ => return Some(Ok(Value::empty())),
                    },
                    Value::List(l) => {
                        return Some(Ok(s(if l.len() == 1 { one } else { many }.into())))
                    }
                    Value::None => return Some(Ok(Value::empty())),
                    _ => return None,
                };
                s(if n == Some(1.0) { one } else { many }.to_string())
            }
            Safe => safe(text.to_string()),
            Safeseq => match value {
                Value::List(items) => {
                    let out: Result<Vec<Value>> = items
                        .iter()
                        .map(|v| match v {
                            Value::Object(_) => Err(super::error::Error::Value(String::new())),
                            v => v.to_str().map(|st| Value::Str(Str::safe(st.text))),
                        })
                        .collect();
                    Value::List(Rc::new(out.ok()?))
                }
                _ => return None,
            },
            Slice => {
                let spec = match arg? {
                    Value::Str(a) => a.text.to_string(),
                    Value::Int(i) => i.to_string(),
                    _ => return None,
                };
                match value {
                    Value::Str(st) => {
                        let chars: Vec<char> = st.text.chars().collect();
                        match py_slice_indices(chars.len(), &spec) {
                            Some(idx) => s(idx.into_iter().map(|i| chars[i]).collect()),
                            None => value.clone(),
                        }
                    }
                    Value::List(items) => match py_slice_indices(items.len(), &spec) {
                        Some(idx) => Value::List(Rc::new(
                            idx.into_iter().map(|i| items[i].clone()).collect(),
                        )),
                        None => value.clone(),
                    },
                    _ => return None,
                }
            }
            Title => sf(py_title(text)),
            Date | Time => return self.date_filter(value, arg, host),
            Floatformat => return floatformat(value, arg, host),
            Filesizeformat => return filesizeformat(value, host),
            Timesince | Timeuntil => return timesince_filter(self == Timeuntil, value, arg, host),
            Random => match value {
                // random.choice(seq): IndexError on an empty sequence gives "".
                Value::List(items) if items.is_empty() => Value::empty(),
                Value::List(items) => match host.random_index(items.len()) {
                    Ok(i) => items.get(i)?.clone(),
                    Err(e) => return Some(Err(e)),
                },
                Value::Str(st) if st.text.is_empty() => Value::empty(),
                Value::Str(st) => {
                    let chars: Vec<char> = st.text.chars().collect();
                    match host.random_index(chars.len()) {
                        Ok(i) => Value::str(&chars.get(i)?.to_string()),
                        Err(e) => return Some(Err(e)),
                    }
                }
                _ => return None,
            },
            Dictsort | Dictsortreversed => {
                let key = arg_str(arg)?;
                let items = sequence_items(value)?;
                Value::List(Rc::new(dictsort(
                    items,
                    &key.text,
                    self == Dictsortreversed,
                )?))
            }
            JsonScript => {
                // django.utils.html.json_script with DjangoJSONEncoder.
                let json = json::dumps(value)?
                    .replace('>', "\\u003E")
                    .replace('<', "\\u003C")
                    .replace('&', "\\u0026");
                match arg {
                    None => safe(format!("<script type=\"application/json\">{json}</script>")),
                    Some(Value::Str(id)) if id.text.is_empty() => {
                        safe(format!("<script type=\"application/json\">{json}</script>"))
                    }
                    Some(Value::Str(id)) => {
                        let id = if id.safe {
                            id.text.to_string()
                        } else {
                            escape(&id.text)
                        };
                        safe(format!(
                            "<script id=\"{id}\" type=\"application/json\">{json}</script>"
                        ))
                    }
                    Some(_) => return None,
                }
            }
            GetDigit => {
                // int(arg), int(value); ValueError returns the value; TypeError is Python's.
                let n = match arg? {
                    Value::Int(i) => *i,
                    Value::Str(a) => match a.text.trim().parse::<i64>() {
                        Ok(i) => i,
                        Err(_) => return Some(Ok(value.clone())),
                    },
                    _ => return None,
                };
                let v = match value {
                    Value::Int(i) => *i,
                    Value::Str(st) => match st.text.trim().parse::<i64>() {
                        Ok(i) if !st.text.contains('_') => i,
                        _ if !st.text.contains('_') => return Some(Ok(value.clone())),
                        _ => return None,
                    },
                    _ => return None,
                };
                if v < 0 {
                    return None; // str(-12)[-3] is "-": Python raises
                }
                if n < 1 {
                    return Some(Ok(value.clone()));
                }
                let digits = v.to_string();
                match usize::try_from(n).ok().filter(|&n| n <= digits.len()) {
                    Some(n) => Value::Int(i64::from(digits.as_bytes()[digits.len() - n] - b'0')),
                    None => Value::Int(0),
                }
            }
            Iriencode => sf(urlquote(text, "/#%[]=:;$&()+,!?*@'~")),
            // strip_tags only loops while the text has both '<' and '>'.
            Striptags if !(text.contains('<') && text.contains('>')) => sf(text.to_string()),
            Striptags => return None,
            UnorderedList => {
                let items = sequence_items(value)?;
                safe(list_formatter(&items, 1, autoescape)?)
            }
            Slugify => {
                if !text.is_ascii() {
                    return None; // NFKD + ASCII folding: leave to Python
                }
                sf(slugify_ascii(text))
            }
            Stringformat => {
                let spec = arg_str(arg)?;
                match printf(&spec.text, value) {
                    Some(Ok(out)) => s(out),
                    Some(Err(())) => s(String::new()), // ValueError/TypeError -> ""
                    None => return None,
                }
            }
            Truncatechars => {
                let n = py_int(arg?)?;
                if n <= 0 {
                    return Some(Ok(sf(String::new())));
                }
                if !text.chars().all(nfc_stable) {
                    return None;
                }
                let fmt = match host.truncation_format() {
                    Ok(f) => f,
                    Err(e) => return Some(Err(e)),
                };
                sf(truncate_chars(text, n as usize, &fmt)?)
            }
            Truncatewords => {
                let n = py_int(arg?)?;
                if n <= 0 {
                    return Some(Ok(sf(String::new())));
                }
                let words: Vec<&str> = pystr::split(text).collect();
                if words.len() > n as usize {
                    sf(add_truncation_text(&words[..n as usize].join(" "), " …")?)
                } else {
                    sf(words.join(" "))
                }
            }
            Urlencode => {
                let safe_chars = match arg {
                    None => "/".to_string(),
                    Some(Value::Str(a)) => a.text.to_string(),
                    Some(_) => return None,
                };
                s(urlquote(text, &safe_chars))
            }
            Wordcount => Value::Int(pystr::split(text).count() as i64),
            Wordwrap => {
                // int(arg); a width below 1 makes textwrap raise: Python's error.
                let w = py_int(arg?)?;
                if w < 1 {
                    return None;
                }
                sf(pystr::wrap(text, w as usize))
            }
            Yesno => {
                let a = arg_str(arg)?;
                let bits: Vec<&str> = a.text.split(',').collect();
                if bits.len() < 2 {
                    return Some(Ok(value.clone()));
                }
                let (yes, no, maybe) = if bits.len() == 3 {
                    (bits[0], bits[1], bits[2])
                } else {
                    (bits[0], bits[1], bits[1])
                };
                let pick = match value {
                    Value::None => maybe,
                    v => match v.truthy() {
                        Ok(true) => yes,
                        Ok(false) => no,
                        Err(e) => return Some(Err(e)),
                    },
                };
                s(pick.to_string())
            }
        };
        Some(Ok(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: &str, v: Value, a: Option<Value>) -> String {
        let host = crate::template::tests::host();
        let out = NativeFilter::from_name(f)
            .unwrap()
            .apply(&v, a.as_ref(), true, &host)
            .unwrap()
            .unwrap();
        format!(
            "{}{}",
            if out.is_safe_str() { "safe:" } else { "" },
            out.to_str().unwrap().text
        )
    }

    #[test]
    fn string_filters() {
        assert_eq!(run("upper", Value::safe("<a>"), None), "<A>");
        assert_eq!(run("lower", Value::safe("<A>"), None), "safe:<a>");
        assert_eq!(
            run("title", Value::str("joe's 1st bOOK"), None),
            "Joe's 1st Book"
        );
        assert_eq!(
            run("center", Value::str("ab"), Some(Value::str("5"))),
            "  ab "
        );
        assert_eq!(run("capfirst", Value::str("élan"), None), "Élan");
        assert_eq!(
            run("escapejs", Value::str("a'b\n"), None),
            "safe:a\\u0027b\\u000A"
        );
        assert_eq!(run("urlencode", Value::str("a b/é"), None), "a%20b/%C3%A9");
    }

    #[test]
    fn list_filters() {
        let l = Value::List(Rc::new(vec![
            Value::str("<a>"),
            Value::Int(2),
            Value::safe("<b>"),
        ]));
        assert_eq!(
            run("join", l.clone(), Some(Value::safe(", "))),
            "safe:&lt;a&gt;, 2, <b>"
        );
        assert_eq!(run("length", l.clone(), None), "3");
        assert_eq!(
            run("slice", l.clone(), Some(Value::safe("::-1"))),
            "[<b>, 2, <a>]"
                .replace("<b>", "'<b>'")
                .replace("<a>", "'<a>'")
        );
        assert_eq!(
            run("slice", Value::str("abcdef"), Some(Value::safe("1:-1:2"))),
            "bd"
        );
        assert_eq!(run("pluralize", Value::Int(1), None), "");
        assert_eq!(
            run("pluralize", Value::Int(2), Some(Value::safe("y,ies"))),
            "ies"
        );
        assert_eq!(run("yesno", Value::None, Some(Value::safe("y,n"))), "n");
        assert_eq!(
            run("truncatechars", Value::str("abcdef"), Some(Value::Int(4))),
            "abc…"
        );
        assert_eq!(
            run("truncatechars", Value::str("abcd"), Some(Value::Int(4))),
            "abcd"
        );
        assert_eq!(
            run(
                "truncatewords",
                Value::str("a  b\nc d"),
                Some(Value::Int(2))
            ),
            "a b …"
        );
    }

    #[test]
    fn linebreaks_like_django() {
        assert_eq!(
            run("linebreaks", Value::str("a\nb\n\n\nc<"), None),
            "safe:<p>a<br>b</p>\n\n<p>c&lt;</p>"
        );
    }
}
