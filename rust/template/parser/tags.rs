//! Compile functions of the built-in tags with the most grammar: `if`, `for`,
//! `include`, `cycle`.

use super::*;

impl Parser<'_> {
    pub(super) fn tag_if(&mut self, bits: Vec<String>) -> Result<Node> {
        let cond = parse_if(&bits[1..], self.host)?;
        let mut branches = Vec::new();
        let (nodes, mut end) = self.parse(&["elif", "else", "endif"])?;
        branches.push((Some(cond), nodes));
        loop {
            let t = end.expect("parse stops at its end tag");
            if t.contents.starts_with("elif") {
                let b = split_contents(&t.contents)
                    .ok_or_else(|| syntax("Unclosed translation marker"))?;
                let cond = parse_if(&b[1..], self.host).map_err(|e| e.at(t.span))?;
                let (nodes, e) = self.parse(&["elif", "else", "endif"])?;
                branches.push((Some(cond), nodes));
                end = e;
            } else if t.contents == "else" {
                let (nodes, e) = self.parse(&["endif"])?;
                branches.push((None, nodes));
                let t = e.expect("parse stops at its end tag");
                if t.contents != "endif" {
                    return Err(malformed(&t));
                }
                break;
            } else if t.contents == "endif" {
                break;
            } else {
                return Err(malformed(&t));
            }
        }
        Ok(Node::If(branches))
    }

    pub(super) fn tag_for(&mut self, contents: &str, bits: Vec<String>) -> Result<Node> {
        if bits.len() < 4 {
            return Err(syntax(format!(
                "'for' statements should have at least four words: {contents}"
            )));
        }
        let reversed = bits[bits.len() - 1] == "reversed";
        let in_index = bits.len() - if reversed { 3 } else { 2 };
        if bits[in_index] != "in" {
            return Err(syntax(format!(
                "'for' statements should use the format 'for x in y': {contents}"
            )));
        }
        let joined = bits[1..in_index].join(" ");
        let mut loopvars = Vec::new();
        for var in joined.split(',') {
            let var = var.trim_matches(' ');
            if var.is_empty() || var.contains([' ', '"', '\'', '|']) {
                return Err(syntax(format!(
                    "'for' tag received an invalid argument: {contents}"
                )));
            }
            loopvars.push(intern(var));
        }
        let seq = self.filter(&bits[in_index + 1])?;
        let (body, end) = self.parse(&["empty", "endfor"])?;
        let empty = if end.map(|t| t.contents == "empty").unwrap_or(false) {
            Some(self.parse_body("endfor")?)
        } else {
            None
        };
        Ok(Node::For(Box::new(ForNode {
            loopvars,
            seq,
            reversed,
            body,
            empty,
        })))
    }

    pub(super) fn tag_include(&mut self, bits: Vec<String>) -> Result<Node> {
        if bits.len() < 2 {
            return Err(syntax(format!(
                "'{}' tag takes at least one argument: the name of the template to be included.",
                bits[0]
            )));
        }
        let mut rest = bits[2..].to_vec();
        let mut seen: Vec<String> = Vec::new();
        let mut extra = Vec::new();
        let mut only = false;
        while !rest.is_empty() {
            let option = rest.remove(0);
            if seen.contains(&option) {
                return Err(syntax(format!(
                    "The '{option}' option was specified more than once."
                )));
            }
            match option.as_str() {
                "with" => {
                    let kw = token_kwargs(&mut rest, false);
                    if kw.is_empty() {
                        return Err(syntax(format!(
                            "\"with\" in '{}' tag needs at least one keyword argument.",
                            bits[0]
                        )));
                    }
                    extra = self.kw_exprs(kw)?;
                }
                "only" => only = true,
                _ => {
                    return Err(syntax(format!(
                        "Unknown argument for '{}' tag: '{}'.",
                        bits[0], option
                    )))
                }
            }
            seen.push(option);
        }
        Ok(Node::Include(Box::new(IncludeNode {
            template: self.filter(&bits[1])?,
            extra,
            only,
        })))
    }

    pub(super) fn tag_cycle(&mut self, bits: Vec<String>) -> Result<Node> {
        if bits.len() < 2 {
            return Err(syntax("'cycle' tag requires at least two arguments"));
        }
        if bits.len() == 2 {
            let name = &bits[1];
            if self.named_cycles.is_empty() {
                return Err(syntax(format!(
                    "No named cycles in template. '{name}' is not defined"
                )));
            }
            let node = self
                .named_cycles
                .get(name)
                .cloned()
                .ok_or_else(|| syntax(format!("Named cycle '{name}' does not exist")))?;
            return Ok(Node::Cycle(node));
        }
        let mut args = bits;
        let mut named = None;
        let mut silent = false;
        let n = args.len();
        if n > 4 {
            if args[n - 3] == "as" {
                if args[n - 1] != "silent" {
                    return Err(syntax(format!(
                        "Only 'silent' flag is allowed after cycle's name, not '{}'.",
                        args[n - 1]
                    )));
                }
                silent = true;
                args.pop();
                named = args.last().cloned();
            } else if args[n - 2] == "as" {
                named = args.last().cloned();
            }
        }
        let values_src: Vec<String> = if named.is_some() {
            args[1..args.len() - 2].to_vec()
        } else {
            args[1..].to_vec()
        };
        let values = values_src
            .iter()
            .map(|b| self.filter(b))
            .collect::<Result<Vec<_>>>()?;
        let node = Arc::new(CycleNode {
            id: next_id(),
            values,
            var: named.as_deref().map(Arc::from),
            silent,
        });
        if let Some(name) = named {
            self.named_cycles.insert(name, node.clone());
        }
        self.last_cycle = Some(node.clone());
        Ok(Node::Cycle(node))
    }
}
