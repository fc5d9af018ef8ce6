//! A fast reader for the TOML that Codekeeper writes, with a serde deserializer.
//!
//! The `toml` crate reads any TOML, but builds a token list and a spanned document
//! first: about 20 MB/s and several times the text's size in memory, which made a
//! vault of 10,000 accounts slow to open. This reader takes the subset the vault's
//! writer produces — bare or quoted keys, `[table]` and `[[array]]` headers, strings
//! of all four kinds, integers, booleans, arrays and inline tables, comments — in
//! one pass, borrowing strings from the text where they hold no escapes.
//!
//! Invariant: it either gives exactly what the `toml` crate gives, or it declines
//! (floats, dates, dotted keys, anything unusual or invalid), and the caller then
//! reads the text with the `toml` crate, whose answer (or error) is the one that
//! counts. A test compares both on every fixture and fuzz input.

use std::borrow::Cow;

pub mod accounts;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Nesting deeper than this is declined.
const MAX_DEPTH: usize = 32;

/// Room made at once for an `[[array]]` element's keys (an account or a code set
/// has about this many), so the block is not grown key by key.
const ELEMENT_KEYS: usize = 8;

/// A value read from the text. Its `Debug` never shows a string (a string may be a
/// code or a key).
#[derive(PartialEq)]
pub enum Value<'a> {
    /// A string.
    Str(Cow<'a, str>),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An array.
    Array(Vec<Value<'a>>),
    /// A table.
    Table(Table<'a>),
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Str(_) => f.write_str("Str(<redacted>)"),
            Self::Int(i) => write!(f, "Int({i})"),
            Self::Bool(b) => write!(f, "Bool({b})"),
            Self::Array(items) => f.debug_list().entries(items).finish(),
            Self::Table(t) => t.fmt(f),
        }
    }
}

/// A table: entries in the order written.
#[derive(Debug, PartialEq, Default)]
pub struct Table<'a> {
    /// Keys and values.
    pub entries: Vec<(Cow<'a, str>, Value<'a>)>,
    /// How the table came to be, for TOML's rules on defining a table twice.
    kind: Kind,
}

#[derive(Debug, PartialEq, Eq, Default, Clone, Copy)]
enum Kind {
    /// Made by a `[header]` or the document root.
    #[default]
    Explicit,
    /// Made on the way to a deeper `[a.b]` header; may still get its own header.
    Implicit,
    /// An element of an `[[array]]`: takes keys and sub-tables until the next header.
    Element,
    /// An inline table `{ … }`: complete as written.
    Inline,
}

/// Whether `v` is an array of tables made by `[[…]]` headers (not a static array,
/// which later `[[…]]` headers may not extend).
pub fn is_header_array(v: &Value<'_>) -> bool {
    matches!(v, Value::Array(items) if items.iter().all(|i| matches!(i, Value::Table(t) if t.kind == Kind::Element)))
}

/// The text is outside the subset (or invalid): read it with the `toml` crate.
#[derive(Debug, PartialEq, Eq)]
pub struct Declined;

type Res<T> = Result<T, Declined>;

/// Reads a whole document.
pub fn parse(text: &str) -> Res<Table<'_>> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        items: Vec::new(),
    };
    let mut root = Table::default();
    // The current table, as entry indices from the root (an array entry stands for
    // its last element).
    let mut current: Vec<usize> = Vec::new();
    loop {
        p.skip_blank_lines()?;
        if p.i >= p.s.len() {
            return Ok(root);
        }
        if p.s[p.i] == b'[' {
            current = p.header(&mut root)?;
        } else {
            let key = p.key()?;
            p.spaces();
            p.expect(b'=')?;
            p.spaces();
            let value = p.value(0)?;
            p.end_of_line()?;
            let table = table_at(&mut root, &current)?;
            insert(table, key, value)?;
        }
    }
}

fn insert<'a>(table: &mut Table<'a>, key: Cow<'a, str>, value: Value<'a>) -> Res<()> {
    if table.entries.iter().any(|(k, _)| *k == key) {
        return Err(Declined);
    }
    table.entries.push((key, value));
    Ok(())
}

