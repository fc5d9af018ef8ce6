//! How a code set is written in the vault's TOML, and how both formats are read.
//!
//! Format 2 (written by this build) keeps a set's codes as one array of strings and
//! only the exceptions beside it: which codes are used (with the time, when known)
//! and which carry a note. A set of 16 codes is about 400 bytes instead of format 1's
//! 1,300, and parsing it builds one string per code instead of a table per code.
//!
//! ```toml
//! [[accounts.code_sets]]
//! id = "6c1f0e7a92b3d458"
//! imported_at = "2026-11-26T10:00:00Z"
//! source = "github-recovery-codes.txt"
//! status = "active"
//! codes = ["xcked-uzsa5", "aw3ru-41gh1", "rorta-bl17g"]
//! used = [1, 2]
//! used_at = ["2026-11-26T11:00:00Z", ""]
//!
//! [[accounts.code_sets.notes]]
//! n = 1
//! text = "used on the work laptop"
//! ```
//!
//! Format 1 wrote each code as its own table (`value`, `state`, `used_at`, `note`);
//! the same reader takes those entries, so a format-1 vault loads unchanged and is
//! written as format 2 at its next save. The whole layout is in
//! `docs/vault-format.md`.
//!
//! `used` holds the 1-based positions of the used codes; `used_at` the time each was
//! marked used, in the same order (`""` when unknown: codes imported as already used).
//!
//! Invariants: positions lie inside `codes`; a position listed twice, a `used_at`
//! of another length than `used`, or a time that does not parse is refused (a
//! damaged vault falls back to a backup rather than guessing).

use std::fmt;

use jiff::Timestamp;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::model::{Code, CodeSet, CodeState, CodeValue, SetStatus};

/// When a code was marked used; empty when unknown.
struct UsedAt(Option<Timestamp>);

impl Serialize for UsedAt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(at) => at.serialize(serializer),
            None => serializer.serialize_str(""),
        }
    }
}

impl<'de> Deserialize<'de> for UsedAt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        if text.is_empty() {
            return Ok(Self(None));
        }
        text.parse()
            .map(|t| Self(Some(t)))
            .map_err(de::Error::custom)
    }
}

/// One code's note, by its 1-based position.
#[derive(Serialize, Deserialize)]
struct NoteEntry<'a> {
    n: usize,
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

impl Serialize for CodeSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (used, used_at): (Vec<usize>, Vec<UsedAt>) = self
            .codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_used())
            .map(|(i, c)| (i + 1, UsedAt(c.used_at)))
            .unzip();
        let notes: Vec<NoteEntry<'_>> = self
            .codes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.note.as_deref().map(|text| NoteEntry {
                    n: i + 1,
                    text: text.into(),
                })
            })
            .collect();
        let mut s = serializer.serialize_struct("CodeSet", 9)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("imported_at", &self.imported_at)?;
        s.serialize_field("source", &self.source)?;
        s.serialize_field("status", &self.status)?;
        if let Some(at) = &self.superseded_at {
            s.serialize_field("superseded_at", at)?;
        }
        s.serialize_field("codes", &CodeValues(&self.codes))?;
        if !used.is_empty() {
            s.serialize_field("used", &used)?;
            s.serialize_field("used_at", &used_at)?;
        }
        if !notes.is_empty() {
            s.serialize_field("notes", &notes)?;
        }
        s.end()
    }
}

/// The codes' values as one array of strings.
struct CodeValues<'a>(&'a [Code]);

impl Serialize for CodeValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|c| &c.value))
    }
}

/// A `codes` entry: a plain string (format 2) or a format-1 table.
enum Entry {
    Plain(CodeValue),
    Full(Code),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a code: a string, or a table with `value` and `state`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
        Ok(Entry::Plain(CodeValue::new(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Entry, E> {
        let v = zeroize::Zeroizing::new(v);
        Ok(Entry::Plain(CodeValue::new(&v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
        Code1::deserialize(de::value::MapAccessDeserializer::new(map)).map(|c| {
            Entry::Full(Code {
                value: c.value,
                state: c.state,
                used_at: c.used_at,
                note: c.note,
            })
        })
    }
}

/// A code as format 1 wrote it.
#[derive(Deserialize)]
struct Code1 {
    value: CodeValue,
    state: CodeState,
    #[serde(default)]
    used_at: Option<Timestamp>,
    #[serde(default)]
    note: Option<String>,
}

/// The `codes` array, read without an intermediate copy of the whole list.
struct Entries(Vec<Code>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor;
        impl<'de> Visitor<'de> for SeqVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of codes")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
                let mut codes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1_000));
                while let Some(entry) = seq.next_element::<Entry>()? {
                    if codes.len() >= super::model::MAX_CODES_PER_SET {
                        return Err(de::Error::custom("a code set holds too many codes"));
                    }
                    codes.push(match entry {
                        Entry::Plain(value) => Code {
                            value,
                            state: CodeState::Unused,
                            used_at: None,
                            note: None,
                        },
                        Entry::Full(code) => code,
                    });
                }
                Ok(Entries(codes))
            }
        }
        deserializer.deserialize_seq(SeqVisitor)
    }
}

/// A code set as either format writes it.
#[derive(Deserialize)]
struct SetIn<'a> {
    #[serde(default)]
    id: String,
    imported_at: Timestamp,
    source: String,
    status: SetStatus,
    #[serde(default)]
    superseded_at: Option<Timestamp>,
    codes: Entries,
    #[serde(default)]
    used: Vec<usize>,
    #[serde(default)]
    used_at: Vec<UsedAt>,
    #[serde(default, borrow)]
    notes: Vec<NoteEntry<'a>>,
}

