//! The compiled form of a template.

use super::error::Span;
use super::filters::NativeFilter;
use super::ifexpr::IfExpr;
use super::value::Key;
use std::any::Any;
use std::sync::Arc;

/// A host-owned handle (a Python callable or Django node, in the binding).
pub type Handle = Arc<dyn Any + Send + Sync>;

#[derive(Debug, Clone)]
pub enum Literal {
    Int(i64),
    Float(f64),
    /// A quoted string: always safe (Django marks literals safe).
    Str(Arc<str>),
    /// `_("...")`: translated at render time.
    Trans(Arc<str>),
}

#[derive(Debug, Clone)]
pub struct Lookup {
    pub bits: Vec<Key>,
    pub raw: Arc<str>,
}

#[derive(Debug, Clone)]
pub enum Operand {
    Lit(Literal),
    Var(Lookup),
}

#[derive(Clone)]
pub struct FilterCall {
    pub name: Arc<str>,
    pub native: Option<NativeFilter>,
    /// Django's own filter callable: used for custom filters and for the inputs a
    /// native filter does not handle itself.
    pub foreign: Option<Handle>,
    pub arg: Option<Operand>,
}

impl std::fmt::Debug for FilterCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "|{}", self.name)?;
        if let Some(a) = &self.arg {
            write!(f, ":{a:?}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct FilterExpr {
    pub base: Operand,
    pub filters: Vec<FilterCall>,
    pub token: Arc<str>,
}

/// Where a template came from, shared by its blocks: errors raised while rendering a
/// node are located in the template that owns the node (Django's debug page).
#[derive(Debug, Default)]
pub struct SourceInfo {
    pub origin: Option<Arc<str>>,
    pub source: Arc<str>,
}

/// A node and the span of the token it was compiled from.
#[derive(Debug)]
pub struct Spanned {
    pub node: Node,
    pub span: Span,
}

pub type NodeList = Vec<Spanned>;

#[derive(Debug)]
pub struct Block {
    pub name: Arc<str>,
    pub nodes: NodeList,
    /// The template that defines this block.
    pub owner: Arc<SourceInfo>,
}

#[derive(Debug)]
pub struct ForNode {
    pub loopvars: Vec<Arc<str>>,
    pub seq: FilterExpr,
    pub reversed: bool,
    pub body: NodeList,
    pub empty: Option<NodeList>,
}

#[derive(Debug)]
pub struct IncludeNode {
    pub template: FilterExpr,
    pub extra: Vec<(Arc<str>, FilterExpr)>,
    pub only: bool,
}

#[derive(Debug)]
pub struct CycleNode {
    pub id: usize,
    pub values: Vec<FilterExpr>,
    pub var: Option<Arc<str>>,
    pub silent: bool,
}

#[derive(Debug)]
pub struct TranslateNode {
    pub message: FilterExpr,
    pub noop: bool,
    pub context: Option<FilterExpr>,
    pub asvar: Option<Arc<str>>,
}

/// `{% blocktranslate %}`: messages prepared at compile time as Django builds them
/// (text with `%` doubled, `{{ x }}` as `%(x)s`, trimmed when asked).
#[derive(Debug)]
pub struct BlockTranslateNode {
    pub tag: Arc<str>,
    pub extra: Vec<(Arc<str>, FilterExpr)>,
    pub count: Option<(Arc<str>, FilterExpr)>,
    pub context: Option<FilterExpr>,
    pub asvar: Option<Arc<str>>,
    pub singular: String,
    pub singular_vars: Vec<Arc<str>>,
    pub plural: String,
    pub plural_vars: Vec<Arc<str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideKind {
    Language,
    Timezone,
    UseL10n(bool),
    UseTz(bool),
}

impl OverrideKind {
    /// The name the host knows the override by.
    pub fn name(self) -> &'static str {
        match self {
            OverrideKind::Language => "language",
            OverrideKind::Timezone => "timezone",
            OverrideKind::UseL10n(_) => "use_l10n",
            OverrideKind::UseTz(_) => "use_tz",
        }
    }
}

#[derive(Debug)]
pub struct CacheNode {
    pub expire: FilterExpr,
    pub fragment: Arc<str>,
    pub vary_on: Vec<FilterExpr>,
    pub using: Option<FilterExpr>,
    pub body: NodeList,
}

pub struct SimpleTagNode {
    pub func: Handle,
    pub takes_context: bool,
    pub args: Vec<FilterExpr>,
    pub kwargs: Vec<(Arc<str>, FilterExpr)>,
    pub asvar: Option<Arc<str>>,
}

impl std::fmt::Debug for SimpleTagNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimpleTagNode")
            .field("args", &self.args)
            .field("kwargs", &self.kwargs)
            .field("asvar", &self.asvar)
            .finish()
    }
}

