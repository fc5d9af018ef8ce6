//! Reads the `[[accounts]]` sections exactly as `vault::writer` lays them out,
//! straight into the model: no tree of values and no serde in between, which made
//! up most of opening a vault of 10,000 accounts.
//!
//! The layout is fixed: keys in the writer's order, one space around `=`, basic
//! strings, decimal positions, a blank line before each header, LF line ends (the
//! whole layout is in `docs/vault-format.md`). Anything else — a comment, another
//! key, a field of a newer build, a format-1 code table, a time in another form the
//! `toml` crate would still read — is declined, and the caller reads the text the
//! general way.
//!
//! Each account is validated as it is read (`model::validate_account`); one that
//! fails is declined, so the general reader gives the user its error.
//!
//! Invariant: what this reads is exactly what the general reader (the tree and the
//! payload's serde) gives for the same text, checks included: positions inside the
//! set, no code used or noted twice, one time per used code, at most
//! `MAX_CODES_PER_SET` codes. A test compares both on every fixture, fuzz input and
//! made-up payload.

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::{Declined, Parser, Res};
use crate::vault::model::{
    Account, Code, CodeSet, CodeState, CodeValue, MAX_CODES_PER_SET, SetStatus, validate_account,
};

/// The header that opens each account; the body given to [`read`] starts with it.
pub const ACCOUNT: &str = "[[accounts]]\n";

/// Room kept between sets: the codes being read, the positions of the used ones.
type Scratch = (Vec<Code>, Vec<usize>);

/// Reads `body`: one or more accounts, each starting with [`ACCOUNT`], to the end.
pub fn read(body: &str) -> Res<Vec<Account>> {
    let mut p = Parser {
        s: body.as_bytes(),
        text: body,
        i: 0,
        items: Vec::new(),
    };
    // About 600 bytes an account, as the writer lays them out.
    let mut accounts = Vec::with_capacity(body.len() / 400 + 1);
    // Codes of the set being read (moved into a block of their exact size) and the
    // positions of its used codes.
    let mut scratch = (Vec::new(), Vec::new());
    loop {
        eat(&mut p, ACCOUNT)?;
        let account = account(&mut p, &mut scratch)?;
        // Validated while its bytes are at hand; one that fails is left to the
        // general reader, whose error the user sees.
        validate_account(&account).map_err(|_| Declined)?;
        accounts.push(account);
        // The end, perhaps after a blank line (where a large vault's text was cut
        // in two), or a blank line and the next account.
        if p.i == p.s.len() {
            return Ok(accounts);
        }
        eat(&mut p, "\n")?;
        if p.i == p.s.len() {
            return Ok(accounts);
        }
    }
}

fn account(p: &mut Parser<'_>, scratch: &mut Scratch) -> Res<Account> {
    let id = string(p, "id")?.into_owned();
    let service = string(p, "service")?.into_owned();
    let label = string(p, "label")?.into_owned();
    let notes = if p.s[p.i..].starts_with(b"notes = ") {
        string(p, "notes")?.into_owned()
    } else {
        String::new()
    };
    let archived_at = optional_time(p, "archived_at")?;
    let changed_at = optional_time(p, "changed_at")?;
    let mut code_sets = Vec::new();
    if !eats(p, "code_sets = []\n") {
        while eats(p, "\n[[accounts.code_sets]]\n") {
            code_sets.push(set(p, scratch)?);
        }
        // The writer writes `code_sets = []` for an account without sets.
        if code_sets.is_empty() {
            return Err(Declined);
        }
    }
    Ok(Account {
        id,
        service,
        label,
        notes,
        code_sets,
        archived_at,
        changed_at,
        extra: toml::Table::new(),
    })
}

fn set(p: &mut Parser<'_>, (scratch, positions): &mut Scratch) -> Res<CodeSet> {
    let id = string(p, "id")?.into_owned();
    let imported_at = time(p, "imported_at")?;
    let source = string(p, "source")?.into_owned();
    let status = match &*string(p, "status")? {
        "active" => SetStatus::Active,
        "superseded" => SetStatus::Superseded,
        _ => return Err(Declined),
    };
    let superseded_at = optional_time(p, "superseded_at")?;
    eat(p, "codes = [")?;
    scratch.clear();
    if !eats(p, "]\n") {
        loop {
            if scratch.len() >= MAX_CODES_PER_SET {
                return Err(Declined);
            }
            let value = match p.basic_string()? {
                std::borrow::Cow::Borrowed(v) => CodeValue::new(v),
                std::borrow::Cow::Owned(v) => CodeValue::new(&Zeroizing::new(v)),
            };
            scratch.push(Code {
                value,
                state: CodeState::Unused,
                used_at: None,
                note: None,
            });
            if eats(p, "]\n") {
                break;
            }
            eat(p, ", ")?;
        }
    }
    let mut codes = Vec::with_capacity(scratch.len());
    codes.append(scratch);
    if eats(p, "used = [") {
        used(p, &mut codes, positions)?;
    }
    while eats(p, "\n[[accounts.code_sets.notes]]\n") {
        eat(p, "n = ")?;
        let n = position(p)?;
        eat(p, "\n")?;
        let text = string(p, "text")?.into_owned();
        let code = code_at(&mut codes, n)?;
        if code.note.is_some() {
            return Err(Declined);
        }
        code.note = Some(text);
    }
    Ok(CodeSet {
        id,
        imported_at,
        source,
        status,
        superseded_at,
        codes,
    })
}

