//! The i18n library's `translate`/`trans` and `blocktranslate`/`blocktrans` tags,
//! compiled as Django's `do_translate` and `do_block_translate` do.

use super::*;

impl Parser<'_> {
    pub(super) fn tag_translate(&mut self, bits: Vec<String>) -> Result<Node> {
        let tag = &bits[0];
        if bits.len() < 2 {
            return Err(syntax(format!("'{tag}' takes at least one argument")));
        }
        let mut message = self.filter(&bits[1])?;
        // Django re-wraps a literal message as Variable("'%s'"), unescaping it again.
        if let Operand::Lit(Literal::Str(s)) = &message.base {
            let again = s.replace("\\'", "'").replace("\\\\", "\\");
            message.base = Operand::Lit(Literal::Str(Arc::from(again.as_str())));
        }
        let mut remaining = bits[2..].iter();
        let (mut noop, mut context, mut asvar) = (false, None, None);
        let mut seen: Vec<&str> = Vec::new();
        while let Some(option) = remaining.next() {
            if seen.contains(&option.as_str()) {
                return Err(syntax(format!(
                    "The '{option}' option was specified more than once."
                )));
            }
            match option.as_str() {
                "noop" => noop = true,
                "context" => {
                    let value = remaining.next().ok_or_else(|| {
                        syntax(format!("No argument provided to the '{tag}' tag for the context option."))
                    })?;
                    if value == "as" || value == "noop" {
                        return Err(syntax(format!(
                            "Invalid argument '{value}' provided to the '{tag}' tag for the context option"
                        )));
                    }
                    context = Some(self.filter(value)?);
                }
                "as" => {
                    let value = remaining.next().ok_or_else(|| {
                        syntax(format!("No argument provided to the '{tag}' tag for the as option."))
                    })?;
                    asvar = Some(Arc::from(value.as_str()));
                }
                other => {
                    return Err(syntax(format!(
                        "Unknown argument for '{tag}' tag: '{other}'. The only options available are 'noop', 'context' \"xxx\", and 'as VAR'."
                    )))
                }
            }
            seen.push(option);
        }
        Ok(Node::Translate(Box::new(TranslateNode {
            message,
            noop,
            context,
            asvar,
        })))
    }

    pub(super) fn tag_blocktranslate(
        &mut self,
        bits: Vec<String>,
        opening: &Token,
    ) -> Result<Node> {
        let tag = bits[0].clone();
        let mut remaining: Vec<String> = bits[1..].to_vec();
        let mut seen: Vec<String> = Vec::new();
        let (mut extra, mut count, mut context, mut trimmed, mut asvar) =
            (Vec::new(), None, None, false, None);
        while !remaining.is_empty() {
            let option = remaining.remove(0);
            if seen.contains(&option) {
                return Err(syntax(format!(
                    "The '{option}' option was specified more than once."
                )));
            }
            match option.as_str() {
                "with" => {
                    let kw = token_kwargs(&mut remaining, true);
                    if kw.is_empty() {
                        return Err(syntax(format!(
                            "\"with\" in '{tag}' tag needs at least one keyword argument."
                        )));
                    }
                    extra = self.kw_exprs(kw)?;
                }
                "count" => {
                    let kw = token_kwargs(&mut remaining, true);
                    if kw.len() != 1 {
                        return Err(syntax(format!(
                            "\"count\" in '{tag}' tag expected exactly one keyword argument."
                        )));
                    }
                    let (k, v) = kw.into_iter().next().expect("one keyword");
                    count = Some((intern(&k), self.filter(&v)?));
                }
                "context" => {
                    let msg = || {
                        syntax(format!(
                            "\"context\" in '{tag}' tag expected exactly one argument."
                        ))
                    };
                    if remaining.is_empty() {
                        return Err(msg());
                    }
                    let v = remaining.remove(0);
                    context = Some(self.filter(&v).map_err(|_| msg())?);
                }
                "trimmed" => trimmed = true,
                "asvar" => {
                    if remaining.is_empty() {
                        return Err(syntax(format!(
                            "No argument provided to the '{tag}' tag for the asvar option."
                        )));
                    }
                    asvar = Some(intern(&remaining.remove(0)));
                }
                _ => {
                    return Err(syntax(format!(
                        "Unknown argument for '{tag}' tag: '{option}'."
                    )))
                }
            }
            seen.push(option);
        }
        let mut last = opening.clone();
        let (singular, singular_vars, end) = self.message_tokens(trimmed, &mut last);
        let mut end = end;
        let (mut plural, mut plural_vars) = (String::new(), Vec::new());
        if count.is_some() {
            let t = end.clone().unwrap_or_else(|| last.clone());
            if t.contents.trim() != "plural" {
                return Err(syntax(format!(
                    "'{tag}' doesn't allow other block tags inside it"
                )));
            }
            let (p, pv, e) = self.message_tokens(trimmed, &mut last);
            (plural, plural_vars, end) = (p, pv, e);
        }
        let t = end.unwrap_or(last);
        if t.contents.trim() != format!("end{tag}") {
            return Err(syntax(format!(
                "'{tag}' doesn't allow other block tags (seen {}) inside it",
                py_repr(&Value::str(&t.contents)).unwrap_or_default()
            )));
        }
        Ok(Node::BlockTranslate(Box::new(BlockTranslateNode {
            tag: Arc::from(tag.as_str()),
            extra,
            count,
            context,
            asvar,
            singular,
            singular_vars,
            plural,
            plural_vars,
        })))
    }

    /// Text and variable tokens up to the next other token (Django's
    /// `render_token_list`): the msgid and its placeholder names.
    pub(super) fn message_tokens(
        &mut self,
        trimmed: bool,
        last: &mut Token,
    ) -> (String, Vec<Arc<str>>, Option<Token>) {
        let mut msg = String::new();
        let mut vars = Vec::new();
        while self.pos < self.tokens.len() {
            let t = self.tokens[self.pos].clone();
            self.pos += 1;
            match t.kind {
                TokenKind::Text => msg.push_str(&t.contents.replace('%', "%%")),
                TokenKind::Var => {
                    msg.push_str(&format!("%({})s", t.contents));
                    vars.push(intern(&t.contents));
                }
                _ => {
                    let msg = if trimmed { trim_whitespace(&msg) } else { msg };
                    return (msg, vars, Some(t));
                }
            }
            *last = t;
        }
        let msg = if trimmed { trim_whitespace(&msg) } else { msg };
        (msg, vars, None)
    }
}

/// Django's `translation.trim_whitespace`: strip, then every whitespace run that
/// contains a newline becomes one space.
pub(super) fn trim_whitespace(s: &str) -> String {
    let s = s.trim();
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if chars[i..j].contains(&'\n') {
                out.push(' ');
            } else {
                out.extend(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
