//! Sequence helpers of the native filters: slicing, `dictsort`, `unordered_list`.

use super::*;

/// Python slicing of a sequence of `n` items with `str(arg)` like "1:3", "::-1", "2".
pub(super) fn py_slice_indices(n: usize, spec: &str) -> Option<Vec<usize>> {
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

/// The items of a list or an exact Python list/tuple; `None` for anything else.
pub(super) fn sequence_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(items) => Some(items.as_ref().clone()),
        Value::Object(o) => o.as_sequence().ok().flatten().map(|(items, _)| items),
        _ => None,
    }
}

/// Django's `dictsort` for lists of exact dicts that all hold the key path, with keys
/// all numeric (no NaN) or all strings; `None` leaves every other case to Python
/// (attribute fallbacks, mixed types, numeric keys that mean `itemgetter`).
pub(super) fn dictsort(items: Vec<Value>, arg: &str, reverse: bool) -> Option<Vec<Value>> {
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
pub(super) fn list_formatter(items: &[Value], tabs: usize, autoescape: bool) -> Option<String> {
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

/// `conditional_escape(v)` for an item of a list; `None` when a host object is involved.
pub(super) fn cond_escape(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) if s.safe => Some(s.text.to_string()),
        Value::Object(_) => None,
        other => Some(escape(&other.to_str().ok()?.text)),
    }
}
