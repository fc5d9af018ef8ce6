//! Printed sheets that prove themselves: every sheet (or part of a long one) carries a
//! QR code holding its record — sheet id, site, label, the set's import time, its codes
//! and which were used when printed — age-encrypted to the vault's sheet key (kept
//! inside the vault, so whatever opens the vault reads every sheet, also after this
//! computer was enrolled again) and to the paper key, armored so stock tools read it
//! as text. The format is in `docs/printed-sheets.md`.
//!
//! Invariants: a QR code is sealed only after it was decrypted again with the sheet
//! key and compared; a check names the sheet and the account of the vault it matched
//! by its codes (and the set's import time where it still matches), never by name
//! alone; checking changes nothing but the sheet's "last checked" date.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::KeeperError;
use crate::pdf;
use crate::photo::{self, PhotoError};
use crate::vault::crypto;
use crate::vault::model::{KeyText, PrintedSheet};
use crate::vault::{CodeValue, CryptoError, Payload, Vault, VaultError};

/// Version of the record layout written by this build.
pub const RECORD_FORMAT: u32 = 1;
/// Longest site or label kept in a record (the vault holds the full name).
const NAME_CHARS: usize = 60;
/// Most pictures checked at once.
pub const MAX_PICTURES: usize = 100;

/// What one QR code holds once decrypted (TOML).
#[derive(Debug, Serialize, Deserialize)]
pub struct SheetRecord {
    /// [`RECORD_FORMAT`]; also marks the text as a Codekeeper sheet.
    pub codekeeper_sheet: u32,
    /// The start of the vault's id (enough to tell a person's vaults apart).
    pub vault: String,
    /// The sheet id printed on the paper.
    pub sheet: String,
    /// Which part of the sheet (1-based) and of how many.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub part: u32,
    /// Parts in all.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub parts: u32,
    /// The site (shortened).
    pub site: String,
    /// The account label (shortened; empty on anonymous sheets).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The code set's import time: which set this is.
    pub set: Timestamp,
    /// When the sheet was printed.
    pub printed: Timestamp,
    /// Number (1-based) of the first code in `codes`.
    pub first: usize,
    /// Codes in the whole set.
    pub total: usize,
    /// The codes of this part, as the site printed them.
    pub codes: Vec<CodeValue>,
    /// Numbers (1-based) of the codes already used when printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub used: Vec<usize>,
    /// A printer-blind sheet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blind: bool,
}

