//! Errors of the template engine. Every variant has a stable dotted code that Python
//! and JS logs share (see `djust/exceptions.py`).

use std::any::Any;
use std::fmt;

/// An error raised by the host (Python) while rendering: carried through the engine
/// untouched and re-raised as the original exception at the binding edge.
pub struct HostError(pub Box<dyn Any + Send>);

impl fmt::Debug for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostError(..)")
    }
}

/// Where in the source a syntax error sits: 1-based line and byte span of the token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The template source is not valid Django template language (Django's
    /// `TemplateSyntaxError`).
    #[error("{}", .0.message)]
    Syntax(Box<SyntaxError>),
    /// A template named by extends/include could not be found (`TemplateDoesNotExist`).
    #[error("{0}")]
    DoesNotExist(String),
    /// A variable lookup failed where Django propagates `VariableDoesNotExist`.
    #[error("{0}")]
    VariableDoesNotExist(String),
    /// A Python-level `ValueError` raised by a tag while rendering (e.g. for-loop unpacking).
    #[error("{0}")]
    Value(String),
    /// A Python-level `TypeError` raised while rendering (e.g. looping over an int).
    #[error("{0}")]
    Type(String),
    /// A failure inside host code; re-raised unchanged by the binding.
    #[error("host error")]
    Host(HostError),
    /// An error raised while rendering a node, with the node's position in the template
    /// that owns it (added once, at the innermost node).
    #[error("{}", .0.error)]
    Located(Box<Located>),
}

/// The payload of [`Error::Syntax`] (boxed: errors are rare, and a small `Error`
/// keeps every `Result` the renderer passes around small).
#[derive(Debug)]
pub struct SyntaxError {
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
}

/// The payload of [`Error::Located`].
#[derive(Debug)]
pub struct Located {
    pub error: Error,
    pub span: Span,
    pub origin: Option<std::sync::Arc<str>>,
    pub template_source: std::sync::Arc<str>,
}

impl Error {
    pub fn syntax(code: &'static str, message: impl Into<String>) -> Self {
        Error::Syntax(Box::new(SyntaxError {
            code,
            message: message.into(),
            span: None,
        }))
    }

    /// Attach a token's position to a syntax error that has none yet.
    pub fn at(self, span: Span) -> Self {
        match self {
            Error::Syntax(mut s) if s.span.is_none() => {
                s.span = Some(span);
                Error::Syntax(s)
            }
            other => other,
        }
    }

    /// The error itself, without the location a render added.
    pub fn inner(&self) -> &Error {
        match self {
            Error::Located(l) => l.error.inner(),
            other => other,
        }
    }

    /// The stable dotted code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax(s) => s.code,
            Error::DoesNotExist(_) => "template.does-not-exist",
            Error::VariableDoesNotExist(_) => "template.variable-does-not-exist",
            Error::Value(_) => "template.value-error",
            Error::Type(_) => "template.type-error",
            Error::Host(_) => "template.host-error",
            Error::Located(l) => l.error.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
