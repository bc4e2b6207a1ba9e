//! Which elements the tree builder keeps nested as written: the rules the one-pass
//! reader checks before it accepts a start tag (a `p` it would close, list items it
//! would end, table and select content it would move).

use super::Level;

/// Elements whose start tag closes an open `p` (in button scope): inside a `p`, the
/// tree builder would not nest them.
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "dd"
            | "dt"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "xmp"
            | "plaintext"
    )
}

/// The tree builder's "special" elements (those that stop the `li`/`dd`/`dt` search).
fn special(tag: &str) -> bool {
    closes_p(tag)
        || matches!(
            tag,
            "applet"
                | "area"
                | "base"
                | "basefont"
                | "bgsound"
                | "body"
                | "br"
                | "button"
                | "caption"
                | "col"
                | "colgroup"
                | "embed"
                | "frame"
                | "frameset"
                | "head"
                | "html"
                | "iframe"
                | "img"
                | "input"
                | "keygen"
                | "link"
                | "marquee"
                | "meta"
                | "noembed"
                | "noframes"
                | "noscript"
                | "object"
                | "param"
                | "script"
                | "select"
                | "source"
                | "style"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "title"
                | "tr"
                | "track"
                | "wbr"
        )
}

/// Elements read here like any container (given the checks in `allowed`).
pub(super) fn plain(tag: &str) -> bool {
    matches!(
        tag,
        "div"
            | "span"
            | "a"
            | "p"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "nav"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "address"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "hgroup"
            | "search"
            | "strong"
            | "em"
            | "b"
            | "i"
            | "u"
            | "s"
            | "small"
            | "code"
            | "kbd"
            | "samp"
            | "var"
            | "mark"
            | "abbr"
            | "cite"
            | "q"
            | "sub"
            | "sup"
            | "time"
            | "label"
            | "dfn"
            | "bdi"
            | "bdo"
            | "data"
            | "ins"
            | "del"
            | "output"
            | "meter"
            | "progress"
            | "button"
            | "form"
            | "table"
            | "caption"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "select"
            | "option"
            | "optgroup"
            | "pre"
            | "picture"
            | "dialog"
            | "menu"
            | "slot"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "ruby"
    ) || (tag.contains('-') && tag.as_bytes()[0].is_ascii_lowercase())
}

/// Elements whose content is raw text up to their end tag.
pub(super) fn raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
    )
}

pub(super) fn table_part(tag: &str) -> bool {
    matches!(
        tag,
        "table" | "thead" | "tbody" | "tfoot" | "tr" | "colgroup" | "select"
    )
}

/// Whether `tag` may start inside the open elements `stack` (innermost last)
/// without the tree builder changing the nesting.
pub(super) fn allowed(tag: &str, stack: &[Level]) -> bool {
    let parent = stack.last().map(|l| l.el.tag.as_str());
    let in_p = stack.iter().any(|l| l.el.tag == "p");
    if in_p && closes_p(tag) {
        return false;
    }
    let open = |t: &str| stack.iter().any(|l| l.el.tag == t);
    match tag {
        "a" | "button" | "form" | "nobr" if open(tag) => return false,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            if parent.is_some_and(|p| matches!(p, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) =>
        {
            return false
        }
        "li" | "dd" | "dt" => {
            let same: &[&str] = if tag == "li" { &["li"] } else { &["dd", "dt"] };
            for l in stack.iter().rev() {
                let t = l.el.tag.as_str();
                if same.contains(&t) {
                    return false;
                }
                if special(t) && !matches!(t, "address" | "div" | "p") {
                    break;
                }
            }
        }
        _ => {}
    }
    match parent {
        Some("table") => matches!(tag, "caption" | "colgroup" | "thead" | "tbody" | "tfoot"),
        Some("thead" | "tbody" | "tfoot") => tag == "tr",
        Some("tr") => matches!(tag, "td" | "th"),
        Some("colgroup") => tag == "col",
        Some("select") => matches!(tag, "option" | "optgroup"),
        Some("optgroup") => tag == "option",
        Some("option") => false,
        _ => {
            // Table parts and options only inside their own parents.
            !matches!(
                tag,
                "caption"
                    | "colgroup"
                    | "col"
                    | "thead"
                    | "tbody"
                    | "tfoot"
                    | "tr"
                    | "td"
                    | "th"
                    | "option"
                    | "optgroup"
            ) && !stack.iter().any(|l| l.el.tag == "select")
        }
    }
}
