//! The quick writer against the `toml` crate: the text must read back, by the crate
//! and by the fast reader, as exactly what the crate writes for the same payload.

use super::*;
use crate::vault::model::{Code, Payload, Recipients};

/// Compares the quick text with the crate's text of the same payload, as TOML values.
fn check(p: &Payload) -> Zeroizing<String> {
    let ours = to_toml(p).unwrap();
    let reference = toml::to_string(p).unwrap();
    let read: toml::Table = toml::from_str(&ours).unwrap_or_else(|e| panic!("{e}\n{}", *ours));
    let expected: toml::Table = toml::from_str(&reference).unwrap();
    assert_eq!(read, expected, "\n{}\n---\n{reference}", *ours);
    // The fast reader takes it (else every open would fall back to the slow reader),
    // and writing what was read gives the same text.
    assert!(crate::vault::lite::parse(&ours).is_ok(), "{}", *ours);
    let again = Payload::from_toml(&ours).unwrap();
    assert_eq!(*to_toml(&again).unwrap(), *ours);
    // The accounts are read straight into the model, unless one carries fields of a
    // newer build (the crate writes those).
    let direct = Payload::read_direct(ours.as_bytes());
    if !p.accounts.is_empty() && p.accounts.iter().all(|a| a.extra.is_empty()) {
        let direct = direct.unwrap_or_else(|| panic!("declined:\n{}", *ours));
        assert_eq!(*to_toml(&direct).unwrap(), *ours);
    }
    ours
}

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(s).unwrap()
}

const AWKWARD: [&str; 10] = [
    "",
    "plain",
    "say \"hi\" \\ back\\slash",
    "line one\nline two\r\nthree",
    "tab\there",
    "controls \u{0}\u{1}\u{8}\u{c}\u{1b}\u{1f}\u{7f} end",
    "C1 \u{80}\u{9f} kept",
    "Ünïcödé 名前 🙂 \u{202e}rtl",
    "'''\"\"\"\n[[accounts]]\nservice = \"fake\"",
    "trailing backslash \\",
];

#[test]
fn every_kind_of_field_and_awkward_strings_read_back_as_the_crate_writes_them() {
    let mut p = Payload::new("v1".into(), Recipients::new("age1d".into(), "age1p".into()));
    check(&p);
    for (i, s) in AWKWARD.iter().enumerate() {
        let mut codes: Vec<Code> = (0..5).map(|j| Code::unused(&format!("c{i}-{j}"))).collect();
        codes[1].mark_used(at(1_800_000_100 + i as i64));
        codes[3] = Code::imported(&format!("used-no-time-{i}"), true);
        codes[4].note = Some(format!("note {s}"));
        p.import_set(&format!("Site{s}"), s, s, codes, false, at(1_800_000_000))
            .unwrap();
        p.accounts[i].notes = (*s).to_owned();
        // Not a code the importer would take, but the writer must not care.
        p.accounts[i].code_sets[0].codes[0].value =
            crate::vault::CodeValue::new(&format!("c{i}{s}"));
    }
    // A second set supersedes the first; an archived account; a renamed one.
    let codes: Vec<Code> = (0..3).map(|j| Code::unused(&format!("new-{j}"))).collect();
    p.import_set("Site", "", "file.txt", codes, true, at(1_800_000_500))
        .unwrap();
    p.accounts[2].archived_at = Some(at(1_800_000_600));
    p.accounts[3].changed_at = Some(at(1_800_000_700));
    // Sub-second times, a code longer than the inline room, an account with no sets.
    p.accounts[4].code_sets[0].codes[0]
        .mark_used(Timestamp::from_millisecond(1_800_000_000_123).unwrap());
    p.accounts[4].code_sets[0].codes[2] = Code::unused(&"L".repeat(200));
    let mut empty = p.accounts[5].clone();
    empty.id = "emptyaccount0001".into();
    empty.code_sets.clear();
    p.accounts.push(empty);
    // Fields of a newer build: at the top and in one account.
    p.extra.insert("zz_later".into(), toml::Value::Integer(7));
    let mut nested = toml::Table::new();
    nested.insert("k".into(), toml::Value::String("v\"".into()));
    p.accounts[6]
        .extra
        .insert("future".into(), toml::Value::Table(nested));
    p.removed_accounts.push("gone0001".into());
    p.removed_sets.push("gone0002".into());
    let text = check(&p);
    // The account with a newer build's field keeps it.
    let back = Payload::from_toml(&text).unwrap();
    assert!(back.accounts[6].extra.contains_key("future"));
    assert_eq!(back.accounts.len(), AWKWARD.len() + 1);
}

#[test]
fn every_fixture_and_vault_fuzz_input_reads_back_as_the_crate_writes_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["tests/fixtures/vault/format-1", "fuzz/corpus/vault_load"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if let Ok(p) = Payload::from_toml(&text) {
                    check(&p);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} payloads read");
}

#[test]
fn times_are_written_as_jiff_writes_them() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let lo = Timestamp::MIN.as_second();
    let hi = Timestamp::MAX.as_second();
    let check = |at: Timestamp| {
        let mut out = String::new();
        time(&mut out, &at);
        assert_eq!(out, format!("\"{at}\""));
    };
    for _ in 0..100_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let span = u64::try_from(hi - lo).unwrap();
        let s = lo + i64::try_from(seed % span).unwrap();
        check(Timestamp::from_second(s).unwrap());
        // Most of them in the years people use, with and without a fraction of a
        // second (every digit count from none to nine).
        let s = i64::try_from(seed % 8_000_000_000).unwrap();
        check(Timestamp::from_second(s).unwrap());
        let nanos = i32::try_from(seed >> 34).unwrap() % 1_000_000_000;
        let nanos = nanos - nanos % 10i32.pow(u32::try_from(seed % 10).unwrap());
        check(Timestamp::new(s, nanos).unwrap());
        check(Timestamp::new(-s, nanos).unwrap());
    }
    for text in [
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1000-01-01T00:00:00Z",
        "0999-12-31T23:59:59Z",
        "9998-12-31T23:59:59Z",
        "9999-01-01T00:00:00Z",
        "2000-02-29T12:00:00Z",
        "2100-03-01T00:00:00Z",
        "2026-11-26T10:00:00.5Z",
        "2026-11-26T10:00:00.000000001Z",
        "2026-11-26T10:00:00.999999999Z",
        "2026-11-26T10:00:00.1000Z",
        "1969-12-31T23:59:59.5Z",
        "1970-01-01T00:00:00.5Z",
        "1000-01-01T00:00:00.25Z",
        "9998-12-31T23:59:59.999999999Z",
    ] {
        check(text.parse().unwrap());
    }
    check(Timestamp::MIN);
    check(Timestamp::MAX);
}
