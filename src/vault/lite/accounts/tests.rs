//! The direct reader against the general one: on every text it takes, it must give
//! exactly what the `toml` crate and the payload's serde give; on a text it does
//! not take, the general reader answers.

use super::*;
use crate::vault::model::{Payload, Recipients};

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(s).unwrap()
}

/// A payload with notes, archived and renamed accounts, used codes with and without
/// times (whole seconds and fractions), code notes, a superseded set, an account
/// without sets and escapes.
fn sample(accounts: usize) -> Payload {
    let mut p = Payload::new("v1".into(), Recipients::new("age1d".into(), "age1p".into()));
    for i in 0..accounts {
        let mut codes: Vec<Code> = (0..16)
            .map(|j| Code::unused(&format!("c{i:05}-{j:02}")))
            .collect();
        codes[2].mark_used(at(1_800_000_100 + i as i64));
        codes[7].mark_used(Timestamp::from_millisecond(1_800_000_000_123).unwrap());
        codes[5] = Code::imported(&format!("old-{i}"), true);
        if i % 3 == 0 {
            codes[1].note = Some(format!("note \"{i}\"\nline"));
        }
        let service = format!("Site {i} \\ ü");
        // Times as the app makes them: with nanoseconds.
        let imported = Timestamp::new(1_800_000_000, 872_333_212 * (i as i32 % 2)).unwrap();
        p.import_set(&service, "me", "file.txt", codes, false, imported)
            .unwrap();
        if i % 4 == 0 {
            let codes = (0..10)
                .map(|j| Code::unused(&format!("n{i}-{j}")))
                .collect();
            p.import_set(&service, "me", "pasted", codes, true, at(1_800_000_500))
                .unwrap();
        }
    }
    if accounts > 2 {
        p.accounts[1].notes = "tab\there".into();
        p.accounts[1].archived_at = Some(at(1_800_000_600));
        p.accounts[2].changed_at = Some(at(1_800_000_700));
        let mut empty = p.accounts[2].clone();
        empty.id = "emptyaccount0001".into();
        empty.code_sets.clear();
        p.accounts.push(empty);
    }
    p
}

/// Both readers' answers for `text`, each written again (the writer names every
/// field, so equal texts mean equal payloads).
fn both(text: &str) -> (Option<String>, Option<String>) {
    let write = |p: &Payload| crate::vault::writer::to_toml(p).unwrap().to_string();
    let direct = Payload::read_direct(text.as_bytes()).map(|p| write(&p));
    let general = toml::from_str::<Payload>(text).ok().map(|p| write(&p));
    (direct, general)
}

#[test]
fn what_the_writer_writes_is_read_directly_as_the_general_reader_reads_it() {
    for n in [1, 3, 40] {
        let text = crate::vault::writer::to_toml(&sample(n)).unwrap();
        let (direct, general) = both(&text);
        assert!(direct.is_some(), "declined:\n{}", *text);
        assert_eq!(direct, general);
        assert_eq!(direct.as_deref(), Some(text.as_str()));
    }
}

#[test]
fn a_large_vault_is_read_in_two_halves_as_a_whole() {
    let payload = sample(3_000);
    let text = crate::vault::writer::to_toml(&payload).unwrap();
    // Written in two halves too: as the `toml` crate writes the same payload.
    let reference = toml::to_string(&payload).unwrap();
    assert_eq!(
        toml::from_str::<toml::Table>(&text).unwrap(),
        toml::from_str::<toml::Table>(&reference).unwrap()
    );
    let (_, body) = text.split_at(text.find("\n[[accounts]]\n").unwrap() + 1);
    assert!(Payload::halves(body).is_some(), "not cut in two");
    let (direct, general) = both(&text);
    assert_eq!(direct.as_deref(), Some(text.as_str()));
    assert_eq!(direct, general);
    // Damage in the second half only is still caught.
    let late = text.rfind("used = [").unwrap();
    let mut damaged = text.to_string();
    damaged.replace_range(late..late + 8, "used = [99, ");
    let (direct, general) = both(&damaged);
    assert_eq!((direct, general), (None, None));
}

#[test]
fn bytes_that_are_not_text_are_refused_in_every_part_of_a_large_vault() {
    use crate::vault::model::PayloadParseError;
    let text = crate::vault::writer::to_toml(&sample(3_000)).unwrap();
    let first_account = text.find("\n[[accounts]]\n").unwrap();
    let bytes = text.as_bytes();
    // In the head, early in the first half, just before and after the cut, at the end.
    let middle = first_account + (text.len() - first_account) / 2;
    for at in [
        5,
        first_account + 40,
        middle - 3,
        middle + 3,
        text.len() - 4,
    ] {
        for bad in [&[0xff_u8][..], &[0xc3], &[0x80], &[0xe2, 0x82]] {
            let mut damaged = bytes[..at].to_vec();
            damaged.extend_from_slice(bad);
            damaged.extend_from_slice(&bytes[at..]);
            assert!(Payload::read_direct(&damaged).is_none(), "at {at}");
            assert!(
                matches!(
                    Payload::read_unchecked(&damaged),
                    Err(PayloadParseError::NotText)
                ),
                "at {at}"
            );
        }
    }
    assert!(Payload::read_direct(bytes).is_some());
}

