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
