use super::*;

fn html(s: &str) -> String {
    nodes_html(&parse_fragment(s), Some("div"))
}

#[test]
fn builds_what_the_browser_builds() {
    // Implied tbody, auto-closed p and li, void elements, entities.
    assert_eq!(
        html("<table><tr><td>a</td></tr></table>"),
        "<table><tbody><tr><td>a</td></tr></tbody></table>"
    );
    assert_eq!(html("<p>a<p>b<div>c</div>"), "<p>a</p><p>b</p><div>c</div>");
    assert_eq!(html("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
    assert_eq!(
        html("<br><img src=x>a&amp;b&lt;&nbsp;"),
        "<br><img src=\"x\">a&amp;b&lt;&nbsp;"
    );
    assert_eq!(
        html("<select><option>a<option>b</select>"),
        "<select><option>a</option><option>b</option></select>"
    );
    // Raw text stays raw; misplaced table text is foster-parented.
    assert_eq!(html("<script>a<b</script>"), "<script>a<b</script>");
    assert_eq!(
        html("<table>x<tr><td>1</td></tr></table>"),
        "x<table><tbody><tr><td>1</td></tr></tbody></table>"
    );
    assert_eq!(html("<textarea>\nhi</textarea>"), "<textarea>hi</textarea>");
    assert_eq!(html("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
}

#[test]
fn keys_and_namespaces() {
    let nodes = parse_fragment("<li dj-key=\"k1\" id=\"i\"></li><svg><circle r=\"1\"/></svg>");
    let Node::Element(li) = &nodes[0] else {
        panic!()
    };
    assert_eq!(li.key(), Some("k1"));
    let Node::Element(svg) = &nodes[1] else {
        panic!()
    };
    assert_eq!(svg.ns, Ns::Svg);
    assert_eq!(nodes[1].to_html(), "<svg><circle r=\"1\"></circle></svg>");
}

#[test]
fn malformed_input_never_panics() {
    for s in [
        "<",
        "<a",
        "</p>",
        "<table><td>",
        "<b><i></b></i>",
        "&#0;&#xD800;",
        "<!--",
        "<svg><p>",
    ] {
        let _ = html(s);
    }
}

mod fast_path {
    use super::super::{fast, parse_fragment_in, Ns};
    use proptest::prelude::*;

    fn agrees(html: &str) -> bool {
        match fast::parse(html) {
            Some(t) => {
                let full = parse_fragment_in(html, "div", Ns::Html);
                assert_eq!(t, full, "fast path disagrees on {html:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn template_output_takes_the_fast_path() {
        for html in [
            "<table class=\"t\">\n<thead><tr><th>#</th></tr></thead>\n<tbody>\n<tr dj-key=\"1\"><td>1</td><td class=\"paid\">Paid &amp; done</td></tr>\n</tbody>\n</table>",
            "<form method=\"post\"><label for=\"x\">X</label><input id=\"x\" name=\"x\" value=\"a&quot;b\"><br/><select name=\"s\"><option value=\"1\" selected>One</option></select><textarea>\nhi</textarea></form>",
            "<ul><li><a href=\"/a?b=1&amp;c=2\">A</a></li><li>2 &lt; 3</li></ul><!-- note --><p>x<b>y</b></p><pre>\ncode</pre>",
            "<div><script>if (a < b) {}</script><style>p > b {}</style></div>",
        ] {
            assert!(agrees(html), "{html}");
        }
        for html in [
            "<table><tr><td>1</td></tr></table>",
            "<p>a<div>b</div></p>",
            "<ul><li>a<li>b</ul>",
            "<b><i>x</b></i>",
            "a &copy; b",
            "<svg></svg>",
        ] {
            assert!(fast::parse(html).is_none(), "{html}");
        }
    }

    fn html() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "a",
            " ",
            "\n",
            "x &amp; y",
            "&lt;",
            "&#233;",
            "é",
            "1 < 2",
            "<br>",
            "<br/>",
            "<img src=\"i\" alt=x>",
            "<input value='v'>",
            "<!--c-->",
            "<hr>",
            "&copy;",
            "&",
        ])
        .prop_map(String::from);
        leaf.prop_recursive(4, 48, 5, |inner| {
            let tag = prop::sample::select(vec![
                "div", "p", "span", "b", "a", "ul", "li", "table", "tbody", "tr", "td", "select",
                "option", "textarea", "pre", "h1", "h2", "button", "form", "dl", "dd", "dt",
                "script", "style", "title", "colgroup", "thead", "x-el", "section",
            ]);
            let attr = prop::sample::select(vec![
                "",
                " class=\"a\"",
                " id=x",
                " title='t&amp;'",
                " hidden",
            ]);
            let close = prop::sample::select(vec![true, true, true, false]);
            (tag, attr, prop::collection::vec(inner, 0..4), close).prop_map(|(t, a, kids, c)| {
                let end = if c { format!("</{t}>") } else { String::new() };
                format!("<{t}{a}>{}{end}", kids.concat())
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn whenever_the_fast_path_answers_the_tree_builder_agrees(h in html()) {
            agrees(&h);
        }

        #[test]
        fn arbitrary_text_too(h in "[<>/a-z\"'= &;!#0-9\n-]{0,60}") {
            agrees(&h);
        }

        /// Read in a parent's context (what an inserted piece of HTML is), the
        /// one-pass reader agrees with the tree builder's fragment algorithm.
        #[test]
        fn in_context_too(
            h in html(),
            ctx in prop::sample::select(vec!["div", "tbody", "tr", "ul", "p", "select", "td", "span", "table", "li"]),
        ) {
            if let Some((nodes, _)) = fast::parse_in(&h, &[ctx]) {
                assert_eq!(nodes, parse_fragment_in(&h, ctx, Ns::Html), "{h:?} in {ctx}");
            }
        }
    }
}
