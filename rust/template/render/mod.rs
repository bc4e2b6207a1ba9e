//! The renderer: walks compiled nodes with a scope stack over the host's context,
//! reading host values lazily, path by path.

use super::ast::*;
use super::error::{Error, Located, Result, Span};
use super::escape::escape_into;
use super::host::{Cmp, RenderHost};
use super::ifexpr::{IfExpr, Op};
use super::pystr;
use super::scope::Scopes;
use super::value::{intern, Group, Key, Looked, LoopInfo, Str, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;

mod compare;
mod inherit;
mod loops;
mod tags;
mod vars;

use compare::py_eq;

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
    let hint = tpl.output_hint.load(Ordering::Relaxed);
    let mut out = String::with_capacity(hint.max(tpl.info.source.len() * 2 + 256));
    r.render_nodes(&tpl.nodes, &mut out)?;
    tpl.output_hint
        .store(out.len() + out.len() / 8, Ordering::Relaxed);
    Ok(out)
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

/// The names every Django context defines (its bottom dict).
fn builtin(name: &str) -> Option<Value> {
    match name {
        "True" => Some(Value::Bool(true)),
        "False" => Some(Value::Bool(false)),
        "None" => Some(Value::None),
        _ => None,
    }
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
        if matches!(e, Error::Located(_)) {
            return e;
        }
        let owner = self.owners.last().expect("an owner");
        Error::Located(Box::new(Located {
            error: e,
            span,
            origin: owner.origin.clone(),
            template_source: owner.source.clone(),
        }))
    }

    fn render_node(&mut self, node: &Node, out: &mut String) -> Result<()> {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Var(e) => {
                if let (Operand::Var(lk), true) = (&e.base, e.filters.is_empty()) {
                    match &lk.bits[..] {
                        // `{{ name }}` of a local: written from its binding, no copy.
                        [name] => {
                            if let Some(v) = self.lookup_local(&name.text) {
                                return self.write_value(out, v);
                            }
                        }
                        // `{{ item.field }}` of a loop item: a string result goes
                        // straight from the object to the output.
                        [name, field] => {
                            if let Some(Value::Object(o)) = self.lookup_local(&name.text) {
                                let o = o.clone();
                                let sii = self.host.string_if_invalid();
                                match o.lookup_into(field, sii, self.autoescape, out)? {
                                    Looked::Written => return Ok(()),
                                    Looked::Value(Some(v)) => return self.write_value(out, &v),
                                    Looked::Value(None) => {
                                        return match self.invalid(lk) {
                                            Some(v) => self.write_value(out, &v),
                                            None => Ok(()),
                                        };
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
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
                let scope = self.resolve_pairs(vars)?;
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
                let args = self.resolve_all(&u.args)?;
                let kwargs = self.resolve_pairs(&u.kwargs)?;
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
}