/// `used = [3, 5]` (already past `used = [`) and the `used_at` line after it.
/// `positions` is room for the positions, kept between sets.
fn used(p: &mut Parser<'_>, codes: &mut [Code], positions: &mut Vec<usize>) -> Res<()> {
    positions.clear();
    loop {
        let n = position(p)?;
        let code = code_at(codes, n)?;
        if code.state == CodeState::Used {
            return Err(Declined);
        }
        code.state = CodeState::Used;
        positions.push(n);
        if eats(p, "]\n") {
            break;
        }
        eat(p, ", ")?;
    }
    // One time for each position, in the same order (`""` when unknown).
    eat(p, "used_at = [")?;
    let mut k = 0;
    loop {
        let text = p.basic_string()?;
        let n = *positions.get(k).ok_or(Declined)?;
        if !text.is_empty() {
            code_at(codes, n)?.used_at = Some(parse_time(&text)?);
        }
        k += 1;
        if eats(p, "]\n") {
            break;
        }
        eat(p, ", ")?;
    }
    if k == positions.len() {
        Ok(())
    } else {
        Err(Declined)
    }
}

/// The code at a 1-based position.
fn code_at(codes: &mut [Code], n: usize) -> Res<&mut Code> {
    n.checked_sub(1)
        .and_then(|i| codes.get_mut(i))
        .ok_or(Declined)
}

/// A position: decimal digits, no leading zero (as the `toml` crate reads them).
fn position(p: &mut Parser<'_>) -> Res<usize> {
    let start = p.i;
    while matches!(p.peek(), Some(b'0'..=b'9')) {
        p.i += 1;
    }
    let digits = &p.text[start..p.i];
    if digits.is_empty() || digits.len() > 9 || (digits.len() > 1 && digits.starts_with('0')) {
        return Err(Declined);
    }
    digits.parse().map_err(|_| Declined)
}

/// `key = "…"` and the line end.
fn string<'a>(p: &mut Parser<'a>, key: &str) -> Res<std::borrow::Cow<'a, str>> {
    eat(p, key)?;
    eat(p, " = ")?;
    let value = p.basic_string()?;
    eat(p, "\n")?;
    Ok(value)
}

fn time(p: &mut Parser<'_>, key: &str) -> Res<Timestamp> {
    parse_time(&string(p, key)?)
}

/// `key = "…"` if the next line has that key.
fn optional_time(p: &mut Parser<'_>, key: &str) -> Res<Option<Timestamp>> {
    let rest = &p.s[p.i..];
    if rest.starts_with(key.as_bytes()) && rest[key.len()..].starts_with(b" = ") {
        time(p, key).map(Some)
    } else {
        Ok(None)
    }
}

/// A time as the payload's serde reads it. The forms the writer gives
/// (`2026-11-26T10:00:00Z`, `2026-11-26T10:00:00.8723Z`) are read here; any other goes
/// to `jiff`'s parser.
pub fn parse_time(text: &str) -> Res<Timestamp> {
    if let Some(at) = plain_utc_time(text) {
        return Ok(at);
    }
    text.parse().map_err(|_| Declined)
}

/// `YYYY-MM-DDTHH:MM:SSZ`, perhaps with `.` and one to nine digits of a second
/// before the `Z`, with a valid date, a year from 1000 to 9998 and no leap second;
/// `None` for anything else.
fn plain_utc_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b.last() != Some(&b'Z')
    {
        return None;
    }
    let num = |digits: &[u8]| -> Option<i64> {
        digits.iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    // The fraction: nothing, or `.` and 1 to 9 digits, counted in nanoseconds.
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(digits)? * 10i64.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    let (year, month, day) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    let (hour, minute, second) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1000..=9998).contains(&year)
        || !(1..=month_days).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar, counting in
/// 400-year eras that start on 1 March (so the leap day ends a year).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Takes `expected` next, or declines.
fn eat(p: &mut Parser<'_>, expected: &str) -> Res<()> {
    if eats(p, expected) {
        Ok(())
    } else {
        Err(Declined)
    }
}

/// Takes `expected` if it comes next.
fn eats(p: &mut Parser<'_>, expected: &str) -> bool {
    let taken = p.s[p.i..].starts_with(expected.as_bytes());
    if taken {
        p.i += expected.len();
    }
    taken
}

#[cfg(test)]
mod tests;
