//! Djust's engine.
//!
//! - [`template`]: the Django template language (lexer, parser, renderer, filters).
//! - `py`: the PyO3 binding (`djust._rust`), the only module that knows Python.

pub mod template;

#[cfg(feature = "python")]
mod py;
