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
    #[error("{message}")]
    Syntax {
        code: &'static str,
        message: String,
        span: Option<Span>,
    },
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
    #[error("{error}")]
    Located {
        error: Box<Error>,
        span: Span,
        origin: Option<std::sync::Arc<str>>,
        template_source: std::sync::Arc<str>,
    },
}

impl Error {
    pub fn syntax(code: &'static str, message: impl Into<String>) -> Self {
        Error::Syntax {
            code,
            message: message.into(),
            span: None,
        }
    }

    /// Attach a token's position to a syntax error that has none yet.
    pub fn at(self, span: Span) -> Self {
        match self {
            Error::Syntax {
                code,
                message,
                span: None,
            } => Error::Syntax {
                code,
                message,
                span: Some(span),
            },
            other => other,
        }
    }

    /// The error itself, without the location a render added.
    pub fn inner(&self) -> &Error {
        match self {
            Error::Located { error, .. } => error.inner(),
            other => other,
        }
    }

    /// The stable dotted code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax { code, .. } => code,
            Error::DoesNotExist(_) => "template.does-not-exist",
            Error::VariableDoesNotExist(_) => "template.variable-does-not-exist",
            Error::Value(_) => "template.value-error",
            Error::Type(_) => "template.type-error",
            Error::Host(_) => "template.host-error",
            Error::Located { error, .. } => error.code(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
