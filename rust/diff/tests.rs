use super::apply::apply;
use super::patch::to_json;
use super::*;
use crate::vdom::parse_fragment;
use proptest::prelude::*;

/// Patch `a` into `b` through a diff; the result must serialise as `b` parses.
fn roundtrip(a: &str, b: &str) -> String {
    let (old, new) = (parse_fragment(a), parse_fragment(b));
    let ops = diff(&old, &new);
    let mut tree = old.clone();
    apply(&mut tree, &ops).unwrap_or_else(|e| panic!("{e:?} applying {ops:?}"));
    assert_eq!(
        nodes_html(&tree, Some("div")),
        nodes_html(&new, Some("div")),
        "\na: {a}\nb: {b}\nops: {ops:?}"
    );
    to_json(&ops)
}

#[test]
fn text_and_attribute_changes_are_small() {
    assert_eq!(
        roundtrip("<span>1</span>", "<span>2</span>"),
        r#"[[0,[0,0],"2"]]"#
    );
    assert_eq!(
        roundtrip(
            r#"<a class="x" href="/">t</a>"#,
            r#"<a href="/" title="y">t</a>"#
        ),
        r#"[[2,[0],"class"],[1,[0],"title","y"]]"#
    );
    assert_eq!(roundtrip("<p>same</p>", "<p>same</p>"), "[]");
}

#[test]
fn keyed_lists_move_by_key() {
    let rows = |ks: &[u32]| -> String {
        let mut s = String::from("<ul>\n");
        for k in ks {
            s.push_str(&format!("  <li dj-key=\"{k}\">row {k}</li>\n"));
        }
        s + "</ul>"
    };
    // Reversed: one keyed reorder, whitespace left in place.
    let ops = roundtrip(&rows(&[1, 2, 3, 4]), &rows(&[4, 3, 2, 1]));
    assert_eq!(ops, "[[6,[0],[3,2,1,0]]]");
    // Inserted at the top: one insert of the row and its whitespace.
    let ops = roundtrip(&rows(&[1, 2, 3]), &rows(&[0, 1, 2, 3]));
    assert!(
        ops.starts_with(r#"[[3,[0],1,"<li dj-key=\"0\">row 0</li>"#),
        "{ops}"
    );
    // Removed from the middle.
    roundtrip(&rows(&[1, 2, 3]), &rows(&[1, 3]));
    // Attribute order is kept exactly as the new render has it.
    roundtrip(
        r#"<i id="a" title="t"></i>"#,
        r#"<i class="c" id="a" title="u"></i>"#,
    );
}

#[test]
fn structural_changes_replace_the_smallest_subtree() {
    let ops = roundtrip("<div><p>a</p></div>", "<div><span>a</span></div>");
    assert_eq!(ops, r#"[[4,[0,0]],[3,[0],0,"<span>a</span>"]]"#);
    roundtrip(
        "<table><tr><td>1</td></tr></table>",
        "<table><tr><td>1</td><td>2</td></tr></table>",
    );
    roundtrip("x<b>y</b>z", "xz");
    roundtrip("<p>a<p>b", "<p>a</p>c<p>b");
}

#[test]
fn dj_update_modes() {
    let old = parse_fragment(r#"<div dj-update="ignore"><input value="1"></div>"#);
    let new = parse_fragment(r#"<div dj-update="ignore" class="x"><input value="2"></div>"#);
    assert_eq!(to_json(&diff(&old, &new)), r#"[[1,[0],"class","x"]]"#);
    let old = parse_fragment(r#"<ul dj-update="append"><li id="a">1</li></ul>"#);
    let new = parse_fragment(r#"<ul dj-update="append"><li id="b">2</li></ul>"#);
    let ops = diff(&old, &new);
    assert_eq!(to_json(&ops), r#"[[8,[0],"<li id=\"b\">2</li>",0]]"#);
    let mut tree = old.clone();
    apply(&mut tree, &ops).unwrap();
    assert_eq!(
        nodes_html(&tree, None),
        r#"<ul dj-update="append"><li id="a">1</li><li id="b">2</li></ul>"#
    );
}

/// Random HTML from a small grammar of what templates produce: lists with and
/// without keys, tables, forms, text, comments, attributes.
fn html_strategy() -> impl Strategy<Value = String> {
    let text = prop::sample::select(vec!["a", "b c", " ", "\n  ", "x&amp;y", "&lt;", "é", ""]);
    let leaf = prop_oneof![
        text.prop_map(String::from),
        prop::sample::select(vec![
            "<br>",
            "<!--c-->",
            "<input value=\"v\">",
            "<img src=\"i\">"
        ])
        .prop_map(String::from),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        let kids = prop::collection::vec(inner, 0..5).prop_map(|v| v.concat());
        let key = prop::sample::select(vec![
            "",
            " dj-key=\"1\"",
            " dj-key=\"2\"",
            " dj-key=\"3\"",
            " id=\"4\"",
        ]);
        let attr = prop::sample::select(vec![
            "",
            " class=\"a\"",
            " title=\"t\" class=\"b\"",
            " hidden",
        ]);
        let tag = prop::sample::select(vec![
            "div", "p", "span", "li", "ul", "b", "tr", "td", "table", "select", "option",
            "textarea", "pre",
        ]);
        (tag, key, attr, kids).prop_map(|(t, k, a, c)| format!("<{t}{k}{a}>{c}</{t}>"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_pair_of_documents_patches_exactly(a in html_strategy(), b in html_strategy()) {
        roundtrip(&a, &b);
    }

    #[test]
    fn malformed_html_never_panics(a in "[<>/a-z\"'= &;!-]{0,40}", b in "[<>/a-z\"'= &;!-]{0,40}") {
        roundtrip(&a, &b);
    }
}

/// The fixtures the Python and browser tests read too: each pair's patch is exactly
/// the recorded one, and applies.
#[test]
fn shared_fixtures() {
    let text = include_str!("../../tests/fixtures/vdom.json");
    let cases: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    for case in cases.as_array().expect("a list") {
        let (old, new) = (case["old"].as_str().unwrap(), case["new"].as_str().unwrap());
        let ops: serde_json::Value =
            serde_json::from_str(&to_json(&diff(&parse_fragment(old), &parse_fragment(new))))
                .unwrap();
        assert_eq!(ops, case["ops"], "{}", case["name"]);
        if !new.contains("dj-update") {
            roundtrip(old, new);
        }
    }
}