impl SheetRecord {
    /// Whether the numbers hang together: at least one code, numbered from 1 within
    /// the set, and a part within the parts.
    fn is_whole(&self) -> bool {
        self.codekeeper_sheet >= 1
            && !self.codes.is_empty()
            && self.first >= 1
            && self
                .first
                .checked_add(self.codes.len())
                .is_some_and(|end| end - 1 <= self.total)
            && (1..=self.parts).contains(&self.part)
    }
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// Characters of the vault id a record keeps.
const VAULT_ID_CHARS: usize = 8;

fn short(name: &str) -> String {
    name.chars().take(NAME_CHARS).collect()
}

/// The vault's sheet key, made at the first print (the vault must be saved afterwards;
/// [`crate::keeper::paper::Printed::record`] is followed by a save).
pub fn sheet_key(payload: &mut Payload) -> Result<age::x25519::Identity, KeeperError> {
    if let Some(key) = &payload.sheet_key {
        return Ok(crypto::parse_identity(key.expose()).map_err(VaultError::from)?);
    }
    let key = crypto::generate_identity();
    payload.sheet_key = Some(KeyText::new(crypto::identity_secret(&key)));
    Ok(key)
}

/// The sheet key, when the vault has one.
fn existing_sheet_key(payload: &Payload) -> Option<age::x25519::Identity> {
    payload
        .sheet_key
        .as_ref()
        .and_then(|k| crypto::parse_identity(k.expose()).ok())
}

/// Encrypts a record to the sheet key and the paper key(s), and checks it decrypts.
fn seal_text(
    payload: &Payload,
    key: &age::x25519::Identity,
    plain: &[u8],
) -> Result<String, KeeperError> {
    let mut recipients = vec![key.to_public()];
    for paper in std::iter::once(&payload.recipients.paper).chain(&payload.recipients.new_paper) {
        recipients.push(crypto::parse_recipient(paper).map_err(VaultError::from)?);
    }
    let text = crypto::encrypt_armored(plain, &recipients).map_err(VaultError::from)?;
    let check = crypto::decrypt_armored(text.as_bytes(), key).map_err(VaultError::from)?;
    if check.as_slice() != plain {
        return Err(VaultError::VerifyFailed.into());
    }
    Ok(text)
}

/// Fills in the QR code of every part of `sheets` (as made by [`pdf::sheets_for`],
/// with `records` in the same order), each sealed and checked with the sheet key.
pub fn seal(
    vault: &mut Vault,
    sheets: &mut [pdf::Sheet],
    records: &[PrintedSheet],
    anonymous: bool,
    blind: bool,
) -> Result<(), KeeperError> {
    let key = sheet_key(vault.payload_mut())?;
    for (sheet, record) in sheets.iter_mut().zip(records) {
        let parts = sheet.parts.len();
        for (k, part) in sheet.parts.iter_mut().enumerate() {
            let end = (part.first + part.count).min(sheet.codes.len());
            let plain = SheetRecord {
                codekeeper_sheet: RECORD_FORMAT,
                vault: vault
                    .payload()
                    .vault_id
                    .chars()
                    .take(VAULT_ID_CHARS)
                    .collect(),
                sheet: record.id.clone(),
                part: u32::try_from(k + 1).unwrap_or(u32::MAX),
                parts: u32::try_from(parts).unwrap_or(u32::MAX),
                site: short(&record.service),
                label: if anonymous {
                    String::new()
                } else {
                    short(&record.label)
                },
                set: record.set_imported_at,
                printed: Timestamp::from_second(record.printed_at.as_second())
                    .unwrap_or(record.printed_at),
                first: part.first + 1,
                total: sheet.codes.len(),
                codes: sheet.codes[part.first..end]
                    .iter()
                    .map(|c| CodeValue::new(&c.code))
                    .collect(),
                used: (part.first..end)
                    .filter(|&i| sheet.codes[i].used)
                    .map(|i| i + 1)
                    .collect(),
                blind,
            };
            let text = Zeroizing::new(
                toml::to_string(&plain).map_err(|e| KeeperError::Pdf(e.to_string()))?,
            );
            part.qr = seal_text(vault.payload(), &key, text.as_bytes())?;
        }
    }
    Ok(())
}

/// The QR codes found in one picture, still encrypted.
pub struct Picture {
    /// The file.
    pub path: PathBuf,
    /// The codes' texts, or why there are none.
    pub texts: Result<Vec<String>, PhotoError>,
}

/// Finds the QR codes in each picture (slow: run it off the UI thread).
pub fn read_pictures(paths: &[PathBuf]) -> Result<Vec<Picture>, KeeperError> {
    if paths.len() > MAX_PICTURES {
        return Err(KeeperError::TooManyPictures(MAX_PICTURES));
    }
    Ok(paths
        .iter()
        .map(|path| Picture {
            path: path.clone(),
            texts: photo::qr_texts_in_file(path),
        })
        .collect())
}

/// What a QR code turned out to be.
pub enum Opened {
    /// A sheet record.
    Sheet(Box<SheetRecord>),
    /// A Codekeeper sheet that the key in use does not open.
    Locked,
    /// Not a Codekeeper sheet at all.
    Foreign,
}

/// Decrypts one QR code's text with `open` and parses the record.
pub fn open_with(
    text: &str,
    open: impl Fn(&[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError>,
) -> Opened {
    if !text
        .trim_start()
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return Opened::Foreign;
    }
    let plain = match open(text.as_bytes()) {
        Ok(plain) => plain,
        Err(CryptoError::WrongKey) => return Opened::Locked,
        Err(_) => return Opened::Foreign,
    };
    let Ok(plain) = std::str::from_utf8(&plain) else {
        return Opened::Foreign;
    };
    match toml::from_str::<SheetRecord>(plain) {
        Ok(record) if record.is_whole() => Opened::Sheet(Box::new(record)),
        _ => Opened::Foreign,
    }
}

/// Decrypts a QR code's text with a paper key (no vault needed).
pub fn open_with_key(text: &str, key: &age::x25519::Identity) -> Opened {
    open_with(text, |bytes| crypto::decrypt_armored(bytes, key))
}

/// Decrypts a QR code's text with the vault's sheet key.
pub fn open_with_vault(text: &str, payload: &Payload) -> Opened {
    match existing_sheet_key(payload) {
        Some(key) => open_with_key(text, &key),
        None if text
            .trim_start()
            .starts_with("-----BEGIN AGE ENCRYPTED FILE-----") =>
        {
            Opened::Locked
        }
        None => Opened::Foreign,
    }
}

/// How a sheet stands against the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It holds the active set; these codes (1-based) were used since it was printed.
    Current {
        /// The codes to tick on the paper.
        to_tick: Vec<usize>,
    },
    /// It holds a set that a newer one replaced: its codes no longer work.
    Superseded,
    /// Its account is archived in the vault.
    Archived,
    /// From this vault, but its set is no longer in it (purged).
    Gone,
    /// From another vault.
    OtherVault,
}

/// One sheet (part) checked.
#[derive(Debug, Clone)]
pub struct SheetCheck {
    /// The sheet id.
    pub sheet: String,
    /// Part `n` of `of`, when the sheet has several.
    pub part: Option<(u32, u32)>,
    /// The account as the vault names it (or as the sheet does, when not found).
    pub account: String,
    /// When it was printed.
    pub printed: Timestamp,
    /// A printer-blind sheet.
    pub blind: bool,
    /// How it stands.
    pub verdict: Verdict,
}

impl SheetCheck {
    /// One sentence for the user (no front-end wording in it).
    pub fn summary(&self) -> String {
        let part = self
            .part
            .map(|(n, of)| format!(" (part {n} of {of})"))
            .unwrap_or_default();
        let name = format!("Sheet {}{part} for {}", self.sheet, self.account);
        match &self.verdict {
            Verdict::Current { to_tick } if to_tick.is_empty() => format!(
                "{name} matches the active set; no code was used since it was printed, so there is nothing to tick."
            ),
            Verdict::Current { to_tick } => format!(
                "{name} matches the active set; {} used since it was printed — tick {} on the paper if not done yet.",
                codes_were(to_tick.len()),
                numbers(to_tick)
            ),
            Verdict::Superseded => format!(
                "{name} holds a superseded set: newer codes replaced these, so they no longer work — shred it."
            ),
            Verdict::Archived => format!(
                "{name} holds the codes of an account you archived; keep the sheet only if you still use that account."
            ),
            Verdict::Gone => format!(
                "{name} is from this vault, but its codes are no longer in it (its account or code set was deleted); shred it unless you still use those codes."
            ),
            Verdict::OtherVault => format!("{name} is not from this vault."),
        }
    }

