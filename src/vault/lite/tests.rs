//! The fast reader against the `toml` crate: whenever it reads a text, it must read
//! exactly what the `toml` crate reads; texts the `toml` crate refuses it must decline.

use super::*;

fn to_toml(v: &Value<'_>) -> toml::Value {
    match v {
        Value::Str(s) => toml::Value::String(s.to_string()),
        Value::Int(i) => toml::Value::Integer(*i),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Array(items) => toml::Value::Array(items.iter().map(to_toml).collect()),
        Value::Table(t) => toml::Value::Table(
            t.entries
                .iter()
                .map(|(k, v)| (k.to_string(), to_toml(v)))
                .collect(),
        ),
    }
}

/// Checks one text; returns whether the fast reader took it.
fn agrees(text: &str) -> bool {
    let reference = toml::from_str::<toml::Table>(text);
    match parse(text) {
        Ok(table) => {
            let ours = to_toml(&Value::Table(table));
            match reference {
                Ok(r) => assert_eq!(ours, toml::Value::Table(r), "{text:?}"),
                Err(e) => {
                    panic!("the toml crate refuses {text:?} ({e}) but the fast reader took it")
                }
            }
            true
        }
        Err(Declined) => false,
    }
}

#[test]
fn reads_what_the_toml_crate_reads() {
    for text in [
        "",
        "a = 1\n",
        "a = -12\nb = +3\nc = 0\n",
        "# comment\n\na = \"x\" # trailing\n",
        "a = \"tab\\tquote\\\"back\\\\slash \\u00e9 \\U0001F600\"\n",
        "a = 'lit\\eral \"q\"'\n",
        "a = \"\"\"\nline one\nline \"two\"\"\"\"\n",
        "a = '''\nraw \\n ''text'''''\n",
        "a = [1, 2,\n  3, # c\n]\nb = []\nc = [\"x\", 'y', [true, false]]\n",
        "a = { b = 1, c = \"d\", e = { f = [] } }\n",
        "[t]\nx = 1\n[t.u]\ny = 2\n[[t.list]]\nz = 3\n[[t.list]]\nz = 4\n[t.list.sub]\nq = 5\n",
        "[a.b.c]\nx = 1\n[a]\ny = 2\n",
        "[ spaced . \"quoted key\" ]\n'lit key' = 1\n\"\" = 2\n",
        "a = 1\r\nb = \"crlf\"\r\n",
        "a = \"Ünïcödé 名前 🙂\"\n",
        "[[x]]\n[[x]]\na = 1\n",
        "a = true\nb = false\n",
        "a = 9223372036854775807\nb = -9223372036854775808\n",
    ] {
        assert!(agrees(text), "declined: {text:?}");
    }
}

#[test]
fn declines_what_it_does_not_read_and_everything_invalid() {
    for text in [
        // Outside the subset.
        "a.b = 1\n",
        "a = 1.5\n",
        "a = 2026-11-27T06:00:00Z\n",
        "a = 0x1f\n",
        "a = 1_000\n",
        "a = inf\n",
        "a = \"\"\"\nfolded \\\n  line\"\"\"\n",
        // Invalid TOML.
        "a = 1\na = 2\n",
        "[t]\n[t]\n",
        "a = 1\n[a]\n",
        "[[a]]\n[a]\n",
        "a = [{b = 1}]\n[[a]]\n",
        "a = {b = 1}\n[a.c]\n",
        "a = 01\n",
        "a = \"unterminated\n",
        "a = \"bad \\q escape\"\n",
        "a = \"\\uD800\"\n",
        "a = \"ctrl \u{1} char\"\n",
        "a = 1 b = 2\n",
        "a = truex\n",
        "= 1\n",
        "a = \n",
        "[a\n",
        "[[a]\n",
        "a = {b = 1,}\n",
        "a = {b = 1\n}\n",
        "# bad \u{0} comment\n",
        "a = 99999999999999999999\n",
        "a = 1 # lone \r carriage return\n",
    ] {
        assert!(!agrees(text), "took {text:?}");
    }
}

