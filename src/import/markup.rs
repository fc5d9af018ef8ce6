//! Unwrapping what codes arrive wrapped in: HTML markup (a page saved or copied as
//! HTML), JSON (an API response or an export, including strings with escaped
//! `\n`), and quoted e-mail (`> `). The result is logical lines, each with the
//! number of the source line it came from, borrowed from the input wherever
//! nothing had to be unwrapped.

use std::borrow::Cow;

/// One logical line of input (no `Debug`: it may hold codes). Borrowed from the
/// input unless unwrapping changed it.
#[derive(Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the original input.
    pub number: usize,
    /// The text.
    pub text: Cow<'a, str>,
}

/// Splits `text` into logical lines, unwrapping HTML, JSON and e-mail quoting.
pub fn logical_lines(text: &str) -> Vec<Line<'_>> {
    json_lines(text).unwrap_or_else(|| plain_lines(text, 1))
}

/// The strings of a JSON document (keys as `key:` lines of context), one logical
/// line per line in them; `None` if `text` is not a JSON object or array.
pub fn json_lines(text: &str) -> Option<Vec<Line<'_>>> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
    let mut out = Vec::new();
    json_strings(&value, &mut out);
    Some(
        out.iter()
            .flat_map(|s| s.lines().map(str::to_owned).collect::<Vec<_>>())
            .map(|text| Line {
                number: 1,
                text: Cow::Owned(text),
            })
            .collect(),
    )
}

/// The logical lines of text that is not JSON, numbered from `first` (so a text cut
/// at a line break can be unwrapped piece by piece: each source line is unwrapped
/// on its own).
pub fn plain_lines(text: &str, first: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    plain_lines_into(text, first, &mut lines);
    lines
}

/// [`plain_lines`] added to `lines` (which may have been given room already).
pub fn plain_lines_into<'a>(text: &'a str, first: usize, lines: &mut Vec<Line<'a>>) {
    // Most lines need no unwrapping: no carriage return, escape, tag or quoting. The
    // next byte that may need it is looked for ahead, across lines.
    let special = |b: u8| (b == b'\r') | (b == b'\\') | (b == b'<') | (b == b'>');
    let bytes = text.as_bytes();
    let next_from = |from: usize| {
        super::text::find_byte(&bytes[from..], special).map_or(bytes.len(), |at| from + at)
    };
    let mut next_special = next_from(0);
    let mut start = 0;
    // The lines of `text.split('\n')`, each found with `find_byte`.
    let mut i = 0;
    while start <= bytes.len() {
        let end = super::text::find_byte(&bytes[start..], |b| b == b'\n')
            .map_or(bytes.len(), |at| start + at);
        let raw = &text[start..end];
        let number = first + i;
        start = end + 1;
        i += 1;
        if next_special >= end {
            lines.push(Line {
                number,
                text: Cow::Borrowed(raw),
            });
            continue;
        }
        next_special = next_from(end.min(bytes.len()));
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        for piece in raw.split('\r') {
            // (`od -c` writes a line break as `\n`: its line is a dump's, left whole.)
            if piece.contains('\\') && !super::not_codes::byte_dump_line(piece.as_bytes()) {
                let unescaped = unescape(piece);
                push_unwrapped(lines, number, strip_quote(&unescaped), |t| {
                    Cow::Owned(t.to_owned())
                });
            } else {
                push_unwrapped(lines, number, strip_quote(piece), Cow::Borrowed);
            }
        }
    }
}

/// Adds one piece of a source line: as it is, or as the lines its HTML stands for.
fn push_unwrapped<'a, 'p>(
    lines: &mut Vec<Line<'a>>,
    number: usize,
    piece: &'p str,
    keep: impl Fn(&'p str) -> Cow<'a, str>,
) {
    if looks_like_html(piece) {
        for part in html_to_text(piece).split('\n') {
            lines.push(Line {
                number,
                text: Cow::Owned(part.to_owned()),
            });
        }
    } else if piece.contains('\n') {
        for part in piece.split('\n') {
            lines.push(Line {
                number,
                text: keep(part),
            });
        }
    } else {
        lines.push(Line {
            number,
            text: keep(piece),
        });
    }
}

fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                // Keys can name the site or account ("github", "email"); keep them as context.
                out.push(format!("{key}:"));
                json_strings(v, out);
            }
        }
        _ => {}
    }
}

/// Turns literal `\n`, `\t`, `\r` and `\"` (text copied out of a JSON string) into
/// what they stand for.
fn unescape(line: &str) -> Cow<'_, str> {
    if !line.contains("\\n") && !line.contains("\\t") && !line.contains("\\r") {
        return Cow::Borrowed(line);
    }
    // One reading, left to right: `\r\n`, `\n` and `\r` become a line break, `\t` a
    // tab, `\"` a quote; any other backslash stays.
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (with, len) = if escape.starts_with("\\r\\n") {
            ('\n', 4)
        } else {
            match escape.as_bytes().get(1) {
                Some(b'n' | b'r') => ('\n', 2),
                Some(b't') => ('\t', 2),
                Some(b'"') => ('"', 2),
                _ => ('\\', 1),
            }
        };
        out.push(with);
        rest = &escape[len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Removes e-mail quoting: any number of leading `>` markers.
fn strip_quote(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches([' ', '\t']);
        match t.strip_prefix('>') {
            Some(r) if !r.starts_with('=') => rest = r,
            _ => return if rest.len() == line.len() { line } else { t },
        }
    }
}

fn looks_like_html(text: &str) -> bool {
    const TAGS: [&[u8]; 17] = [
        b"<br", b"<p", b"</", b"<li", b"<div", b"<td", b"<tr", b"<span", b"<code", b"<pre",
        b"<html", b"<body", b"<ul", b"<ol", b"<del", b"<s>", b"<strike",
    ];
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && TAGS.iter().any(|tag| {
                bytes
                    .get(i..i + tag.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(tag))
            })
    })
}

