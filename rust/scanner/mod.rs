//! The template scanner: which variable paths a compiled template reads.
//!
//! A path starts at a context name and goes through attribute steps and iterations:
//! `orders[].customer.name` is the `name` of the `customer` of each item of `orders`.
//! The scanner follows `extends` (child blocks at their place in the parent, the
//! parent's own block content too, for `block.super`), constant `include`s (with
//! `with`/`only`), `with`, `for` (loop variables, `forloop`), filters and their
//! arguments, `regroup`, and every built-in tag. A read is *whole* when the value
//! itself leaves the engine's control: it is printed (`str()` may read anything),
//! handed to a filter or tag implemented in Python, or compared as a Python object.
//! What a template does that cannot be followed (a Django-compiled custom tag, a
//! template named by a variable) is reported as an opaque place: a consumer must then
//! assume any data may be read.

use crate::template::ast::{FilterExpr, Literal, Node, NodeList, Operand, Template};
use crate::template::filters::NativeFilter;
use crate::template::ifexpr::IfExpr;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

#[cfg(test)]
mod tests;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Name(Arc<str>),
    /// Each item of the sequence (`[]`).
    Iter,
}

/// A path from a context name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Seg>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Name(n) if i == 0 => write!(f, "{n}")?,
                Seg::Name(n) => write!(f, ".{n}")?,
                Seg::Iter => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

/// Where in which template something is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    pub template: Option<Arc<str>>,
    pub line: u32,
}

/// A path the template reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Read {
    pub path: Path,
    /// The value itself is used (printed, passed to Python, compared), not only
    /// stepped through.
    pub whole: bool,
    pub place: Place,
}

/// Something the scanner could not follow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Opaque {
    pub reason: String,
    pub place: Place,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub reads: Vec<Read>,
    pub opaque: Vec<Opaque>,
}

/// What the scanner asks of its host: the compiled template a constant name in
/// `extends`/`include` names, if it can be found.
pub trait ScanHost {
    fn template(&self, name: &str, current: Option<&str>) -> Option<Arc<Template>>;
}

/// What a name stands for while scanning.
#[derive(Debug, Clone)]
enum Abs {
    /// Data at this path.
    Path(Path),
    /// The result of `{% regroup path by ... %}`: a list of groups.
    Regroup(Path),
    /// One group of a regroup: `.list` is the sequence, `.grouper` a value.
    Group(Path),
    /// A value the template made itself (forloop, `as` variables): nothing to fetch.
    Local,
}

impl Abs {
    fn step(self, name: &Arc<str>) -> Abs {
        match self {
            Abs::Path(mut p) => {
                p.0.push(Seg::Name(name.clone()));
                Abs::Path(p)
            }
            Abs::Group(p) if matches!(&**name, "list" | "1") => Abs::Path(p),
            _ => Abs::Local,
        }
    }

    fn iterate(self) -> Abs {
        match self {
            Abs::Path(mut p) => {
                p.0.push(Seg::Iter);
                Abs::Path(p)
            }
            Abs::Regroup(p) => Abs::Group(p),
            _ => Abs::Local,
        }
    }
}

struct Scanner<'h> {
    host: &'h dyn ScanHost,
    scopes: Vec<HashMap<Arc<str>, Abs>>,
    /// `include ... only`: names not bound in the include's scope read nothing.
    isolated: Vec<bool>,
    /// Child block overrides, innermost child first, while scanning a parent.
    overrides: Vec<HashMap<Arc<str>, Arc<crate::template::ast::Block>>>,
    /// Templates being scanned (a template including itself stops here).
    stack: Vec<Option<Arc<str>>>,
    line: u32,
    out: Scan,
}

/// The paths `tpl` reads, following extends and includes through `host`.
pub fn scan(tpl: &Template, host: &dyn ScanHost) -> Scan {
    let mut s = Scanner {
        host,
        scopes: vec![HashMap::new()],
        isolated: vec![false],
        overrides: Vec::new(),
        stack: vec![tpl.name.clone()],
        line: 0,
        out: Scan::default(),
    };
    s.nodes(&tpl.nodes);
    let mut seen = std::collections::HashSet::new();
    s.out.reads.retain(|r| seen.insert(r.clone()));
    s.out
        .opaque
        .dedup_by(|a, b| a.reason == b.reason && a.place == b.place);
    s.out
}