/// Every small change to a line: what the direct reader still takes must be what
/// the general reader takes, and whatever it declines the general reader decides.
#[test]
fn changed_texts_are_read_alike_or_declined() {
    let text = crate::vault::writer::to_toml(&sample(5)).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut taken = 0;
    let mut tried = 0;
    let edits: [&dyn Fn(&str) -> String; 14] = [
        &|_| String::new(),
        &|l| format!("{l}{l}"),
        &|l| l.replacen(" = ", "=", 1),
        &|l| l.replacen(" = ", " =  ", 1),
        &|l| l.replace('\n', " # c\n"),
        &|l| l.replace('\n', "\r\n"),
        &|l| l.replace('\n', " \n"),
        &|l| l.replacen('"', "'", 2),
        &|l| l.replacen(", ", ",", 1),
        &|l| l.replacen("1", "01", 1),
        &|l| l.replacen("2", "+2", 1),
        &|l| l.replacen("T", "t", 1),
        &|l| l.replacen(":00Z", ":60Z", 1),
        &|l| l.replacen("Z\"", "+00:00\"", 1),
    ];
    for i in 0..lines.len() {
        for edit in &edits {
            let mut changed: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            changed[i] = edit(lines[i]);
            let changed = changed.concat();
            if changed == *text {
                continue;
            }
            tried += 1;
            let (direct, general) = both(&changed);
            if direct.is_some() {
                taken += 1;
                assert_eq!(direct, general, "{changed}");
            }
        }
        // Two lines swapped.
        if i + 1 < lines.len() {
            let mut changed: Vec<&str> = lines.clone();
            changed.swap(i, i + 1);
            let (direct, general) = both(&changed.concat());
            if direct.is_some() {
                assert_eq!(direct, general);
            }
        }
    }
    assert!(tried > 500, "{tried}");
    // Edits the writer could have made (a line the layout allows twice, a blank
    // line dropped before the end) are still read directly.
    assert!(taken > 0, "{taken}");
}

#[test]
fn plain_times_are_read_as_jiff_reads_them() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let lo = "1000-01-01T00:00:00Z"
        .parse::<Timestamp>()
        .unwrap()
        .as_second();
    let hi = "9998-12-31T23:59:59Z"
        .parse::<Timestamp>()
        .unwrap()
        .as_second();
    for _ in 0..50_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let s = lo + i64::try_from(seed % u64::try_from(hi - lo).unwrap()).unwrap();
        let text = Timestamp::from_second(s).unwrap().to_string();
        assert_eq!(text.len(), 20, "{text}");
        assert_eq!(plain_utc_time(&text), Some(at(s)), "{text}");
        // With a fraction of a second of every length jiff writes.
        let nanos = i32::try_from(seed >> 34).unwrap() % 1_000_000_000;
        let nanos = nanos - nanos % 10i32.pow(u32::try_from(seed % 10).unwrap());
        let t = Timestamp::new(s, nanos).unwrap();
        let text = t.to_string();
        assert_eq!(plain_utc_time(&text), Some(t), "{text}");
    }
    for text in [
        "1970-01-01T00:00:00Z",
        "2000-02-29T12:00:00Z",
        "1900-02-29T12:00:00Z",
        "2100-02-29T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "2023-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-12-31T24:00:00Z",
        "2026-12-31T23:60:00Z",
        "2026-12-31T23:59:60Z",
        "0999-12-31T23:59:59Z",
        "9999-12-30T21:59:59Z",
        "2026-11-26t10:00:00Z",
        "2026-11-26T10:00:00z",
        "2026-11-26 10:00:00Z",
        "2026-11-26T10:00:00+00:00",
        "2026-11-26T10:00:00.5Z",
        "2026-11-26T10:00:00.000000001Z",
        "2026-11-26T10:00:00.123456789Z",
        "2026-11-26T10:00:00.1234567890Z",
        "2026-11-26T10:00:00.50Z",
        "2026-11-26T10:00:00,5Z",
        "2026-11-26T10:00:00.Z",
        "2026-11-26T10:00:00..5Z",
        "2026-11-26T10:00:00.5.Z",
        "2026-11-26T10:00:00.-5Z",
        "2026-11-26T10:00:00.+5Z",
        "2026-11-26T10:00:00.５Z",
        "2026-11-26T10:00:00 .5Z",
        "1969-12-31T23:59:59.5Z",
        "1000-01-01T00:00:00.000000001Z",
        "9998-12-31T23:59:59.999999999Z",
        "+2026-1-26T10:00:00Z",
        "２026-11-26T10:00:00Z",
        "2026-11-26T1０:00:00Z",
        "",
    ] {
        assert_eq!(
            parse_time(text).ok(),
            text.parse::<Timestamp>().ok(),
            "{text}"
        );
    }
}

#[test]
fn an_account_that_fails_validation_is_left_to_the_general_reader_and_its_error() {
    use crate::vault::model::{ModelError, PayloadParseError};
    // Two active sets in one account.
    let mut p = sample(3);
    assert_eq!(p.accounts[0].code_sets.len(), 2);
    p.accounts[0].code_sets[0].status = SetStatus::Active;
    let text = crate::vault::writer::to_toml(&p).unwrap();
    assert!(Payload::read_direct(text.as_bytes()).is_none());
    assert!(matches!(
        Payload::from_toml(&text),
        Err(PayloadParseError::Invalid(ModelError::SeveralActive {
            count: 2,
            ..
        }))
    ));
    // A name longer than allowed, in the second half of a large vault.
    let mut p = sample(3_000);
    p.accounts[2_900].service = "x".repeat(crate::vault::model::MAX_NAME_CHARS + 1);
    let text = crate::vault::writer::to_toml(&p).unwrap();
    assert!(Payload::read_direct(text.as_bytes()).is_none());
    assert!(matches!(
        Payload::from_toml(&text),
        Err(PayloadParseError::Invalid(ModelError::TooLarge { .. }))
    ));
}
