//! The Django template language: lexer, parser, compiled form, renderer and filters.
//! Knows nothing of Python: host objects and Django services come through `host`.

pub mod ast;
pub mod dates;
pub mod error;
pub mod escape;
pub mod expr;
pub mod filters;
pub mod host;
pub mod ifexpr;
pub mod json;
pub mod lexer;
pub mod numbers;
pub mod parser;
pub mod pystr;
pub mod render;
pub mod scope;
pub mod split;
pub mod timesince;
pub mod value;

#[cfg(test)]
mod tests;

pub use ast::Template;
pub use error::{Error, Result};
pub use parser::compile;
pub use render::render;
