//! The built-in tags the engine compiles natively: one arm per tag, the simple ones
//! inline, the ones with more grammar in `tags.rs` and `i18n.rs`.

use super::*;

impl Parser<'_> {
    pub(super) fn native_tag_inner(
        &mut self,
        command: &str,
        token: &Token,
    ) -> Result<Option<Node>> {
        let contents = token.contents.as_str();
        let bits = || split_contents(contents).ok_or_else(|| syntax("Unclosed translation marker"));
        Ok(Some(match command {
            "if" => self.tag_if(bits()?)?,
            "for" => self.tag_for(contents, bits()?)?,
            "with" => {
                let bits = bits()?;
                let mut rest = bits[1..].to_vec();
                let kw = token_kwargs(&mut rest, true);
                if kw.is_empty() {
                    return Err(syntax(format!(
                        "'{}' expected at least one variable assignment",
                        bits[0]
                    )));
                }
                if let Some(bad) = rest.first() {
                    return Err(syntax(format!(
                        "'{}' received an invalid token: '{}'",
                        bits[0], bad
                    )));
                }
                let vars = self.kw_exprs(kw)?;
                Node::With(vars, self.parse_body("endwith")?)
            }
            "block" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 2 {
                    return Err(syntax(format!(
                        "'{}' tag takes only one argument",
                        words[0]
                    )));
                }
                let name = words[1].to_string();
                if self.block_names.contains(&name) {
                    return Err(syntax(format!(
                        "'block' tag with name '{name}' appears more than once"
                    )));
                }
                self.block_names.push(name.clone());
                let (nodes, end) = self.parse(&["endblock"])?;
                let end = end.expect("parse stops at its end tag");
                if end.contents != "endblock" && end.contents != format!("endblock {name}") {
                    let a = format!("endblock {name}");
                    return Err(self.invalid_block_tag(&end, "endblock", &["endblock", &a]));
                }
                let block = Arc::new(Block {
                    name: Arc::from(name.as_str()),
                    nodes,
                    owner: self.info.clone(),
                });
                self.blocks.push(block.clone());
                Node::Block(block)
            }
            "extends" => {
                let bits = bits()?;
                if bits.len() != 2 {
                    return Err(syntax(format!("'{}' takes one argument", bits[0])));
                }
                if self.seen_extends {
                    return Err(syntax(
                        "'extends' cannot appear more than once in the same template",
                    ));
                }
                self.seen_extends = true;
                let parent = self.filter(&bits[1])?;
                let first_block = self.blocks.len();
                self.parse(&[])?;
                Node::Extends(parent, self.blocks[first_block..].to_vec())
            }
            "include" => self.tag_include(bits()?)?,
            "comment" => {
                while self.pos < self.tokens.len() {
                    let t = &self.tokens[self.pos];
                    self.pos += 1;
                    if t.kind == TokenKind::Block && t.contents == "endcomment" {
                        return Ok(None);
                    }
                }
                return Err(syntax(format!(
                    "Unclosed tag on line {}: 'comment'. Looking for one of: endcomment.",
                    token.span.line
                )));
            }
            "verbatim" => {
                let nodes = self.parse_body("endverbatim")?;
                let mut text = String::new();
                for n in nodes {
                    if let Node::Text(t) = n.node {
                        text.push_str(&t);
                    }
                }
                Node::Text(Arc::from(text.as_str()))
            }
            "templatetag" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 2 {
                    return Err(syntax("'templatetag' statement takes one argument"));
                }
                let out = match words[1] {
                    "openblock" => "{%",
                    "closeblock" => "%}",
                    "openvariable" => "{{",
                    "closevariable" => "}}",
                    "openbrace" => "{",
                    "closebrace" => "}",
                    "opencomment" => "{#",
                    "closecomment" => "#}",
                    other => {
                        return Err(syntax(format!(
                            "Invalid templatetag argument: '{other}'. Must be one of: ['openblock', 'closeblock', 'openvariable', 'closevariable', 'openbrace', 'closebrace', 'opencomment', 'closecomment']"
                        )))
                    }
                };
                Node::Text(Arc::from(out))
            }
            "autoescape" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 2 {
                    return Err(syntax("'autoescape' tag requires exactly one argument."));
                }
                let on = match words[1] {
                    "on" => true,
                    "off" => false,
                    _ => return Err(syntax("'autoescape' argument should be 'on' or 'off'")),
                };
                Node::Autoescape(on, self.parse_body("endautoescape")?)
            }
            "spaceless" => Node::Spaceless(self.parse_body("endspaceless")?),
            "filter" => {
                let rest = contents
                    .split_once(char::is_whitespace)
                    .map(|(_, r)| r.trim_start())
                    .filter(|r| !r.is_empty())
                    .ok_or_else(|| syntax("'filter' tag requires an argument"))?;
                let expr = self.filter(&format!("var|{rest}"))?;
                for f in &expr.filters {
                    if &*f.name == "escape" || &*f.name == "safe" {
                        return Err(syntax(format!(
                            "\"filter {}\" is not permitted.  Use the \"autoescape\" tag instead.",
                            f.name
                        )));
                    }
                }
                Node::Filter(expr, self.parse_body("endfilter")?)
            }
            "cycle" => self.tag_cycle(bits()?)?,
            "resetcycle" => {
                let bits = bits()?;
                if bits.len() > 2 {
                    return Err(syntax(format!(
                        "'{}' tag accepts at most one argument.",
                        bits[0]
                    )));
                }
                let node = if bits.len() == 2 {
                    self.named_cycles.get(&bits[1]).cloned().ok_or_else(|| {
                        syntax(format!("Named cycle '{}' does not exist.", bits[1]))
                    })?
                } else {
                    self.last_cycle
                        .clone()
                        .ok_or_else(|| syntax("No cycles in template."))?
                };
                Node::ResetCycle(vec![node])
            }
            "firstof" => {
                let mut bits = bits()?[1..].to_vec();
                if bits.is_empty() {
                    return Err(syntax("'firstof' statement requires at least one argument"));
                }
                let mut asvar = None;
                if bits.len() >= 2 && bits[bits.len() - 2] == "as" {
                    asvar = Some(Arc::from(bits[bits.len() - 1].as_str()));
                    bits.truncate(bits.len() - 2);
                }
                let exprs = bits
                    .iter()
                    .map(|b| self.filter(b))
                    .collect::<Result<Vec<_>>>()?;
                Node::Firstof(exprs, asvar)
            }
            "ifchanged" => {
                let bits = bits()?;
                let (body, end) = self.parse(&["else", "endifchanged"])?;
                let else_body = if end.map(|t| t.contents == "else").unwrap_or(false) {
                    self.parse_body("endifchanged")?
                } else {
                    Vec::new()
                };
                let exprs = bits[1..]
                    .iter()
                    .map(|b| self.filter(b))
                    .collect::<Result<Vec<_>>>()?;
                Node::IfChanged {
                    id: next_id(),
                    exprs,
                    body,
                    else_body,
                }
            }
            "regroup" => {
                let bits = bits()?;
                if bits.len() != 6 {
                    return Err(syntax("'regroup' tag takes five arguments"));
                }
                let target = self.filter(&bits[1])?;
                if bits[2] != "by" {
                    return Err(syntax("second argument to 'regroup' tag must be 'by'"));
                }
                if bits[4] != "as" {
                    return Err(syntax(
                        "next-to-last argument to 'regroup' tag must be 'as'",
                    ));
                }
                let by = self.filter(&format!("{}.{}", bits[5], bits[3]))?;
                Node::Regroup {
                    target,
                    by,
                    var: Arc::from(bits[5].as_str()),
                }
            }
            "widthratio" => {
                let bits = bits()?;
                let asvar = match bits.len() {
                    4 => None,
                    6 => {
                        if bits[4] != "as" {
                            return Err(syntax(
                                "Invalid syntax in widthratio tag. Expecting 'as' keyword",
                            ));
                        }
                        Some(Arc::from(bits[5].as_str()))
                    }
                    _ => return Err(syntax("widthratio takes at least three arguments")),
                };
                Node::WidthRatio {
                    value: self.filter(&bits[1])?,
                    max: self.filter(&bits[2])?,
                    width: self.filter(&bits[3])?,
                    asvar,
                }
            }
            "load" => {
                let words: Vec<String> = contents
                    .split_whitespace()
                    .skip(1)
                    .map(String::from)
                    .collect();
                self.host.load(&words)?;
                Node::Text(Arc::from(""))
            }
            "csrf_token" => Node::Csrf,
            "url" => {
                let bits = bits()?;
                if bits.len() < 2 {
                    return Err(syntax(format!(
                        "'{}' takes at least one argument, a URL pattern name.",
                        bits[0]
                    )));
                }
                let view = self.filter(&bits[1])?;
                let mut rest = bits[2..].to_vec();
                let mut asvar = None;
                if rest.len() >= 2 && rest[rest.len() - 2] == "as" {
                    asvar = Some(Arc::from(rest[rest.len() - 1].as_str()));
                    rest.truncate(rest.len() - 2);
                }
                let mut args = Vec::new();
                let mut kwargs: Vec<(Arc<str>, FilterExpr)> = Vec::new();
                for bit in &rest {
                    match kwarg(bit) {
                        (Some(k), v) => {
                            let e = self.filter(v)?;
                            if let Some(slot) = kwargs.iter_mut().find(|(n, _)| &**n == k) {
                                slot.1 = e;
                            } else {
                                kwargs.push((Arc::from(k), e));
                            }
                        }
                        (None, v) => args.push(self.filter(v)?),
                    }
                }
                Node::Url(Box::new(UrlNode {
                    view,
                    args,
                    kwargs,
                    asvar,
                }))
            }
            "static" => {
                let bits = bits()?;
                if bits.len() < 2 {
                    return Err(syntax(format!(
                        "'{}' takes at least one argument (path to file)",
                        bits[0]
                    )));
                }
                let path = self.filter(&bits[1])?;
                let var = if bits.len() >= 2 && bits[bits.len() - 2] == "as" {
                    bits.get(3).map(|s| Arc::from(s.as_str()))
                } else {
                    None
                };
                Node::Static(path, var)
            }
            "now" => {
                let mut bits = bits()?;
                let mut asvar = None;
                if bits.len() == 4 && bits[2] == "as" {
                    asvar = Some(Arc::from(bits[3].as_str()));
                    bits.truncate(2);
                }
                if bits.len() != 2 {
                    return Err(syntax("'now' statement takes one argument"));
                }
                let f = &bits[1];
                let fmt: String = f
                    .chars()
                    .skip(1)
                    .take(f.chars().count().saturating_sub(2))
                    .collect();
                Node::Now(Arc::from(fmt.as_str()), asvar)
            }
            "translate" | "trans" => self.tag_translate(bits()?)?,
            "blocktranslate" | "blocktrans" => self.tag_blocktranslate(bits()?, token)?,
            "lorem" => {
                let mut bits = bits()?;
                let tag = bits[0].clone();
                let common = bits[bits.len() - 1] != "random";
                if !common {
                    bits.pop();
                }
                let method = match bits.last().map(String::as_str) {
                    Some("w") | Some("p") | Some("b") if bits.len() > 1 => {
                        bits.pop().expect("a method").chars().next().unwrap_or('b')
                    }
                    _ => 'b',
                };
                let count = if bits.len() > 1 {
                    bits.pop().expect("a count")
                } else {
                    "1".to_string()
                };
                let count = self.filter(&count)?;
                if bits.len() != 1 {
                    return Err(syntax(format!(
                        "Incorrect format for {} tag",
                        py_repr(&Value::str(&tag)).unwrap_or_default()
                    )));
                }
                Node::Lorem {
                    count,
                    method,
                    common,
                }
            }
            "debug" => Node::Debug,
            "cache" => {
                // Django parses the body first, then checks the arguments.
                let body = self.parse_body("endcache")?;
                let mut bits = bits()?;
                if bits.len() < 3 {
                    return Err(syntax(format!(
                        "'{}' tag requires at least 2 arguments.",
                        py_repr(&Value::str(&bits[0])).unwrap_or_default()
                    )));
                }
                let mut using = None;
                if bits.len() > 3 && bits[bits.len() - 1].starts_with("using=") {
                    let last = bits.pop().expect("a last bit");
                    using = Some(self.filter(&last["using=".len()..])?);
                }
                let vary_on = bits[3..]
                    .iter()
                    .map(|b| self.filter(b))
                    .collect::<Result<Vec<_>>>()?;
                Node::Cache(Box::new(CacheNode {
                    expire: self.filter(&bits[1])?,
                    fragment: Arc::from(bits[2].as_str()),
                    vary_on,
                    using,
                    body,
                }))
            }
            "language" => {
                let bits = bits()?;
                if bits.len() != 2 {
                    return Err(syntax(format!(
                        "'{}' takes one argument (language)",
                        bits[0]
                    )));
                }
                let code = self.filter(&bits[1])?;
                Node::Override {
                    kind: OverrideKind::Language,
                    value: Some(code),
                    body: self.parse_body("endlanguage")?,
                }
            }
            "timezone" => {
                let bits = bits()?;
                if bits.len() != 2 {
                    return Err(syntax(format!(
                        "'{}' takes one argument (timezone)",
                        bits[0]
                    )));
                }
                let tz = self.filter(&bits[1])?;
                Node::Override {
                    kind: OverrideKind::Timezone,
                    value: Some(tz),
                    body: self.parse_body("endtimezone")?,
                }
            }
            "localize" | "localtime" => {
                let bits = bits()?;
                let on = match bits.len() {
                    1 => true,
                    2 if bits[1] == "on" || bits[1] == "off" => bits[1] == "on",
                    _ => {
                        return Err(syntax(format!(
                            "{} argument should be 'on' or 'off'",
                            py_repr(&Value::str(&bits[0])).unwrap_or_default()
                        )))
                    }
                };
                let (kind, end) = if command == "localize" {
                    (OverrideKind::UseL10n(on), "endlocalize")
                } else {
                    (OverrideKind::UseTz(on), "endlocaltime")
                };
                Node::Override {
                    kind,
                    value: None,
                    body: self.parse_body(end)?,
                }
            }
            "get_current_timezone" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 3 || words[1] != "as" {
                    return Err(syntax(format!(
                        "'get_current_timezone' requires 'as variable' (got {})",
                        py_list(&words)
                    )));
                }
                Node::CurrentTimezone(intern(words[2]))
            }
            "get_available_languages" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 3 || words[1] != "as" {
                    return Err(syntax(format!(
                        "'get_available_languages' requires 'as variable' (got {})",
                        py_list(&words)
                    )));
                }
                Node::I18nValue {
                    kind: Arc::from(command),
                    arg: None,
                    var: intern(words[2]),
                }
            }
            "get_language_info" | "get_language_info_list" => {
                let bits = bits()?;
                if bits.len() != 5 || bits[1] != "for" || bits[3] != "as" {
                    let what = if command == "get_language_info" {
                        "string"
                    } else {
                        "sequence"
                    };
                    let rest: Vec<&str> = bits[1..].iter().map(String::as_str).collect();
                    return Err(syntax(format!(
                        "'{}' requires 'for {what} as variable' (got {})",
                        bits[0],
                        py_list(&rest)
                    )));
                }
                Node::I18nValue {
                    kind: Arc::from(command),
                    arg: Some(self.filter(&bits[2])?),
                    var: intern(&bits[4]),
                }
            }
            "get_static_prefix" | "get_media_prefix" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() > 1 && words[1] != "as" {
                    return Err(syntax(format!(
                        "First argument in '{}' must be 'as'",
                        words[0]
                    )));
                }
                let var = match words.len() {
                    1 => None,
                    n if n > 2 => Some(intern(words[2])),
                    _ => {
                        return Err(syntax(format!(
                            "'{}' needs a variable name after 'as'",
                            words[0]
                        )))
                    }
                };
                Node::Prefix {
                    setting: if command == "get_static_prefix" {
                        "STATIC_URL"
                    } else {
                        "MEDIA_URL"
                    },
                    var,
                }
            }
            "get_current_language" | "get_current_language_bidi" => {
                let words: Vec<&str> = contents.split_whitespace().collect();
                if words.len() != 3 || words[1] != "as" {
                    return Err(syntax(format!(
                        "'{command}' requires 'as variable' (got {})",
                        py_list(&words)
                    )));
                }
                Node::CurrentLanguage {
                    var: Arc::from(words[2]),
                    bidi: command.ends_with("_bidi"),
                }
            }
            other => return Err(syntax(format!("Invalid block tag: '{other}'"))),
        }))
    }
}