impl<'de> Deserialize<'de> for CodeSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let set = SetIn::deserialize(deserializer)?;
        let mut codes = set.codes.0;
        if set.used_at.len() != set.used.len() {
            return Err(de::Error::custom(
                "`used_at` does not have one time for each of `used`",
            ));
        }
        for (n, at) in set.used.into_iter().zip(set.used_at) {
            let code = position(&mut codes, n)?;
            if code.is_used() {
                return Err(de::Error::custom(format!(
                    "code {n} is listed as used twice"
                )));
            }
            code.state = CodeState::Used;
            code.used_at = at.0;
        }
        for n in set.notes {
            let code = position(&mut codes, n.n)?;
            if code.note.is_some() {
                return Err(de::Error::custom(format!("code {} has two notes", n.n)));
            }
            code.note = Some(n.text.into_owned());
        }
        Ok(CodeSet {
            id: set.id,
            imported_at: set.imported_at,
            source: set.source,
            status: set.status,
            superseded_at: set.superseded_at,
            codes,
        })
    }
}

fn position<E: de::Error>(codes: &mut [Code], n: usize) -> Result<&mut Code, E> {
    let len = codes.len();
    n.checked_sub(1)
        .and_then(|i| codes.get_mut(i))
        .ok_or_else(|| E::custom(format!("code {n} does not exist (the set has {len})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Wrap {
        set: Vec<CodeSet>,
    }

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    fn sample() -> CodeSet {
        let mut codes: Vec<Code> = ["aaaa-1111", "bbbb 2222", "cccc-3333"]
            .iter()
            .map(|c| Code::unused(c))
            .collect();
        codes[0].mark_used(at(1_800_000_100));
        codes[2] = Code::imported("cccc-3333", true);
        codes[1].note = Some("say \"hi\"\nsecond line".into());
        CodeSet {
            id: "0123456789abcdef".into(),
            imported_at: at(1_800_000_000),
            source: "pasted".into(),
            status: SetStatus::Active,
            superseded_at: None,
            codes,
        }
    }

    #[test]
    fn format_2_round_trips_states_times_and_notes() {
        let text = toml::to_string(&Wrap {
            set: vec![sample()],
        })
        .unwrap();
        assert!(
            text.contains(r#"codes = ["aaaa-1111", "bbbb 2222", "cccc-3333"]"#),
            "{text}"
        );
        assert!(!text.contains("state"), "{text}");
        assert!(
            text.contains("used = [1, 3]\nused_at = [\"2027-01-15T08:01:40Z\", \"\"]"),
            "{text}"
        );
        let back: Wrap = toml::from_str(&text).unwrap();
        let (a, b) = (&sample(), &back.set[0]);
        assert_eq!(a.id, b.id);
        for (x, y) in a.codes.iter().zip(&b.codes) {
            assert_eq!(x.value.expose(), y.value.expose());
            assert_eq!((x.state, x.used_at, &x.note), (y.state, y.used_at, &y.note));
        }
    }

    #[test]
    fn format_1_code_tables_are_read() {
        let text = r#"
[[set]]
imported_at = "2026-11-27T06:25:57Z"
source = "pasted"
status = "active"
[[set.codes]]
value = "xcked-uzsa5"
state = "used"
used_at = "2026-11-27T06:26:03Z"
[[set.codes]]
value = "aw3ru-41gh1"
state = "unused"
note = "kept"
"#;
        let w: Wrap = toml::from_str(text).unwrap();
        let c = &w.set[0].codes;
        assert!(w.set[0].id.is_empty());
        assert_eq!(c[0].value.expose(), "xcked-uzsa5");
        assert!(c[0].is_used() && c[0].used_at.is_some());
        assert!(!c[1].is_used());
        assert_eq!(c[1].note.as_deref(), Some("kept"));
    }

    #[test]
    fn entries_outside_the_list_or_twice_are_refused() {
        let base = "[[set]]\nimported_at = \"2026-11-27T06:25:57Z\"\nsource = \"p\"\nstatus = \"active\"\ncodes = [\"a-1\", \"b-2\"]\n";
        for extra in [
            "used = [3]\nused_at = [\"\"]",
            "used = [0]\nused_at = [\"\"]",
            "used = [1, 1]\nused_at = [\"\", \"\"]",
            "used = [1]\nused_at = []",
            "used = [1]\nused_at = [\"yesterday\"]",
            "notes = [{ n = 9, text = \"x\" }]",
            "notes = [{ n = 1, text = \"x\" }, { n = 1, text = \"y\" }]",
        ] {
            let err = toml::from_str::<Wrap>(&format!("{base}{extra}\n"));
            assert!(err.is_err(), "{extra}");
        }
        assert!(toml::from_str::<Wrap>(&format!("{base}used = [2]\nused_at = [\"\"]\n")).is_ok());
    }
}
