//! The compile-time host: which tags and filters are registered, and Django's own
//! compilation of the tags the engine does not implement.

use super::errors::host_err;
use crate::template::ast::Handle;
use crate::template::error::Result;
use crate::template::filters::NativeFilter;
use crate::template::host::{CompileHost, Foreign, TagKind};
use crate::template::lexer::{Token, TokenKind};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::sync::Arc;

pub(super) fn handle(obj: Bound<'_, PyAny>) -> Handle {
    Arc::new(obj.unbind())
}

pub(super) fn handle_obj<'py>(py: Python<'py>, h: &Handle) -> Bound<'py, PyAny> {
    h.downcast_ref::<Py<PyAny>>()
        .expect("handles are Python objects")
        .bind(py)
        .clone()
}

pub fn token_tuple<'py>(py: Python<'py>, t: &Token) -> PyResult<Bound<'py, PyTuple>> {
    let kind: u8 = match t.kind {
        TokenKind::Text => 0,
        TokenKind::Var => 1,
        TokenKind::Block => 2,
        TokenKind::Comment => 3,
    };
    PyTuple::new(
        py,
        [
            kind.into_pyobject(py)?.into_any(),
            t.contents.as_str().into_pyobject(py)?.into_any(),
            t.span.line.into_pyobject(py)?.into_any(),
            t.span.start.into_pyobject(py)?.into_any(),
            t.span.end.into_pyobject(py)?.into_any(),
        ],
    )
}

/// Compile-time host: `djust.template.runtime.CompileHost`.
pub struct PyCompileHost<'py> {
    pub host: Bound<'py, PyAny>,
    pub tokens: Option<Bound<'py, PyList>>,
}

impl CompileHost for PyCompileHost<'_> {
    fn tag(&mut self, name: &str) -> TagKind {
        match self
            .host
            .call_method1(intern!(self.host.py(), "tag"), (name,))
            .and_then(|r| r.extract::<u8>())
        {
            Ok(0) => TagKind::Native,
            Ok(1) => TagKind::Foreign,
            _ => TagKind::Unknown,
        }
    }

    fn filter(
        &mut self,
        name: &str,
        nargs: usize,
    ) -> Result<(Option<NativeFilter>, Option<Handle>)> {
        let py = self.host.py();
        let r = self
            .host
            .call_method1(intern!(py, "filter"), (name, nargs))
            .map_err(host_err)?;
        let (native, func): (Option<String>, Bound<'_, PyAny>) = r.extract().map_err(host_err)?;
        Ok((
            native.as_deref().and_then(NativeFilter::from_name),
            Some(handle(func)),
        ))
    }

    fn load(&mut self, bits: &[String]) -> Result<()> {
        let py = self.host.py();
        self.host
            .call_method1(intern!(py, "load"), (bits.to_vec(),))
            .map_err(host_err)?;
        Ok(())
    }

    fn compile_foreign(&mut self, tokens: &[Token], index: usize) -> Result<(Foreign, usize)> {
        let py = self.host.py();
        if self.tokens.is_none() {
            let list = PyList::empty(py);
            for t in tokens {
                list.append(token_tuple(py, t).map_err(host_err)?)
                    .map_err(host_err)?;
            }
            self.tokens = Some(list);
        }
        let r = self
            .host
            .call_method1(
                intern!(py, "compile_foreign"),
                (self.tokens.as_ref().unwrap(), index),
            )
            .map_err(host_err)?;
        #[allow(clippy::type_complexity)]
        let (node, next, simple): (
            Bound<'_, PyAny>,
            usize,
            Option<(
                Bound<'_, PyAny>,
                bool,
                Vec<String>,
                Vec<(String, String)>,
                Option<String>,
            )>,
        ) = r.extract().map_err(host_err)?;
        let foreign = match simple {
            Some((func, takes_context, args, kwargs, asvar)) => Foreign::SimpleTag {
                func: handle(func),
                takes_context,
                args,
                kwargs,
                asvar,
            },
            None => Foreign::Node(handle(node)),
        };
        Ok((foreign, next))
    }
}
