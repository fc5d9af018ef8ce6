//! Writing the vault's TOML quickly: a serde serializer into [`Value`], then the text.
//!
//! It handles what the payload is made of (structs, maps, sequences, strings,
//! integers, booleans, options, unit enum variants). Anything else (floats, bytes,
//! unit values, data-carrying enum variants) is refused, and the caller writes with
//! the `toml` crate instead. Strings are always written as basic strings, escaped;
//! tables of tables as `[a.b]` headers and arrays of tables as `[[a.b]]`, after the
//! plain keys of their parent, so the text is valid TOML that the `toml` crate (and
//! [`super::parse`]) read back to the same values (tested).

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::ser::{self, Serialize};

use super::{Table, Value};

/// Why the fast writer refused a value.
#[derive(Debug)]
pub struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// Serializes `value` as a TOML document.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Refused> {
    match value.serialize(ToValue)? {
        Some(Value::Table(table)) => {
            let mut out = String::with_capacity(4096);
            write_table(&mut out, &mut Vec::new(), &table, true);
            Ok(out)
        }
        _ => Err(Refused("a document must be a table".into())),
    }
}

fn refuse<T>(what: &str) -> Result<T, Refused> {
    Err(Refused(format!("{what} is not written by the fast writer")))
}

/// The serializer: `None` stands for an absent value (`Option::None`), which
/// structs and maps leave out.
struct ToValue;

type Out = Option<Value<'static>>;

impl ser::Serializer for ToValue {
    type Ok = Out;
    type Error = Refused;
    type SerializeSeq = SeqOut;
    type SerializeTuple = SeqOut;
    type SerializeTupleStruct = SeqOut;
    type SerializeTupleVariant = ser::Impossible<Out, Refused>;
    type SerializeMap = TableOut;
    type SerializeStruct = TableOut;
    type SerializeStructVariant = ser::Impossible<Out, Refused>;

    fn serialize_bool(self, v: bool) -> Result<Out, Refused> {
        Ok(Some(Value::Bool(v)))
    }
    fn serialize_i8(self, v: i8) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Out, Refused> {
        Ok(Some(Value::Int(v)))
    }
    fn serialize_u8(self, v: u8) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Out, Refused> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Out, Refused> {
        i64::try_from(v).map_or_else(
            |_| refuse("an integer above i64"),
            |v| self.serialize_i64(v),
        )
    }
    fn serialize_f32(self, _: f32) -> Result<Out, Refused> {
        refuse("a float")
    }
    fn serialize_f64(self, _: f64) -> Result<Out, Refused> {
        refuse("a float")
    }
    fn serialize_char(self, v: char) -> Result<Out, Refused> {
        Ok(Some(Value::Str(Cow::Owned(v.to_string()))))
    }
    fn serialize_str(self, v: &str) -> Result<Out, Refused> {
        Ok(Some(Value::Str(Cow::Owned(v.to_owned()))))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Out, Refused> {
        refuse("bytes")
    }
    fn serialize_none(self) -> Result<Out, Refused> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Out, Refused> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out, Refused> {
        refuse("a unit value")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Out, Refused> {
        refuse("a unit struct")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Out, Refused> {
        Ok(Some(Value::Str(Cow::Borrowed(variant))))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Out, Refused> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Out, Refused> {
        refuse("an enum variant with data")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqOut, Refused> {
        Ok(SeqOut(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqOut, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqOut, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        refuse("an enum variant with data")
    }
    fn serialize_map(self, len: Option<usize>) -> Result<TableOut, Refused> {
        Ok(TableOut {
            table: Table {
                entries: Vec::with_capacity(len.unwrap_or(0)),
                ..Table::default()
            },
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<TableOut, Refused> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        refuse("an enum variant with data")
    }
}

struct SeqOut(Vec<Value<'static>>);

impl SeqOut {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        match value.serialize(ToValue)? {
            Some(v) => {
                self.0.push(v);
                Ok(())
            }
            None => refuse("an absent value in a list"),
        }
    }
}

impl ser::SerializeSeq for SeqOut {
    type Ok = Out;
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(Some(Value::Array(self.0)))
    }
}

impl ser::SerializeTuple for SeqOut {
    type Ok = Out;
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(Some(Value::Array(self.0)))
    }
}

impl ser::SerializeTupleStruct for SeqOut {
    type Ok = Out;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(Some(Value::Array(self.0)))
    }
}

struct TableOut {
    table: Table<'static>,
    key: Option<String>,
}

impl TableOut {
    fn insert(&mut self, key: String, value: Out) -> Result<(), Refused> {
        let Some(value) = value else {
            return Ok(());
        };
        if self.table.entries.iter().any(|(k, _)| *k == key) {
            return refuse("a key written twice");
        }
        self.table.entries.push((Cow::Owned(key), value));
        Ok(())
    }
}

impl ser::SerializeMap for TableOut {
    type Ok = Out;
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        match key.serialize(ToValue)? {
            Some(Value::Str(k)) => {
                self.key = Some(k.into_owned());
                Ok(())
            }
            _ => refuse("a key that is not a string"),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Refused("a value without a key".into()))?;
        let value = value.serialize(ToValue)?;
        self.insert(key, value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(Some(Value::Table(self.table)))
    }
}

impl ser::SerializeStruct for TableOut {
    type Ok = Out;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        let value = value.serialize(ToValue)?;
        self.insert(key.to_owned(), value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(Some(Value::Table(self.table)))
    }
}

/// Whether a value is written as `[[…]]` sections: a non-empty array of tables only.
fn is_table_array(v: &Value<'_>) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Table(_))))
}

fn write_table(out: &mut String, path: &mut Vec<String>, table: &Table<'_>, root: bool) {
    for (k, v) in &table.entries {
        if !matches!(v, Value::Table(_)) && !is_table_array(v) {
            write_key(out, k);
            out.push_str(" = ");
            write_inline(out, v);
            out.push('\n');
        }
    }
    for (k, v) in &table.entries {
        match v {
            Value::Table(inner) => {
                path.push(k.to_string());
                header(out, path, false, root && out.is_empty());
                write_table(out, path, inner, false);
                path.pop();
            }
            Value::Array(items) if is_table_array(v) => {
                path.push(k.to_string());
                for item in items {
                    if let Value::Table(inner) = item {
                        header(out, path, true, false);
                        write_table(out, path, inner, false);
                    }
                }
                path.pop();
            }
            _ => {}
        }
    }
}

fn header(out: &mut String, path: &[String], array: bool, first: bool) {
    if !first {
        out.push('\n');
    }
    out.push_str(if array { "[[" } else { "[" });
    for (i, k) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        write_key(out, k);
    }
    out.push_str(if array { "]]\n" } else { "]\n" });
}

fn write_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        out.push_str(key);
    } else {
        write_string(out, key);
    }
}

fn write_inline(out: &mut String, v: &Value<'_>) {
    match v {
        Value::Str(s) => write_string(out, s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(out, item);
            }
            out.push(']');
        }
        Value::Table(t) => {
            out.push('{');
            for (i, (k, v)) in t.entries.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                write_key(out, k);
                out.push_str(" = ");
                write_inline(out, v);
            }
            out.push_str(if t.entries.is_empty() { "}" } else { " }" });
        }
    }
}

/// A basic string, with `"`, `\` and every control character escaped.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            '\r' => Some("\\r"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            c if c.is_control() => None,
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out.push('"');
}