fn table_at<'t, 'a>(root: &'t mut Table<'a>, path: &[usize]) -> Res<&'t mut Table<'a>> {
    let mut t = root;
    for &i in path {
        t = match &mut t.entries.get_mut(i).ok_or(Declined)?.1 {
            Value::Table(inner) => inner,
            Value::Array(items) => match items.last_mut() {
                Some(Value::Table(inner)) => inner,
                _ => return Err(Declined),
            },
            _ => return Err(Declined),
        };
    }
    Ok(t)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    /// Array items being read (nested arrays stack up): each array is then moved
    /// into a block of its exact size, instead of growing one block by doubling.
    items: Vec<Value<'a>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn expect(&mut self, b: u8) -> Res<()> {
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(Declined)
        }
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn comment(&mut self) -> Res<()> {
        if self.peek() == Some(b'#') {
            while let Some(c) = self.peek() {
                if c == b'\n' || (c == b'\r' && self.s.get(self.i + 1) == Some(&b'\n')) {
                    break;
                }
                // TOML allows no control characters but tab in comments.
                if is_control(c) {
                    return Err(Declined);
                }
                self.i += 1;
            }
        }
        Ok(())
    }

    fn newline(&mut self) -> Res<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.i += 1;
                Ok(true)
            }
            Some(b'\r') => {
                self.i += 1;
                self.expect(b'\n')?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn skip_blank_lines(&mut self) -> Res<()> {
        loop {
            self.spaces();
            self.comment()?;
            if !self.newline()? {
                return Ok(());
            }
        }
    }

    fn end_of_line(&mut self) -> Res<()> {
        self.spaces();
        self.comment()?;
        if self.i >= self.s.len() || self.newline()? {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Whitespace, newlines and comments inside an array.
    fn skip_in_array(&mut self) -> Res<()> {
        loop {
            self.spaces();
            self.comment()?;
            if !self.newline()? {
                return Ok(());
            }
        }
    }

    /// One key: bare, or a basic or literal string.
    fn simple_key(&mut self) -> Res<Cow<'a, str>> {
        match self.peek() {
            Some(b'"') => self.basic_string(),
            Some(b'\'') => self.literal_string(),
            _ => {
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                {
                    self.i += 1;
                }
                if self.i == start {
                    return Err(Declined);
                }
                Ok(Cow::Borrowed(&self.text[start..self.i]))
            }
        }
    }

    fn key(&mut self) -> Res<Cow<'a, str>> {
        let key = self.simple_key()?;
        // Dotted keys are left to the `toml` crate.
        let mut j = self.i;
        while matches!(self.s.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if self.s.get(j) == Some(&b'.') {
            return Err(Declined);
        }
        Ok(key)
    }

    /// `[a.b]` or `[[a.b]]`; returns the path of the table that follows.
    fn header(&mut self, root: &mut Table<'a>) -> Res<Vec<usize>> {
        self.expect(b'[')?;
        let array = self.peek() == Some(b'[');
        if array {
            self.i += 1;
        }
        let mut keys = Vec::new();
        loop {
            self.spaces();
            keys.push(self.simple_key()?);
            self.spaces();
            match self.peek() {
                Some(b'.') => self.i += 1,
                Some(b']') => break,
                _ => return Err(Declined),
            }
            if keys.len() > MAX_DEPTH {
                return Err(Declined);
            }
        }
        self.expect(b']')?;
        if array {
            self.expect(b']')?;
        }
        self.end_of_line()?;
        let (last, parents) = keys.split_last().ok_or(Declined)?;
        let mut path = Vec::with_capacity(keys.len());
        let mut t = root;
        for key in parents {
            let i = match t.entries.iter().position(|(k, _)| k == key) {
                Some(i) => i,
                None => {
                    t.entries.push((
                        key.clone(),
                        Value::Table(Table {
                            entries: Vec::new(),
                            kind: Kind::Implicit,
                        }),
                    ));
                    t.entries.len() - 1
                }
            };
            path.push(i);
            t = match &mut t.entries[i].1 {
                Value::Table(inner) if inner.kind != Kind::Inline => inner,
                Value::Array(items) => match items.last_mut() {
                    Some(Value::Table(inner)) if inner.kind == Kind::Element => inner,
                    _ => return Err(Declined),
                },
                _ => return Err(Declined),
            };
        }
        let found = t.entries.iter().position(|(k, _)| k == last);
        let i = match (found, array) {
            (None, false) => {
                t.entries
                    .push((last.clone(), Value::Table(Table::default())));
                t.entries.len() - 1
            }
            (None, true) => {
                t.entries.push((
                    last.clone(),
                    Value::Array(vec![Value::Table(Table {
                        entries: Vec::with_capacity(ELEMENT_KEYS),
                        kind: Kind::Element,
                    })]),
                ));
                t.entries.len() - 1
            }
            (Some(i), false) => match &mut t.entries[i].1 {
                // A table made on the way to a deeper header gets its own header once.
                Value::Table(inner) if inner.kind == Kind::Implicit => {
                    inner.kind = Kind::Explicit;
                    i
                }
                _ => return Err(Declined),
            },
            (Some(i), true) => match &mut t.entries[i].1 {
                Value::Array(items) if matches!(items.last(), Some(Value::Table(x)) if x.kind == Kind::Element) =>
                {
                    items.push(Value::Table(Table {
                        entries: Vec::with_capacity(ELEMENT_KEYS),
                        kind: Kind::Element,
                    }));
                    i
                }
                _ => return Err(Declined),
            },
        };
        path.push(i);
        Ok(path)
    }

    fn value(&mut self, depth: usize) -> Res<Value<'a>> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        match self.peek().ok_or(Declined)? {
            b'"' => {
                if self.s[self.i..].starts_with(b"\"\"\"") {
                    self.multiline(b'"', true).map(Value::Str)
                } else {
                    self.basic_string().map(Value::Str)
                }
            }
            b'\'' => {
                if self.s[self.i..].starts_with(b"'''") {
                    self.multiline(b'\'', false).map(Value::Str)
                } else {
                    self.literal_string().map(Value::Str)
                }
            }
            b't' if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                self.after_scalar()?;
                Ok(Value::Bool(true))
            }
            b'f' if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                self.after_scalar()?;
                Ok(Value::Bool(false))
            }
            b'[' => {
                self.i += 1;
                let start = self.items.len();
                loop {
                    self.skip_in_array()?;
                    if self.peek() == Some(b']') {
                        break;
                    }
                    let item = self.value(depth + 1)?;
                    self.items.push(item);
                    self.skip_in_array()?;
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => break,
                        _ => return Err(Declined),
                    }
                }
                self.i += 1;
                Ok(Value::Array(self.items.drain(start..).collect()))
            }
            b'{' => {
                self.i += 1;
                let mut table = Table {
                    entries: Vec::new(),
                    kind: Kind::Inline,
                };
                self.spaces();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Table(table));
                }
                loop {
                    self.spaces();
                    let key = self.key()?;
                    self.spaces();
                    self.expect(b'=')?;
                    self.spaces();
                    let value = self.value(depth + 1)?;
                    insert(&mut table, key, value)?;
                    self.spaces();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Table(table));
                        }
                        _ => return Err(Declined),
                    }
                }
            }
            b'-' | b'+' | b'0'..=b'9' => self.integer(),
            _ => Err(Declined),
        }
    }

    /// A scalar must be followed by a delimiter (no `truex`).
    fn after_scalar(&self) -> Res<()> {
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'#') => Ok(()),
            _ => Err(Declined),
        }
    }

    /// Decimal integers only; floats, dates, other bases and `_` are declined.
    fn integer(&mut self) -> Res<Value<'a>> {
        let start = self.i;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.i += 1;
        }
        let digits = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        let n = self.i - digits;
        if n == 0 || (n > 1 && self.s[digits] == b'0') {
            return Err(Declined);
        }
        self.after_scalar()?;
        self.text[start..self.i]
            .parse()
            .map(Value::Int)
            .map_err(|_| Declined)
    }

    fn basic_string(&mut self) -> Res<Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.i;
        // The common case: no escapes, borrowed as it is.
        let rest = self.s.get(start..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|&c| STOPS_A_STRING[usize::from(c)])
            .ok_or(Declined)?;
        self.i = start + end;
        match rest.get(end) {
            Some(b'"') => {
                let s = self.text.get(start..self.i).ok_or(Declined)?;
                self.i += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            _ => return Err(Declined),
        }
        let mut out = String::from(&self.text[start..self.i]);
        loop {
            match self.peek().ok_or(Declined)? {
                b'"' => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => self.escape(&mut out)?,
                c if is_control(c) => return Err(Declined),
                _ => self.push_char(&mut out)?,
            }
        }
    }

    fn push_char(&mut self, out: &mut String) -> Res<()> {
        let c = self.text[self.i..].chars().next().ok_or(Declined)?;
        out.push(c);
        self.i += c.len_utf8();
        Ok(())
    }

    fn escape(&mut self, out: &mut String) -> Res<()> {
        self.i += 1;
        let c = self.peek().ok_or(Declined)?;
        self.i += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'u' | b'U' => {
                let len = if c == b'u' { 4 } else { 8 };
                let hex = self.text.get(self.i..self.i + len).ok_or(Declined)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(Declined);
                }
                let code = u32::from_str_radix(hex, 16).map_err(|_| Declined)?;
                out.push(char::from_u32(code).ok_or(Declined)?);
                self.i += len;
            }
            _ => return Err(Declined),
        }
        Ok(())
    }

    fn literal_string(&mut self) -> Res<Cow<'a, str>> {
        self.expect(b'\'')?;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\'' => {
                    let s = &self.text[start..self.i];
                    self.i += 1;
                    return Ok(Cow::Borrowed(s));
                }
                c if is_control(c) => return Err(Declined),
                _ => self.i += 1,
            }
        }
        Err(Declined)
    }

    /// `"""…"""` (escapes read) or `'''…'''` (taken literally): a newline right after
    /// the opening quotes is dropped; a backslash at the end of a line (line folding)
    /// is declined.
    fn multiline(&mut self, quote: u8, escapes: bool) -> Res<Cow<'a, str>> {
        self.i += 3;
        self.newline()?;
        let mut out = String::new();
        let close = [quote; 3];
        loop {
            if self.s[self.i..].starts_with(&close) {
                // Up to two more quotes belong to the string.
                let mut quotes = 3;
                while self.s.get(self.i + quotes) == Some(&quote) && quotes < 5 {
                    quotes += 1;
                }
                for _ in 3..quotes {
                    out.push(char::from(quote));
                }
                self.i += quotes;
                return Ok(Cow::Owned(out));
            }
            match self.peek().ok_or(Declined)? {
                b'\\' if escapes => {
                    if matches!(self.s.get(self.i + 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                        return Err(Declined);
                    }
                    self.escape(&mut out)?;
                }
                b'\n' => {
                    out.push('\n');
                    self.i += 1;
                }
                b'\r' => {
                    self.i += 1;
                    self.expect(b'\n')?;
                    out.push('\n');
                }
                c if is_control(c) => return Err(Declined),
                _ => self.push_char(&mut out)?,
            }
        }
    }
}

