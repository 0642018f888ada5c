//! Blanks the bodies of functions before parsing: `cargo iam` reads items (modules, imports,
//! attributes, signatures), never statements, and a function body is most of a file's tokens.
//!
//! A single pass over the bytes that knows Rust's lexical structure — comments (nested), string,
//! byte-string, C-string and raw-string literals, char literals versus lifetimes — finds each
//! `fn` keyword and the `{ .. }` that is its body: the first brace at the keyword's nesting depth,
//! unless a `;` (no body) or the end of the enclosing group comes first. Every byte inside the
//! body except line breaks becomes a space, so every offset, line and (ASCII) column is kept.
//!
//! When the text does not lex (an unterminated literal or comment, unbalanced delimiters),
//! nothing is blanked and the parser reports the problem on the original text.

/// The text with function bodies blanked, or `None` when there is nothing to blank or the text
/// does not lex.
pub fn blank_fn_bodies(text: &str) -> Option<String> {
    let bodies = find_bodies(text.as_bytes())?;
    if bodies.is_empty() {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    for (open, close) in bodies {
        for b in &mut out[open + 1..close] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole UTF-8 sequences inside bodies were replaced, byte by byte, by spaces.
    String::from_utf8(out).ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Open(u8),
    Close(u8),
    Semi,
    Fn,
    Other,
}

/// The byte offsets of the `{` and `}` of every outermost function body.
fn find_bodies(s: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut bodies = Vec::new();
    // Open delimiters.
    let mut stack: Vec<u8> = Vec::new();
    // `fn` keywords waiting for their body, by the depth they stand at (`fn f(g: fn())`
    // has two).
    let mut pending: Vec<usize> = Vec::new();
    // Inside a body being blanked: the depth and offset of its `{`.
    let mut in_body: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < s.len() {
        let (tok, next) = lex(s, i)?;
        match tok {
            Tok::Open(b) => {
                if in_body.is_none() && b == b'{' && pending.last() == Some(&stack.len()) {
                    in_body = Some((stack.len(), i));
                    pending.pop();
                }
                stack.push(b);
            }
            Tok::Close(b) => {
                let open = stack.pop()?;
                if !matches!((open, b), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return None;
                }
                if let Some((depth, start)) = in_body
                    && depth == stack.len()
                {
                    bodies.push((start, i));
                    in_body = None;
                }
                while pending.last().is_some_and(|&d| d > stack.len()) {
                    pending.pop();
                }
            }
            Tok::Semi => {
                if pending.last() == Some(&stack.len()) {
                    pending.pop();
                }
            }
            Tok::Fn => {
                if in_body.is_none() {
                    pending.push(stack.len());
                }
            }
            Tok::Other => {}
        }
        i = next;
    }
    (stack.is_empty() && in_body.is_none()).then_some(bodies)
}

/// Lexes one token (or skips whitespace or a comment) at `i`; `None` when the text does not lex.
fn lex(s: &[u8], i: usize) -> Option<(Tok, usize)> {
    let c = s[i];
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    Some(match c {
        b'(' | b'[' | b'{' => (Tok::Open(c), i + 1),
        b')' | b']' | b'}' => (Tok::Close(c), i + 1),
        b';' => (Tok::Semi, i + 1),
        b'/' if at(i + 1) == b'/' => (Tok::Other, memchr(b'\n', s, i).unwrap_or(s.len())),
        b'/' if at(i + 1) == b'*' => (Tok::Other, block_comment(s, i)?),
        b'"' => (Tok::Other, quoted(s, i + 1, b'"')?),
        b'\'' => (Tok::Other, char_or_lifetime(s, i)?),
        b'r' if at(i + 1) == b'#' || at(i + 1) == b'"' => raw_or_ident(s, i, i + 1)?,
        b'b' | b'c' if at(i + 1) == b'"' => (Tok::Other, quoted(s, i + 2, b'"')?),
        b'b' if at(i + 1) == b'\'' => (Tok::Other, quoted(s, i + 2, b'\'')?),
        b'b' | b'c' if at(i + 1) == b'r' && (at(i + 2) == b'"' || at(i + 2) == b'#') => {
            raw_or_ident(s, i, i + 2)?
        }
        b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
            let end = ident_end(s, i);
            // `fn name`: an item. `fn(..)` is a function pointer type (`impl T for fn(u8) {}`).
            let is_fn = &s[i..end] == b"fn" && !(i >= 2 && &s[i - 2..i] == b"r#");
            let pointer = s[end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'(');
            let tok = if is_fn && !pointer {
                Tok::Fn
            } else {
                Tok::Other
            };
            (tok, end)
        }
        _ if c >= 0x80 => {
            // A non-ASCII identifier (or stray character): one UTF-8 sequence.
            let mut j = i + 1;
            while j < s.len() && (s[j] & 0xC0) == 0x80 {
                j += 1;
            }
            (Tok::Other, j)
        }
        _ => (Tok::Other, i + 1),
    })
}

fn ident_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_' || s[i] >= 0x80) {
        i += 1;
    }
    i
}

