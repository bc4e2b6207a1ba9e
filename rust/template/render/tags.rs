//! Nodes whose work is partly Django's: `{% translate %}`, `{% blocktranslate %}`,
//! simple tags and `{% cache %}`.

use super::*;

impl Renderer<'_> {
    /// Django's `TranslateNode.render`.
    pub(super) fn render_translate(&mut self, t: &TranslateNode, out: &mut String) -> Result<()> {
        let context = match &t.context {
            Some(c) => Some(self.resolve(c, false)?),
            None => None,
        };
        let noop = t.noop;
        let value = self.resolve_with(&t.message, false, |r, v| {
            if noop {
                Ok(v)
            } else {
                r.host.translate_message(&v, context.as_ref())
            }
        })?;
        let mut text = String::new();
        self.write_value(&mut text, &value)?;
        // render_value_in_context gives a SafeString when autoescaping.
        let safe = self.autoescape || value.is_safe_str();
        let text = text.replace("%%", "%");
        match &t.asvar {
            Some(var) => self.set(
                var,
                Value::Str(Str {
                    text: text.into(),
                    safe,
                }),
            ),
            None => {
                out.push_str(&text);
                Ok(())
            }
        }
    }

    /// Django's `BlockTranslateNode.render`.
    pub(super) fn render_blocktranslate(
        &mut self,
        b: &BlockTranslateNode,
        out: &mut String,
    ) -> Result<()> {
        let context = match &b.context {
            Some(c) => Some(self.resolve(c, false)?),
            None => None,
        };
        let extra = self.resolve_pairs(&b.extra)?;
        self.push(extra);
        let prepared = self.blocktranslate_in_scope(b, context.as_ref());
        self.pop();
        let (translated, data, count) = prepared?;
        let translate = |untranslated: bool| {
            let (plural, countervar) = match &b.count {
                Some((name, _)) => (Some(b.plural.as_str()), Some(&**name)),
                None => (None, None),
            };
            self.host.block_translate(
                &b.tag,
                &b.singular,
                plural,
                countervar,
                count.as_ref(),
                context.as_ref(),
                untranslated,
            )
        };
        let format = |text: &str| -> Result<Option<String>> {
            match pystr::percent_format(text, &data) {
                Ok(s) => Ok(Some(s)),
                Err(pystr::PercentError::Missing) => Ok(None),
                Err(pystr::PercentError::Unsupported) => self.host.percent_format(text, &data),
            }
        };
        let result = match format(&translated)? {
            Some(s) => s,
            // Django retries with translation off; a second failure is a syntax error.
            None => {
                let untranslated = translate(true)?;
                format(&untranslated)?.ok_or_else(|| {
                    Error::syntax(
                        "template.syntax",
                        format!(
                            "'{}' is unable to format string returned by gettext: {:?}",
                            b.tag, untranslated
                        ),
                    )
                })?
            }
        };
        match &b.asvar {
            Some(var) => self.set(var, Value::Str(Str::safe(result))),
            None => {
                out.push_str(&result);
                Ok(())
            }
        }
    }

    /// The translated message and the rendered placeholder values, with the `with`
    /// values pushed.
    #[allow(clippy::type_complexity)]
    pub(super) fn blocktranslate_in_scope(
        &mut self,
        b: &BlockTranslateNode,
        context: Option<&Value>,
    ) -> Result<(String, Vec<(Arc<str>, String)>, Option<Value>)> {
        let mut vars: Vec<Arc<str>> = b.singular_vars.clone();
        let count = match &b.count {
            Some((name, e)) => {
                let c = self.resolve(e, false)?;
                vars.extend(b.plural_vars.iter().cloned());
                Some((name.clone(), c))
            }
            None => None,
        };
        let (plural, countervar) = match &count {
            Some((name, _)) => (Some(b.plural.as_str()), Some(name.clone())),
            None => (None, None),
        };
        let translated = self.host.block_translate(
            &b.tag,
            &b.singular,
            plural,
            countervar.as_deref(),
            count.as_ref().map(|(_, c)| c),
            context,
            false,
        )?;
        if let Some((name, c)) = &count {
            self.set_local(name, c.clone());
        }
        let sii = self.host.string_if_invalid().to_string();
        let mut data = Vec::with_capacity(vars.len());
        for v in vars {
            // context[key] when `key in context`, else string_if_invalid.
            let value = match self.lookup_raw(&v)? {
                Some(val) => val,
                None if sii.contains("%s") => Value::str(&sii.replacen("%s", &v, 1)),
                None => Value::str(&sii),
            };
            let mut text = String::new();
            self.write_value(&mut text, &value)?;
            data.push((v, text));
        }
        Ok((translated, data, count.map(|(_, c)| c)))
    }

    /// `context[name]` as Django's `Context.__getitem__` gives it (no callable rules).
    pub(super) fn lookup_raw(&self, name: &Arc<str>) -> Result<Option<Value>> {
        if let Some(v) = self.scopes.get(name) {
            return Ok(Some(v.clone()));
        }
        if !self.isolated {
            if let Some(v) = self.host.lookup_root_raw(&Key::new(name.clone()))? {
                return Ok(Some(v));
            }
        }
        Ok(builtin(name))
    }

    /// Django's `SimpleNode.render`, with the arguments resolved here.
    pub(super) fn render_simple_tag(&mut self, t: &SimpleTagNode, out: &mut String) -> Result<()> {
        let args = self.resolve_all(&t.args)?;
        let kwargs = self.resolve_pairs(&t.kwargs)?;
        let (output, assigned) = self.host.call_simple_tag(
            &t.func,
            t.takes_context,
            &args,
            &kwargs,
            self.scopes.all(),
            self.isolated,
        )?;
        for (k, v) in assigned {
            self.set_local(&intern(&k), v);
        }
        if let Some(var) = &t.asvar {
            return self.set(var, output);
        }
        if self.autoescape {
            match &output {
                Value::Str(s) if s.safe => out.push_str(&s.text),
                Value::Str(s) => escape_into(out, &s.text),
                Value::Object(_) => out.push_str(&self.host.conditional_escape(&output)?),
                other => escape_into(out, &other.to_str()?.text),
            }
        } else {
            match &output {
                Value::Str(s) => out.push_str(&s.text),
                // NodeList's "".join() accepts only strings.
                other => {
                    let s = other.to_str()?;
                    if !matches!(other, Value::Object(_)) {
                        return Err(Error::Type(format!(
                            "sequence item 0: expected str instance, {} found",
                            match other {
                                Value::Int(_) => "int",
                                Value::Float(_) => "float",
                                Value::Bool(_) => "bool",
                                Value::None => "NoneType",
                                _ => "object",
                            }
                        )));
                    }
                    out.push_str(&s.text)
                }
            }
        }
        Ok(())
    }

    /// Django's `CacheNode.render`: the fragment from the cache, or rendered and stored.
    pub(super) fn render_cache(&mut self, c: &CacheNode, out: &mut String) -> Result<()> {
        let unknown = |e: Error, expr: &FilterExpr| match e {
            Error::VariableDoesNotExist(_) => Error::syntax(
                "template.syntax",
                format!("\"cache\" tag got an unknown variable: '{}'", expr.token),
            ),
            other => other,
        };
        let expire = self
            .resolve(&c.expire, false)
            .map_err(|e| unknown(e, &c.expire))?;
        let using = match &c.using {
            Some(u) => Some(self.resolve(u, false).map_err(|e| unknown(e, u))?),
            None => None,
        };
        let vary_on = c
            .vary_on
            .iter()
            .map(|v| self.resolve(v, false))
            .collect::<Result<Vec<_>>>()?;
        let (handle, cached) =
            self.host
                .cache_lookup(&expire, using.as_ref(), &c.fragment, &vary_on)?;
        match cached {
            Some(text) => out.push_str(&text),
            None => {
                let mut text = String::new();
                self.render_nodes(&c.body, &mut text)?;
                self.host.cache_store(&handle, &text)?;
                out.push_str(&text);
            }
        }
        Ok(())
    }
}
