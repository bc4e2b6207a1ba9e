//! The renderer: walks compiled nodes with a scope stack over the host's context,
//! reading host values lazily, path by path.

use super::ast::*;
use super::error::{Error, Result, Span};
use super::escape::escape_into;
use super::host::{Cmp, RenderHost};
use super::ifexpr::{IfExpr, Op};
use super::pystr;
use super::scope::Scopes;
use super::value::{intern, Group, Key, LoopInfo, Str, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// (name, the template asking, origins to skip) of a template found during a render.
type FoundKey = (Arc<str>, Option<Arc<str>>, Vec<Arc<str>>);

/// Django's `BlockContext`: per block name, the stack of overriding blocks.
#[derive(Default)]
struct BlockContext {
    blocks: HashMap<Arc<str>, Vec<Arc<Block>>>,
}

impl BlockContext {
    fn add_blocks(&mut self, blocks: &[Arc<Block>]) {
        for b in blocks {
            self.blocks
                .entry(b.name.clone())
                .or_default()
                .insert(0, b.clone());
        }
    }
    fn pop(&mut self, name: &str) -> Option<Arc<Block>> {
        self.blocks.get_mut(name).and_then(Vec::pop)
    }
    fn push(&mut self, name: &Arc<str>, b: Arc<Block>) {
        self.blocks.entry(name.clone()).or_default().push(b);
    }
    fn has(&self, name: &str) -> bool {
        self.blocks
            .get(name)
            .map(|v| !v.is_empty())
            .unwrap_or(false)
    }
}

/// Django's `render_context` state for one template render (include isolates it).
#[derive(Default)]
struct Frame {
    cycles: HashMap<usize, usize>,
    ifchanged: HashMap<usize, Vec<Value>>,
    blocks: Option<BlockContext>,
    extends_history: Vec<Arc<str>>,
}

pub struct Renderer<'h> {
    host: &'h dyn RenderHost,
    scopes: Scopes,
    autoescape: bool,
    isolated: bool,
    frames: Vec<Frame>,
    current_name: Vec<Option<Arc<str>>>,
    /// The template owning the nodes being rendered (a block's owner while it renders).
    owners: Vec<Arc<SourceInfo>>,
    /// Templates found by name during this render (Django caches included templates in
    /// `render_context` the same way): (name, asking template, skip list) -> template.
    found: HashMap<FoundKey, Arc<Template>>,
}

/// Render a compiled template against the host's context.
pub fn render(tpl: &Template, host: &dyn RenderHost, autoescape: bool) -> Result<String> {
    let mut r = Renderer {
        host,
        scopes: Scopes::new(Vec::new()),
        autoescape,
        isolated: false,
        frames: vec![Frame::default()],
        current_name: vec![tpl.name.clone()],
        owners: vec![tpl.info.clone()],
        found: HashMap::new(),
    };
    // Most pages render to a small multiple of their source: avoid regrowing.
    let mut out = String::with_capacity(tpl.info.source.len() * 2 + 256);
    r.render_nodes(&tpl.nodes, &mut out)?;
    Ok(out)
}

fn py_eq(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    Some(match (a, b) {
        (None, None) => true,
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y,
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*x as i64) == *y,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Str(x), Str(y)) => x.text == y.text,
        (List(x), List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !py_eq(p, q)? {
                    return Some(false);
                }
            }
            true
        }
        (Object(_), _) | (_, Object(_)) => return Option::None,
        (Loop(_), _) | (_, Loop(_)) | (Group(_), _) | (_, Group(_)) => return Option::None,
        _ => false,
    })
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// Python ordering for values Rust owns; `Err` for TypeError, `None` to ask the host.
fn py_cmp(a: &Value, b: &Value) -> Option<std::result::Result<std::cmp::Ordering, ()>> {
    if matches!(a, Value::Object(_)) || matches!(b, Value::Object(_)) {
        return None;
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Some(x.partial_cmp(&y).ok_or(()));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(Ok(x.text.cmp(&y.text))),
        (Value::List(_), Value::List(_)) => None,
        _ => Some(Err(())),
    }
}

fn strip_spaces_between_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('>') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() && trimmed.starts_with('<') {
            rest = trimmed;
        }
    }
    out.push_str(rest);
    out
}