fn memchr(b: u8, s: &[u8], from: usize) -> Option<usize> {
    s[from..].iter().position(|&x| x == b).map(|p| from + p)
}

fn block_comment(s: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0;
    let mut j = i;
    while j + 1 < s.len() {
        match (s[j], s[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => j += 1,
        }
    }
    None
}

/// The end of a literal whose body starts at `j`, closed by `close`, with `\` escapes.
fn quoted(s: &[u8], mut j: usize, close: u8) -> Option<usize> {
    while j < s.len() {
        match s[j] {
            b'\\' => j += 2,
            b if b == close => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// `r"..."`, `r#"..."#` (from `start`, the `r`'s successor at `j`), or the identifier `r#name`.
fn raw_or_ident(s: &[u8], start: usize, j: usize) -> Option<(Tok, usize)> {
    let mut k = j;
    let mut hashes = 0;
    while s.get(k) == Some(&b'#') {
        hashes += 1;
        k += 1;
    }
    if s.get(k) != Some(&b'"') {
        // `r#ident`: a raw identifier, never the keyword `fn`.
        let end = ident_end(s, k);
        return Some((Tok::Other, end.max(start + 1)));
    }
    let mut m = k + 1;
    while m < s.len() {
        if s[m] == b'"'
            && s[m + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
            && s.len() >= m + 1 + hashes
        {
            return Some((Tok::Other, m + 1 + hashes));
        }
        m += 1;
    }
    None
}

/// A char literal (`'a'`, `'\n'`, `'\u{1F600}'`, `'é'`) or a lifetime / label (`'a`, `'static`).
fn char_or_lifetime(s: &[u8], i: usize) -> Option<usize> {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    if at(i + 1) == b'\\' {
        return quoted(s, i + 1, b'\'');
    }
    // One character, then a quote: a char literal.
    let mut j = i + 2;
    while j < s.len() && (s[j] & 0xC0) == 0x80 {
        j += 1;
    }
    if at(j) == b'\'' {
        return Some(j + 1);
    }
    // A lifetime or label: the quote alone; the name lexes as an identifier next.
    Some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::blank_fn_bodies;

    fn blank(s: &str) -> String {
        blank_fn_bodies(s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn blanks_bodies_and_keeps_positions() {
        let src =
            "#[a(x)]\nfn f(x: u8) -> u8 {\n    let y = { x };\n    y\n}\nmod m { fn g() {} }\n";
        let out = blank(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(
            out,
            "#[a(x)]\nfn f(x: u8) -> u8 {\n                  \n     \n}\nmod m { fn g() {} }\n"
        );
    }

    #[test]
    fn signatures_without_bodies_and_fn_types() {
        let src = "trait T { fn a(&self); fn b() {} }\ntype F = fn(u8) -> u8;\nstruct S { f: fn() }\nfn h(f: fn(u8)) where T: Sized { 1 }\nimpl T for fn(u8) { fn m() { 2 } }\n";
        let out = blank(src);
        assert!(out.contains("trait T { fn a(&self); fn b() {} }"), "{out}");
        assert!(out.contains("struct S { f: fn() }"), "{out}");
        assert!(
            out.contains("fn h(f: fn(u8)) where T: Sized {   }"),
            "{out}"
        );
    }

    #[test]
    fn literals_and_comments_do_not_confuse_it() {
        let src = "fn a() { let s = \"}\"; let c = '}'; let r = r#\"}\"#; /* } /* } */ */ // }\n let l: &'static str = \"\"; }\nfn after() {}\n";
        let out = blank(src);
        assert!(out.starts_with("fn a() {"), "{out}");
        assert!(out.ends_with("}\nfn after() {}\n"), "{out}");
        assert!(!out[8..out.len() - 16].contains(['"', '\'', '/']), "{out}");
        let lifetimes =
            "fn f<'a>(x: &'a str) -> &'a str { x }\nfn g() { 'outer: loop { break 'outer; } }\n";
        assert_eq!(
            blank(lifetimes),
            "fn f<'a>(x: &'a str) -> &'a str {   }\nfn g() {                                }\n"
        );
    }

    #[test]
    fn gives_up_on_text_that_does_not_lex() {
        assert_eq!(blank_fn_bodies("fn a() { \"unterminated }"), None);
        assert_eq!(blank_fn_bodies("fn a() { ( }"), None);
        assert_eq!(blank_fn_bodies("fn a() {"), None);
        assert_eq!(blank_fn_bodies("struct S;"), None, "nothing to blank");
    }

    #[test]
    fn non_ascii_is_replaced_byte_for_byte() {
        let src = "fn a() { \"café\" }\n";
        let out = blank(src);
        assert_eq!(out.len(), src.len());
        assert!(out.is_ascii());
    }
}
