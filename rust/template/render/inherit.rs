//! Template inheritance and inclusion: `{% extends %}`, `{% block %}` with
//! `block.super`, `{% include %}`.

use super::*;

impl Renderer<'_> {
    pub(super) fn render_block(&mut self, b: &Arc<Block>, out: &mut String) -> Result<()> {
        let name = b.name.clone();
        let popped = self.frame().blocks.as_mut().and_then(|bc| bc.pop(&name));
        let block = popped.clone().unwrap_or_else(|| b.clone());
        self.push(vec![(Arc::from("block"), Value::Block(Rc::from(&*name)))]);
        self.owners.push(block.owner.clone());
        let r = self.render_nodes(&block.nodes, out);
        self.owners.pop();
        self.pop();
        if let Some(p) = popped {
            if let Some(bc) = self.frame().blocks.as_mut() {
                bc.push(&name, p);
            }
        }
        r
    }

    pub(super) fn block_super(&mut self, name: &str) -> Result<Value> {
        // Django: a block rendered outside any inheritance has no `context`.
        if self.frame().blocks.is_none() {
            return Err(Error::syntax(
                "template.block-super-in-base",
                format!(
                    "'BlockNode' object has no attribute 'context'. Did you use {{{{ block.super }}}} in a base template? (block '{name}')"
                ),
            ));
        }
        let has = self
            .frame()
            .blocks
            .as_ref()
            .map(|bc| bc.has(name))
            .unwrap_or(false);
        if !has {
            return Ok(Value::empty());
        }
        let block = self.frame().blocks.as_mut().and_then(|bc| bc.pop(name));
        let mut buf = String::new();
        if let Some(block) = block {
            let name: Arc<str> = block.name.clone();
            self.push(vec![(Arc::from("block"), Value::Block(Rc::from(&*name)))]);
            self.owners.push(block.owner.clone());
            let r = self.render_nodes(&block.nodes, &mut buf);
            self.owners.pop();
            self.pop();
            if let Some(bc) = self.frame().blocks.as_mut() {
                bc.push(&name, block);
            }
            r?;
        }
        Ok(Value::safe(&buf))
    }

    /// `host.get_template`, remembered for the rest of this render when named by a string.
    pub(super) fn get_template(
        &mut self,
        name: &Value,
        skip: Vec<Arc<str>>,
    ) -> Result<Arc<Template>> {
        let current = self.current_name.last().cloned().flatten();
        let Value::Str(s) = name else {
            return self.host.get_template(name, current.as_deref(), &skip);
        };
        let k = (Arc::from(&*s.text), current, skip);
        if let Some(t) = self.found.get(&k) {
            return Ok(t.clone());
        }
        let t = self.host.get_template(name, k.1.as_deref(), &k.2)?;
        self.found.insert(k, t.clone());
        Ok(t)
    }

    pub(super) fn render_extends(
        &mut self,
        parent: &FilterExpr,
        blocks: &[Arc<Block>],
        out: &mut String,
    ) -> Result<()> {
        let name = self.resolve(parent, false)?;
        if !name.truthy()? {
            let mut msg = format!(
                "Invalid template name in 'extends' tag: {}.",
                crate::template::value::py_repr(&name)?
            );
            if !parent.filters.is_empty() || matches!(parent.base, Operand::Var(_)) {
                msg.push_str(&format!(" Got this from the '{}' variable.", parent.token));
            }
            return Err(Error::syntax("template.bad-extends", msg));
        }
        let current = self.current_name.last().cloned().flatten();
        let history = self.frame().extends_history.clone();
        let tpl = self
            .host
            .get_template(&name, current.as_deref(), &history)?;
        if let Some(origin) = &tpl.origin {
            self.frame().extends_history.push(origin.clone());
        }
        let frame = self.frame();
        let bc = frame.blocks.get_or_insert_with(BlockContext::default);
        bc.add_blocks(blocks);
        let first = tpl.nodes.iter().find(|n| !matches!(n.node, Node::Text(_)));
        if !matches!(first.map(|n| &n.node), Some(Node::Extends(..))) {
            bc.add_blocks(&tpl.blocks);
        }
        self.current_name.push(tpl.name.clone());
        self.owners.push(tpl.info.clone());
        let r = self.render_nodes(&tpl.nodes, out);
        self.owners.pop();
        self.current_name.pop();
        r
    }

    pub(super) fn render_include(&mut self, inc: &IncludeNode, out: &mut String) -> Result<()> {
        let name = self.resolve(&inc.template, false)?;
        let tpl = self.get_template(&name, Vec::new())?;
        let values = self.resolve_pairs(&inc.extra)?;
        let mut frame = Frame::default();
        if let Some(origin) = &tpl.origin {
            frame.extends_history.push(origin.clone());
        }
        self.frames.push(frame);
        self.current_name.push(tpl.name.clone());
        self.owners.push(tpl.info.clone());
        let r = if inc.only {
            let saved = std::mem::replace(&mut self.scopes, Scopes::new(values));
            let was = std::mem::replace(&mut self.isolated, true);
            let r = self.render_nodes(&tpl.nodes, out);
            self.scopes = saved;
            self.isolated = was;
            r
        } else {
            self.push(values);
            let r = self.render_nodes(&tpl.nodes, out);
            self.pop();
            r
        };
        self.owners.pop();
        self.current_name.pop();
        self.frames.pop();
        r
    }
}
