//! Renderer tests with a small in-Rust host: dict-like objects, no Python.

use super::ast::{Handle, Template};
use super::error::{Error, Result};
use super::host::{Cmp, NullCompileHost, RenderHost};
use super::value::{Key, Object, Str, Value};
use super::{compile, render};
use std::any::Any;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

struct Map(Vec<(&'static str, Value)>);

impl Object for Map {
    fn lookup(&self, bit: &Key, _sii: &str) -> Result<Option<Value>> {
        Ok(self
            .0
            .iter()
            .find(|(k, _)| *k == &*bit.text)
            .map(|(_, v)| v.clone()))
    }
    fn truthy(&self) -> Result<bool> {
        Ok(!self.0.is_empty())
    }
    fn py_len(&self) -> Result<Option<usize>> {
        Ok(Some(self.0.len()))
    }
    fn iterate(&self) -> Result<Option<Vec<Value>>> {
        Ok(Some(self.0.iter().map(|(k, _)| Value::str(k)).collect()))
    }
    fn to_str(&self) -> Result<Str> {
        Ok(Str::plain("<map>"))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn obj(pairs: Vec<(&'static str, Value)>) -> Value {
    Value::Object(Rc::new(Map(pairs)))
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(items))
}

pub(crate) struct TestHost {
    root: Vec<(&'static str, Value)>,
    templates: HashMap<&'static str, Arc<Template>>,
}

impl RenderHost for TestHost {
    fn lookup_root(&self, name: &Key) -> Result<Option<Value>> {
        Ok(self
            .root
            .iter()
            .find(|(k, _)| *k == &*name.text)
            .map(|(_, v)| v.clone()))
    }
    fn lookup_value(&self, _v: &Value, _bit: &Key) -> Result<Option<Value>> {
        Ok(None)
    }
    fn string_if_invalid(&self) -> &str {
        ""
    }
    fn call_filter(&self, _f: &Handle, _v: &Value, _a: Option<&Value>, _ae: bool) -> Result<Value> {
        Err(Error::Value("no python here".into()))
    }
    fn render_foreign(
        &self,
        _n: &Handle,
        _vars: &[(Arc<str>, Value)],
        _ae: bool,
        _iso: bool,
    ) -> Result<(String, Vec<(String, Value)>)> {
        Err(Error::Value("no python here".into()))
    }
    fn get_template(
        &self,
        name: &Value,
        _cur: Option<&str>,
        _skip: &[Arc<str>],
    ) -> Result<Arc<Template>> {
        let n = name.to_str()?.text.to_string();
        self.templates
            .get(n.as_str())
            .cloned()
            .ok_or(Error::DoesNotExist(n))
    }
    fn compare(&self, _op: Cmp, _a: &Value, _b: &Value) -> Result<bool> {
        Ok(false)
    }
    fn render_value(&self, v: &Value, _ae: bool) -> Result<String> {
        Ok(v.to_str()?.text.to_string())
    }
    fn translate(&self, msgid: &str) -> Result<Value> {
        Ok(Value::safe(msgid))
    }
    fn reverse(
        &self,
        _v: &Value,
        _a: &[Value],
        _k: &[(Arc<str>, Value)],
        _s: bool,
    ) -> Result<Option<String>> {
        Ok(Some("/url/".into()))
    }
    fn static_url(&self, p: &Value) -> Result<String> {
        Ok(format!("/static/{}", p.to_str()?.text))
    }
    fn now(&self, _fmt: &str) -> Result<String> {
        Ok("now".into())
    }
}

pub(crate) fn host() -> TestHost {
    TestHost {
        root: vec![
            ("name", Value::str("<Ann>")),
            ("n", Value::Int(3)),
            (
                "items",
                list(vec![Value::str("a"), Value::str("b"), Value::str("c")]),
            ),
            (
                "user",
                obj(vec![
                    ("name", Value::str("bo")),
                    ("admin", Value::Bool(true)),
                ]),
            ),
            (
                "pairs",
                list(vec![
                    list(vec![Value::Int(1), Value::str("x")]),
                    list(vec![Value::Int(2), Value::str("y")]),
                ]),
            ),
            (
                "people",
                list(vec![
                    obj(vec![("g", Value::str("f")), ("n", Value::str("A"))]),
                    obj(vec![("g", Value::str("f")), ("n", Value::str("B"))]),
                    obj(vec![("g", Value::str("m")), ("n", Value::str("C"))]),
                ]),
            ),
        ],
        templates: HashMap::new(),
    }
}

fn tpl(src: &str) -> Template {
    compile(src, Some("t"), None, &mut NullCompileHost).expect("compiles")
}

fn r(src: &str) -> String {
    render(&tpl(src), &host(), true).expect("renders")
}

#[test]
fn variables_escape_and_literals_are_safe() {
    assert_eq!(
        r("{{ name }}|{{ '<b>' }}|{{ name|safe }}"),
        "&lt;Ann&gt;|<b>|<Ann>"
    );
    assert_eq!(
        r("{{ user.name }}{{ missing }}{{ missing.x }}{{ n }}"),
        "bo3"
    );
    assert_eq!(r("{{ items.1 }}{{ name.0 }}"), "b&lt;");
}

#[test]
fn if_operators() {
    assert_eq!(
        r("{% if n > 2 and user.admin %}y{% else %}n{% endif %}"),
        "y"
    );
    assert_eq!(
        r("{% if 'b' in items %}y{% endif %}{% if 'z' not in items %}z{% endif %}"),
        "yz"
    );
    assert_eq!(r("{% if missing %}a{% elif n == 3 %}b{% endif %}"), "b");
    assert_eq!(
        r("{% if not missing %}a{% endif %}{% if None is missing %}b{% endif %}"),
        "ab"
    );
    assert_eq!(r("{% if n < 'x' %}bad{% else %}ok{% endif %}"), "ok");
}

#[test]
fn for_loops() {
    assert_eq!(
        r("{% for i in items %}{{ forloop.counter }}{{ i }}{% if forloop.last %}.{% endif %}{% endfor %}"),
        "1a2b3c."
    );
    assert_eq!(r("{% for i in items reversed %}{{ i }}{% endfor %}"), "cba");
    assert_eq!(
        r("{% for a, b in pairs %}{{ a }}={{ b }};{% endfor %}"),
        "1=x;2=y;"
    );
    assert_eq!(
        r("{% for i in missing %}x{% empty %}none{% endfor %}"),
        "none"
    );
    assert_eq!(
        r("{% for i in items %}{% for j in items %}{{ forloop.parentloop.counter }}{% endfor %}{% endfor %}"),
        "111222333"
    );
}

#[test]
fn cycle_firstof_with_ifchanged_regroup() {
    assert_eq!(
        r("{% for i in items %}{% cycle 'x' 'y' %}{% endfor %}"),
        "xyx"
    );
    assert_eq!(r("{% firstof missing '' name %}"), "&lt;Ann&gt;");
    assert_eq!(
        r("{% with a=n b=user.name %}{{ a }}{{ b }}{% endwith %}{{ a }}"),
        "3bo"
    );
    assert_eq!(
        r("{% for p in people %}{% ifchanged p.g %}[{{ p.g }}]{% endifchanged %}{{ p.n }}{% endfor %}"),
        "[f]AB[m]C"
    );
    assert_eq!(
        r("{% regroup people by g as gs %}{% for g in gs %}{{ g.grouper }}:{% for p in g.list %}{{ p.n }}{% endfor %};{% endfor %}"),
        "f:AB;m:C;"
    );
}

#[test]
fn filters_tags_and_text_tags() {
    assert_eq!(
        r("{{ items|join:', ' }}|{{ items|length }}|{{ name|lower }}"),
        "a, b, c|3|&lt;ann&gt;"
    );
    assert_eq!(
        r("{% filter upper %}a{{ name }}{% endfilter %}"),
        "A&LT;ANN&GT;"
    );
    assert_eq!(
        r("{% spaceless %} <p> <b>x</b> </p> {% endspaceless %}"),
        "<p><b>x</b></p>"
    );
    assert_eq!(
        r("{% autoescape off %}{{ name }}{% endautoescape %}"),
        "<Ann>"
    );
    assert_eq!(
        r("{% templatetag openblock %}{% verbatim %}{{ x }}{% endverbatim %}"),
        "{%{{ x }}"
    );
    assert_eq!(
        r("{% widthratio 175 200 100 %}|{% widthratio 1 0 1 %}"),
        "88|0"
    );
    assert_eq!(r("a{% comment %}{{ x }}{% endcomment %}b{# c #}"), "ab");
}

#[test]
fn extends_blocks_and_super() {
    let mut h = host();
    h.templates.insert(
        "base",
        Arc::new(tpl(
            "<{% block a %}A{% endblock %}|{% block b %}B{% endblock %}>",
        )),
    );
    h.templates.insert(
        "mid",
        Arc::new(tpl(
            "{% extends 'base' %}{% block a %}m{{ block.super }}{% endblock %}",
        )),
    );
    let child = tpl("{% extends 'mid' %}ignored{% block a %}c{{ block.super }}{% endblock %}");
    assert_eq!(render(&child, &h, true).unwrap(), "<cmA|B>");
    h.templates
        .insert("inc", Arc::new(tpl("[{{ v }}{{ name }}]")));
    let t = tpl("{% include 'inc' with v=n %}{% include 'inc' with v=1 only %}");
    assert_eq!(render(&t, &h, true).unwrap(), "[3&lt;Ann&gt;][1]");
}

#[test]
fn block_super_in_a_base_template_is_an_error() {
    let t = tpl("{% block a %}[{{ block.super }}]{% endblock %}");
    match render(&t, &host(), true) {
        Err(e @ Error::Located(_)) => {
            let Error::Located(l) = &e else {
                unreachable!()
            };
            let span = l.span;
            assert_eq!(e.code(), "template.block-super-in-base");
            // Located at the {{ block.super }} token, the innermost node.
            assert_eq!((span.start, span.end), (14, 31));
            assert!(matches!(e.inner(), Error::Syntax(_)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors_carry_codes_and_lines() {
    for (src, line) in [
        ("{% if %}x{% endif %}", 1),
        ("a\n{% for x in %}", 2),
        ("{% if a %}", 1),
        ("{{ a|nosuch }}", 1),
        ("\n\n{% nosuchtag %}", 3),
        ("{% block a %}{% block a %}{% endblock %}{% endblock %}", 1),
        ("{{ }}", 1),
        ("x{% load static %}{% extends 'a' %}", 1),
    ] {
        match compile(src, None, None, &mut NullCompileHost) {
            Err(Error::Syntax(e)) if e.span.is_some() => {
                assert_eq!(e.span.unwrap().line, line, "{src}");
                assert!(e.code.starts_with("template."), "{src}");
            }
            other => panic!("{src}: {other:?}"),
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Arbitrary input never panics the compiler or the renderer: it compiles and
        /// renders, or it gets an error.
        #[test]
        fn never_panics(src in "([{}%#|:'\" a-z0-9._\\n]|if|for|endif|endfor|block|with|in|not|and|cycle){0,40}") {
            if let Ok(t) = compile(&src, None, None, &mut NullCompileHost) {
                let _ = render(&t, &host(), true);
            }
        }
    }
}
/// Every render step returns a `Result`; a large error type makes each one copy its
/// size on the hot path (measured: a 72-byte `Error` cost ~10% of a lookup-heavy render).
#[test]
fn render_results_stay_small() {
    use std::mem::size_of;
    assert!(size_of::<Value>() <= 32);
    assert!(size_of::<Error>() <= 32);
    assert!(size_of::<Result<Option<Value>>>() <= 40);
}