#[derive(Debug)]
pub struct UrlNode {
    pub view: FilterExpr,
    pub args: Vec<FilterExpr>,
    pub kwargs: Vec<(Arc<str>, FilterExpr)>,
    pub asvar: Option<Arc<str>>,
}

#[derive(Debug)]
pub enum Node {
    Text(Arc<str>),
    Var(FilterExpr),
    If(Vec<(Option<IfExpr>, NodeList)>),
    For(Box<ForNode>),
    With(Vec<(Arc<str>, FilterExpr)>, NodeList),
    Block(Arc<Block>),
    /// `{% extends %}`: the parent expression and every block of this template.
    Extends(FilterExpr, Vec<Arc<Block>>),
    Include(Box<IncludeNode>),
    Autoescape(bool, NodeList),
    Spaceless(NodeList),
    /// `{% filter %}`: the expression reads the rendered body as `var`.
    Filter(FilterExpr, NodeList),
    Cycle(Arc<CycleNode>),
    ResetCycle(Vec<Arc<CycleNode>>),
    Firstof(Vec<FilterExpr>, Option<Arc<str>>),
    IfChanged {
        id: usize,
        exprs: Vec<FilterExpr>,
        body: NodeList,
        else_body: NodeList,
    },
    Regroup {
        target: FilterExpr,
        by: FilterExpr,
        var: Arc<str>,
    },
    WidthRatio {
        value: FilterExpr,
        max: FilterExpr,
        width: FilterExpr,
        asvar: Option<Arc<str>>,
    },
    Csrf,
    Url(Box<UrlNode>),
    Static(FilterExpr, Option<Arc<str>>),
    Now(Arc<str>, Option<Arc<str>>),
    /// `{% translate %}` / `{% trans %}` of the i18n library.
    Translate(Box<TranslateNode>),
    BlockTranslate(Box<BlockTranslateNode>),
    /// `{% cache timeout name vary... [using=...] %}` of the `cache` library.
    Cache(Box<CacheNode>),
    /// A block rendered under a different language, time zone or context setting:
    /// `{% language %}`, `{% timezone %}` (with the expression), `{% localize on|off %}`
    /// and `{% localtime on|off %}` (with the flag).
    Override {
        kind: OverrideKind,
        value: Option<FilterExpr>,
        body: NodeList,
    },
    /// `{% lorem [count] [w|p|b] [random] %}`: text from Django's `lorem_ipsum`.
    Lorem {
        count: FilterExpr,
        method: char,
        common: bool,
    },
    /// `{% debug %}`: Django's dump of the context and loaded modules.
    Debug,
    /// `{% get_current_timezone as var %}`.
    CurrentTimezone(Arc<str>),
    /// A value Django's i18n machinery computes, set as `var`: `kind` is
    /// `get_available_languages`, `get_language_info` or `get_language_info_list`.
    I18nValue {
        kind: Arc<str>,
        arg: Option<FilterExpr>,
        var: Arc<str>,
    },
    /// `{% get_static_prefix %}` / `{% get_media_prefix %}` (`setting`: STATIC_URL or
    /// MEDIA_URL).
    Prefix {
        setting: &'static str,
        var: Option<Arc<str>>,
    },
    /// `{% get_current_language as var %}` (`bidi`: `get_current_language_bidi`).
    CurrentLanguage {
        var: Arc<str>,
        bidi: bool,
    },
    /// A `simple_tag` (Django's `SimpleNode`): arguments resolved natively.
    SimpleTag(Box<SimpleTagNode>),
    /// A node compiled by Django itself (custom or not-yet-native tags).
    Foreign(Handle, Span),
}

/// A compiled template.
#[derive(Debug)]
pub struct Template {
    /// The name it was loaded by (`Origin.template_name`), if any.
    pub name: Option<Arc<str>>,
    /// The origin name (a file path), used to skip a template when it extends its namesake.
    pub origin: Option<Arc<str>>,
    /// Origin and source, for locating render errors.
    pub info: Arc<SourceInfo>,
    pub nodes: NodeList,
    /// Every `{% block %}` of the template, nested ones included.
    pub blocks: Vec<Arc<Block>>,
    /// The length of its last output: the next render's buffer starts that large
    /// (a page's output is often ten times its source; regrowing copies it each time).
    pub output_hint: std::sync::atomic::AtomicUsize,
}
