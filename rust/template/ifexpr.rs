//! The `{% if %}` expression grammar: Django's `smartif` top-down operator precedence
//! parser, with the same binding powers and the same errors.

use super::ast::FilterExpr;
use super::error::{Error, Result};
use super::expr::compile_filter;
use super::host::CompileHost;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Or,
    And,
    Not,
    In,
    NotIn,
    Is,
    IsNot,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn from_bit(bit: &str) -> Option<Op> {
        Some(match bit {
            "or" => Op::Or,
            "and" => Op::And,
            "not" => Op::Not,
            "in" => Op::In,
            "not in" => Op::NotIn,
            "is" => Op::Is,
            "is not" => Op::IsNot,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => return None,
        })
    }
    fn lbp(self) -> u8 {
        match self {
            Op::Or => 6,
            Op::And => 7,
            Op::Not => 8,
            Op::In | Op::NotIn => 9,
            _ => 10,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Op::Or => "or",
            Op::And => "and",
            Op::Not => "not",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Is => "is",
            Op::IsNot => "is not",
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

#[derive(Debug)]
pub enum IfExpr {
    Literal(FilterExpr),
    Not(Box<IfExpr>),
    Binary(Op, Box<IfExpr>, Box<IfExpr>),
}

enum Tok {
    Op(Op),
    Lit(String),
    End,
}

struct P {
    toks: Vec<Tok>,
    pos: usize,
}

fn err(msg: String) -> Error {
    Error::syntax("template.bad-if-expression", msg)
}

impl P {
    fn next(&mut self) -> &Tok {
        let t = self.toks.get(self.pos).unwrap_or(&Tok::End);
        self.pos += 1;
        t
    }
    fn peek_lbp(&self) -> u8 {
        match self.toks.get(self.pos) {
            Some(Tok::Op(op)) => op.lbp(),
            _ => 0,
        }
    }
    fn expression(&mut self, rbp: u8, host: &mut dyn CompileHost) -> Result<IfExpr> {
        let mut left = match self.next() {
            Tok::Lit(s) => {
                let s = s.clone();
                IfExpr::Literal(compile_filter(&s, host)?)
            }
            Tok::Op(Op::Not) => IfExpr::Not(Box::new(self.expression(Op::Not.lbp(), host)?)),
            Tok::Op(op) => {
                return Err(err(format!(
                    "Not expecting '{}' in this position in if tag.",
                    op.name()
                )))
            }
            Tok::End => return Err(err("Unexpected end of expression in if tag.".into())),
        };
        while rbp < self.peek_lbp() {
            let Tok::Op(op) = self.next() else {
                unreachable!()
            };
            let op = *op;
            if op == Op::Not {
                return Err(err(
                    "Not expecting 'not' as infix operator in if tag.".into()
                ));
            }
            let right = self.expression(op.lbp(), host)?;
            left = IfExpr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }
}

/// Parse the bits after `if`/`elif` into an expression tree.
pub fn parse_if(bits: &[String], host: &mut dyn CompileHost) -> Result<IfExpr> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bits.len() {
        let bit = bits[i].as_str();
        let next = bits.get(i + 1).map(String::as_str);
        let (tok, step) = if bit == "is" && next == Some("not") {
            (Tok::Op(Op::IsNot), 2)
        } else if bit == "not" && next == Some("in") {
            (Tok::Op(Op::NotIn), 2)
        } else if let Some(op) = Op::from_bit(bit) {
            (Tok::Op(op), 1)
        } else {
            (Tok::Lit(bit.to_string()), 1)
        };
        toks.push(tok);
        i += step;
    }
    let mut p = P { toks, pos: 0 };
    let e = p.expression(0, host)?;
    if p.pos < p.toks.len() {
        let shown = match &p.toks[p.pos] {
            Tok::Op(op) => op.name().to_string(),
            Tok::Lit(s) => s.clone(),
            Tok::End => String::new(),
        };
        return Err(err(format!("Unused '{shown}' at end of if expression.")));
    }
    Ok(e)
}