    /// Whether the paper needs attention (ticks to add, or to be shredded).
    pub fn needs_action(&self) -> bool {
        !matches!(&self.verdict, Verdict::Current { to_tick } if to_tick.is_empty())
    }
}

/// "1 code was" / "3 codes were": how many codes were used since a sheet was printed.
pub fn codes_were(count: usize) -> String {
    if count == 1 {
        "1 code was".to_owned()
    } else {
        format!("{count} codes were")
    }
}

/// "3", "3 and 5", "1, 3 and 5".
pub fn numbers(list: &[usize]) -> String {
    match list {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} and {last}",
            rest.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What one QR code in a picture was found to be.
#[derive(Debug, Clone)]
pub enum Finding {
    /// A sheet of this vault (or another), checked.
    Checked(SheetCheck),
    /// A Codekeeper sheet the key in use does not open.
    Locked,
    /// A QR code that is not a Codekeeper sheet.
    Foreign,
}

impl Finding {
    /// One sentence for the user.
    pub fn summary(&self) -> String {
        match self {
            Self::Checked(c) => c.summary(),
            Self::Locked => {
                "A Codekeeper sheet of another vault: this vault's keys do not open it.".to_owned()
            }
            Self::Foreign => "A QR code that is not a Codekeeper sheet.".to_owned(),
        }
    }
}

/// Checks one decrypted record against the vault. The set is found by its codes: by
/// the set's import time first, then among every set (a merge keeps the codes of a
/// duplicate under another set's import time).
pub fn verdict(payload: &Payload, record: &SheetRecord) -> SheetCheck {
    let named = if record.label.is_empty() {
        record.site.clone()
    } else {
        format!("{}:{}", record.site, record.label)
    };
    let mut check = SheetCheck {
        sheet: record.sheet.clone(),
        part: (record.parts > 1).then_some((record.part, record.parts)),
        account: named,
        printed: record.printed,
        blind: record.blind,
        verdict: Verdict::OtherVault,
    };
    if record.vault.chars().count() < VAULT_ID_CHARS || !payload.vault_id.starts_with(&record.vault)
    {
        return check;
    }
    check.verdict = Verdict::Gone;
    let first = record.first.saturating_sub(1);
    let holds = |set: &crate::vault::CodeSet| {
        set.codes.len() == record.total
            && set
                .codes
                .get(first..first.saturating_add(record.codes.len()))
                .is_some_and(|codes| {
                    codes
                        .iter()
                        .zip(&record.codes)
                        .all(|(a, b)| *a.value.normalized() == *b.normalized())
                })
    };
    let found = payload
        .accounts
        .iter()
        .flat_map(|a| a.code_sets.iter().map(move |s| (a, s)))
        .filter(|(_, s)| holds(s))
        .max_by_key(|(a, s)| {
            (
                s.imported_at == record.set,
                a.archived_at.is_none(),
                a.active_set()
                    .is_some_and(|x| x.imported_at == s.imported_at),
            )
        });
    let Some((account, set)) = found else {
        return check;
    };
    check.account = account.display_name();
    let active = account
        .active_set()
        .is_some_and(|a| a.imported_at == set.imported_at);
    check.verdict = if account.archived_at.is_some() {
        Verdict::Archived
    } else if !active {
        Verdict::Superseded
    } else {
        Verdict::Current {
            to_tick: (first..first + record.codes.len())
                .filter(|&i| set.codes[i].is_used() && !record.used.contains(&(i + 1)))
                .map(|i| i + 1)
                .collect(),
        }
    };
    check
}

/// A picture and what was found in it.
pub struct PictureCheck {
    /// The file.
    pub path: PathBuf,
    /// Each QR code's finding, or why the picture gave none.
    pub findings: Result<Vec<Finding>, PhotoError>,
}

/// Checks the QR codes read from pictures against the vault, and records the date on
/// each sheet of this vault that was found (save the vault afterwards). A sheet the
/// vault's key does not open (printed before a key change) is tried with `paper` too.
pub fn check(
    vault: &mut Vault,
    pictures: Vec<Picture>,
    paper: Option<&age::x25519::Identity>,
    now: Timestamp,
) -> Vec<PictureCheck> {
    let mut out = Vec::new();
    for picture in pictures {
        let findings = picture.texts.map(|texts| {
            let opened: Vec<Opened> = texts
                .iter()
                .map(
                    |text| match (open_with_vault(text, vault.payload()), paper) {
                        (Opened::Locked, Some(key)) => open_with_key(text, key),
                        (opened, _) => opened,
                    },
                )
                .collect();
            opened
                .into_iter()
                .map(|opened| match opened {
                    Opened::Sheet(record) => {
                        let check = verdict(vault.payload(), &record);
                        // Recorded only for a sheet found in the vault.
                        if matches!(
                            check.verdict,
                            Verdict::Current { .. } | Verdict::Superseded | Verdict::Archived
                        ) {
                            for sheet in vault
                                .payload_mut()
                                .sheets
                                .iter_mut()
                                .filter(|s| s.id == record.sheet)
                            {
                                sheet.checked_at = Some(now);
                            }
                        }
                        Finding::Checked(check)
                    }
                    Opened::Locked => Finding::Locked,
                    Opened::Foreign => Finding::Foreign,
                })
                .collect()
        });
        out.push(PictureCheck {
            path: picture.path,
            findings,
        });
    }
    out
}

/// The newest sheet of each listed account's active set, where it was never checked
/// from a photo or scan (older reprints of the same set are not nagged about).
pub fn never_checked(payload: &Payload) -> Vec<&PrintedSheet> {
    payload
        .accounts
        .iter()
        .filter(|a| a.archived_at.is_none())
        .filter_map(|a| payload.newest_sheet(a))
        // Sheets printed before sheets carried a QR code cannot be checked.
        .filter(|s| s.checked_at.is_none() && !s.paper_keys.is_empty())
        .collect()
}

/// The newest sheets of active sets that are printer-blind and whose QR code the
/// current paper key does not open (printed before the paper key was replaced): only
/// this computer's key reads their codes now, so they should be printed again.
pub fn blind_for_old_key(payload: &Payload) -> Vec<&PrintedSheet> {
    let current = &payload.recipients.paper;
    payload
        .accounts
        .iter()
        .filter(|a| a.archived_at.is_none())
        .filter_map(|a| payload.newest_sheet(a))
        .filter(|s| s.blind && !s.paper_keys.is_empty() && !s.paper_keys.contains(current))
        .collect()
}

/// Whether `path` names a picture Codekeeper reads (by its extension).
pub fn is_picture(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["png", "jpg", "jpeg"].contains(&e.to_ascii_lowercase().as_str()))
}

/// A vault holding GitHub:alice's four codes `code-0` to `code-3`, those at `used`
/// (0-based) used: for the fuzz target and the tests.
fn sample_payload(vault_id: &str, used: &[usize]) -> Payload {
    let mut p = Payload::new(
        vault_id.into(),
        crate::vault::Recipients::new("a".into(), "b".into()),
    );
    let codes = (0..4)
        .map(|i| crate::vault::Code::imported(&format!("code-{i}"), used.contains(&i)))
        .collect();
    let _ = p.import_set(
        "GitHub",
        "alice",
        "pasted",
        codes,
        false,
        Timestamp::UNIX_EPOCH,
    );
    p
}

/// Runs a decrypted record's steps on untrusted text: the TOML parser, then the
/// check against a small vault. For fuzzing and corpus replay.
#[doc(hidden)]
pub fn fuzz_record(bytes: &[u8]) {
    static PAYLOAD: std::sync::OnceLock<Payload> = std::sync::OnceLock::new();
    let payload = PAYLOAD.get_or_init(|| sample_payload("0123456789abcdef", &[1]));
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(record) = toml::from_str::<SheetRecord>(text) {
        let check = verdict(payload, &record);
        let _ = check.summary();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Code;

    fn payload() -> Payload {
        let p = sample_payload("v1234567890", &[]);
        assert_eq!(p.accounts.len(), 1);
        p
    }

    fn record(p: &Payload, used: Vec<usize>) -> SheetRecord {
        let set = p.accounts[0].active_set().unwrap();
        SheetRecord {
            codekeeper_sheet: 1,
            vault: "v1234567".into(),
            sheet: "AAAA-BBBB".into(),
            part: 1,
            parts: 1,
            site: "GitHub".into(),
            label: String::new(),
            set: set.imported_at,
            printed: Timestamp::UNIX_EPOCH,
            first: 1,
            total: 4,
            codes: set.codes.iter().map(|c| c.value.clone()).collect(),
            used,
            blind: false,
        }
    }

    #[test]
    fn a_current_sheet_names_the_codes_used_since() {
        let mut p = payload();
        let r = record(&p, vec![1]);
        assert_eq!(
            verdict(&p, &r).verdict,
            Verdict::Current { to_tick: vec![] }
        );
        for i in [0, 2, 3] {
            p.accounts[0].active_set_mut().unwrap().codes[i].state = crate::vault::CodeState::Used;
        }
        let check = verdict(&p, &r);
        assert_eq!(
            check.verdict,
            Verdict::Current {
                to_tick: vec![3, 4]
            }
        );
        assert_eq!(
            check.account, "GitHub:alice",
            "the vault's name, not the sheet's"
        );
        assert!(
            check.summary().contains("tick 3 and 4 on the paper"),
            "{}",
            check.summary()
        );
    }

    #[test]
    fn superseded_archived_gone_and_foreign_sets_are_told_apart() {
        let mut p = payload();
        let r = record(&p, vec![]);
        let mut other = record(&p, vec![]);
        other.vault = "v2345678".into();
        assert_eq!(verdict(&p, &other).verdict, Verdict::OtherVault);
        let mut changed = record(&p, vec![]);
        changed.codes[2] = CodeValue::new("forged");
        assert_eq!(
            verdict(&p, &changed).verdict,
            Verdict::Gone,
            "codes must match too"
        );
        p.accounts[0].archived_at = Some(Timestamp::UNIX_EPOCH);
        assert_eq!(verdict(&p, &r).verdict, Verdict::Archived);
        p.accounts[0].archived_at = None;
        let newer = vec![Code::unused("new-code")];
        p.import_set("GitHub", "alice", "pasted", newer, true, Timestamp::now())
            .unwrap();
        let check = verdict(&p, &r);
        assert_eq!(check.verdict, Verdict::Superseded);
        assert!(check.summary().contains("shred it"));
        p.accounts.clear();
        assert_eq!(verdict(&p, &r).verdict, Verdict::Gone);
    }

    #[test]
    fn a_merged_duplicate_is_found_by_its_codes() {
        let mut p = payload();
        let mut r = record(&p, vec![]);
        // The sheet was printed from a duplicate, whose set a merge folded into this
        // one (same codes, another import time).
        r.set = Timestamp::from_second(1_000).unwrap();
        r.site = "Githb".into();
        let check = verdict(&p, &r);
        assert_eq!(check.verdict, Verdict::Current { to_tick: vec![] });
        assert_eq!(check.account, "GitHub:alice");
        p.accounts[0].active_set_mut().unwrap().codes[0].state = crate::vault::CodeState::Used;
        assert_eq!(
            verdict(&p, &r).verdict,
            Verdict::Current { to_tick: vec![1] }
        );
    }

    #[test]
    fn records_whose_numbers_do_not_hang_together_are_not_sheets() {
        let p = payload();
        assert!(record(&p, vec![]).is_whole());
        let breakers: [fn(&mut SheetRecord); 5] = [
            |r| r.codes.clear(),
            |r| r.first = 0,
            |r| r.first = 2,
            |r| r.part = 3,
            |r| r.part = 0,
        ];
        for (k, breaker) in breakers.iter().enumerate() {
            let mut r = record(&p, vec![]);
            r.parts = 2;
            breaker(&mut r);
            assert!(!r.is_whole(), "case {k}");
        }
    }

    #[test]
    fn numbers_read_as_a_list() {
        assert_eq!(numbers(&[3]), "3");
        assert_eq!(numbers(&[3, 5]), "3 and 5");
        assert_eq!(numbers(&[1, 3, 5]), "1, 3 and 5");
    }

    #[test]
    fn texts_that_are_not_sheets_are_foreign() {
        let key = crate::vault::crypto::generate_identity();
        assert!(matches!(
            open_with_key("https://example.com", &key),
            Opened::Foreign
        ));
        let other = crate::vault::crypto::generate_identity();
        let recipient =
            crate::vault::crypto::parse_recipient(&crate::vault::crypto::recipient_of(&other))
                .unwrap();
        let sealed = crate::vault::crypto::encrypt_armored(b"x = 1", &[recipient]).unwrap();
        assert!(matches!(open_with_key(&sealed, &key), Opened::Locked));
        assert!(matches!(open_with_key(&sealed, &other), Opened::Foreign));
    }
}