/// Filters whose result is one item of their input sequence.
fn picks_item(f: NativeFilter) -> bool {
    matches!(
        f,
        NativeFilter::First | NativeFilter::Last | NativeFilter::Random
    )
}

/// Filters whose result is (part of) their input sequence, items unchanged.
fn keeps_items(f: NativeFilter) -> bool {
    matches!(
        f,
        NativeFilter::Slice | NativeFilter::Dictsort | NativeFilter::Dictsortreversed
    )
}

/// Filters that look at the value only as a whole count or truth.
fn counts_only(f: NativeFilter) -> bool {
    matches!(f, NativeFilter::Length)
}

impl Scanner<'_> {
    fn place(&self) -> Place {
        Place {
            template: self.stack.last().cloned().flatten(),
            line: self.line,
        }
    }

    fn read(&mut self, abs: &Abs, whole: bool) {
        if let Abs::Path(p) = abs {
            if !p.0.is_empty() {
                let place = self.place();
                self.out.reads.push(Read {
                    path: p.clone(),
                    whole,
                    place,
                });
            }
        }
    }

    fn opaque(&mut self, reason: impl Into<String>) {
        let place = self.place();
        self.out.opaque.push(Opaque {
            reason: reason.into(),
            place,
        });
    }

    fn bind(&mut self, name: &Arc<str>, abs: Abs) {
        self.scopes
            .last_mut()
            .expect("a scope")
            .insert(name.clone(), abs);
    }

    fn push(&mut self) {
        self.scopes.push(HashMap::new());
        self.isolated.push(false);
    }

    fn pop(&mut self) {
        self.scopes.pop();
        self.isolated.pop();
    }

    /// What a variable name stands for.
    fn name(&self, name: &Arc<str>) -> Abs {
        for (scope, isolated) in self.scopes.iter().zip(&self.isolated).rev() {
            if let Some(a) = scope.get(name) {
                return a.clone();
            }
            if *isolated {
                return Abs::Local;
            }
        }
        if matches!(&**name, "forloop" | "block" | "True" | "False" | "None") {
            return Abs::Local;
        }
        Abs::Path(Path(vec![Seg::Name(name.clone())]))
    }

    fn operand(&self, op: &Operand) -> Abs {
        match op {
            Operand::Lit(_) => Abs::Local,
            Operand::Var(lk) => {
                let mut abs = self.name(&lk.bits[0].text);
                for bit in &lk.bits[1..] {
                    abs = abs.step(&bit.text);
                }
                abs
            }
        }
    }

    /// The value of a filter expression, recording what its filters read. The
    /// result keeps its path while the filters pass items through unchanged.
    fn expr(&mut self, e: &FilterExpr) -> Abs {
        let mut abs = self.operand(&e.base);
        for f in &e.filters {
            if let Some(arg) = &f.arg {
                let a = self.operand(arg);
                self.read(&a, true);
            }
            match f.native {
                Some(n) if picks_item(n) => abs = abs.iterate(),
                Some(n) if keeps_items(n) => {
                    if matches!(n, NativeFilter::Dictsort | NativeFilter::Dictsortreversed) {
                        // dictsort:"a.b" reads a.b of each item.
                        if let Some(Operand::Lit(Literal::Str(key))) = &f.arg {
                            let mut item = abs.clone().iterate();
                            for bit in key.split('.') {
                                item = item.step(&Arc::from(bit));
                            }
                            self.read(&item, false);
                        }
                    }
                }
                Some(n) if counts_only(n) => {
                    self.read(&abs, false);
                    abs = Abs::Local;
                }
                _ => {
                    // Any other filter converts the value: it is read whole.
                    self.read(&abs, true);
                    abs = Abs::Local;
                }
            }
        }
        abs
    }

    /// An expression whose value is used (printed, compared, passed on).
    fn use_expr(&mut self, e: &FilterExpr, whole: bool) -> Abs {
        let abs = self.expr(e);
        self.read(&abs, whole);
        abs
    }

    fn cond(&mut self, c: &IfExpr) {
        match c {
            IfExpr::Literal(e) => {
                self.use_expr(e, false);
            }
            IfExpr::Not(inner) => self.cond(inner),
            IfExpr::Binary(_, a, b) => {
                self.cond(a);
                self.cond(b);
            }
        }
    }

    fn nodes(&mut self, nodes: &NodeList) {
        for n in nodes {
            self.line = n.span.line;
            self.node(&n.node);
            if matches!(n.node, Node::Extends(..)) {
                return; // the rest of a child template renders only as its blocks
            }
        }
    }

    fn scoped(&mut self, body: &NodeList) {
        self.push();
        self.nodes(body);
        self.pop();
    }

    fn bind_local(&mut self, var: &Option<Arc<str>>) {
        if let Some(v) = var {
            self.bind(v, Abs::Local);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(_) | Node::Csrf | Node::Debug | Node::ResetCycle(_) => {}
            Node::Var(e) => {
                self.use_expr(e, true);
            }
            Node::If(branches) => {
                for (cond, body) in branches {
                    if let Some(c) = cond {
                        self.cond(c);
                    }
                    self.nodes(body);
                }
            }
            Node::For(f) => {
                let seq = self.use_expr(&f.seq, false);
                self.push();
                self.bind(&Arc::from("forloop"), Abs::Local);
                let item = seq.iterate();
                if f.loopvars.len() == 1 {
                    self.bind(&f.loopvars[0], item);
                } else {
                    // Unpacked items: each part is a value of the item.
                    self.read(&item, true);
                    for v in &f.loopvars {
                        self.bind(v, Abs::Local);
                    }
                }
                self.nodes(&f.body);
                self.pop();
                if let Some(empty) = &f.empty {
                    self.scoped(empty);
                }
            }
            Node::With(vars, body) => {
                let values: Vec<Abs> = vars.iter().map(|(_, e)| self.expr(e)).collect();
                self.push();
                for ((name, _), v) in vars.iter().zip(values) {
                    self.bind(name, v);
                }
                self.nodes(body);
                self.pop();
            }
            Node::Block(b) => self.block(b),
            Node::Extends(parent, blocks) => self.extends(parent, blocks),
            Node::Include(inc) => {
                let values: Vec<Abs> = inc.extra.iter().map(|(_, e)| self.expr(e)).collect();
                let Some(tpl) = self.constant_template(&inc.template, "include") else {
                    return;
                };
                if self.stack.contains(&tpl.name) {
                    return; // recursive include: scanned once
                }
                self.push();
                *self.isolated.last_mut().expect("a scope") = inc.only;
                for ((name, _), v) in inc.extra.iter().zip(values) {
                    self.bind(name, v);
                }
                self.stack.push(tpl.name.clone());
                let saved = std::mem::take(&mut self.overrides);
                self.nodes(&tpl.nodes);
                self.overrides = saved;
                self.stack.pop();
                self.pop();
            }
            Node::Autoescape(_, body) | Node::Spaceless(body) => self.nodes(body),
            Node::Filter(e, body) => {
                self.nodes(body);
                self.push();
                self.bind(&Arc::from("var"), Abs::Local);
                self.expr(e);
                self.pop();
            }
            Node::Cycle(c) => {
                for v in &c.values {
                    self.use_expr(v, true);
                }
                self.bind_local(&c.var);
            }
            Node::Firstof(values, var) => {
                for v in values {
                    self.use_expr(v, true);
                }
                self.bind_local(var);
            }
            Node::IfChanged {
                exprs,
                body,
                else_body,
                ..
            } => {
                for e in exprs {
                    self.use_expr(e, true);
                }
                self.nodes(body);
                self.nodes(else_body);
            }
            Node::Regroup { target, by, var } => {
                let seq = self.use_expr(target, false);
                // `by` is compiled as `var.attr`, with `var` bound to each item.
                self.push();
                self.bind(var, seq.clone().iterate());
                let key = self.expr(by);
                self.read(&key, true);
                self.pop();
                let value = match seq {
                    Abs::Path(p) => Abs::Regroup(p),
                    _ => Abs::Local,
                };
                self.bind(var, value);
            }
            Node::WidthRatio {
                value,
                max,
                width,
                asvar,
            } => {
                for e in [value, max, width] {
                    self.use_expr(e, true);
                }
                self.bind_local(asvar);
            }
            Node::Url(u) => {
                self.use_expr(&u.view, true);
                for a in &u.args {
                    self.use_expr(a, true);
                }
                for (_, a) in &u.kwargs {
                    self.use_expr(a, true);
                }
                self.bind_local(&u.asvar);
            }
            Node::Static(e, var) => {
                self.use_expr(e, true);
                self.bind_local(var);
            }
            Node::Now(_, var) => self.bind_local(var),
            Node::Translate(t) => {
                self.use_expr(&t.message, true);
                if let Some(c) = &t.context {
                    self.use_expr(c, true);
                }
                self.bind_local(&t.asvar);
            }
            Node::BlockTranslate(b) => {
                if let Some(c) = &b.context {
                    self.use_expr(c, true);
                }
                self.push();
                for (name, e) in b.extra.iter().chain(b.count.iter()) {
                    let v = self.expr(e);
                    self.read(&v, true);
                    self.bind(name, Abs::Local);
                }
                for name in b.singular_vars.iter().chain(&b.plural_vars) {
                    let v = self.name(name);
                    self.read(&v, true);
                }
                self.pop();
                self.bind_local(&b.asvar);
            }
            Node::Cache(c) => {
                self.use_expr(&c.expire, true);
                for v in &c.vary_on {
                    self.use_expr(v, true);
                }
                if let Some(u) = &c.using {
                    self.use_expr(u, true);
                }
                self.nodes(&c.body);
            }
            Node::Override { value, body, .. } => {
                if let Some(v) = value {
                    self.use_expr(v, true);
                }
                self.nodes(body);
            }
            Node::Lorem { count, .. } => {
                self.use_expr(count, true);
            }
            Node::CurrentTimezone(var) | Node::CurrentLanguage { var, .. } => {
                self.bind(var, Abs::Local)
            }
            Node::I18nValue { arg, var, .. } => {
                if let Some(a) = arg {
                    self.use_expr(a, true);
                }
                self.bind(var, Abs::Local);
            }
            Node::Prefix { var, .. } => self.bind_local(var),
            Node::SimpleTag(t) => {
                for a in &t.args {
                    self.use_expr(a, true);
                }
                for (_, a) in &t.kwargs {
                    self.use_expr(a, true);
                }
                if t.takes_context {
                    self.opaque("a simple tag that takes the context");
                }
                self.bind_local(&t.asvar);
            }
            Node::Foreign(..) => self.opaque("a tag compiled by Django (custom tag)"),
        }
    }

    /// The template a constant `extends`/`include` name finds; an opaque place
    /// otherwise.
    fn constant_template(&mut self, e: &FilterExpr, tag: &str) -> Option<Arc<Template>> {
        let name = match (&e.base, e.filters.is_empty()) {
            (Operand::Lit(Literal::Str(s)), true) => s.clone(),
            _ => {
                self.use_expr(e, true);
                self.opaque(format!("{tag} of a template named by a variable"));
                return None;
            }
        };
        let current = self.stack.last().cloned().flatten();
        match self.host.template(&name, current.as_deref()) {
            Some(t) => Some(t),
            None => {
                self.opaque(format!("{tag} of {name:?}, which was not found"));
                None
            }
        }
    }

    fn block(&mut self, b: &Arc<crate::template::ast::Block>) {
        // The innermost child's override renders here, in this scope; the block's
        // own content may too (block.super).
        let over = self.overrides.iter().find_map(|m| m.get(&b.name).cloned());
        self.push();
        self.bind(&Arc::from("block"), Abs::Local);
        if let Some(o) = over {
            if !Arc::ptr_eq(&o, b) {
                self.nodes(&o.nodes);
            }
        }
        self.nodes(&b.nodes);
        self.pop();
    }

    fn extends(&mut self, parent: &FilterExpr, blocks: &[Arc<crate::template::ast::Block>]) {
        let Some(tpl) = self.constant_template(parent, "extends") else {
            // The child's blocks at least.
            for b in blocks {
                self.block(b);
            }
            return;
        };
        if self.stack.contains(&tpl.name) {
            return;
        }
        self.overrides
            .push(blocks.iter().map(|b| (b.name.clone(), b.clone())).collect());
        self.stack.push(tpl.name.clone());
        self.nodes(&tpl.nodes);
        self.stack.pop();
        self.overrides.pop();
    }
}
