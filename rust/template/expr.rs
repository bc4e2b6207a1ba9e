//! Filter expressions (`var|filter:arg`) and variables, as Django's `FilterExpression`
//! and `Variable` parse them.

use super::ast::{FilterCall, FilterExpr, Literal, Lookup, Operand};
use super::error::{Error, Result};
use super::host::CompileHost;
use super::value::{intern, Key};
use std::sync::Arc;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Length in bytes of a quoted string (`"..."` or `'...'` with backslash escapes) at
/// the start of `s`, if there is one.
fn quoted_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let (_, q) = it.next()?;
    if q != '"' && q != '\'' {
        return None;
    }
    let mut escaped = false;
    for (i, c) in it {
        if escaped {
            if c == '\n' {
                return None;
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == q {
            return Some(i + 1);
        }
    }
    None
}

/// `constant` of Django's filter_re: `_("...")`, `_('...')`, `"..."` or `'...'`.
fn constant_len(s: &str) -> Option<usize> {
    if let Some(rest) = s.strip_prefix("_(") {
        if let Some(n) = quoted_len(rest) {
            if rest[n..].starts_with(')') {
                return Some(2 + n + 1);
            }
        }
    }
    quoted_len(s)
}

/// `[\w.]+|[-+.]?\d[\d.e]*`
fn var_len(s: &str) -> Option<usize> {
    let n: usize = s
        .char_indices()
        .take_while(|(_, c)| is_word(*c) || *c == '.')
        .map(|(_, c)| c.len_utf8())
        .sum();
    if n > 0 {
        return Some(n);
    }
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+' | b'.')) {
        i = 1;
    }
    let first_digit = s[i..]
        .chars()
        .next()
        .filter(|c| c.is_numeric() && !c.is_alphabetic())?;
    i += first_digit.len_utf8();
    for c in s[i..].chars() {
        if c.is_ascii_digit() || c == '.' || c == 'e' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    Some(i)
}

fn unescape_string_literal(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    if (q != '"' && q != '\'') || !s.ends_with(q) {
        return None;
    }
    let inner = if s.len() >= 2 { &s[1..s.len() - 1] } else { "" };
    Some(
        inner
            .replace(&format!("\\{q}"), &q.to_string())
            .replace("\\\\", "\\"),
    )
}

/// Django's `Variable(var)`: a number, a (possibly translated) string literal, or a
/// lookup path.
pub fn parse_variable(var: &str) -> Result<Operand> {
    if var.contains('.') || var.to_lowercase().contains('e') {
        if let Ok(f) = var.parse::<f64>() {
            if !var.ends_with('.') && !var.contains('_') {
                return Ok(Operand::Lit(Literal::Float(f)));
            }
        }
    } else if !var.contains('_') {
        if let Ok(i) = var.parse::<i64>() {
            return Ok(Operand::Lit(Literal::Int(i)));
        }
    }
    let (translate, inner) = if var.starts_with("_(") && var.ends_with(')') && var.len() >= 3 {
        (true, &var[2..var.len() - 1])
    } else {
        (false, var)
    };
    if let Some(s) = unescape_string_literal(inner) {
        return Ok(Operand::Lit(if translate {
            Literal::Trans(s.into())
        } else {
            Literal::Str(s.into())
        }));
    }
    if inner.contains("._") || inner.starts_with('_') {
        return Err(Error::syntax(
            "template.underscore-variable",
            format!("Variables and attributes may not begin with underscores: '{inner}'"),
        ));
    }
    if inner.is_empty() {
        return Err(Error::syntax(
            "template.bad-variable",
            format!("Could not parse the variable: '{var}'"),
        ));
    }
    Ok(Operand::Var(Lookup {
        bits: inner.split('.').map(|b| Key::new(intern(b))).collect(),
        raw: Arc::from(inner),
    }))
}

fn skip_ws(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// Compile a filter expression (Django's `FilterExpression.__init__`).
pub fn compile_filter(token: &str, host: &mut dyn CompileHost) -> Result<FilterExpr> {
    let remainder_err = |upto: usize| {
        Error::syntax(
            "template.bad-filter-expression",
            format!(
                "Could not parse the remainder: '{}' from '{}'",
                &token[upto..],
                token
            ),
        )
    };
    let base = if let Some(n) = constant_len(token) {
        (parse_variable(&token[..n])?, n)
    } else if let Some(n) = var_len(token) {
        (parse_variable(&token[..n])?, n)
    } else {
        return Err(Error::syntax(
            "template.bad-filter-expression",
            format!("Could not find variable at start of {token}."),
        ));
    };
    let (base, mut upto) = base;
    let mut filters = Vec::new();
    while upto < token.len() {
        let mut p = upto + skip_ws(&token[upto..]);
        if !token[p..].starts_with('|') {
            return Err(remainder_err(upto));
        }
        p += 1;
        p += skip_ws(&token[p..]);
        let name_len: usize = token[p..]
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum();
        if name_len == 0 {
            return Err(remainder_err(upto));
        }
        let name = &token[p..p + name_len];
        p += name_len;
        let mut arg = None;
        if token[p..].starts_with(':') {
            let rest = &token[p + 1..];
            if let Some(n) = constant_len(rest) {
                arg = Some(parse_variable(&rest[..n])?);
                p += 1 + n;
            } else if let Some(n) = var_len(rest) {
                arg = Some(parse_variable(&rest[..n])?);
                p += 1 + n;
            }
        }
        let (native, foreign) = host.filter(name, usize::from(arg.is_some()))?;
        filters.push(FilterCall {
            name: Arc::from(name),
            native,
            foreign,
            arg,
        });
        upto = p;
    }
    Ok(FilterExpr {
        base,
        filters,
        token: Arc::from(token),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::host::NullCompileHost;

    fn lit(s: &str) -> String {
        format!("{:?}", parse_variable(s).unwrap())
    }

    #[test]
    fn variables_and_literals() {
        assert_eq!(lit("1"), "Lit(Int(1))");
        assert_eq!(lit("-1.5"), "Lit(Float(-1.5))");
        assert_eq!(lit("\"a\\\"b\""), "Lit(Str(\"a\\\"b\"))");
        assert_eq!(lit("_('x')"), "Lit(Trans(\"x\"))");
        match parse_variable("a.b").unwrap() {
            Operand::Var(l) => assert!(l.bits.iter().map(|k| &*k.text).eq(["a", "b"])),
            other => panic!("{other:?}"),
        }
        assert!(parse_variable("a._b").is_err());
        assert!(parse_variable("_a").is_err());
    }

    #[test]
    fn filter_expressions() {
        let mut h = NullCompileHost;
        let e = compile_filter("x|upper|default:\"a|b\" | lower", &mut h).unwrap();
        assert_eq!(e.filters.len(), 3);
        assert_eq!(&*e.filters[1].name, "default");
        assert!(compile_filter("x|", &mut h).is_err());
        assert!(compile_filter("x y", &mut h).is_err());
        assert!(compile_filter("|x", &mut h).is_err());
        assert!(compile_filter("x|nosuch", &mut h).is_err());
    }
}