/// Control characters TOML forbids inside strings (tab is allowed).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

/// The bytes that end the plain run of a basic string: the closing quote, a
/// backslash, a control character. One look-up per byte (most of a vault's text is
/// strings).
static STOPS_A_STRING: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b == b'"' || b == b'\\' || (b < 0x20 && b != b'\t') || b == 0x7f;
        c += 1;
    }
    table
};

/// The deserializer's error.
pub type Error = de::value::Error;

impl<'de> Deserializer<'de> for Value<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Value::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Array(items) => {
                let len = items.len();
                visitor.visit_seq(Seq {
                    items: items.into_iter(),
                    len,
                })
            }
            Value::Table(t) => visitor.visit_map(Map {
                entries: t.entries.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::Str(s) => visitor.visit_enum(s.into_owned().into_deserializer()),
            _ => Err(de::Error::custom("expected a string for an enum")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct Seq<'de> {
    items: std::vec::IntoIter<Value<'de>>,
    len: usize,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.items.next().map(|v| seed.deserialize(v)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }
}

struct Map<'de> {
    entries: std::vec::IntoIter<(Cow<'de, str>, Value<'de>)>,
    value: Option<Value<'de>>,
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Value::Str(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without a key"))?;
        seed.deserialize(value)
    }
}

#[cfg(test)]
mod tests;
