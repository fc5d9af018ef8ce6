//! Writes the vault's TOML (format 2, `docs/vault-format.md`) quickly.
//!
//! The `toml` crate builds a document before writing it, which took about a third of
//! a save with 10,000 accounts. The accounts — nearly all of the text — are written
//! here directly, in the layout the crate would give them; everything before them
//! (keys, recipients, sheets, records, fields of a newer build) still goes through
//! the crate. An account carrying fields of a newer build is written by the crate
//! too, so nothing unknown is lost.
//!
//! Invariant: the text reads back, by the `toml` crate and by the fast reader, as
//! exactly what the crate writes for the same payload (a test compares them on every
//! fixture and on made-up payloads with every kind of field and awkward strings).

use std::fmt::Write as _;

use jiff::Timestamp;
use serde::Serialize;
use zeroize::Zeroizing;

use super::model::{
    Account, Code, CodeSet, CodeState, HeirKitRecord, KeyProof, KeyText, Payload, PrintedSheet,
    Recipients, SetStatus, VaultCopy,
};

/// The payload without its accounts, serialised by the `toml` crate exactly as the
/// payload's own fields are (the same attributes).
#[derive(Serialize)]
struct Head<'a> {
    format: u32,
    vault_id: &'a str,
    generation: u64,
    recipients: &'a Recipients,
    paper_key_confirmed: bool,
    sheets: &'a [PrintedSheet],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    rekey_backups: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_copy: &'a Option<VaultCopy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paper_key_proven: &'a Option<KeyProof>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    heir_kits: &'a [HeirKitRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet_key: &'a Option<KeyText>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    removed_accounts: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    removed_sets: &'a [String],
    #[serde(flatten)]
    extra: &'a toml::Table,
}

/// One account through the `toml` crate: `[[accounts]]` and its sets.
#[derive(Serialize)]
struct OneAccount<'a> {
    accounts: [&'a Account; 1],
}

/// The payload as TOML, in a buffer wiped when dropped.
pub fn to_toml(payload: &Payload) -> Result<Zeroizing<String>, toml::ser::Error> {
    // Every field named, none skipped with `..`: a field added to the payload must be
    // added here too, or this does not compile.
    let Payload {
        format,
        vault_id,
        generation,
        recipients,
        paper_key_confirmed,
        accounts,
        sheets,
        rekey_backups,
        last_copy,
        paper_key_proven,
        heir_kits,
        sheet_key,
        removed_accounts,
        removed_sets,
        extra,
    } = payload;
    let head = Head {
        format: *format,
        vault_id,
        generation: *generation,
        recipients,
        paper_key_confirmed: *paper_key_confirmed,
        sheets,
        rekey_backups: *rekey_backups,
        last_copy,
        paper_key_proven,
        heir_kits,
        sheet_key,
        removed_accounts,
        removed_sets,
        extra,
    };
    if accounts.is_empty() {
        // Nothing to gain; and `accounts = []` after the head's tables would land in
        // the last of them.
        return toml::to_string(payload).map(Zeroizing::new);
    }
    let head = Zeroizing::new(toml::to_string(&head)?);
    // About 600 bytes an account.
    let mut out = Zeroizing::new(String::with_capacity(
        head.len() + accounts.len() * 600 + 64,
    ));
    out.push_str(&head);
    // A large vault's second half is written on another thread meanwhile.
    const SPLIT_ABOVE: usize = 2_000;
    if accounts.len() < SPLIT_ABOVE {
        write_accounts(&mut out, accounts)?;
        return Ok(out);
    }
    let (first, second) = accounts.split_at(accounts.len() / 2);
    let (done, later) = crate::parallel::at_once(
        || write_accounts(&mut out, first),
        || {
            let mut out = Zeroizing::new(String::with_capacity(second.len() * 600));
            write_accounts(&mut out, second).map(|()| out)
        },
    );
    done?;
    match later {
        Some(later) => out.push_str(&later?),
        // The thread failed: written here instead.
        None => write_accounts(&mut out, second)?,
    }
    Ok(out)
}

/// Appends `accounts` to `out`.
fn write_accounts(out: &mut String, accounts: &[Account]) -> Result<(), toml::ser::Error> {
    for account in accounts {
        if account.extra.is_empty() {
            write_account(out, account);
        } else {
            let text = Zeroizing::new(toml::to_string(&OneAccount {
                accounts: [account],
            })?);
            out.push('\n');
            out.push_str(&text);
        }
    }
    Ok(())
}