#[test]
fn every_fixture_and_every_fuzz_input_agrees() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut taken = 0;
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/vault/format-1",
        "fuzz/corpus/vault_load",
        "fuzz/corpus/settings",
    ] {
        let mut stack = vec![std::path::Path::new(root).join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push(p);
                }
            }
        }
    }
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            taken += usize::from(agrees(text));
        }
    }
    assert!(
        taken > 100,
        "only {taken} of {} files were read",
        files.len()
    );
}

#[test]
fn payloads_written_by_this_build_are_read_without_the_fallback() {
    use crate::vault::model::{Code, Payload, Recipients};
    let mut p = Payload::new("v".into(), Recipients::new("age1d".into(), "age1p".into()));
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    for (i, name) in ["GitHub", "Ünï \"quoted\" 'x'", "back\\slash", "tab\there"]
        .iter()
        .enumerate()
    {
        let mut codes: Vec<Code> = (0..16)
            .map(|j| Code::unused(&format!("c{i}-{j:04}")))
            .collect();
        codes[2].mark_used(now);
        codes[3].note = Some("line one\nline \"two\" '''\n\"\"\"".into());
        p.import_set(name, "a\"b'c", "pasted", codes, false, now)
            .unwrap();
        p.accounts[i].notes = "multi\nline\r\nnotes with \\ and \u{1F600}".into();
    }
    let text = p.to_toml().unwrap();
    assert!(agrees(&text), "declined:\n{}", *text);
}

#[test]
fn a_large_vault_read_in_two_halves_is_the_vault_read_whole() {
    use crate::vault::model::{Code, Payload, Recipients};
    let mut p = Payload::new("v".into(), Recipients::new("age1d".into(), "age1p".into()));
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    for i in 0..4_000 {
        let mut codes: Vec<Code> = (0..16)
            .map(|j| Code::unused(&format!("c{i:05}-{j:04}")))
            .collect();
        codes[1].mark_used(now);
        // A note holding the line the reader splits at must not fool it.
        if i == 2_100 {
            codes[0].note = Some("x\n[[accounts]]\nservice = \"fake\"\n".into());
            p.accounts.last_mut().unwrap().notes = "\n[[accounts]]\n".into();
        }
        p.import_set(&format!("Site {i}"), "me", "pasted", codes, false, now)
            .unwrap();
    }
    p.extra
        .insert("zz_later".into(), toml::Value::Boolean(true));
    let text = p.to_toml().unwrap();
    assert!(text.len() > 1 << 20);
    let read = Payload::from_toml(&text).unwrap();
    assert_eq!(read.accounts.len(), 4_000);
    assert_eq!(*read.to_toml().unwrap(), *text);
    let reference: Payload = toml::from_str(&text).unwrap();
    assert_eq!(*reference.to_toml().unwrap(), *text);
}

#[test]
fn a_static_accounts_array_is_never_joined_with_later_sections() {
    // `accounts = [{…}]` followed by `[[accounts]]` is invalid TOML; the split read
    // must not join the two halves into one list.
    let mut text = String::from("format = 2\nvault_id = \"v\"\ngeneration = 1\naccounts = [");
    for i in 0..12_000 {
        text.push_str(&format!(
            "{{ service = \"Inl{i:05}\", label = \"x\", code_sets = [] }}, "
        ));
    }
    text.push_str("]\n\n[recipients]\ndevice = \"d\"\npaper = \"p\"\n");
    for i in 0..24_000 {
        text.push_str(&format!(
            "\n[[accounts]]\nservice = \"Hdr{i:05}\"\nlabel = \"y\"\n"
        ));
    }
    assert!(text.len() > 1 << 20);
    assert!(toml::from_str::<toml::Table>(&text).is_err());
    assert!(crate::vault::model::Payload::from_toml(&text).is_err());
}

#[test]
fn the_string_stop_table_is_the_quote_the_backslash_and_the_controls() {
    for b in 0..=255u8 {
        assert_eq!(
            STOPS_A_STRING[usize::from(b)],
            b == b'"' || b == b'\\' || is_control(b),
            "{b:#04x}"
        );
    }
}
