//! Djust's engine.
//!
//! - [`template`]: the Django template language (lexer, parser, renderer, filters).
//! - [`scanner`]: which variable paths a compiled template reads.
//! - `py`: the PyO3 binding (`djust._rust`), the only module that knows Python.

pub mod diff;
pub mod scanner;
pub mod template;
pub mod vdom;

#[cfg(feature = "python")]
mod py;