impl Renderer<'_> {
    // ----- scopes ---------------------------------------------------------------

    fn push(&mut self, scope: impl IntoIterator<Item = (Arc<str>, Value)>) {
        self.scopes.push(scope);
    }
    fn pop(&mut self) {
        self.scopes.pop();
    }

    /// `context[key] = value`: the top scope (and, at the top level, the caller's dict).
    fn set(&mut self, key: &Arc<str>, value: Value) -> Result<()> {
        if self.scopes.depth() == 1 && !self.isolated {
            self.host.assign_root(key, &value)?;
        }
        self.set_local(key, value);
        Ok(())
    }

    fn set_local(&mut self, key: &Arc<str>, value: Value) {
        self.scopes.set_top(key, value);
    }

    /// `context.set_upward(key, value)`: where the name is bound, else the top scope
    /// (or the bottom one when only the host's context has it).
    fn set_upward(&mut self, key: &Arc<str>, value: Value) -> Result<()> {
        match self.scopes.set_existing(key, value.clone()) {
            Some(0) if !self.isolated => self.host.assign_root(key, &value),
            Some(_) => Ok(()),
            None => {
                let depth = self.scopes.depth();
                if !self.isolated
                    && depth > 1
                    && self.host.lookup_root(&Key::new(key.clone()))?.is_some()
                {
                    self.host.assign_root(key, &value)?;
                    self.scopes.set_bottom(key, value);
                    Ok(())
                } else {
                    self.set(key, value)
                }
            }
        }
    }

    /// A name in the engine's scopes.
    fn lookup_local(&self, name: &str) -> Option<&Value> {
        self.scopes.get(name)
    }

    fn lookup_name(&self, name: &Key) -> Result<Option<Value>> {
        if let Some(v) = self.lookup_local(&name.text) {
            return Ok(Some(v.clone()));
        }
        if !self.isolated {
            if let Some(v) = self.host.lookup_root(name)? {
                return Ok(Some(v));
            }
        }
        Ok(match &*name.text {
            "True" => Some(Value::Bool(true)),
            "False" => Some(Value::Bool(false)),
            "None" => Some(Value::None),
            _ => None,
        })
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("a frame")
    }

    // ----- variables ------------------------------------------------------------

    fn lookup_attr(&mut self, cur: &Value, key: &Key) -> Result<Option<Value>> {
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
    fn host_lookup(&self, v: &Value, bit: &Key) -> Result<Option<Value>> {
        if matches!(v, Value::None) {
            return Ok(None);
        }
        self.host.lookup_value(v, bit)
    }

    fn resolve_lookup(&mut self, lk: &Lookup) -> Result<Option<Value>> {
        let Some(mut cur) = self.lookup_name(&lk.bits[0])? else {
            return Ok(None);
        };
        for bit in &lk.bits[1..] {
            match self.lookup_attr(&cur, bit)? {
                Some(v) => cur = v,
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    fn literal(&self, l: &Literal) -> Result<Value> {
        Ok(match l {
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::Str(s) => Value::Str(Str::safe(s.clone())),
            Literal::Trans(s) => self.host.translate(&s.replace('%', "%%"))?,
        })
    }

    /// Django's `FilterExpression.resolve`.
    fn resolve(&mut self, e: &FilterExpr, ignore_failures: bool) -> Result<Value> {
        self.resolve_with(e, ignore_failures, |_, v| Ok(v))
    }

    /// `resolve`, with `base` applied to the base value before the filters (Django's
    /// `Variable.translate` hook); a missing variable skips it.
    fn resolve_with(
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
                None => {
                    let sii = self.host.string_if_invalid();
                    if !sii.is_empty() {
                        return Ok(Value::str(&sii.replacen("%s", &lk.raw, 1)));
                    }
                    Value::empty()
                }
            },
        };
        self.apply_filters(e, obj)
    }

    fn apply_filters(&mut self, e: &FilterExpr, mut obj: Value) -> Result<Value> {
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

    fn apply_filter(&mut self, f: &FilterCall, obj: &Value, arg: Option<&Value>) -> Result<Value> {
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
    fn write_value(&mut self, out: &mut String, v: &Value) -> Result<()> {
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

    // ----- if -------------------------------------------------------------------

    fn eval(&mut self, e: &IfExpr) -> Result<Value> {
        match e {
            IfExpr::Literal(fe) => self.resolve(fe, true),
            IfExpr::Not(x) => Ok(Value::Bool(match self.eval(x).and_then(|v| v.truthy()) {
                Ok(t) => !t,
                Err(Error::Host(_)) | Err(_) => false,
            })),
            IfExpr::Binary(op, a, b) => Ok(Value::Bool(self.eval_op(*op, a, b).unwrap_or(false))),
        }
    }

    fn eval_op(&mut self, op: Op, a: &IfExpr, b: &IfExpr) -> Result<bool> {
        match op {
            Op::Or => {
                if self.eval(a)?.truthy()? {
                    return Ok(true);
                }
                self.eval(b)?.truthy()
            }
            Op::And => {
                if !self.eval(a)?.truthy()? {
                    return Ok(false);
                }
                self.eval(b)?.truthy()
            }
            _ => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                self.compare(op, &x, &y)
            }
        }
    }

    fn compare(&mut self, op: Op, x: &Value, y: &Value) -> Result<bool> {
        use std::cmp::Ordering::*;
        let host_cmp = |c: Cmp| self.host.compare(c, x, y);
        match op {
            Op::Eq | Op::Ne => {
                let eq = match py_eq(x, y) {
                    Some(b) => b,
                    None => host_cmp(Cmp::Eq)?,
                };
                Ok(if op == Op::Eq { eq } else { !eq })
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let c = match op {
                    Op::Lt => Cmp::Lt,
                    Op::Le => Cmp::Le,
                    Op::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                match py_cmp(x, y) {
                    None => host_cmp(c),
                    Some(Err(())) => Err(Error::Value("unorderable".into())),
                    Some(Ok(o)) => Ok(match c {
                        Cmp::Lt => o == Less,
                        Cmp::Le => o != Greater,
                        Cmp::Gt => o == Greater,
                        _ => o != Less,
                    }),
                }
            }
            Op::In | Op::NotIn => {
                let r = match (x, y) {
                    (Value::Str(a), Value::Str(b)) => b.text.contains(&*a.text),
                    (_, Value::List(items)) => {
                        let mut found = false;
                        for it in items.iter() {
                            let eq = match py_eq(x, it) {
                                Some(b) => b,
                                None => self.host.compare(Cmp::Eq, x, it)?,
                            };
                            if eq {
                                found = true;
                                break;
                            }
                        }
                        found
                    }
                    (_, Value::Object(_)) | (Value::Object(_), Value::Str(_)) => {
                        self.host.compare(Cmp::In, x, y)?
                    }
                    _ => return Err(Error::Value("argument is not iterable".into())),
                };
                Ok(if op == Op::In { r } else { !r })
            }
            Op::Is | Op::IsNot => {
                let r = match (x, y) {
                    (Value::None, Value::None) => true,
                    (Value::Bool(a), Value::Bool(b)) => a == b,
                    // CPython caches small ints, the empty string and one-character
                    // Latin-1 strings, so equal ones are identical ('a'[0] is 'a').
                    (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
                    (Value::Str(a), Value::Str(b)) => {
                        a.text == b.text && {
                            let mut chars = a.text.chars();
                            match (chars.next(), chars.next()) {
                                (None, _) => true,
                                (Some(c), None) => (c as u32) < 256,
                                _ => false,
                            }
                        }
                    }
                    (Value::Object(_), Value::Object(_)) => self.host.compare(Cmp::Is, x, y)?,
                    _ => false,
                };
                Ok(if op == Op::Is { r } else { !r })
            }
            Op::Not | Op::Or | Op::And => unreachable!("handled by eval_op"),
        }
    }

    // ----- nodes ----------------------------------------------------------------

    fn render_nodes(&mut self, nodes: &[Spanned], out: &mut String) -> Result<()> {
        for n in nodes {
            if let Err(e) = self.render_node(&n.node, out) {
                return Err(self.locate(e, n.span));
            }
        }
        Ok(())
    }

    /// Attach the failing node's position (once: the innermost node wins, as in Django).
    fn locate(&self, e: Error, span: Span) -> Error {
        if matches!(e, Error::Located { .. }) {
            return e;
        }
        let owner = self.owners.last().expect("an owner");
        Error::Located {
            error: Box::new(e),
            span,
            origin: owner.origin.clone(),
            template_source: owner.source.clone(),
        }
    }

    fn render_node(&mut self, node: &Node, out: &mut String) -> Result<()> {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Var(e) => {
                let v = self.resolve(e, false)?;
                self.write_value(out, &v)?;
            }
            Node::If(branches) => {
                for (cond, body) in branches {
                    let matched = match cond {
                        None => true,
                        Some(c) => match self.eval(c) {
                            Ok(v) => v.truthy()?,
                            Err(Error::VariableDoesNotExist(_)) => false,
                            Err(e) => return Err(e),
                        },
                    };
                    if matched {
                        return self.render_nodes(body, out);
                    }
                }
            }
            Node::For(f) => self.render_for(f, out)?,
            Node::With(vars, body) => {
                let mut scope = Vec::with_capacity(vars.len());
                for (k, e) in vars {
                    scope.push((k.clone(), self.resolve(e, false)?));
                }
                self.push(scope);
                let r = self.render_nodes(body, out);
                self.pop();
                r?;
            }
            Node::Block(b) => self.render_block(b, out)?,
            Node::Extends(parent, blocks) => self.render_extends(parent, blocks, out)?,
            Node::Include(inc) => self.render_include(inc, out)?,
            Node::Autoescape(on, body) => {
                let old = self.autoescape;
                self.autoescape = *on;
                let r = self.render_nodes(body, out);
                self.autoescape = old;
                r?;
            }
            Node::Spaceless(body) => {
                let mut buf = String::new();
                self.render_nodes(body, &mut buf)?;
                out.push_str(&strip_spaces_between_tags(buf.trim()));
            }
            Node::Filter(expr, body) => {
                let mut buf = String::new();
                self.render_nodes(body, &mut buf)?;
                self.push(vec![(Arc::from("var"), Value::safe(&buf))]);
                let r = self.resolve(expr, false);
                self.pop();
                out.push_str(&r?.to_str()?.text);
            }
            Node::Cycle(c) => {
                let idx = {
                    let slot = self.frame().cycles.entry(c.id).or_insert(0);
                    let i = *slot;
                    *slot = (i + 1) % c.values.len();
                    i
                };
                let v = self.resolve(&c.values[idx], false)?;
                if let Some(var) = &c.var {
                    self.set_upward(var, v.clone())?;
                }
                if !c.silent {
                    self.write_value(out, &v)?;
                }
            }
            Node::ResetCycle(nodes) => {
                for c in nodes {
                    self.frame().cycles.remove(&c.id);
                }
            }
            Node::Firstof(exprs, asvar) => {
                let mut first = String::new();
                for e in exprs {
                    let v = self.resolve(e, true)?;
                    if v.truthy()? {
                        self.write_value(&mut first, &v)?;
                        break;
                    }
                }
                match asvar {
                    Some(var) => {
                        let v = Value::Str(Str {
                            text: first.into(),
                            safe: self.autoescape,
                        });
                        self.set(var, v)?
                    }
                    None => out.push_str(&first),
                }
            }
            Node::IfChanged {
                id,
                exprs,
                body,
                else_body,
            } => self.render_ifchanged(*id, exprs, body, else_body, out)?,
            Node::Regroup { target, by, var } => self.render_regroup(target, by, var)?,
            Node::WidthRatio {
                value,
                max,
                width,
                asvar,
            } => {
                let result = self.widthratio(value, max, width)?;
                match asvar {
                    Some(var) => self.set(var, Value::str(&result))?,
                    None => out.push_str(&result),
                }
            }
            Node::Csrf => {
                if let Some(tok) = self.lookup_name(&Key::new(Arc::from("csrf_token")))? {
                    if tok.truthy()? {
                        let t = tok.to_str()?;
                        if &*t.text != "NOTPROVIDED" {
                            out.push_str(
                                "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"",
                            );
                            if t.safe {
                                out.push_str(&t.text)
                            } else {
                                escape_into(out, &t.text)
                            }
                            out.push_str("\">");
                        }
                    }
                }
            }
            Node::Url(u) => {
                let args = u
                    .args
                    .iter()
                    .map(|a| self.resolve(a, false))
                    .collect::<Result<Vec<_>>>()?;
                let mut kwargs = Vec::with_capacity(u.kwargs.len());
                for (k, e) in &u.kwargs {
                    kwargs.push((k.clone(), self.resolve(e, false)?));
                }
                let view = self.resolve(&u.view, false)?;
                let url = self
                    .host
                    .reverse(&view, &args, &kwargs, u.asvar.is_some())?;
                let url = url.unwrap_or_default();
                match &u.asvar {
                    Some(var) => self.set(var, Value::str(&url))?,
                    None if self.autoescape => escape_into(out, &url),
                    None => out.push_str(&url),
                }
            }
            Node::Static(path, var) => {
                let p = self.resolve(path, false)?;
                let url = self.host.static_url(&p)?;
                let mut s = String::new();
                if self.autoescape {
                    escape_into(&mut s, &url)
                } else {
                    s = url
                }
                match var {
                    Some(var) => {
                        let v = Value::Str(Str {
                            text: s.into(),
                            safe: self.autoescape,
                        });
                        self.set(var, v)?
                    }
                    None => out.push_str(&s),
                }
            }
            Node::Translate(t) => self.render_translate(t, out)?,
            Node::BlockTranslate(b) => self.render_blocktranslate(b, out)?,
            Node::Cache(c) => self.render_cache(c, out)?,
            Node::Override { kind, value, body } => {
                let v = match (kind, value) {
                    (_, Some(e)) => self.resolve(e, false)?,
                    (OverrideKind::UseL10n(on) | OverrideKind::UseTz(on), None) => Value::Bool(*on),
                    _ => Value::None,
                };
                let handle = self.host.enter_override(kind.name(), &v)?;
                let r = self.render_nodes(body, out);
                self.host.exit_override(handle)?;
                r?;
            }
            Node::Lorem {
                count,
                method,
                common,
            } => {
                let n = self.resolve(count, false)?;
                out.push_str(&self.host.lorem(&n, *method, *common)?);
            }
            Node::Debug => {
                let text = self.host.debug(self.scopes.all(), self.isolated)?;
                out.push_str(&text);
            }
            Node::CurrentTimezone(var) => {
                let name = self.host.current_timezone_name()?;
                self.set(var, name)?;
            }
            Node::I18nValue { kind, arg, var } => {
                let arg = match arg {
                    Some(a) => Some(self.resolve(a, false)?),
                    None => None,
                };
                let v = self.host.i18n_value(kind, arg.as_ref())?;
                self.set(var, v)?;
            }
            Node::Prefix { setting, var } => {
                let prefix = self.host.prefix(setting)?;
                match var {
                    Some(var) => self.set(var, Value::str(&prefix))?,
                    None => out.push_str(&prefix),
                }
            }
            Node::CurrentLanguage { var, bidi } => {
                let v = self.host.current_language(*bidi)?;
                self.set(var, v)?;
            }
            Node::Now(fmt, asvar) => {
                let s = self.host.now(fmt)?;
                match asvar {
                    Some(var) => self.set(var, Value::str(&s))?,
                    None => out.push_str(&s),
                }
            }
            Node::SimpleTag(t) => self.render_simple_tag(t, out)?,
            Node::Foreign(handle, _span) => {
                let (text, assigned) = self.host.render_foreign(
                    handle,
                    self.scopes.all(),
                    self.autoescape,
                    self.isolated,
                )?;
                out.push_str(&text);
                for (k, v) in assigned {
                    // Django's node already wrote the caller's dict: keep Rust's view.
                    self.set_local(&Arc::from(k.as_str()), v);
                }
            }
        }
        Ok(())
    }

    /// Django's `TranslateNode.render`.
    fn render_translate(&mut self, t: &TranslateNode, out: &mut String) -> Result<()> {
        let context = match &t.context {
            Some(c) => Some(self.resolve(c, false)?),
            None => None,
        };
        let noop = t.noop;
        let value = self.resolve_with(&t.message, false, |r, v| {
            if noop {
                Ok(v)
            } else {
                r.host.translate_message(&v, context.as_ref())
            }
        })?;
        let mut text = String::new();
        self.write_value(&mut text, &value)?;
        // render_value_in_context gives a SafeString when autoescaping.
        let safe = self.autoescape || value.is_safe_str();
        let text = text.replace("%%", "%");
        match &t.asvar {
            Some(var) => self.set(
                var,
                Value::Str(Str {
                    text: text.into(),
                    safe,
                }),
            ),
            None => {
                out.push_str(&text);
                Ok(())
            }
        }
    }

    /// Django's `BlockTranslateNode.render`.
    fn render_blocktranslate(&mut self, b: &BlockTranslateNode, out: &mut String) -> Result<()> {
        let context = match &b.context {
            Some(c) => Some(self.resolve(c, false)?),
            None => None,
        };
        let mut extra = Vec::with_capacity(b.extra.len());
        for (k, e) in &b.extra {
            extra.push((k.clone(), self.resolve(e, false)?));
        }
        self.push(extra);
        let prepared = self.blocktranslate_in_scope(b, context.as_ref());
        self.pop();
        let (translated, data, count) = prepared?;
        let translate = |untranslated: bool| {
            let (plural, countervar) = match &b.count {
                Some((name, _)) => (Some(b.plural.as_str()), Some(&**name)),
                None => (None, None),
            };
            self.host.block_translate(
                &b.tag,
                &b.singular,
                plural,
                countervar,
                count.as_ref(),
                context.as_ref(),
                untranslated,
            )
        };
        let format = |text: &str| -> Result<Option<String>> {
            match pystr::percent_format(text, &data) {
                Ok(s) => Ok(Some(s)),
                Err(pystr::PercentError::Missing) => Ok(None),
                Err(pystr::PercentError::Unsupported) => self.host.percent_format(text, &data),
            }
        };
        let result = match format(&translated)? {
            Some(s) => s,
            // Django retries with translation off; a second failure is a syntax error.
            None => {
                let untranslated = translate(true)?;
                format(&untranslated)?.ok_or_else(|| {
                    Error::syntax(
                        "template.syntax",
                        format!(
                            "'{}' is unable to format string returned by gettext: {:?}",
                            b.tag, untranslated
                        ),
                    )
                })?
            }
        };
        match &b.asvar {
            Some(var) => self.set(var, Value::Str(Str::safe(result))),
            None => {
                out.push_str(&result);
                Ok(())
            }
        }
    }

    /// The translated message and the rendered placeholder values, with the `with`
    /// values pushed.
    #[allow(clippy::type_complexity)]
    fn blocktranslate_in_scope(
        &mut self,
        b: &BlockTranslateNode,
        context: Option<&Value>,
    ) -> Result<(String, Vec<(Arc<str>, String)>, Option<Value>)> {
        let mut vars: Vec<Arc<str>> = b.singular_vars.clone();
        let count = match &b.count {
            Some((name, e)) => {
                let c = self.resolve(e, false)?;
                vars.extend(b.plural_vars.iter().cloned());
                Some((name.clone(), c))
            }
            None => None,
        };
        let (plural, countervar) = match &count {
            Some((name, _)) => (Some(b.plural.as_str()), Some(name.clone())),
            None => (None, None),
        };
        let translated = self.host.block_translate(
            &b.tag,
            &b.singular,
            plural,
            countervar.as_deref(),
            count.as_ref().map(|(_, c)| c),
            context,
            false,
        )?;
        if let Some((name, c)) = &count {
            self.set_local(name, c.clone());
        }
        let sii = self.host.string_if_invalid().to_string();
        let mut data = Vec::with_capacity(vars.len());
        for v in vars {
            // context[key] when `key in context`, else string_if_invalid.
            let value = match self.lookup_raw(&v)? {
                Some(val) => val,
                None if sii.contains("%s") => Value::str(&sii.replacen("%s", &v, 1)),
                None => Value::str(&sii),
            };
            let mut text = String::new();
            self.write_value(&mut text, &value)?;
            data.push((v, text));
        }
        Ok((translated, data, count.map(|(_, c)| c)))
    }

    /// `context[name]` as Django's `Context.__getitem__` gives it (no callable rules).
    fn lookup_raw(&self, name: &Arc<str>) -> Result<Option<Value>> {
        if let Some(v) = self.scopes.get(name) {
            return Ok(Some(v.clone()));
        }
        if !self.isolated {
            if let Some(v) = self.host.lookup_root_raw(&Key::new(name.clone()))? {
                return Ok(Some(v));
            }
        }
        Ok(match &**name {
            "True" => Some(Value::Bool(true)),
            "False" => Some(Value::Bool(false)),
            "None" => Some(Value::None),
            _ => None,
        })
    }

    /// Django's `SimpleNode.render`, with the arguments resolved here.
    fn render_simple_tag(&mut self, t: &SimpleTagNode, out: &mut String) -> Result<()> {
        let args = t
            .args
            .iter()
            .map(|a| self.resolve(a, false))
            .collect::<Result<Vec<_>>>()?;
        let mut kwargs = Vec::with_capacity(t.kwargs.len());
        for (k, e) in &t.kwargs {
            kwargs.push((k.clone(), self.resolve(e, false)?));
        }
        let (output, assigned) = self.host.call_simple_tag(
            &t.func,
            t.takes_context,
            &args,
            &kwargs,
            self.scopes.all(),
            self.isolated,
        )?;
        for (k, v) in assigned {
            self.set_local(&intern(&k), v);
        }
        if let Some(var) = &t.asvar {
            return self.set(var, output);
        }
        if self.autoescape {
            match &output {
                Value::Str(s) if s.safe => out.push_str(&s.text),
                Value::Str(s) => escape_into(out, &s.text),
                Value::Object(_) => out.push_str(&self.host.conditional_escape(&output)?),
                other => escape_into(out, &other.to_str()?.text),
            }
        } else {
            match &output {
                Value::Str(s) => out.push_str(&s.text),
                // NodeList's "".join() accepts only strings.
                other => {
                    let s = other.to_str()?;
                    if !matches!(other, Value::Object(_)) {
                        return Err(Error::Type(format!(
                            "sequence item 0: expected str instance, {} found",
                            match other {
                                Value::Int(_) => "int",
                                Value::Float(_) => "float",
                                Value::Bool(_) => "bool",
                                Value::None => "NoneType",
                                _ => "object",
                            }
                        )));
                    }
                    out.push_str(&s.text)
                }
            }
        }
        Ok(())
    }

    /// Django's `CacheNode.render`: the fragment from the cache, or rendered and stored.
    fn render_cache(&mut self, c: &CacheNode, out: &mut String) -> Result<()> {
        let unknown = |e: Error, expr: &FilterExpr| match e {
            Error::VariableDoesNotExist(_) => Error::syntax(
                "template.syntax",
                format!("\"cache\" tag got an unknown variable: '{}'", expr.token),
            ),
            other => other,
        };
        let expire = self
            .resolve(&c.expire, false)
            .map_err(|e| unknown(e, &c.expire))?;
        let using = match &c.using {
            Some(u) => Some(self.resolve(u, false).map_err(|e| unknown(e, u))?),
            None => None,
        };
        let vary_on = c
            .vary_on
            .iter()
            .map(|v| self.resolve(v, false))
            .collect::<Result<Vec<_>>>()?;
        let (handle, cached) =
            self.host
                .cache_lookup(&expire, using.as_ref(), &c.fragment, &vary_on)?;
        match cached {
            Some(text) => out.push_str(&text),
            None => {
                let mut text = String::new();
                self.render_nodes(&c.body, &mut text)?;
                self.host.cache_store(&handle, &text)?;
                out.push_str(&text);
            }
        }
        Ok(())
    }

    fn render_for(&mut self, f: &ForNode, out: &mut String) -> Result<()> {
        let parent = self.lookup_local("forloop").cloned();
        let seq = self.resolve(&f.seq, true)?;
        let mut items = match seq {
            Value::None => Vec::new(),
            ref v => v
                .iterate()?
                .ok_or_else(|| Error::Type(format!("'{}' object is not iterable", f.seq.token)))?,
        };
        if items.is_empty() {
            if let Some(empty) = &f.empty {
                self.push(Vec::new());
                let r = self.render_nodes(empty, out);
                self.pop();
                r?;
            }
            return Ok(());
        }
        if f.reversed {
            items.reverse();
        }
        let len = items.len();
        let unpack = f.loopvars.len() > 1;
        let ifchanged = Rc::new(RefCell::new(Vec::new()));
        let forloop: Arc<str> = Arc::from("forloop");
        let info = Rc::new(LoopInfo {
            counter0: Cell::new(0),
            len,
            parent,
            ifchanged,
        });
        self.push(vec![(forloop, Value::Loop(info.clone()))]);
        let result = (|| -> Result<()> {
            for (i, item) in items.into_iter().enumerate() {
                info.counter0.set(i);
                if unpack {
                    let parts = match item.iterate()? {
                        Some(p) => p,
                        None => vec![item.clone()],
                    };
                    if parts.len() != f.loopvars.len() {
                        return Err(Error::Value(format!(
                            "Need {} values to unpack in for loop; got {}. ",
                            f.loopvars.len(),
                            parts.len()
                        )));
                    }
                    self.push(f.loopvars.iter().cloned().zip(parts));
                    let r = self.render_nodes(&f.body, out);
                    self.pop();
                    r?;
                } else {
                    self.set_local(&f.loopvars[0], item);
                    self.render_nodes(&f.body, out)?;
                }
            }
            Ok(())
        })();
        self.pop();
        result
    }

    fn render_block(&mut self, b: &Arc<Block>, out: &mut String) -> Result<()> {
        let name = b.name.clone();
        let popped = self.frame().blocks.as_mut().and_then(|bc| bc.pop(&name));
        let block = popped.clone().unwrap_or_else(|| b.clone());
        self.push(vec![(Arc::from("block"), Value::Block(Rc::from(&*name)))]);
        self.owners.push(block.owner.clone());
        let r = self.render_nodes(&block.nodes, out);
        self.owners.pop();
        self.pop();
        if let Some(p) = popped {
            if let Some(bc) = self.frame().blocks.as_mut() {
                bc.push(&name, p);
            }
        }
        r
    }

    fn block_super(&mut self, name: &str) -> Result<Value> {
        // Django: a block rendered outside any inheritance has no `context`.
        if self.frame().blocks.is_none() {
            return Err(Error::syntax(
                "template.block-super-in-base",
                format!(
                    "'BlockNode' object has no attribute 'context'. Did you use {{{{ block.super }}}} in a base template? (block '{name}')"
                ),
            ));
        }
        let has = self
            .frame()
            .blocks
            .as_ref()
            .map(|bc| bc.has(name))
            .unwrap_or(false);
        if !has {
            return Ok(Value::empty());
        }
        let block = self.frame().blocks.as_mut().and_then(|bc| bc.pop(name));
        let mut buf = String::new();
        if let Some(block) = block {
            let name: Arc<str> = block.name.clone();
            self.push(vec![(Arc::from("block"), Value::Block(Rc::from(&*name)))]);
            self.owners.push(block.owner.clone());
            let r = self.render_nodes(&block.nodes, &mut buf);
            self.owners.pop();
            self.pop();
            if let Some(bc) = self.frame().blocks.as_mut() {
                bc.push(&name, block);
            }
            r?;
        }
        Ok(Value::safe(&buf))
    }

    /// `host.get_template`, remembered for the rest of this render when named by a string.
    fn get_template(&mut self, name: &Value, skip: Vec<Arc<str>>) -> Result<Arc<Template>> {
        let current = self.current_name.last().cloned().flatten();
        let Value::Str(s) = name else {
            return self.host.get_template(name, current.as_deref(), &skip);
        };
        let k = (Arc::from(&*s.text), current, skip);
        if let Some(t) = self.found.get(&k) {
            return Ok(t.clone());
        }
        let t = self.host.get_template(name, k.1.as_deref(), &k.2)?;
        self.found.insert(k, t.clone());
        Ok(t)
    }

    fn render_extends(
        &mut self,
        parent: &FilterExpr,
        blocks: &[Arc<Block>],
        out: &mut String,
    ) -> Result<()> {
        let name = self.resolve(parent, false)?;
        if !name.truthy()? {
            let mut msg = format!(
                "Invalid template name in 'extends' tag: {}.",
                super::value::py_repr(&name)?
            );
            if !parent.filters.is_empty() || matches!(parent.base, Operand::Var(_)) {
                msg.push_str(&format!(" Got this from the '{}' variable.", parent.token));
            }
            return Err(Error::syntax("template.bad-extends", msg));
        }
        let current = self.current_name.last().cloned().flatten();
        let history = self.frame().extends_history.clone();
        let tpl = self
            .host
            .get_template(&name, current.as_deref(), &history)?;
        if let Some(origin) = &tpl.origin {
            self.frame().extends_history.push(origin.clone());
        }
        let frame = self.frame();
        let bc = frame.blocks.get_or_insert_with(BlockContext::default);
        bc.add_blocks(blocks);
        let first = tpl.nodes.iter().find(|n| !matches!(n.node, Node::Text(_)));
        if !matches!(first.map(|n| &n.node), Some(Node::Extends(..))) {
            bc.add_blocks(&tpl.blocks);
        }
        self.current_name.push(tpl.name.clone());
        self.owners.push(tpl.info.clone());
        let r = self.render_nodes(&tpl.nodes, out);
        self.owners.pop();
        self.current_name.pop();
        r
    }

    fn render_include(&mut self, inc: &IncludeNode, out: &mut String) -> Result<()> {
        let name = self.resolve(&inc.template, false)?;
        let tpl = self.get_template(&name, Vec::new())?;
        let mut values = Vec::with_capacity(inc.extra.len());
        for (k, e) in &inc.extra {
            values.push((k.clone(), self.resolve(e, false)?));
        }
        let mut frame = Frame::default();
        if let Some(origin) = &tpl.origin {
            frame.extends_history.push(origin.clone());
        }
        self.frames.push(frame);
        self.current_name.push(tpl.name.clone());
        self.owners.push(tpl.info.clone());
        let r = if inc.only {
            let saved = std::mem::replace(&mut self.scopes, Scopes::new(values));
            let was = std::mem::replace(&mut self.isolated, true);
            let r = self.render_nodes(&tpl.nodes, out);
            self.scopes = saved;
            self.isolated = was;
            r
        } else {
            self.push(values);
            let r = self.render_nodes(&tpl.nodes, out);
            self.pop();
            r
        };
        self.owners.pop();
        self.current_name.pop();
        self.frames.pop();
        r
    }

    fn render_ifchanged(
        &mut self,
        id: usize,
        exprs: &[FilterExpr],
        body: &[Spanned],
        else_body: &[Spanned],
        out: &mut String,
    ) -> Result<()> {
        let mut rendered = None;
        let compare_to: Vec<Value> = if exprs.is_empty() {
            let mut buf = String::new();
            self.render_nodes(body, &mut buf)?;
            let v = vec![Value::safe(&buf)];
            rendered = Some(buf);
            v
        } else {
            exprs
                .iter()
                .map(|e| self.resolve(e, true))
                .collect::<Result<Vec<_>>>()?
        };
        let loop_state = match self.lookup_local("forloop") {
            Some(Value::Loop(l)) => Some(l.ifchanged.clone()),
            _ => None,
        };
        let previous: Option<Vec<Value>> = match &loop_state {
            Some(st) => st
                .borrow()
                .iter()
                .find(|(k, _)| *k == id)
                .map(|(_, v)| v.clone()),
            None => self.frame().ifchanged.get(&id).cloned(),
        };
        let changed = match &previous {
            None => true,
            Some(prev) => {
                if prev.len() != compare_to.len() {
                    true
                } else {
                    let mut same = true;
                    for (a, b) in prev.iter().zip(compare_to.iter()) {
                        let eq = match py_eq(a, b) {
                            Some(e) => e,
                            None => self.host.compare(Cmp::Eq, a, b)?,
                        };
                        if !eq {
                            same = false;
                            break;
                        }
                    }
                    !same
                }
            }
        };
        if changed {
            match &loop_state {
                Some(st) => {
                    let mut st = st.borrow_mut();
                    st.retain(|(k, _)| *k != id);
                    st.push((id, compare_to));
                }
                None => {
                    self.frame().ifchanged.insert(id, compare_to);
                }
            }
            match rendered {
                Some(buf) if !buf.is_empty() => out.push_str(&buf),
                _ => self.render_nodes(body, out)?,
            }
        } else {
            self.render_nodes(else_body, out)?;
        }
        Ok(())
    }

    fn render_regroup(
        &mut self,
        target: &FilterExpr,
        by: &FilterExpr,
        var: &Arc<str>,
    ) -> Result<()> {
        let list = self.resolve(target, true)?;
        if matches!(list, Value::None) {
            return self.set(var, Value::List(Rc::new(Vec::new())));
        }
        let items = list
            .iterate()?
            .ok_or_else(|| Error::Type("regroup target is not iterable".into()))?;
        let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
        for item in items {
            self.set(var, item.clone())?;
            let key = self.resolve(by, true)?;
            let same = match groups.last() {
                Some((k, _)) => match py_eq(k, &key) {
                    Some(e) => e,
                    None => self.host.compare(Cmp::Eq, k, &key)?,
                },
                None => false,
            };
            if same {
                groups.last_mut().unwrap().1.push(item);
            } else {
                groups.push((key, vec![item]));
            }
        }
        let value = groups
            .into_iter()
            .map(|(grouper, list)| {
                Value::Group(Rc::new(Group {
                    grouper,
                    list: Value::List(Rc::new(list)),
                }))
            })
            .collect();
        self.set(var, Value::List(Rc::new(value)))
    }

    fn widthratio(
        &mut self,
        value: &FilterExpr,
        max: &FilterExpr,
        width: &FilterExpr,
    ) -> Result<String> {
        let (v, m, w) = match (|| -> Result<(Value, Value, Value)> {
            Ok((
                self.resolve(value, false)?,
                self.resolve(max, false)?,
                self.resolve(width, false)?,
            ))
        })() {
            Ok(t) => t,
            Err(Error::VariableDoesNotExist(_)) => return Ok(String::new()),
            Err(e) => return Err(e),
        };
        let to_float = |v: &Value| -> Option<f64> {
            match v {
                Value::Int(i) => Some(*i as f64),
                Value::Float(f) => Some(*f),
                Value::Bool(b) => Some(*b as i64 as f64),
                Value::Str(s) => s.text.trim().parse::<f64>().ok(),
                Value::Object(_) => v.to_str().ok()?.text.trim().parse::<f64>().ok(),
                _ => None,
            }
        };
        let width = match &w {
            Value::Int(i) => *i as f64,
            Value::Bool(b) => *b as i64 as f64,
            Value::Float(f) if f.is_finite() => f.trunc(),
            Value::Str(s) => match s.text.trim().parse::<i64>() {
                Ok(i) => i as f64,
                Err(_) => {
                    return Err(Error::syntax(
                        "template.syntax",
                        "widthratio final argument must be a number",
                    ))
                }
            },
            _ => {
                return Err(Error::syntax(
                    "template.syntax",
                    "widthratio final argument must be a number",
                ))
            }
        };
        let (Some(v), Some(m)) = (to_float(&v), to_float(&m)) else {
            return Ok(String::new());
        };
        if m == 0.0 {
            return Ok("0".into());
        }
        let ratio = v / m * width;
        if !ratio.is_finite() {
            return Ok(String::new());
        }
        Ok(format!("{}", ratio.round_ties_even() as i64))
    }
}