/// A small, forgiving HTML-to-text conversion: block tags become line breaks,
/// table cells tabs, strike-through `~~`, everything else is dropped; entities decoded.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&[u8]> = None;
    while let Some(start) = rest.find('<') {
        if skip_until.is_none() {
            decode_entities(&rest[..start], &mut out);
        }
        let Some(end) = rest[start..].find('>') else {
            if skip_until.is_none() {
                decode_entities(&rest[start..], &mut out);
            }
            return out;
        };
        let tag = rest[start + 1..start + end].trim();
        rest = &rest[start + end + 1..];
        let closing = tag.starts_with('/');
        let raw_name = tag.trim_start_matches('/');
        let raw_name = &raw_name[..raw_name
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count()];
        // Tag names that matter are short: longer ones are kept as they are, which
        // matches none of them.
        let mut lower = [0u8; 16];
        let name: &[u8] = match lower.get_mut(..raw_name.len()) {
            Some(buf) => {
                buf.copy_from_slice(raw_name.as_bytes());
                buf.make_ascii_lowercase();
                buf
            }
            None => raw_name.as_bytes(),
        };
        if let Some(wanted) = skip_until {
            if closing && name == wanted {
                skip_until = None;
            }
            continue;
        }
        match name {
            b"script" | b"style" | b"head" | b"title" if !closing => {
                skip_until = Some(match name {
                    b"script" => b"script",
                    b"style" => b"style",
                    b"head" => b"head",
                    _ => b"title",
                });
            }
            b"br" | b"p" | b"div" | b"li" | b"tr" | b"ul" | b"ol" | b"pre" | b"h1" | b"h2"
            | b"h3" | b"h4" | b"h5" | b"h6" | b"table" | b"section" | b"article" | b"header"
            | b"footer" | b"blockquote" | b"hr" | b"dt" | b"dd" => out.push('\n'),
            b"td" | b"th" => out.push('\t'),
            b"del" | b"s" | b"strike" => out.push_str("~~"),
            _ => out.push(' '),
        }
    }
    if skip_until.is_none() {
        decode_entities(rest, &mut out);
    }
    out
}

/// Appends `text` to `out` with its character entities decoded.
fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // Entities are short: look no further than 12 bytes, so `&&&&…` stays linear.
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let Some(end) = window.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "nbsp" => Some('\u{00A0}'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "ndash" => Some('\u{2013}'),
            "mdash" => Some('\u{2014}'),
            "shy" => Some('\u{00AD}'),
            "zwsp" => Some('\u{200B}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescaping_reads_a_line_once_as_the_replacements_one_after_another_did() {
        let by_replacing = |line: &str| {
            line.replace("\\r\\n", "\n")
                .replace("\\n", "\n")
                .replace("\\r", "\n")
                .replace("\\t", "\t")
                .replace("\\\"", "\"")
        };
        // Every line of up to 6 of these characters.
        let alphabet = ['\\', 'r', 'n', 't', '"', 'x', 'é'];
        let mut lines = vec![String::new()];
        let mut compared = 0;
        for _ in 0..6 {
            lines = lines
                .iter()
                .flat_map(|l| alphabet.iter().map(move |c| format!("{l}{c}")))
                .collect();
            for line in &lines {
                if let Cow::Owned(once) = unescape(line) {
                    assert_eq!(once, by_replacing(line), "{line:?}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 20_000, "{compared}");
    }

    fn texts<'a>(lines: &'a [Line<'_>]) -> Vec<&'a str> {
        lines
            .iter()
            .map(|l| &*l.text)
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    #[test]
    fn html_blocks_become_lines() {
        let lines = logical_lines(
            "<ul><li>abcd-1234</li><li><del>efgh-5678</del></li></ul>&nbsp;x &amp; y",
        );
        assert_eq!(texts(&lines), ["abcd-1234", "~~efgh-5678~~", "\u{a0}x & y"]);
    }

    #[test]
    fn json_and_escaped_newlines() {
        let lines = logical_lines(r#"{"recovery_codes": ["aaaa-1111", "bbbb-2222"]}"#);
        assert_eq!(texts(&lines), ["recovery_codes:", "aaaa-1111", "bbbb-2222"]);
        let lines = logical_lines(r#""codes": "aaaa-1111\nbbbb-2222\n""#);
        assert_eq!(texts(&lines), ["\"codes\": \"aaaa-1111", "bbbb-2222", "\""]);
    }

    #[test]
    fn quoting_and_line_numbers() {
        let lines = logical_lines("hi\r\n> > abcd-1234\r\n>\tefgh-5678");
        assert_eq!(texts(&lines), ["hi", "abcd-1234", "efgh-5678"]);
        assert_eq!(lines[2].number, 3);
    }

    #[test]
    fn plain_lines_are_the_lines_between_line_breaks() {
        let long = "x".repeat(100);
        for text in [
            "",
            "\n",
            "\n\n",
            "one",
            "one\n",
            "one\ntwo",
            "\none\n\ntwo\n",
            &format!("{long}\n{long}\n\n{long}"),
            &format!("{long}{long}\n"),
        ] {
            let lines = plain_lines(text, 7);
            let expected: Vec<&str> = text.split('\n').collect();
            let got: Vec<&str> = lines.iter().map(|l| &*l.text).collect();
            assert_eq!(got, expected, "{text:?}");
            let numbers: Vec<usize> = lines.iter().map(|l| l.number).collect();
            assert_eq!(
                numbers,
                (7..7 + expected.len()).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
