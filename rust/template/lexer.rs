//! The lexer: splits template source into text, variable, block and comment tokens
//! exactly as Django's `Lexer`/`DebugLexer` do (tags never span lines; `{% verbatim %}`
//! turns everything up to its matching end tag into text).

use super::error::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Text,
    Var,
    Block,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// For text: the raw text. For tags: the stripped contents between the delimiters.
    pub contents: String,
    pub span: Span,
}

/// Find the next tag at or after `from`: returns (start, end) byte offsets of the whole
/// tag including delimiters. Mirrors `(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})` where `.` never
/// matches a newline.
fn next_tag(src: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(off) = memchr(b'{', &bytes[i..]) {
        let start = i + off;
        let close = match bytes.get(start + 1) {
            Some(b'%') => b'%',
            Some(b'{') => b'}',
            Some(b'#') => b'#',
            _ => {
                i = start + 1;
                continue;
            }
        };
        let mut j = start + 2;
        let mut found = None;
        while j < bytes.len() {
            let b = bytes[j];
            if b == b'\n' {
                break;
            }
            if b == close && bytes.get(j + 1) == Some(&b'}') {
                found = Some(j + 2);
                break;
            }
            j += 1;
        }
        if let Some(end) = found {
            return Some((start, end));
        }
        i = start + 1;
    }
    None
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn py_strip(s: &str) -> &str {
    s.trim()
}

/// Tokenize a template source.
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut verbatim: Option<String> = None;
    let mut line: u32 = 1;
    let mut pos = 0;
    let push = |tokens: &mut Vec<Token>, kind, contents: String, start, end, line: &mut u32| {
        let raw = &src[start..end];
        tokens.push(Token {
            kind,
            contents,
            span: Span {
                line: *line,
                start,
                end,
            },
        });
        *line += raw.bytes().filter(|&b| b == b'\n').count() as u32;
    };
    while pos < src.len() {
        let Some((start, end)) = next_tag(src, pos) else {
            push(
                &mut tokens,
                TokenKind::Text,
                src[pos..].to_string(),
                pos,
                src.len(),
                &mut line,
            );
            break;
        };
        if start > pos {
            push(
                &mut tokens,
                TokenKind::Text,
                src[pos..start].to_string(),
                pos,
                start,
                &mut line,
            );
        }
        let raw = &src[start..end];
        let inner = &raw[2..raw.len() - 2];
        let (kind, contents) = match &raw[..2] {
            "{%" => {
                let content = py_strip(inner);
                if let Some(v) = &verbatim {
                    if content != v {
                        (TokenKind::Text, raw.to_string())
                    } else {
                        verbatim = None;
                        (TokenKind::Block, content.to_string())
                    }
                } else {
                    let head: String = content.chars().take(9).collect();
                    if head == "verbatim" || head == "verbatim " {
                        verbatim = Some(format!("end{content}"));
                    }
                    (TokenKind::Block, content.to_string())
                }
            }
            _ if verbatim.is_some() => (TokenKind::Text, raw.to_string()),
            "{{" => (TokenKind::Var, py_strip(inner).to_string()),
            _ => (TokenKind::Comment, py_strip(inner).to_string()),
        };
        push(&mut tokens, kind, contents, start, end, &mut line);
        pos = end;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokenKind, String)> {
        tokenize(src)
            .into_iter()
            .map(|t| (t.kind, t.contents))
            .collect()
    }

    #[test]
    fn splits_text_vars_blocks_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("a{{ x }}b{% if y %}{# c #}"),
            vec![
                (Text, "a".into()),
                (Var, "x".into()),
                (Text, "b".into()),
                (Block, "if y".into()),
                (Comment, "c".into())
            ]
        );
    }

    #[test]
    fn tags_never_span_lines() {
        use TokenKind::*;
        assert_eq!(kinds("{{ a\n }}"), vec![(Text, "{{ a\n }}".into())]);
    }

    #[test]
    fn verbatim_keeps_tags_as_text() {
        use TokenKind::*;
        assert_eq!(
            kinds("{% verbatim %}{{ x }}{% endverbatim %}"),
            vec![
                (Block, "verbatim".into()),
                (Text, "{{ x }}".into()),
                (Block, "endverbatim".into())
            ]
        );
    }

    #[test]
    fn line_numbers_count_newlines_before_each_token() {
        let toks = tokenize("a\nb{{ x }}\n{% y %}");
        assert_eq!(
            toks.iter().map(|t| t.span.line).collect::<Vec<_>>(),
            vec![1, 2, 2, 3]
        );
    }

    #[test]
    fn nonmatching_braces_are_text() {
        use TokenKind::*;
        assert_eq!(kinds("{ {a} {%"), vec![(Text, "{ {a} {%".into())]);
        assert_eq!(
            kinds("{{{ a }}}"),
            vec![(Var, "{ a".into()), (Text, "}".into())]
        );
    }
}
