//! `{% for %}` and the tags that keep state across its iterations: `{% ifchanged %}`,
//! `{% regroup %}`; and `{% widthratio %}`.

use super::*;

impl Renderer<'_> {
    pub(super) fn render_for(&mut self, f: &ForNode, out: &mut String) -> Result<()> {
        let parent = self.lookup_local("forloop").cloned();
        let seq = self.resolve(&f.seq, true)?;
        let mut items = match seq {
            Value::None => Vec::new(),
            ref v => v
                .iterate()?
                .ok_or_else(|| Error::Type(format!("'{}' object is not iterable", f.seq.token)))?,
        };
        if items.is_empty() {
            if let Some(empty) = &f.empty {
                self.push(Vec::new());
                let r = self.render_nodes(empty, out);
                self.pop();
                r?;
            }
            return Ok(());
        }
        if f.reversed {
            items.reverse();
        }
        let len = items.len();
        let unpack = f.loopvars.len() > 1;
        let ifchanged = Rc::new(RefCell::new(Vec::new()));
        let forloop: Arc<str> = Arc::from("forloop");
        let info = Rc::new(LoopInfo {
            counter0: Cell::new(0),
            len,
            parent,
            ifchanged,
        });
        self.push(vec![(forloop, Value::Loop(info.clone()))]);
        let result = (|| -> Result<()> {
            for (i, item) in items.into_iter().enumerate() {
                info.counter0.set(i);
                if unpack {
                    let parts = match item.iterate()? {
                        Some(p) => p,
                        None => vec![item.clone()],
                    };
                    if parts.len() != f.loopvars.len() {
                        return Err(Error::Value(format!(
                            "Need {} values to unpack in for loop; got {}. ",
                            f.loopvars.len(),
                            parts.len()
                        )));
                    }
                    self.push(f.loopvars.iter().cloned().zip(parts));
                    let r = self.render_nodes(&f.body, out);
                    self.pop();
                    r?;
                } else {
                    self.set_local(&f.loopvars[0], item);
                    self.render_nodes(&f.body, out)?;
                }
            }
            Ok(())
        })();
        self.pop();
        result
    }

    pub(super) fn render_ifchanged(
        &mut self,
        id: usize,
        exprs: &[FilterExpr],
        body: &[Spanned],
        else_body: &[Spanned],
        out: &mut String,
    ) -> Result<()> {
        let mut rendered = None;
        let compare_to: Vec<Value> = if exprs.is_empty() {
            let mut buf = String::new();
            self.render_nodes(body, &mut buf)?;
            let v = vec![Value::safe(&buf)];
            rendered = Some(buf);
            v
        } else {
            exprs
                .iter()
                .map(|e| self.resolve(e, true))
                .collect::<Result<Vec<_>>>()?
        };
        let loop_state = match self.lookup_local("forloop") {
            Some(Value::Loop(l)) => Some(l.ifchanged.clone()),
            _ => None,
        };
        let previous: Option<Vec<Value>> = match &loop_state {
            Some(st) => st
                .borrow()
                .iter()
                .find(|(k, _)| *k == id)
                .map(|(_, v)| v.clone()),
            None => self.frame().ifchanged.get(&id).cloned(),
        };
        let changed = match &previous {
            None => true,
            Some(prev) => {
                if prev.len() != compare_to.len() {
                    true
                } else {
                    let mut same = true;
                    for (a, b) in prev.iter().zip(compare_to.iter()) {
                        let eq = match py_eq(a, b) {
                            Some(e) => e,
                            None => self.host.compare(Cmp::Eq, a, b)?,
                        };
                        if !eq {
                            same = false;
                            break;
                        }
                    }
                    !same
                }
            }
        };
        if changed {
            match &loop_state {
                Some(st) => {
                    let mut st = st.borrow_mut();
                    st.retain(|(k, _)| *k != id);
                    st.push((id, compare_to));
                }
                None => {
                    self.frame().ifchanged.insert(id, compare_to);
                }
            }
            match rendered {
                Some(buf) if !buf.is_empty() => out.push_str(&buf),
                _ => self.render_nodes(body, out)?,
            }
        } else {
            self.render_nodes(else_body, out)?;
        }
        Ok(())
    }

    pub(super) fn render_regroup(
        &mut self,
        target: &FilterExpr,
        by: &FilterExpr,
        var: &Arc<str>,
    ) -> Result<()> {
        let list = self.resolve(target, true)?;
        if matches!(list, Value::None) {
            return self.set(var, Value::List(Rc::new(Vec::new())));
        }
        let items = list
            .iterate()?
            .ok_or_else(|| Error::Type("regroup target is not iterable".into()))?;
        let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
        for item in items {
            self.set(var, item.clone())?;
            let key = self.resolve(by, true)?;
            let same = match groups.last() {
                Some((k, _)) => match py_eq(k, &key) {
                    Some(e) => e,
                    None => self.host.compare(Cmp::Eq, k, &key)?,
                },
                None => false,
            };
            if same {
                groups.last_mut().unwrap().1.push(item);
            } else {
                groups.push((key, vec![item]));
            }
        }
        let value = groups
            .into_iter()
            .map(|(grouper, list)| {
                Value::Group(Rc::new(Group {
                    grouper,
                    list: Value::List(Rc::new(list)),
                }))
            })
            .collect();
        self.set(var, Value::List(Rc::new(value)))
    }

    pub(super) fn widthratio(
        &mut self,
        value: &FilterExpr,
        max: &FilterExpr,
        width: &FilterExpr,
    ) -> Result<String> {
        let (v, m, w) = match (|| -> Result<(Value, Value, Value)> {
            Ok((
                self.resolve(value, false)?,
                self.resolve(max, false)?,
                self.resolve(width, false)?,
            ))
        })() {
            Ok(t) => t,
            Err(Error::VariableDoesNotExist(_)) => return Ok(String::new()),
            Err(e) => return Err(e),
        };
        let to_float = |v: &Value| -> Option<f64> {
            match v {
                Value::Int(i) => Some(*i as f64),
                Value::Float(f) => Some(*f),
                Value::Bool(b) => Some(*b as i64 as f64),
                Value::Str(s) => s.text.trim().parse::<f64>().ok(),
                Value::Object(_) => v.to_str().ok()?.text.trim().parse::<f64>().ok(),
                _ => None,
            }
        };
        let width = match &w {
            Value::Int(i) => *i as f64,
            Value::Bool(b) => *b as i64 as f64,
            Value::Float(f) if f.is_finite() => f.trunc(),
            Value::Str(s) => match s.text.trim().parse::<i64>() {
                Ok(i) => i as f64,
                Err(_) => {
                    return Err(Error::syntax(
                        "template.syntax",
                        "widthratio final argument must be a number",
                    ))
                }
            },
            _ => {
                return Err(Error::syntax(
                    "template.syntax",
                    "widthratio final argument must be a number",
                ))
            }
        };
        let (Some(v), Some(m)) = (to_float(&v), to_float(&m)) else {
            return Ok(String::new());
        };
        if m == 0.0 {
            return Ok("0".into());
        }
        let ratio = v / m * width;
        if !ratio.is_finite() {
            return Ok(String::new());
        }
        Ok(format!("{}", ratio.round_ties_even() as i64))
    }
}
