//! The per-filter dispatch: which native implementation runs for each filter, and
//! on which inputs (the rest go to Django's own function).

use super::*;

impl NativeFilter {
    pub(super) fn apply_inner(
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
                            Value::Object(_) => {
                                Err(crate::template::error::Error::Value(String::new()))
                            }
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
            Striptags => sf(html::strip_tags(text)?),
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
            TruncatecharsHtml | TruncatewordsHtml => {
                let n = py_int(arg?)?;
                if n <= 0 {
                    return Some(Ok(sf(String::new())));
                }
                let (unit, replacement) = if self == TruncatecharsHtml {
                    if !text.chars().all(nfc_stable) {
                        return None; // Django normalises to NFC first
                    }
                    let fmt = match host.truncation_format() {
                        Ok(f) => f,
                        Err(e) => return Some(Err(e)),
                    };
                    if !fmt.chars().all(nfc_stable) {
                        return None;
                    }
                    (html::Unit::Chars, fmt)
                } else {
                    (html::Unit::Words, " …".to_string())
                };
                sf(html::truncate_html(text, n as usize, unit, &replacement)?)
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
            Pprint => {
                // pformat(value): the repr, unless it is wider than 80 columns (then
                // pprint wraps strings and containers: Python's business).
                let rep = match value {
                    Value::None => "None".to_string(),
                    Value::Bool(b) => (if *b { "True" } else { "False" }).to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => crate::template::value::py_float_repr(*f),
                    Value::Str(st) => {
                        let rep = pystr::repr(&st.text)?;
                        if rep.chars().count() > 80 {
                            return None;
                        }
                        rep
                    }
                    _ => return None,
                };
                if value.is_safe_str() {
                    safe(rep)
                } else {
                    s(rep)
                }
            }
            Urlize => safe(urlize::urlize(text, in_safe, None, autoescape)?),
            Urlizetrunc => {
                let limit = py_int(arg?)?;
                safe(urlize::urlize(text, in_safe, Some(limit), autoescape)?)
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
