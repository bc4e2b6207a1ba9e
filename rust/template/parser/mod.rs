//! The parser: tokens to nodes, with each built-in tag compiled as Django compiles it
//! (same arguments, same errors). Tags served by Django itself are compiled by the host.

use super::ast::*;
use super::error::{Error, Result, Span};
use super::expr::compile_filter;
use super::host::{CompileHost, Foreign, TagKind};
use super::ifexpr::parse_if;
use super::lexer::{tokenize, Token, TokenKind};
use super::split::{kwarg, split_contents, token_kwargs};
use super::value::{intern, py_repr, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod builtins;
mod i18n;
mod tags;

/// Django's built-in tags that this engine implements itself.
pub const NATIVE_TAGS: &[&str] = &[
    "autoescape",
    "block",
    "comment",
    "csrf_token",
    "cycle",
    "extends",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "include",
    "load",
    "now",
    "regroup",
    "resetcycle",
    "spaceless",
    "static",
    "templatetag",
    "trans",
    "translate",
    "blocktrans",
    "blocktranslate",
    "get_current_language",
    "get_current_language_bidi",
    "get_available_languages",
    "get_language_info",
    "get_language_info_list",
    "language",
    "get_static_prefix",
    "get_media_prefix",
    "cache",
    "lorem",
    "debug",
    "localize",
    "localtime",
    "timezone",
    "get_current_timezone",
    "url",
    "verbatim",
    "widthratio",
    "with",
];

static NODE_IDS: AtomicUsize = AtomicUsize::new(1);

fn next_id() -> usize {
    NODE_IDS.fetch_add(1, Ordering::Relaxed)
}

fn syntax(msg: impl Into<String>) -> Error {
    Error::syntax("template.syntax", msg)
}

struct Parser<'h> {
    tokens: Vec<Token>,
    pos: usize,
    host: &'h mut dyn CompileHost,
    command_stack: Vec<(String, Span)>,
    block_names: Vec<String>,
    blocks: Vec<Arc<Block>>,
    named_cycles: HashMap<String, Arc<CycleNode>>,
    last_cycle: Option<Arc<CycleNode>>,
    seen_extends: bool,
    info: Arc<SourceInfo>,
}

/// Compile template source into a `Template`.
pub fn compile(
    source: &str,
    name: Option<&str>,
    origin: Option<&str>,
    host: &mut dyn CompileHost,
) -> Result<Template> {
    let mut p = Parser {
        tokens: tokenize(source),
        pos: 0,
        host,
        command_stack: Vec::new(),
        block_names: Vec::new(),
        blocks: Vec::new(),
        named_cycles: HashMap::new(),
        last_cycle: None,
        seen_extends: false,
        info: Arc::new(SourceInfo {
            origin: origin.map(Arc::from),
            source: Arc::from(source),
        }),
    };
    let (nodes, _) = p.parse(&[])?;
    Ok(Template {
        name: name.map(Arc::from),
        origin: origin.map(Arc::from),
        info: p.info,
        nodes,
        blocks: p.blocks,
        output_hint: Default::default(),
    })
}

fn first_word(contents: &str) -> &str {
    contents.split_whitespace().next().unwrap_or("")
}