fn write_account(out: &mut String, a: &Account) {
    // Every field named, as for the payload: a new one must be written here too.
    let Account {
        id,
        service,
        label,
        notes,
        code_sets,
        archived_at,
        changed_at,
        extra: _, // empty here: accounts with such fields go through the crate
    } = a;
    out.push_str("\n[[accounts]]\n");
    key_str(out, "id", id);
    key_str(out, "service", service);
    key_str(out, "label", label);
    if !notes.is_empty() {
        key_str(out, "notes", notes);
    }
    if let Some(at) = archived_at {
        key_time(out, "archived_at", at);
    }
    if let Some(at) = changed_at {
        key_time(out, "changed_at", at);
    }
    if code_sets.is_empty() {
        out.push_str("code_sets = []\n");
    }
    for set in code_sets {
        write_set(out, set);
    }
}

fn write_set(out: &mut String, set: &CodeSet) {
    let CodeSet {
        id,
        imported_at,
        source,
        status,
        superseded_at,
        codes,
    } = set;
    out.push_str("\n[[accounts.code_sets]]\n");
    key_str(out, "id", id);
    key_time(out, "imported_at", imported_at);
    key_str(out, "source", source);
    key_str(
        out,
        "status",
        match status {
            SetStatus::Active => "active",
            SetStatus::Superseded => "superseded",
        },
    );
    if let Some(at) = superseded_at {
        key_time(out, "superseded_at", at);
    }
    // One pass over the codes: their values, and which are used or carry a note.
    let mut used: Vec<(usize, Option<&Timestamp>)> = Vec::new();
    let mut notes: Vec<(usize, &str)> = Vec::new();
    out.push_str("codes = [");
    for (i, code) in codes.iter().enumerate() {
        let Code {
            value,
            state,
            used_at,
            note,
        } = code;
        if i > 0 {
            out.push_str(", ");
        }
        string(out, value.expose());
        if *state == CodeState::Used {
            used.push((i + 1, used_at.as_ref()));
        }
        if let Some(note) = note {
            notes.push((i + 1, note));
        }
    }
    out.push_str("]\n");
    if !used.is_empty() {
        out.push_str("used = [");
        for (i, (n, _)) in used.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{n}");
        }
        out.push_str("]\nused_at = [");
        for (i, (_, at)) in used.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match at {
                Some(at) => time(out, at),
                None => out.push_str("\"\""),
            }
        }
        out.push_str("]\n");
    }
    for (n, note) in notes {
        out.push_str("\n[[accounts.code_sets.notes]]\n");
        let _ = writeln!(out, "n = {n}");
        key_str(out, "text", note);
    }
}

fn key_str(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    string(out, value);
    out.push('\n');
}

fn key_time(out: &mut String, key: &str, at: &Timestamp) {
    out.push_str(key);
    out.push_str(" = ");
    time(out, at);
    out.push('\n');
}

/// A time as the payload's serde writes it: an RFC 3339 string, with the fraction of
/// a second `jiff` writes (up to nine digits, no trailing zeros). Times in the years
/// 1000 to 9998 (every time this build makes) are written here, as `jiff` writes
/// them; others, and a fraction of a second before 1970, by `jiff`.
fn time(out: &mut String, at: &Timestamp) {
    const DAY: i64 = 86_400;
    let second = at.as_second();
    let nanos = at.subsec_nanosecond();
    let (days, in_day) = (second.div_euclid(DAY), second.rem_euclid(DAY));
    let (year, month, day) = civil_from_days(days);
    if nanos < 0 || !(1000..=9998).contains(&year) {
        let _ = write!(out, "\"{at}\"");
        return;
    }
    let mut text = *b"\"0000-00-00T00:00:00.000000000Z\"";
    for (from, len, n) in [
        (1, 4, year),
        (6, 2, month),
        (9, 2, day),
        (12, 2, in_day / 3_600),
        (15, 2, in_day / 60 % 60),
        (18, 2, in_day % 60),
        (21, 9, i64::from(nanos)),
    ] {
        let mut n = n;
        for digit in text[from..from + len].iter_mut().rev() {
            // A digit: `n % 10` is below 10.
            *digit = b'0' + u8::try_from(n % 10).unwrap_or(0);
            n /= 10;
        }
    }
    // The fraction without its trailing zeros; none at all for a whole second.
    let fraction = &text[21..30];
    let kept = fraction.len() - fraction.iter().rev().take_while(|&&d| d == b'0').count();
    let end = if kept == 0 { 20 } else { 21 + kept };
    out.extend(text[..end].iter().map(|&b| char::from(b)));
    out.push_str("Z\"");
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (the inverse of
/// `lite::accounts`' `days_from_civil`, in 400-year eras starting on 1 March).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn string(out: &mut String, s: &str) {
    out.push('"');
    // Every character to escape is ASCII, so a byte scan finds them (the bytes of
    // a longer UTF-8 character are all 0x80 or above).
    if !s
        .bytes()
        .any(|b| b == b'"' || b == b'\\' || b < b' ' || b == 0x7f)
    {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' || c == '\u{7f}' => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests;
