//! Variables: names through the scopes and the context, attribute steps, literals,
//! filter chains, and writing a value out as Django's `render_value_in_context`.

use super::*;

impl Renderer<'_> {
    /// A name in the engine's scopes.
    pub(super) fn lookup_local(&self, name: &str) -> Option<&Value> {
        self.scopes.get(name)
    }

    pub(super) fn lookup_name(&self, name: &Key) -> Result<Option<Value>> {
        if let Some(v) = self.lookup_local(&name.text) {
            return Ok(Some(v.clone()));
        }
        if !self.isolated {
            if let Some(v) = self.host.lookup_root(name)? {
                return Ok(Some(v));
            }
        }
        Ok(builtin(&name.text))
    }

    /// Resolve each expression (Django's `[var.resolve(context) for var in args]`).
    pub(super) fn resolve_all(&mut self, exprs: &[FilterExpr]) -> Result<Vec<Value>> {
        exprs.iter().map(|e| self.resolve(e, false)).collect()
    }

    /// Resolve `name=expression` pairs, in order.
    pub(super) fn resolve_pairs(
        &mut self,
        pairs: &[(Arc<str>, FilterExpr)],
    ) -> Result<Vec<(Arc<str>, Value)>> {
        pairs
            .iter()
            .map(|(k, e)| Ok((k.clone(), self.resolve(e, false)?)))
            .collect()
    }

    pub(super) fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("a frame")
    }

    // ----- variables ------------------------------------------------------------

    pub(super) fn lookup_attr(&mut self, cur: &Value, key: &Key) -> Result<Option<Value>> {
        let bit: &str = &key.text;
        let index = || bit.parse::<i64>().ok();
        Ok(match cur {
            Value::Object(o) => o.lookup(key, self.host.string_if_invalid())?,
            Value::Loop(l) => match bit {
                "counter0" => Some(Value::Int(l.counter0.get() as i64)),
                "counter" => Some(Value::Int(l.counter0.get() as i64 + 1)),
                "revcounter" => Some(Value::Int((l.len - l.counter0.get()) as i64)),
                "revcounter0" => Some(Value::Int((l.len - l.counter0.get() - 1) as i64)),
                "first" => Some(Value::Bool(l.counter0.get() == 0)),
                "last" => Some(Value::Bool(l.counter0.get() + 1 == l.len)),
                "parentloop" => l.parent.clone(),
                _ => None,
            },
            Value::Group(g) => match bit {
                "grouper" | "0" => Some(g.grouper.clone()),
                "list" | "1" => Some(g.list.clone()),
                _ => None,
            },
            Value::Block(name) if bit == "super" => {
                let name = name.clone();
                Some(self.block_super(&name)?)
            }
            Value::List(items) if index().is_some() => {
                let i = index().unwrap();
                let i = if i < 0 { i + items.len() as i64 } else { i };
                usize::try_from(i).ok().and_then(|i| items.get(i).cloned())
            }
            Value::Str(s) if index().is_some() && !s.text.is_empty() => {
                let chars: Vec<char> = s.text.chars().collect();
                let i = index().unwrap();
                let i = if i < 0 { i + chars.len() as i64 } else { i };
                usize::try_from(i)
                    .ok()
                    .and_then(|i| chars.get(i))
                    .map(|c| Value::str(&c.to_string()))
            }
            Value::Block(_) => None,
            // Attributes of Python builtins (e.g. `name.upper`): ask the host.
            other => self.host_lookup(other, key)?,
        })
    }

    /// An attribute of a value Rust owns but Python defines (e.g. `name.upper`).
    pub(super) fn host_lookup(&self, v: &Value, bit: &Key) -> Result<Option<Value>> {
        if matches!(v, Value::None) {
            return Ok(None);
        }
        self.host.lookup_value(v, bit)
    }

    pub(super) fn resolve_lookup(&mut self, lk: &Lookup) -> Result<Option<Value>> {
        let (first, mut rest) = lk.bits.split_first().expect("a lookup has a name");
        let mut cur = match (rest.first(), self.lookup_local(&first.text)) {
            // `item.field` of a loop variable: read through the binding, no copy of it.
            (Some(second), Some(Value::Object(o))) => {
                rest = &rest[1..];
                match o.lookup(second, self.host.string_if_invalid())? {
                    Some(v) => v,
                    None => return Ok(None),
                }
            }
            _ => match self.lookup_name(first)? {
                Some(v) => v,
                None => return Ok(None),
            },
        };
        for bit in rest {
            match self.lookup_attr(&cur, bit)? {
                Some(v) => cur = v,
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    pub(super) fn literal(&self, l: &Literal) -> Result<Value> {
        Ok(match l {
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::Str(s) => Value::Str(Str::safe(s.clone())),
            Literal::Trans(s) => self.host.translate(&s.replace('%', "%%"))?,
        })
    }

    /// Django's `FilterExpression.resolve`.
    /// What a failed lookup renders as: `string_if_invalid` (with `%s` the variable),
    /// or `None` when that setting is empty.
    pub(super) fn invalid(&self, lk: &Lookup) -> Option<Value> {
        let sii = self.host.string_if_invalid();
        (!sii.is_empty()).then(|| Value::str(&sii.replacen("%s", &lk.raw, 1)))
    }

    pub(super) fn resolve(&mut self, e: &FilterExpr, ignore_failures: bool) -> Result<Value> {
        self.resolve_with(e, ignore_failures, |_, v| Ok(v))
    }

    /// `resolve`, with `base` applied to the base value before the filters (Django's
    /// `Variable.translate` hook); a missing variable skips it.
    pub(super) fn resolve_with(
        &mut self,
        e: &FilterExpr,
        ignore_failures: bool,
        base: impl FnOnce(&mut Self, Value) -> Result<Value>,
    ) -> Result<Value> {
        let obj = match &e.base {
            Operand::Lit(l) => {
                let v = self.literal(l)?;
                base(self, v)?
            }
            Operand::Var(lk) => match self.resolve_lookup(lk)? {
                Some(v) => base(self, v)?,
                None if ignore_failures => Value::None,
                None => match self.invalid(lk) {
                    // Django returns string_if_invalid as is, filters not applied.
                    Some(v) => return Ok(v),
                    None => Value::empty(),
                },
            },
        };
        self.apply_filters(e, obj)
    }

    pub(super) fn apply_filters(&mut self, e: &FilterExpr, mut obj: Value) -> Result<Value> {
        for f in &e.filters {
            let arg = match &f.arg {
                None => None,
                Some(Operand::Lit(l)) => Some(match self.literal(l)? {
                    Value::Str(s) => Value::Str(Str::safe(s.text)),
                    other => other,
                }),
                Some(Operand::Var(lk)) => Some(self.resolve_lookup(lk)?.ok_or_else(|| {
                    Error::VariableDoesNotExist(format!(
                        "Failed lookup for key [{}] in {}",
                        lk.bits[0].text, lk.raw
                    ))
                })?),
            };
            obj = self.apply_filter(f, &obj, arg.as_ref())?;
        }
        Ok(obj)
    }

    pub(super) fn apply_filter(
        &mut self,
        f: &FilterCall,
        obj: &Value,
        arg: Option<&Value>,
    ) -> Result<Value> {
        if let Some(nf) = f.native {
            if let Some(r) = nf.apply(obj, arg, self.autoescape, self.host) {
                return r;
            }
        }
        match &f.foreign {
            Some(h) => self.host.call_filter(h, obj, arg, self.autoescape),
            None => Err(Error::Value(format!(
                "filter '{}' has no implementation for this value",
                f.name
            ))),
        }
    }

    /// Django's `render_value_in_context`.
    pub(super) fn write_value(&self, out: &mut String, v: &Value) -> Result<()> {
        match v {
            Value::Str(s) => {
                if self.autoescape && !s.safe {
                    escape_into(out, &s.text)
                } else {
                    out.push_str(&s.text)
                }
            }
            Value::Int(i) if self.host.plain_ints() => {
                use std::fmt::Write;
                let _ = write!(out, "{i}");
            }
            Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
            Value::None => out.push_str("None"),
            Value::Object(_) | Value::Int(_) | Value::Float(_) => {
                out.push_str(&self.host.render_value(v, self.autoescape)?)
            }
            other => {
                let s = other.to_str()?;
                if self.autoescape && !s.safe {
                    escape_into(out, &s.text)
                } else {
                    out.push_str(&s.text)
                }
            }
        }
        Ok(())
    }
}
