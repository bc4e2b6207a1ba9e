//! The renderer's variables: Django's `Context` stack of dicts, kept in one flat vector
//! with scope boundaries, so pushing a scope (`with`, a block, a loop iteration that
//! unpacks) allocates nothing.

use super::value::Value;
use std::sync::Arc;

pub struct Scopes {
    vars: Vec<(Arc<str>, Value)>,
    /// Start index in `vars` of each scope; `marks[0] == 0` is the bottom scope.
    marks: Vec<usize>,
}

fn same(k: &Arc<str>, name: &str) -> bool {
    // Names are interned: the pointer usually decides.
    std::ptr::eq(k.as_ptr(), name.as_ptr()) && k.len() == name.len() || **k == *name
}

impl Scopes {
    /// One bottom scope holding `entries`.
    pub fn new(entries: Vec<(Arc<str>, Value)>) -> Scopes {
        Scopes {
            vars: entries,
            marks: vec![0],
        }
    }

    /// How many scopes are pushed (1: only the bottom one).
    pub fn depth(&self) -> usize {
        self.marks.len()
    }

    pub fn push(&mut self, entries: impl IntoIterator<Item = (Arc<str>, Value)>) {
        self.marks.push(self.vars.len());
        self.vars.extend(entries);
    }

    pub fn pop(&mut self) {
        if self.marks.len() > 1 {
            let start = self.marks.pop().expect("a scope");
            self.vars.truncate(start);
        }
    }

    /// The innermost binding of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(k, _)| same(k, name))
            .map(|(_, v)| v)
    }

    /// `context[key] = value`: set in the top scope.
    pub fn set_top(&mut self, key: &Arc<str>, value: Value) {
        let start = *self.marks.last().expect("a scope");
        match self.vars[start..].iter_mut().find(|(k, _)| same(k, key)) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((key.clone(), value)),
        }
    }

    /// Set `key` where it is innermost bound; returns the scope index it was found in.
    pub fn set_existing(&mut self, key: &Arc<str>, value: Value) -> Option<usize> {
        let i = self.vars.iter().rposition(|(k, _)| same(k, key))?;
        self.vars[i].1 = value;
        Some(self.marks.iter().rposition(|&m| m <= i).unwrap_or(0))
    }

    /// Bind `key` in the bottom scope (below every pushed scope).
    pub fn set_bottom(&mut self, key: &Arc<str>, value: Value) {
        let end = self.marks.get(1).copied().unwrap_or(self.vars.len());
        self.vars.insert(end, (key.clone(), value));
        for m in &mut self.marks[1..] {
            *m += 1;
        }
    }

    /// Every binding, outermost first (later entries shadow earlier ones).
    pub fn all(&self) -> &[(Arc<str>, Value)] {
        &self.vars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn scopes_shadow_and_pop() {
        let mut s = Scopes::new(vec![(k("a"), Value::Int(1))]);
        s.push(vec![(k("a"), Value::Int(2)), (k("b"), Value::Int(3))]);
        assert!(matches!(s.get("a"), Some(Value::Int(2))));
        s.set_top(&k("c"), Value::Int(4));
        assert_eq!(s.set_existing(&k("a"), Value::Int(5)), Some(1));
        s.set_bottom(&k("z"), Value::Int(9));
        s.pop();
        assert!(matches!(s.get("a"), Some(Value::Int(1))));
        assert!(s.get("b").is_none() && s.get("c").is_none());
        assert!(matches!(s.get("z"), Some(Value::Int(9))));
        assert_eq!(s.depth(), 1);
    }
}
