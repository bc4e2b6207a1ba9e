//! Unit tests of the native filters (the differential tests against Django live in
//! tests/template/).

use super::*;

fn run(f: &str, v: Value, a: Option<Value>) -> String {
    let host = crate::template::tests::host();
    let out = NativeFilter::from_name(f)
        .unwrap()
        .apply(&v, a.as_ref(), true, &host)
        .unwrap()
        .unwrap();
    format!(
        "{}{}",
        if out.is_safe_str() { "safe:" } else { "" },
        out.to_str().unwrap().text
    )
}

#[test]
fn string_filters() {
    assert_eq!(run("upper", Value::safe("<a>"), None), "<A>");
    assert_eq!(run("lower", Value::safe("<A>"), None), "safe:<a>");
    assert_eq!(
        run("title", Value::str("joe's 1st bOOK"), None),
        "Joe's 1st Book"
    );
    assert_eq!(
        run("center", Value::str("ab"), Some(Value::str("5"))),
        "  ab "
    );
    assert_eq!(run("capfirst", Value::str("élan"), None), "Élan");
    assert_eq!(
        run("escapejs", Value::str("a'b\n"), None),
        "safe:a\\u0027b\\u000A"
    );
    assert_eq!(run("urlencode", Value::str("a b/é"), None), "a%20b/%C3%A9");
}

#[test]
fn list_filters() {
    let l = Value::List(Rc::new(vec![
        Value::str("<a>"),
        Value::Int(2),
        Value::safe("<b>"),
    ]));
    assert_eq!(
        run("join", l.clone(), Some(Value::safe(", "))),
        "safe:&lt;a&gt;, 2, <b>"
    );
    assert_eq!(run("length", l.clone(), None), "3");
    assert_eq!(
        run("slice", l.clone(), Some(Value::safe("::-1"))),
        "[<b>, 2, <a>]"
            .replace("<b>", "'<b>'")
            .replace("<a>", "'<a>'")
    );
    assert_eq!(
        run("slice", Value::str("abcdef"), Some(Value::safe("1:-1:2"))),
        "bd"
    );
    assert_eq!(run("pluralize", Value::Int(1), None), "");
    assert_eq!(
        run("pluralize", Value::Int(2), Some(Value::safe("y,ies"))),
        "ies"
    );
    assert_eq!(run("yesno", Value::None, Some(Value::safe("y,n"))), "n");
    assert_eq!(
        run("truncatechars", Value::str("abcdef"), Some(Value::Int(4))),
        "abc…"
    );
    assert_eq!(
        run("truncatechars", Value::str("abcd"), Some(Value::Int(4))),
        "abcd"
    );
    assert_eq!(
        run(
            "truncatewords",
            Value::str("a  b\nc d"),
            Some(Value::Int(2))
        ),
        "a b …"
    );
}

#[test]
fn linebreaks_like_django() {
    assert_eq!(
        run("linebreaks", Value::str("a\nb\n\n\nc<"), None),
        "safe:<p>a<br>b</p>\n\n<p>c&lt;</p>"
    );
}