impl Parser<'_> {
    /// Parse until a block tag whose first word is in `until`; returns the nodes and the
    /// end token (left consumed).
    fn parse(&mut self, until: &[&str]) -> Result<(NodeList, Option<Token>)> {
        let mut nodes = Vec::new();
        let mut nontext = false;
        while self.pos < self.tokens.len() {
            let token = self.tokens[self.pos].clone();
            self.pos += 1;
            match token.kind {
                TokenKind::Text => nodes.push(Spanned {
                    node: Node::Text(Arc::from(token.contents.as_str())),
                    span: token.span,
                }),
                TokenKind::Comment => {}
                TokenKind::Var => {
                    if token.contents.is_empty() {
                        return Err(syntax(format!(
                            "Empty variable tag on line {}",
                            token.span.line
                        ))
                        .at(token.span));
                    }
                    let e =
                        compile_filter(&token.contents, self.host).map_err(|e| e.at(token.span))?;
                    nodes.push(Spanned {
                        node: Node::Var(e),
                        span: token.span,
                    });
                    nontext = true;
                }
                TokenKind::Block => {
                    let command = first_word(&token.contents).to_string();
                    if command.is_empty() {
                        return Err(
                            syntax(format!("Empty block tag on line {}", token.span.line))
                                .at(token.span),
                        );
                    }
                    if until.contains(&command.as_str()) {
                        return Ok((nodes, Some(token)));
                    }
                    if command == "extends" && nontext {
                        return Err(syntax(
                            "<ExtendsNode: extends> must be the first tag in the template.",
                        )
                        .at(token.span));
                    }
                    self.command_stack.push((command.clone(), token.span));
                    let node = match self.host.tag(&command) {
                        TagKind::Native => self.native_tag(&command, &token)?,
                        TagKind::Foreign => {
                            let (foreign, next) = self
                                .host
                                .compile_foreign(&self.tokens, self.pos - 1)
                                .map_err(|e| e.at(token.span))?;
                            self.pos = next;
                            Some(self.foreign_node(foreign, token.span)?)
                        }
                        TagKind::Unknown => {
                            return Err(self.invalid_block_tag(&token, &command, until))
                        }
                    };
                    if let Some(node) = node {
                        nodes.push(Spanned {
                            node,
                            span: token.span,
                        });
                    }
                    nontext = true;
                    self.command_stack.pop();
                }
            }
        }
        if !until.is_empty() {
            let (command, span) = self.command_stack.pop().unwrap_or_default();
            return Err(syntax(format!(
                "Unclosed tag on line {}: '{}'. Looking for one of: {}.",
                span.line,
                command,
                until.join(", ")
            ))
            .at(span));
        }
        Ok((nodes, None))
    }

    fn foreign_node(&mut self, foreign: Foreign, span: Span) -> Result<Node> {
        Ok(match foreign {
            Foreign::Node(handle) => Node::Foreign(handle, span),
            Foreign::SimpleTag {
                func,
                takes_context,
                args,
                kwargs,
                asvar,
            } => {
                let args = args
                    .iter()
                    .map(|a| self.filter(a))
                    .collect::<Result<Vec<_>>>()?;
                let kwargs = kwargs
                    .iter()
                    .map(|(k, v)| Ok((intern(k), self.filter(v)?)))
                    .collect::<Result<Vec<_>>>()?;
                Node::SimpleTag(Box::new(SimpleTagNode {
                    func,
                    takes_context,
                    args,
                    kwargs,
                    asvar: asvar.as_deref().map(intern),
                }))
            }
        })
    }

    fn invalid_block_tag(&self, token: &Token, command: &str, until: &[&str]) -> Error {
        let msg = if until.is_empty() {
            format!(
                "Invalid block tag on line {}: '{}'. Did you forget to register or load this tag?",
                token.span.line, command
            )
        } else {
            let quoted: Vec<String> = until.iter().map(|u| format!("'{u}'")).collect();
            let list = match quoted.len() {
                1 => quoted[0].clone(),
                n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
            };
            format!(
                "Invalid block tag on line {}: '{}', expected {}. Did you forget to register or load this tag?",
                token.span.line, command, list
            )
        };
        Error::syntax("template.unknown-tag", msg).at(token.span)
    }

    /// Parse up to `end` and consume it.
    fn parse_body(&mut self, end: &str) -> Result<NodeList> {
        Ok(self.parse(&[end])?.0)
    }

    fn filter(&mut self, s: &str) -> Result<FilterExpr> {
        compile_filter(s, self.host)
    }

    fn native_tag(&mut self, command: &str, token: &Token) -> Result<Option<Node>> {
        self.native_tag_inner(command, token)
            .map_err(|e| e.at(token.span))
    }

    fn kw_exprs(&mut self, kw: Vec<(String, String)>) -> Result<Vec<(Arc<str>, FilterExpr)>> {
        kw.into_iter()
            .map(|(k, v)| Ok((intern(&k), self.filter(&v)?)))
            .collect()
    }
}

/// A list of words as Python's `repr` prints it (Django's `%r` of token bits).
fn py_list(words: &[&str]) -> String {
    let reprs: Vec<String> = words
        .iter()
        .map(|w| py_repr(&Value::str(w)).unwrap_or_default())
        .collect();
    format!("[{}]", reprs.join(", "))
}

fn malformed(t: &Token) -> Error {
    syntax(format!(
        "Malformed template tag at line {}: \"{}\"",
        t.span.line, t.contents
    ))
    .at(t.span)
}
