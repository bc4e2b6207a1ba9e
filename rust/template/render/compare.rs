//! `{% if %}` evaluation and the Python comparison semantics it needs.

use super::*;

pub(super) fn py_eq(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    Some(match (a, b) {
        (None, None) => true,
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y,
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*x as i64) == *y,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Str(x), Str(y)) => x.text == y.text,
        (List(x), List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !py_eq(p, q)? {
                    return Some(false);
                }
            }
            true
        }
        (Object(_), _) | (_, Object(_)) => return Option::None,
        (Loop(_), _) | (_, Loop(_)) | (Group(_), _) | (_, Group(_)) => return Option::None,
        _ => false,
    })
}

pub(super) fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// Python ordering for values Rust owns; `Err` for TypeError, `None` to ask the host.
pub(super) fn py_cmp(a: &Value, b: &Value) -> Option<std::result::Result<std::cmp::Ordering, ()>> {
    if matches!(a, Value::Object(_)) || matches!(b, Value::Object(_)) {
        return None;
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Some(x.partial_cmp(&y).ok_or(()));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(Ok(x.text.cmp(&y.text))),
        (Value::List(_), Value::List(_)) => None,
        _ => Some(Err(())),
    }
}

impl Renderer<'_> {
    pub(super) fn eval(&mut self, e: &IfExpr) -> Result<Value> {
        match e {
            IfExpr::Literal(fe) => self.resolve(fe, true),
            IfExpr::Not(x) => Ok(Value::Bool(match self.eval(x).and_then(|v| v.truthy()) {
                Ok(t) => !t,
                Err(Error::Host(_)) | Err(_) => false,
            })),
            IfExpr::Binary(op, a, b) => Ok(Value::Bool(self.eval_op(*op, a, b).unwrap_or(false))),
        }
    }

    pub(super) fn eval_op(&mut self, op: Op, a: &IfExpr, b: &IfExpr) -> Result<bool> {
        match op {
            Op::Or => {
                if self.eval(a)?.truthy()? {
                    return Ok(true);
                }
                self.eval(b)?.truthy()
            }
            Op::And => {
                if !self.eval(a)?.truthy()? {
                    return Ok(false);
                }
                self.eval(b)?.truthy()
            }
            _ => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                self.compare(op, &x, &y)
            }
        }
    }

    pub(super) fn compare(&mut self, op: Op, x: &Value, y: &Value) -> Result<bool> {
        use std::cmp::Ordering::*;
        let host_cmp = |c: Cmp| self.host.compare(c, x, y);
        match op {
            Op::Eq | Op::Ne => {
                let eq = match py_eq(x, y) {
                    Some(b) => b,
                    None => host_cmp(Cmp::Eq)?,
                };
                Ok(if op == Op::Eq { eq } else { !eq })
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let c = match op {
                    Op::Lt => Cmp::Lt,
                    Op::Le => Cmp::Le,
                    Op::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                match py_cmp(x, y) {
                    None => host_cmp(c),
                    Some(Err(())) => Err(Error::Value("unorderable".into())),
                    Some(Ok(o)) => Ok(match c {
                        Cmp::Lt => o == Less,
                        Cmp::Le => o != Greater,
                        Cmp::Gt => o == Greater,
                        _ => o != Less,
                    }),
                }
            }
            Op::In | Op::NotIn => {
                let r = match (x, y) {
                    (Value::Str(a), Value::Str(b)) => b.text.contains(&*a.text),
                    (_, Value::List(items)) => {
                        let mut found = false;
                        for it in items.iter() {
                            let eq = match py_eq(x, it) {
                                Some(b) => b,
                                None => self.host.compare(Cmp::Eq, x, it)?,
                            };
                            if eq {
                                found = true;
                                break;
                            }
                        }
                        found
                    }
                    (_, Value::Object(_)) | (Value::Object(_), Value::Str(_)) => {
                        self.host.compare(Cmp::In, x, y)?
                    }
                    _ => return Err(Error::Value("argument is not iterable".into())),
                };
                Ok(if op == Op::In { r } else { !r })
            }
            Op::Is | Op::IsNot => {
                let r = match (x, y) {
                    (Value::None, Value::None) => true,
                    (Value::Bool(a), Value::Bool(b)) => a == b,
                    // CPython caches small ints, the empty string and one-character
                    // Latin-1 strings, so equal ones are identical ('a'[0] is 'a').
                    (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
                    (Value::Str(a), Value::Str(b)) => {
                        a.text == b.text && {
                            let mut chars = a.text.chars();
                            match (chars.next(), chars.next()) {
                                (None, _) => true,
                                (Some(c), None) => (c as u32) < 256,
                                _ => false,
                            }
                        }
                    }
                    (Value::Object(_), Value::Object(_)) => self.host.compare(Cmp::Is, x, y)?,
                    _ => false,
                };
                Ok(if op == Op::Is { r } else { !r })
            }
            Op::Not | Op::Or | Op::And => unreachable!("handled by eval_op"),
        }
    }
}
