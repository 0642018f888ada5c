//! Reads the global condition keys out of `dist/esm/globalConditionKeys.js`.
//!
//! The package ships them only as a JavaScript array literal of flat objects with string
//! properties. This is a deliberately small parser for exactly that shape: anything else
//! (another property, a non-string value, a spread) is an error, so a change in the
//! upstream format cannot slip through as silently wrong data.

use super::Error;

/// The file inside the package, relative to its root.
pub const FILE: &str = "dist/esm/globalConditionKeys.js";

const DECLARATION: &str = "export const globalConditionKeys";
const PROPERTIES: &[&str] = &["key", "category", "type", "description"];

/// One entry of the array, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawGlobalKey {
    pub key: String,
    pub ty: String,
}

/// Parses the array assigned to `globalConditionKeys` in `text`.
pub fn parse(text: &str) -> Result<Vec<RawGlobalKey>, Error> {
    let mut found = text.match_indices(DECLARATION);
    let (start, _) = found
        .next()
        .ok_or_else(|| Error::new(format!("{FILE}: no `{DECLARATION}` declaration found")))?;
    if found.next().is_some() {
        return Err(Error::new(format!(
            "{FILE}: `{DECLARATION}` is declared twice"
        )));
    }
    let mut p = Parser {
        text,
        pos: start + DECLARATION.len(),
    };
    p.skip_ws();
    p.expect('=')?;
    p.skip_ws();
    p.expect('[')?;
    let mut keys = Vec::new();
    loop {
        p.skip_ws();
        if p.eat(']') {
            break;
        }
        keys.push(p.object()?);
        p.skip_ws();
        if !p.eat(',') {
            p.skip_ws();
            p.expect(']')?;
            break;
        }
    }
    p.skip_ws();
    p.expect(';')?;
    Ok(keys)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skips white space and comments (`// ...` to the end of the line, `/* ... */`).
    fn skip_ws(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if let Some(comment) = trimmed.strip_prefix("//") {
                self.pos += 2 + comment.find('\n').unwrap_or(comment.len());
            } else if let Some(comment) = trimmed.strip_prefix("/*") {
                // An unclosed comment runs to the end, where the parser then fails.
                self.pos += 2 + comment.find("*/").map_or(comment.len(), |end| end + 2);
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), Error> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{c}`")))
        }
    }

    fn unexpected(&self, wanted: &str) -> Error {
        let line = self.text[..self.pos].matches('\n').count() + 1;
        let found: String = self.rest().chars().take(20).collect();
        Error::new(format!("{FILE}:{line}: expected {wanted}, found `{found}`"))
    }

    /// `{ name: 'value', ... }` with only the known property names, each at most once.
    fn object(&mut self) -> Result<RawGlobalKey, Error> {
        self.expect('{')?;
        let mut values: [Option<String>; PROPERTIES.len()] = Default::default();
        loop {
            self.skip_ws();
            if self.eat('}') {
                break;
            }
            let at = self.pos;
            let name = self.ident()?;
            let Some(slot) = PROPERTIES.iter().position(|p| *p == name) else {
                self.pos = at;
                return Err(self.unexpected(&format!("one of {}", PROPERTIES.join(", "))));
            };
            self.skip_ws();
            self.expect(':')?;
            self.skip_ws();
            let value = self.string()?;
            if values[slot].replace(value).is_some() {
                self.pos = at;
                return Err(self.unexpected("each property once"));
            }
            self.skip_ws();
            if !self.eat(',') {
                self.skip_ws();
                self.expect('}')?;
                break;
            }
        }
        let [key, _category, ty, _description] = values;
        match (key, ty) {
            (Some(key), Some(ty)) => Ok(RawGlobalKey { key, ty }),
            _ => Err(self.unexpected("an object with both `key` and `type` before this")),
        }
    }

    fn ident(&mut self) -> Result<&'a str, Error> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(self.unexpected("a property name"));
        }
        let start = self.pos;
        self.pos += len;
        Ok(&self.text[start..self.pos])
    }

    /// A single- or double-quoted string with the usual backslash escapes.
    fn string(&mut self) -> Result<String, Error> {
        let quote = match self.peek() {
            Some(q @ ('\'' | '"')) => q,
            _ => return Err(self.unexpected("a quoted string")),
        };
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.unexpected("the closing quote"));
            };
            self.pos += c.len_utf8();
            match c {
                '\n' => return Err(self.unexpected("the closing quote before the line ends")),
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.unexpected("an escaped character"));
                    };
                    self.pos += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        '\\' | '\'' | '"' | '/' => e,
                        _ => {
                            self.pos -= e.len_utf8() + 1;
                            return Err(self.unexpected("a simple escape (\\n \\t \\\\ \\' \\\")"));
                        }
                    });
                }
                c if c == quote => return Ok(out),
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str, ty: &str) -> RawGlobalKey {
        RawGlobalKey {
            key: key.into(),
            ty: ty.into(),
        }
    }

    #[test]
    fn parses_the_shipped_shape() {
        let js = "import {} from './conditionKeys.js';\n\
                  export const globalConditionKeys = [\n    {\n        key: 'aws:PrincipalArn',\n        \
                  category: 'principal',\n        type: 'ARN',\n        description: ''\n    },\n    \
                  {\n        key: \"aws:PrincipalTag/tag-key\", type: 'String' },\n];\n\
                  const other = globalConditionKeys.reduce(() => {});\n";
        assert_eq!(
            parse(js).unwrap(),
            vec![
                key("aws:PrincipalArn", "ARN"),
                key("aws:PrincipalTag/tag-key", "String")
            ]
        );
    }

    #[test]
    fn handles_escapes_and_no_trailing_comma() {
        let js = r#"export const globalConditionKeys = [{ key: 'a:it\'s', type: "T\"" }];"#;
        assert_eq!(parse(js).unwrap(), vec![key("a:it's", "T\"")]);
        assert_eq!(
            parse("export const globalConditionKeys = [];").unwrap(),
            vec![]
        );
    }

    #[test]
    fn skips_comments() {
        let js = "export const globalConditionKeys = [ // keys\n{ key: 'a:b', /* x */ type: 'Date', // or Numeric\n }\n];";
        assert_eq!(parse(js).unwrap(), vec![key("a:b", "Date")]);
        let err = parse("export const globalConditionKeys = [ /* open").unwrap_err();
        assert!(err.to_string().contains("expected `{`"), "{err}");
    }

    #[test]
    fn rejects_what_it_does_not_understand() {
        let cases = [
            ("const x = [];", "no `export const globalConditionKeys`"),
            (
                "export const globalConditionKeys = [{ key: 'a', size: 'b' }];",
                "expected one of",
            ),
            (
                "export const globalConditionKeys = [{ key: 'a', type: 3 }];",
                "quoted string",
            ),
            (
                "export const globalConditionKeys = [{ key: 'a' }];",
                "both `key` and `type`",
            ),
            (
                "export const globalConditionKeys = [{ key: 'a', key: 'b', type: 'c' }];",
                "once",
            ),
            (
                "export const globalConditionKeys = [...other];",
                "expected `{`",
            ),
            (
                "export const globalConditionKeys = [{ key: 'a\n', type: 'b' }];",
                "closing quote",
            ),
            (
                "export const globalConditionKeys = [{ key: 'a', type: 'b' }]",
                "expected `;`",
            ),
        ];
        for (js, wanted) in cases {
            let err = parse(js).unwrap_err().to_string();
            assert!(err.contains(wanted), "{js:?}: {err}");
            assert!(err.starts_with(FILE), "{err}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let js = "export const globalConditionKeys = [\n{ key: 'a', type: 'b' },\n{ kee: 'c' }];";
        let err = parse(js).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{FILE}:3:")), "{err}");
    }
}
