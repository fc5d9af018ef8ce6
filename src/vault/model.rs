//! The vault's plaintext payload: accounts, their code sets and codes.
//!
//! This is what the age file decrypts to: versioned TOML that a person can read
//! with the stock `age` CLI and the paper key. Secret values live in
//! [`CodeValue`], which has no `Display` and a redacted `Debug`, and is wiped
//! from memory when dropped.
//!
//! The layout is described, with an example, in `docs/vault-format.md`. Format 2
//! keeps each code set's codes as one array (see [`super::format`]); format-1 vaults
//! are read as they are and written as format 2 at the next save. Accounts and
//! code sets carry stable ids so that two copies of one vault can be merged.

use std::fmt;

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Version of the payload layout written by this build.
pub const FORMAT_VERSION: u32 = 2;

/// Most accounts a vault may hold.
pub const MAX_ACCOUNTS: usize = 100_000;
/// Most codes one set may hold (sites hand out 1 to about 30).
pub const MAX_CODES_PER_SET: usize = 1_000;
/// Longest service name, account label or note, in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest single code, in characters.
pub const MAX_CODE_CHARS: usize = 200;
/// A set is "low" when this many or fewer unused codes are left.
pub const LOW_THRESHOLD: usize = 2;

/// Everything the vault file holds once decrypted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    /// Layout version ([`FORMAT_VERSION`]).
    pub format: u32,
    /// Random id of this vault; the keyring entry is stored under it.
    pub vault_id: String,
    /// Incremented on every save; backups are named after it.
    pub generation: u64,
    /// Who the vault is encrypted to on every save.
    pub recipients: Recipients,
    /// Whether the user confirmed keeping the current paper key. A window closed
    /// before that makes a new paper key at the next start (the old one was never stored).
    #[serde(default = "confirmed_by_default")]
    pub paper_key_confirmed: bool,
    /// The accounts, in the order the user added them.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Every printed sheet, oldest first.
    #[serde(default)]
    pub sheets: Vec<PrintedSheet>,
    /// Set while the backups may still be encrypted to other keys than the vault (a key
    /// change re-encrypts them right after saving); the next open finishes the job.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rekey_backups: bool,
    /// The last copy of the vault the user saved elsewhere (`codekeeper backup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_copy: Option<VaultCopy>,
    /// The last time the paper key was typed back and proven to be this vault's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper_key_proven: Option<KeyProof>,
    /// Heir kits made (shares of a paper key), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heir_kits: Vec<HeirKitRecord>,
    /// The key printed sheets' QR codes are encrypted to (besides the paper key), made
    /// at the first print. It lives in the vault, so any key that opens the vault reads
    /// every sheet, also after this computer was enrolled again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet_key: Option<KeyText>,
    /// Ids of accounts that were purged or merged into another, so that merging an
    /// older copy of the vault does not bring them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_accounts: Vec<String>,
    /// Ids of code sets purged with their account, so that a copy that still has them
    /// does not bring them back (new sets of that account still come back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_sets: Vec<String>,
    /// Fields written by a newer Codekeeper of the same format, kept as they were.
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// An age secret key (`AGE-SECRET-KEY-1…`) kept in the vault: wiped on drop, never
/// shown by `Debug`, no `Display`.
#[derive(Clone)]
pub struct KeyText(SecretString);

impl KeyText {
    /// Wraps a key.
    pub fn new(value: SecretString) -> Self {
        Self(value)
    }

    /// The key itself, to parse.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for KeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyText(<redacted>)")
    }
}

impl Serialize for KeyText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = zeroize::Zeroizing::new(String::deserialize(deserializer)?);
        Ok(Self(SecretString::from(s.as_str())))
    }
}

/// A paper key typed back and proven: when, and which key (its public recipient, so a
/// later key change makes the proof stale by itself). Nothing secret is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyProof {
    /// When it was proven.
    pub at: Timestamp,
    /// The public recipient `age1…` of the key that was typed.
    pub recipient: String,
}

/// An heir kit that was made: SLIP-0039 shares of the paper key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeirKitRecord {
    /// When it was made.
    pub made_at: Timestamp,
    /// The share set's identifier (its first two words are the same on every share).
    pub set_id: u16,
    /// Shares needed.
    pub threshold: u8,
    /// Shares made.
    pub shares: u8,
    /// The public recipient of the paper key the shares hold.
    pub recipient: String,
    /// Set once a newer kit replaced it or the user dismissed the warning about it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A copy of the vault saved outside the data directory, so the paper key has a
/// vault to open when this computer is gone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultCopy {
    /// When it was written.
    pub at: Timestamp,
    /// Where (as the user named it, made absolute).
    pub path: String,
    /// The vault generation it holds.
    pub generation: u64,
    /// The paper key's public recipient when it was written: the copy opens with that
    /// key only (a later key change does not reach it). Unknown for older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
}

/// A sheet that was printed: which set it holds and how its codes stood then.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrintedSheet {
    /// The short id printed on the sheet.
    pub id: String,
    /// When it was printed.
    pub printed_at: Timestamp,
    /// The account's site.
    pub service: String,
    /// The account's label.
    pub label: String,
    /// Which set: the set's import time.
    pub set_imported_at: Timestamp,
    /// Which codes were already used when printed.
    pub used_at_print: Vec<bool>,
    /// Printer-blind: the codes are only in the sheet's encrypted QR code.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blind: bool,
    /// The last time a photo or scan of the sheet was checked against the vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<Timestamp>,
    /// The paper keys (public recipients) its QR code was encrypted to; empty for
    /// sheets printed before sheets carried one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paper_keys: Vec<String>,
}

/// Whether an account's active set is on paper, and whether that paper is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintState {
    /// No sheet holds the active set.
    Unprinted,
    /// The newest sheet of the active set matches it.
    Current,
    /// Codes were used since the newest sheet was printed.
    Stale,
}

fn confirmed_by_default() -> bool {
    true
}

/// The two age recipients (`age1…`) of the vault. Kept inside the encrypted
/// payload so that no plaintext file can decide who is able to decrypt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipients {
    /// This computer's key, whose identity is in the OS keyring (or key file).
    pub device: String,
    /// The paper recovery key, whose identity only the user has.
    pub paper: String,
    /// A new paper key being introduced: the vault opens with it as well until the
    /// user confirmed it was kept; then it replaces `paper`. Set only mid-rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_paper: Option<String>,
    /// This computer's previous keys while a re-enrolment stores the new one in the
    /// keyring, so whatever entry the keyring holds keeps working until the new one is
    /// in place (several when a re-enrolment was cut short and tried again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub old_devices: Vec<String>,
    /// Other computers sharing this vault (through a synced folder), each with its own
    /// key in its own keyring; added by `restore --keep-other-computers`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_devices: Vec<String>,
    /// Computers' keys a restore dropped (a lost or replaced computer): an older copy
    /// of the vault that still lists them never brings them back in a merge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_devices: Vec<String>,
}

impl Recipients {
    /// The two steady-state recipients.
    pub fn new(device: String, paper: String) -> Self {
        Self {
            device,
            paper,
            new_paper: None,
            old_devices: Vec::new(),
            other_devices: Vec::new(),
            retired_devices: Vec::new(),
        }
    }

    /// Takes in the computers another copy of the vault is shared with (same paper
    /// key): their keys become `other_devices` here unless retired on either side.
    /// Returns how many were added.
    pub fn take_computers_from(&mut self, other: &Self) -> usize {
        for r in &other.retired_devices {
            if !self.retired_devices.contains(r) && self.retired_devices.len() < 64 {
                self.retired_devices.push(r.clone());
            }
        }
        let retired = self.retired_devices.clone();
        self.other_devices.retain(|d| !retired.contains(d));
        let mut added = 0;
        for d in std::iter::once(&other.device).chain(&other.other_devices) {
            let known = *d == self.device
                || self.other_devices.contains(d)
                || self.old_devices.contains(d)
                || retired.contains(d);
            if !known && self.other_devices.len() < 32 {
                self.other_devices.push(d.clone());
                added += 1;
            }
        }
        added
    }

    /// Every recipient the vault is encrypted to, steady ones first.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.device.as_str()),
            Some(self.paper.as_str()),
            self.new_paper.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(self.old_devices.iter().map(String::as_str))
        .chain(self.other_devices.iter().map(String::as_str))
    }
}

/// One login at one site (GitHub / alice).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    /// Stable id: stays the same through renames, so two copies of the vault can be
    /// merged. Format-1 accounts get one derived from their content when loaded.
    #[serde(default)]
    pub id: String,
    /// The site or service ("GitHub").
    pub service: String,
    /// User name or e-mail at that site; may be empty.
    #[serde(default)]
    pub label: String,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Code sets, oldest first; at most one is active.
    #[serde(default)]
    pub code_sets: Vec<CodeSet>,
    /// When the user archived (deleted) the account: still encrypted in the vault,
    /// hidden from the list, restorable until purged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<Timestamp>,
    /// The last rename, archive, unarchive or change of notes: when two copies of the
    /// vault disagree on these, the newer change wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<Timestamp>,
    /// Fields written by a newer Codekeeper of the same format, kept as they were.
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// Whether a code set still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetStatus {
    /// The set the site currently accepts.
    Active,
    /// Replaced by a newer set; kept as history, no longer works at the site.
    Superseded,
}

/// One batch of codes as a site issued it. Written compactly (format 2) by
/// [`super::format`], which also reads format 1's one-table-per-code layout.
#[derive(Debug, Clone)]
pub struct CodeSet {
    /// Stable id, so two copies of the vault can be merged (derived from the content
    /// for format-1 sets).
    pub id: String,
    /// When the set was stored.
    pub imported_at: Timestamp,
    /// Where it came from: a file name, or `pasted`.
    pub source: String,
    /// Active or superseded.
    pub status: SetStatus,
    /// When it was superseded, if it was.
    pub superseded_at: Option<Timestamp>,
    /// The codes in the order the site listed them.
    pub codes: Vec<Code>,
}

/// Whether a code has been spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeState {
    /// Not used yet.
    Unused,
    /// Used (each code works once).
    Used,
}

/// One recovery code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Code {
    /// The code as the site printed it (grouping kept).
    pub value: CodeValue,
    /// Used or not.
    pub state: CodeState,
    /// When it was marked used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<Timestamp>,
    /// The user's note ("used on the work laptop").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A secret code value: wiped on drop, never shown by `Debug`, no `Display`.
///
/// Codes as sites print them (Microsoft's 25 characters with dashes is the longest
/// common one) are held inside the value itself, so a vault of 160,000 codes does
/// not make 160,000 heap blocks; longer ones go to the heap. Both are wiped on drop.
#[derive(Clone)]
pub struct CodeValue(Repr);

/// Bytes held without a heap block: with the length and the variant, 32 bytes.
const INLINE: usize = 30;

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    Heap(SecretString),
}

/// A short code's UTF-8 bytes, wiped on drop.
#[derive(Clone)]
struct Inline {
    len: u8,
    bytes: [u8; INLINE],
}

impl Drop for Inline {
    fn drop(&mut self) {
        // Only the code's bytes: the rest was never written (zero since `new`).
        let len = usize::from(self.len).min(INLINE);
        zeroize::Zeroize::zeroize(&mut self.bytes[..len]);
    }
}

impl CodeValue {
    /// Wraps a code.
    pub fn new(value: &str) -> Self {
        match (u8::try_from(value.len()), value.len() <= INLINE) {
            (Ok(len), true) => {
                let mut bytes = [0u8; INLINE];
                bytes[..value.len()].copy_from_slice(value.as_bytes());
                Self(Repr::Inline(Inline { len, bytes }))
            }
            _ => Self(Repr::Heap(SecretString::from(value))),
        }
    }

    /// The code itself, for the few places that must show or compare it.
    pub fn expose(&self) -> &str {
        match &self.0 {
            // Always valid: the bytes were copied from a `&str` whole.
            Repr::Inline(i) => {
                std::str::from_utf8(i.bytes.get(..usize::from(i.len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Repr::Heap(s) => s.expose_secret(),
        }
    }

    /// The code's length in bytes (without looking at the bytes).
    pub fn byte_len(&self) -> usize {
        match &self.0 {
            Repr::Inline(i) => usize::from(i.len),
            Repr::Heap(s) => s.expose_secret().len(),
        }
    }

    /// The code with every letter and digit replaced by `•`, grouping kept.
    pub fn masked(&self) -> String {
        self.expose()
            .chars()
            .map(|c| if c.is_alphanumeric() { '•' } else { c })
            .collect()
    }

    /// The code without separators, upper-cased: the form used for matching.
    pub fn normalized(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(
            self.expose()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect(),
        )
    }
}

impl fmt::Debug for CodeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeValue(<redacted>)")
    }
}

impl Serialize for CodeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for CodeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = CodeValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CodeValue, E> {
                Ok(CodeValue::new(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<CodeValue, E> {
                let v = zeroize::Zeroizing::new(v);
                Ok(CodeValue::new(&v))
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

impl Code {
    /// A fresh unused code.
    pub fn unused(value: &str) -> Self {
        Self {
            value: CodeValue::new(value),
            state: CodeState::Unused,
            used_at: None,
            note: None,
        }
    }

    /// A code as imported: unused, or used when the source marked it so (the time of
    /// use is unknown then).
    pub fn imported(value: &str, used: bool) -> Self {
        let mut code = Self::unused(value);
        if used {
            code.state = CodeState::Used;
        }
        code
    }

    /// Whether it has been used.
    pub fn is_used(&self) -> bool {
        self.state == CodeState::Used
    }

    /// Marks it used at `now`; a code already used keeps its first time of use.
    pub fn mark_used(&mut self, now: Timestamp) {
        if !self.is_used() {
            self.state = CodeState::Used;
            self.used_at = Some(now);
        }
    }

    /// Marks it unused again (undo).
    pub fn mark_unused(&mut self) {
        self.state = CodeState::Unused;
        self.used_at = None;
    }

    /// Sets or (with blank text) removes the note.
    pub fn set_note(&mut self, text: &str) -> Result<(), ModelError> {
        let text = text.trim();
        check_name("the note", text)?;
        self.note = (!text.is_empty()).then(|| text.to_owned());
        Ok(())
    }
}

impl CodeSet {
    /// Unused codes left.
    pub fn unused_count(&self) -> usize {
        self.codes.iter().filter(|c| !c.is_used()).count()
    }

    /// Index of the first unused code.
    pub fn next_unused(&self) -> Option<usize> {
        self.codes.iter().position(|c| !c.is_used())
    }
}

impl Account {
    /// The set the site currently accepts.
    pub fn active_set(&self) -> Option<&CodeSet> {
        self.code_sets
            .iter()
            .rev()
            .find(|s| s.status == SetStatus::Active)
    }

    /// Mutable access to the active set.
    pub fn active_set_mut(&mut self) -> Option<&mut CodeSet> {
        self.code_sets
            .iter_mut()
            .rev()
            .find(|s| s.status == SetStatus::Active)
    }

    /// "GitHub" or "GitHub:alice", as the command line accepts it back.
    pub fn display_name(&self) -> String {
        if self.label.is_empty() {
            self.service.clone()
        } else {
            format!("{}:{}", self.service, self.label)
        }
    }

    /// Whether 2 or fewer unused codes are left in the active set.
    pub fn is_low(&self) -> bool {
        self.active_set()
            .is_some_and(|s| is_low_count(s.unused_count()))
    }
}

/// Problems with a payload's content (as opposed to its encryption).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The vault was written by a newer Codekeeper.
    #[error(
        "this vault uses format {found}, but this Codekeeper reads up to format {FORMAT_VERSION}; update Codekeeper to open it"
    )]
    FormatTooNew {
        /// The format found in the file.
        found: u32,
    },
    /// A limit on names, codes or accounts was exceeded.
    #[error("{what} is too long or too large (limit {limit}); shorten it and try again")]
    TooLarge {
        /// What exceeded the limit.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// An account has more than one active set.
    #[error(
        "account {account} has {count} active code sets; the vault is inconsistent — restore a backup"
    )]
    SeveralActive {
        /// The account's display name.
        account: String,
        /// How many sets are active.
        count: usize,
    },
    /// No codes were given to import.
    #[error("no codes found; put one code per line and try again")]
    NoCodes,
    /// A code is empty or contains characters no site uses.
    #[error(
        "code {index} is empty or contains tabs, line breaks or control characters; check the list"
    )]
    BadCode {
        /// 1-based position in the list.
        index: usize,
    },
    /// The service name is empty.
    #[error("the service name is empty; give the site's name, for example --service GitHub")]
    EmptyService,
}

impl Payload {
    /// A new, empty payload.
    pub fn new(vault_id: String, recipients: Recipients) -> Self {
        Self {
            format: FORMAT_VERSION,
            vault_id,
            generation: 0,
            recipients,
            paper_key_confirmed: true,
            accounts: Vec::new(),
            sheets: Vec::new(),
            rekey_backups: false,
            last_copy: None,
            paper_key_proven: None,
            heir_kits: Vec::new(),
            sheet_key: None,
            removed_accounts: Vec::new(),
            removed_sets: Vec::new(),
            extra: toml::Table::new(),
        }
    }

    /// Checks invariants after loading, so a damaged or hostile payload is refused
    /// before anything relies on it.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.validate_head()?;
        self.accounts.iter().try_for_each(validate_account)
    }

    /// [`Payload::validate`] but for each account's own checks
    /// ([`validate_account`]).
    fn validate_head(&self) -> Result<(), ModelError> {
        if self.format > FORMAT_VERSION {
            return Err(ModelError::FormatTooNew { found: self.format });
        }
        if self.recipients.old_devices.len() > 8
            || self.recipients.other_devices.len() > 32
            || self.recipients.retired_devices.len() > 64
        {
            return Err(ModelError::TooLarge {
                what: "the list of previous device keys",
                limit: 8,
            });
        }
        if self.accounts.len() > MAX_ACCOUNTS {
            return Err(ModelError::TooLarge {
                what: "the number of accounts",
                limit: MAX_ACCOUNTS,
            });
        }
        if self.removed_accounts.len() > MAX_ACCOUNTS || self.removed_sets.len() > MAX_ACCOUNTS {
            return Err(ModelError::TooLarge {
                what: "the list of removed accounts and sets",
                limit: MAX_ACCOUNTS,
            });
        }
        if self.sheets.len() > MAX_ACCOUNTS {
            return Err(ModelError::TooLarge {
                what: "the list of printed sheets",
                limit: MAX_ACCOUNTS,
            });
        }
        if self
            .sheets
            .iter()
            .any(|s| s.used_at_print.len() > MAX_CODES_PER_SET)
        {
            return Err(ModelError::TooLarge {
                what: "a printed sheet",
                limit: MAX_CODES_PER_SET,
            });
        }
        Ok(())
    }

    /// Serialises to TOML in a buffer that is wiped when dropped.
    pub fn to_toml(&self) -> Result<zeroize::Zeroizing<String>, toml::ser::Error> {
        super::writer::to_toml(self)
    }

    /// Parses TOML (format 1 or 2) and validates it. Accounts and sets without an id
    /// (format 1) get one derived from their content, the same on every computer, so
    /// two copies migrated apart still merge. `format` stays as read until the next save.
    pub fn from_toml(text: &str) -> Result<Self, PayloadParseError> {
        let (mut payload, checked) = Self::read_unchecked(text.as_bytes())?;
        payload.check(checked)?;
        Ok(payload)
    }

    /// The first half of [`Payload::from_toml`]: the text (decrypted bytes) read, not
    /// yet validated. The flag says whether the accounts were validated while read
    /// (the direct reader does it on its threads).
    pub(crate) fn read_unchecked(bytes: &[u8]) -> Result<(Self, bool), PayloadParseError> {
        // The fast readers take what this build writes; anything else (and every
        // error message) comes from the `toml` crate.
        if let Some(payload) = Self::read_direct(bytes) {
            return Ok((payload, true));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| PayloadParseError::NotText)?;
        match Self::read_fast(text) {
            Some(payload) => Ok((payload, false)),
            None => toml::from_str(text)
                .map(|p| (p, false))
                .map_err(|e| PayloadParseError::Toml(e.message().to_owned())),
        }
    }

    /// The second half of [`Payload::from_toml`]: validated (the accounts too unless
    /// `accounts_checked`), ids made where missing.
    pub(crate) fn check(&mut self, accounts_checked: bool) -> Result<(), PayloadParseError> {
        if accounts_checked {
            self.validate_head()
        } else {
            self.validate()
        }
        .map_err(PayloadParseError::Invalid)?;
        self.ensure_ids();
        Ok(())
    }

    /// A large vault's text cut in two at an `[[accounts]]` line past the middle, to
    /// be read on two threads; `None` for a small one (or with no such line).
    pub(crate) fn halves(text: &str) -> Option<(&str, &str)> {
        // Cut after a `\n`: always between two characters.
        Self::cut(text.as_bytes()).map(|at| text.split_at(at))
    }

    /// Where [`Payload::halves`] cuts a large text: the start of the first
    /// `[[accounts]]` line past its middle.
    fn cut(bytes: &[u8]) -> Option<usize> {
        const SPLIT_ABOVE: usize = 1 << 20;
        if bytes.len() < SPLIT_ABOVE {
            return None;
        }
        let half = bytes.len() / 2;
        Some(half + find(&bytes[half..], ACCOUNTS_LINE)? + 1)
    }

    /// The fast reader's payload, or `None` (then the `toml` crate reads the text).
    /// A large vault is read in two halves on two threads: the split falls on an
    /// `[[accounts]]` line, and a split inside a multi-line string leaves an
    /// unterminated string in the first half, which the reader declines.
    fn read_fast(text: &str) -> Option<Self> {
        use super::lite::{Value, parse};
        let whole = || {
            parse(text)
                .ok()
                .and_then(|t| Self::deserialize(Value::Table(t)).ok())
        };
        let Some((head, tail)) = Self::halves(text) else {
            return whole();
        };
        // Each half: its accounts read, and the rest of its tree.
        fn read(half: &str) -> Option<(Vec<Account>, super::lite::Table<'_>)> {
            let mut tree = super::lite::parse(half).ok()?;
            let accounts = match tree.entries.iter().position(|(k, _)| k == "accounts") {
                // Only `[[accounts]]` sections join up across the split.
                Some(i) if super::lite::is_header_array(&tree.entries[i].1) => {
                    Vec::<Account>::deserialize(tree.entries.remove(i).1).ok()?
                }
                Some(_) => return None,
                None => Vec::new(),
            };
            Some((accounts, tree))
        }
        let (first, second) = crate::parallel::at_once(|| read(head), || read(tail));
        let second = second.flatten();
        let (Some((mut accounts, mut rest)), Some((later, tail_rest))) = (first, second) else {
            return whole();
        };
        for (key, value) in tail_rest.entries {
            if rest.entries.iter().any(|(k, _)| *k == key) {
                return whole();
            }
            rest.entries.push((key, value));
        }
        let mut payload = Self::deserialize(Value::Table(rest)).ok()?;
        accounts.extend(later);
        payload.accounts = accounts;
        Some(payload)
    }

    /// The text as this build writes it: the part before the first account (small)
    /// through the fast reader's tree and serde, the accounts straight into the model
    /// and validated as they are read (`lite::accounts`), a large vault's in two
    /// halves on two threads, each half checked as UTF-8 on its own thread. `None`
    /// when the bytes are not text, or when either part declines (an account that
    /// fails validation too: the general reader then gives the error). A first
    /// `[[accounts]]` line inside a multi-line string leaves that string
    /// unterminated in the first part, which the reader declines.
    pub(crate) fn read_direct(bytes: &[u8]) -> Option<Self> {
        use super::lite::{Value, accounts, parse};
        let at = find(bytes, ACCOUNTS_LINE)? + 1;
        let (head, body) = bytes.split_at(at);
        let read_head = || {
            let tree = parse(std::str::from_utf8(head).ok()?).ok()?;
            if tree.entries.iter().any(|(k, _)| k == "accounts") {
                return None;
            }
            Self::deserialize(Value::Table(tree)).ok()
        };
        // Every part is checked as UTF-8 where it is read: cut after a `\n`, the
        // parts are text exactly when the whole is.
        let read_accounts = |part: &[u8]| accounts::read(std::str::from_utf8(part).ok()?).ok();
        let (mut payload, accounts) = match Self::cut(body).map(|at| body.split_at(at)) {
            None => (read_head()?, read_accounts(body)?),
            Some((first, second)) => {
                let ((payload, accounts), later) = crate::parallel::at_once(
                    || (read_head(), read_accounts(first)),
                    || read_accounts(second),
                );
                let later = later.flatten()?;
                let mut accounts = accounts?;
                accounts.reserve_exact(later.len());
                accounts.extend(later);
                (payload?, accounts)
            }
        };
        payload.accounts = accounts;
        Some(payload)
    }

    /// Gives every account and set without an id (or with one already taken) an id
    /// derived from the vault id, its position and content.
    fn ensure_ids(&mut self) {
        // The usual case, checked without copying an id: all present and distinct.
        // Sorted by their first 16 bytes as a number, then by the whole id, equal
        // ids lie side by side; for 20,000 ids this is quicker than hashing them.
        let key = |id: &str| {
            let mut head = [0u8; 16];
            for (to, from) in head.iter_mut().zip(id.bytes()) {
                *to = from;
            }
            u128::from_be_bytes(head)
        };
        let mut ids: Vec<(u128, &str)> = Vec::with_capacity(2 * self.accounts.len());
        for a in &self.accounts {
            ids.push((key(&a.id), &a.id));
            ids.extend(a.code_sets.iter().map(|s| (key(&s.id), s.id.as_str())));
        }
        ids.sort_unstable();
        let all_fine =
            ids.iter().all(|(_, id)| !id.is_empty()) && ids.windows(2).all(|w| w[0].1 != w[1].1);
        drop(ids);
        if all_fine {
            return;
        }
        let mut seen = std::collections::HashSet::new();
        // An id met twice (a damaged or hand-edited file) is made again for the later one.
        for account in &mut self.accounts {
            if !account.id.is_empty() && !seen.insert(account.id.clone()) {
                account.id.clear();
            }
            for set in &mut account.code_sets {
                if !set.id.is_empty() && !seen.insert(set.id.clone()) {
                    set.id.clear();
                }
            }
        }
        let vault_id = self.vault_id.clone();
        // From the content, not the position: the same account gets the same id in
        // two copies whatever else was added or removed (a clash takes a counter).
        let mut unique = |parts: &[&str]| {
            let mut n = 0u32;
            loop {
                let id = derived_id(&[parts, &[n.to_string().as_str()]].concat());
                if seen.insert(id.clone()) {
                    return id;
                }
                n += 1;
            }
        };
        for account in &mut self.accounts {
            for set in &mut account.code_sets {
                if set.id.is_empty() {
                    let first = set.codes.first().map(|c| c.value.normalized());
                    set.id = unique(&[
                        &vault_id,
                        "set",
                        &set.imported_at.to_string(),
                        first.as_deref().map_or("", |f| f.as_str()),
                    ]);
                }
            }
            if account.id.is_empty() {
                let first = account.code_sets.first().map(|s| s.id.clone());
                account.id = unique(&[
                    &vault_id,
                    "account",
                    &account.service.to_lowercase(),
                    &account.label.to_lowercase(),
                    first.as_deref().unwrap_or(""),
                ]);
            }
        }
    }

    /// Finds accounts in the list (not archived) matching `query`: the service name,
    /// or `service:label`, case-insensitively. An exact `service:label` match wins
    /// over service-only matches.
    pub fn find(&self, query: &str) -> Vec<usize> {
        self.find_where(query, false)
    }

    /// Like [`Payload::find`], among archived accounts only.
    pub fn find_archived(&self, query: &str) -> Vec<usize> {
        self.find_where(query, true)
    }

    fn find_where(&self, query: &str, archived: bool) -> Vec<usize> {
        let q = query.trim().to_lowercase();
        let candidates = || {
            self.accounts
                .iter()
                .enumerate()
                .filter(move |(_, a)| a.archived_at.is_some() == archived)
        };
        let exact: Vec<usize> = candidates()
            .filter(|(_, a)| {
                if a.label.is_empty() {
                    same_lowercase(&a.service, &q)
                } else {
                    // `service:label`, compared without making the name when ASCII.
                    let (s, l) = (a.service.as_str(), a.label.as_str());
                    if s.is_ascii() && l.is_ascii() && q.is_ascii() {
                        q.len() == s.len() + 1 + l.len()
                            && q.get(..s.len()).is_some_and(|x| x.eq_ignore_ascii_case(s))
                            && q.get(s.len()..=s.len()) == Some(":")
                            && q.get(s.len() + 1..)
                                .is_some_and(|x| x.eq_ignore_ascii_case(l))
                    } else {
                        a.display_name().to_lowercase() == q
                    }
                }
            })
            .map(|(i, _)| i)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        candidates()
            .filter(|(_, a)| same_lowercase(&a.service, &q))
            .map(|(i, _)| i)
            .collect()
    }

    /// The newest sheet printed of the account's active set.
    pub fn newest_sheet(&self, account: &Account) -> Option<&PrintedSheet> {
        let set = account.active_set()?;
        // Called for every account of a list: the cheapest test first, and names
        // compared without lower-cased copies when they are ASCII.
        self.sheets.iter().rev().find(|s| {
            s.set_imported_at == set.imported_at
                && s.service.eq_ignore_ascii_case(&account.service)
                && same_name(&s.label, &account.label)
        })
    }

    /// Numbers (1-based) of the active set's codes used since its newest sheet was
    /// printed: the ones to tick on that paper.
    pub fn codes_to_tick(&self, account: &Account) -> Vec<usize> {
        let (Some(set), Some(sheet)) = (account.active_set(), self.newest_sheet(account)) else {
            return Vec::new();
        };
        set.codes
            .iter()
            .enumerate()
            .filter(|(i, c)| c.is_used() && !sheet.used_at_print.get(*i).copied().unwrap_or(false))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// Whether the account's active set is on paper and current.
    pub fn print_state(&self, account: &Account) -> Option<PrintState> {
        let set = account.active_set()?;
        let sheet = self.newest_sheet(account);
        Some(match sheet {
            None => PrintState::Unprinted,
            Some(s)
                if set.codes.iter().enumerate().any(|(i, c)| {
                    c.is_used() && !s.used_at_print.get(i).copied().unwrap_or(false)
                }) =>
            {
                PrintState::Stale
            }
            Some(_) => PrintState::Current,
        })
    }

    /// Index of the listed (not archived) account with exactly this service and
    /// label (case-insensitive).
    pub fn position(&self, service: &str, label: &str) -> Option<usize> {
        self.accounts.iter().position(|a| {
            a.archived_at.is_none()
                && a.service.eq_ignore_ascii_case(service)
                && same_name(&a.label, label)
        })
    }

    /// Stores a new code set for `service`/`label`. With an active set already there,
    /// `replace` must be true: the old set is then marked superseded (kept as history).
    pub fn import_set(
        &mut self,
        service: &str,
        label: &str,
        source: &str,
        codes: Vec<Code>,
        replace: bool,
        now: Timestamp,
    ) -> Result<ImportOutcome, ImportRefusal> {
        let (service, label) = (clean_name(service), clean_name(label));
        let (service, label) = (service.as_str(), label.as_str());
        if service.is_empty() {
            return Err(ImportRefusal::Invalid(ModelError::EmptyService));
        }
        check_name("the service name", service).map_err(ImportRefusal::Invalid)?;
        check_name("the account label", label).map_err(ImportRefusal::Invalid)?;
        if codes.is_empty() {
            return Err(ImportRefusal::Invalid(ModelError::NoCodes));
        }
        if codes.len() > MAX_CODES_PER_SET {
            return Err(ImportRefusal::Invalid(ModelError::TooLarge {
                what: "the code list",
                limit: MAX_CODES_PER_SET,
            }));
        }
        for (i, code) in codes.iter().enumerate() {
            let v = code.value.expose();
            // Groups may be separated by single spaces ("1234 5678"), nothing else blank.
            let bad_space = v.starts_with(' ') || v.ends_with(' ') || v.contains("  ");
            if v.is_empty()
                || bad_space
                || v.chars()
                    .any(|c| (c.is_whitespace() && c != ' ') || c.is_control())
            {
                return Err(ImportRefusal::Invalid(ModelError::BadCode { index: i + 1 }));
            }
            if v.chars().count() > MAX_CODE_CHARS {
                return Err(ImportRefusal::Invalid(ModelError::TooLarge {
                    what: "a code",
                    limit: MAX_CODE_CHARS,
                }));
            }
        }
        let new_set = CodeSet {
            id: new_id(),
            imported_at: now,
            source: source.to_owned(),
            status: SetStatus::Active,
            superseded_at: None,
            codes,
        };
        let count = new_set.codes.len();
        match self.position(service, label) {
            Some(i) => {
                let account = &mut self.accounts[i];
                let mut superseded = false;
                if let Some(active) = account.active_set_mut() {
                    if !replace {
                        return Err(ImportRefusal::HasActiveSet {
                            account: account.display_name(),
                            unused: account.active_set().map_or(0, CodeSet::unused_count),
                        });
                    }
                    active.status = SetStatus::Superseded;
                    active.superseded_at = Some(now);
                    superseded = true;
                }
                account.code_sets.push(new_set);
                Ok(ImportOutcome {
                    account: i,
                    count,
                    superseded,
                })
            }
            None => {
                if self.accounts.len() >= MAX_ACCOUNTS {
                    return Err(ImportRefusal::Invalid(ModelError::TooLarge {
                        what: "the number of accounts",
                        limit: MAX_ACCOUNTS,
                    }));
                }
                self.accounts.push(Account {
                    id: new_id(),
                    service: service.to_owned(),
                    label: label.to_owned(),
                    notes: String::new(),
                    code_sets: vec![new_set],
                    archived_at: None,
                    changed_at: None,
                    extra: toml::Table::new(),
                });
                Ok(ImportOutcome {
                    account: self.accounts.len() - 1,
                    count,
                    superseded: false,
                })
            }
        }
    }
}

/// What [`Payload::import_set`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Index of the account that received the set.
    pub account: usize,
    /// Codes stored.
    pub count: usize,
    /// Whether an older active set was superseded.
    pub superseded: bool,
}

/// Why an import was not applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportRefusal {
    /// The account already has working codes and `replace` was not given.
    #[error("{account} already has an active code set ({unused} unused codes)")]
    HasActiveSet {
        /// The account's display name.
        account: String,
        /// Unused codes in the current set.
        unused: usize,
    },
    /// The input itself is unusable.
    #[error(transparent)]
    Invalid(ModelError),
}

/// Why a decrypted payload could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PayloadParseError {
    /// The decrypted bytes are not UTF-8 text.
    #[error("the decrypted vault is not text")]
    NotText,
    /// Not valid TOML for the payload layout.
    #[error("the decrypted vault is not valid: {0}")]
    Toml(String),
    /// Valid TOML that breaks an invariant.
    #[error(transparent)]
    Invalid(ModelError),
}

/// A site or account name as stored: control characters (from a file's text or a
/// terminal argument: ESC, BEL, tabs, line breaks) become spaces, bidirectional
/// overrides and invisible marks are dropped (they make a name read differently
/// from what it is), runs of spaces collapse, ends are trimmed.
pub fn clean_name(s: &str) -> String {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if invisible(c) {
            continue;
        }
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out
}

/// A fresh random id: 16 hex digits.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        // No system randomness: the time and a counter still keep ids apart.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return derived_id(&[&Timestamp::now().to_string(), &n.to_string()]);
    }
    hex(&bytes)
}

/// An id made from `parts`: 16 hex digits of their SHA-256.
fn derived_id(parts: &[&str]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize()[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two names are the same lower-cased: without making new strings when both
/// are ASCII.
fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Whether `s` lower-cased is `lower` (already lower-cased): without making a new
/// string when both are ASCII, as most names are.
fn same_lowercase(s: &str, lower: &str) -> bool {
    if s.is_ascii() && lower.is_ascii() {
        s.eq_ignore_ascii_case(lower)
    } else {
        s.to_lowercase() == lower
    }
}

/// Whether an active set with `unused` codes left is low ([`LOW_THRESHOLD`]).
pub fn is_low_count(unused: usize) -> bool {
    unused <= LOW_THRESHOLD
}

/// One account's part of [`Payload::validate`]: names and notes not too long, at
/// most one active set, sets and codes not too large.
pub(crate) fn validate_account(account: &Account) -> Result<(), ModelError> {
    check_name("a service name", &account.service)?;
    check_name("an account label", &account.label)?;
    check_name("an account note", &account.notes)?;
    let active = account
        .code_sets
        .iter()
        .filter(|s| s.status == SetStatus::Active)
        .count();
    if active > 1 {
        return Err(ModelError::SeveralActive {
            account: account.display_name(),
            count: active,
        });
    }
    for set in &account.code_sets {
        if set.codes.len() > MAX_CODES_PER_SET {
            return Err(ModelError::TooLarge {
                what: "a code set",
                limit: MAX_CODES_PER_SET,
            });
        }
        for code in &set.codes {
            // Characters are never more than bytes: most codes skip the count.
            if code.value.byte_len() > MAX_CODE_CHARS
                && code.value.expose().chars().count() > MAX_CODE_CHARS
            {
                return Err(ModelError::TooLarge {
                    what: "a code",
                    limit: MAX_CODE_CHARS,
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn check_name(what: &'static str, s: &str) -> Result<(), ModelError> {
    if s.len() > MAX_NAME_CHARS && s.chars().count() > MAX_NAME_CHARS {
        return Err(ModelError::TooLarge {
            what,
            limit: MAX_NAME_CHARS,
        });
    }
    Ok(())
}

/// The line that opens each account, with the line break before it.
const ACCOUNTS_LINE: &[u8] = b"\n[[accounts]]\n";

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    fn r() -> Recipients {
        Recipients::new("age1device".into(), "age1paper".into())
    }

    #[test]
    fn code_values_short_and_long_read_back_whole() {
        for text in [
            "",
            "a",
            "abcde-12345",
            "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY", // Microsoft's one code: 29 bytes
            "123456789012345678901234567890", // 30 bytes: the last held inline
            "1234567890123456789012345678901", // 31: on the heap
            "ＡＢＣＤ－１２３４",            // full-width, 3 bytes a character
            "ÄÖÜäöüß€-ÄÖÜäöüß€-ÄÖÜäöüß€-ÄÖÜäöüß€", // multi-byte, past 30 bytes
        ] {
            let v = CodeValue::new(text);
            assert_eq!(v.expose(), text);
            assert_eq!(v.byte_len(), text.len());
            assert_eq!(v.clone().expose(), text);
            let read: CodeValue =
                serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                    serde::de::value::Error,
                >::new(text))
                .unwrap();
            assert_eq!(read.expose(), text);
        }
        assert!(matches!(CodeValue::new("abcde-12345").0, Repr::Inline(_)));
        assert!(matches!(CodeValue::new(&"x".repeat(31)).0, Repr::Heap(_)));
        assert_eq!(std::mem::size_of::<CodeValue>(), 32);
        assert_eq!(
            format!("{:?}", CodeValue::new("abcde-12345")),
            "CodeValue(<redacted>)"
        );
    }

    #[test]
    fn find_matches_names_case_insensitively_ascii_or_not() {
        let mut p = Payload::new("id".into(), r());
        for (service, label) in [
            ("GitHub", "alice"),
            ("GitHub", "bob"),
            ("Ärzte", "Jörg"),
            ("ΣΊΣΥΦΟΣ", ""),
        ] {
            p.import_set(service, label, "pasted", codes(2), false, now())
                .unwrap();
        }
        assert_eq!(p.find("github:ALICE"), vec![0]);
        assert_eq!(p.find(" GITHUB "), vec![0, 1]);
        assert_eq!(p.find("github:alic"), Vec::<usize>::new());
        assert_eq!(p.find("githubXalice"), Vec::<usize>::new());
        assert_eq!(p.find("ärzte:JÖRG"), vec![2]);
        assert_eq!(p.find("ÄRZTE"), vec![2]);
        assert_eq!(p.find("σίσυφος"), vec![3]);
    }

    fn codes(n: usize) -> Vec<Code> {
        (0..n)
            .map(|i| Code::unused(&format!("abcde-{i:05}")))
            .collect()
    }

    #[test]
    fn names_lose_controls_and_bidi_overrides() {
        assert_eq!(
            clean_name("  Git\u{1b}]0;pwned\u{7}Hub \t alice "),
            "Git ]0;pwned Hub alice"
        );
        assert_eq!(clean_name("evil\u{202E}moc.elgoog"), "evilmoc.elgoog");
        assert_eq!(clean_name("\u{FEFF}GitHub\u{200B}"), "GitHub");
        assert_eq!(clean_name("Ünïcödé 名前"), "Ünïcödé 名前");
        let mut p = Payload::new("id".into(), r());
        p.import_set(
            "Git\u{1b}[31mHub",
            "al\u{202E}ice",
            "x",
            codes(2),
            false,
            now(),
        )
        .unwrap();
        assert_eq!(p.accounts[0].service, "Git [31mHub");
        assert_eq!(p.accounts[0].label, "alice");
        p.rename(0, "Site\u{7}", "\u{2067}bob").unwrap();
        assert_eq!(
            (p.accounts[0].service.as_str(), p.accounts[0].label.as_str()),
            ("Site", "bob")
        );
    }

    #[test]
    fn import_then_replace_supersedes_and_keeps_history() {
        let mut p = Payload::new("id".into(), r());
        let out = p
            .import_set("GitHub", "alice", "pasted", codes(16), false, now())
            .unwrap();
        assert_eq!(
            out,
            ImportOutcome {
                account: 0,
                count: 16,
                superseded: false
            }
        );
        let err = p
            .import_set("github", "ALICE", "pasted", codes(3), false, now())
            .unwrap_err();
        assert!(
            matches!(err, ImportRefusal::HasActiveSet { unused: 16, .. }),
            "{err:?}"
        );
        assert_eq!(
            p.accounts[0].code_sets.len(),
            1,
            "refused import must not change anything"
        );
        let out = p
            .import_set("github", "alice", "new.txt", codes(3), true, now())
            .unwrap();
        assert!(out.superseded);
        let a = &p.accounts[0];
        assert_eq!(a.code_sets.len(), 2);
        assert_eq!(a.code_sets[0].status, SetStatus::Superseded);
        assert_eq!(a.code_sets[0].superseded_at, Some(now()));
        assert_eq!(a.active_set().unwrap().codes.len(), 3);
        p.validate().unwrap();
    }

    #[test]
    fn import_rejects_bad_input() {
        let mut p = Payload::new("id".into(), r());
        assert_eq!(
            p.import_set(" ", "", "pasted", codes(1), false, now()),
            Err(ImportRefusal::Invalid(ModelError::EmptyService))
        );
        assert_eq!(
            p.import_set("X", "", "pasted", vec![], false, now()),
            Err(ImportRefusal::Invalid(ModelError::NoCodes))
        );
        assert_eq!(
            p.import_set(
                "X",
                "",
                "pasted",
                vec![Code::unused("ab\tcd")],
                false,
                now()
            ),
            Err(ImportRefusal::Invalid(ModelError::BadCode { index: 1 }))
        );
        assert!(p.accounts.is_empty());
    }

    #[test]
    fn find_matches_service_or_service_and_label() {
        let mut p = Payload::new("id".into(), r());
        p.import_set("GitHub", "alice", "pasted", codes(2), false, now())
            .unwrap();
        p.import_set("GitHub", "bob", "pasted", codes(2), false, now())
            .unwrap();
        p.import_set("PyPI", "", "pasted", codes(2), false, now())
            .unwrap();
        assert_eq!(p.find("github"), vec![0, 1]);
        assert_eq!(p.find("GITHUB:Bob"), vec![1]);
        assert_eq!(p.find("pypi"), vec![2]);
        assert!(p.find("gitlab").is_empty());
        assert!(p.accounts[0].is_low());
    }

    #[test]
    fn ids_missing_or_met_twice_are_made_again_and_distinct_ones_kept() {
        let mut p = Payload::new("vid".into(), r());
        for service in ["A", "B", "C"] {
            p.import_set(service, "", "pasted", codes(2), false, now())
                .unwrap();
        }
        let ids = |p: &Payload| -> Vec<String> {
            p.accounts
                .iter()
                .flat_map(|a| {
                    std::iter::once(a.id.clone()).chain(a.code_sets.iter().map(|s| s.id.clone()))
                })
                .collect()
        };
        let fine = ids(&p);
        let back = Payload::from_toml(&p.to_toml().unwrap()).unwrap();
        assert_eq!(ids(&back), fine);
        // B takes A's id, C's set takes B's set id, A's set has none.
        p.accounts[1].id = p.accounts[0].id.clone();
        p.accounts[2].code_sets[0].id = p.accounts[1].code_sets[0].id.clone();
        p.accounts[0].code_sets[0].id.clear();
        let back = Payload::from_toml(&p.to_toml().unwrap()).unwrap();
        let got = ids(&back);
        assert_eq!(
            (got[0].as_str(), got[3].as_str(), got[4].as_str()),
            (fine[0].as_str(), fine[3].as_str(), fine[4].as_str())
        );
        let mut distinct = got.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 6, "{got:?}");
        assert!(got.iter().all(|id| !id.is_empty()));
        // Made from the content: the same again on a second read.
        assert_eq!(
            ids(&Payload::from_toml(&p.to_toml().unwrap()).unwrap()),
            got
        );
    }

    #[test]
    fn toml_round_trip_keeps_states_and_hides_codes_from_debug() {
        let mut p = Payload::new("vid".into(), r());
        p.import_set("GitHub", "alice", "pasted", codes(2), false, now())
            .unwrap();
        let set = p.accounts[0].active_set_mut().unwrap();
        set.codes[1].state = CodeState::Used;
        set.codes[1].used_at = Some(now());
        set.codes[1].note = Some("laptop".into());
        let text = p.to_toml().unwrap();
        assert!(text.contains("abcde-00001"));
        let back = Payload::from_toml(&text).unwrap();
        let set = back.accounts[0].active_set().unwrap();
        assert_eq!(set.unused_count(), 1);
        assert_eq!(set.codes[1].note.as_deref(), Some("laptop"));
        assert_eq!(set.codes[1].value.expose(), "abcde-00001");
        let dbg = format!("{back:?}");
        assert!(!dbg.contains("abcde"), "Debug leaked a code: {dbg}");
    }

    #[test]
    fn print_state_follows_sheets_and_use() {
        let mut p = Payload::new("id".into(), r());
        p.import_set("GitHub", "alice", "pasted", codes(3), false, now())
            .unwrap();
        assert_eq!(p.print_state(&p.accounts[0]), Some(PrintState::Unprinted));
        p.sheets.push(PrintedSheet {
            id: "A".into(),
            printed_at: now(),
            service: "github".into(),
            label: "Alice".into(),
            set_imported_at: now(),
            used_at_print: vec![false; 3],
            blind: false,
            checked_at: None,
            paper_keys: Vec::new(),
        });
        assert_eq!(p.print_state(&p.accounts[0]), Some(PrintState::Current));
        assert!(p.codes_to_tick(&p.accounts[0]).is_empty());
        p.accounts[0].active_set_mut().unwrap().codes[1].state = CodeState::Used;
        assert_eq!(p.print_state(&p.accounts[0]), Some(PrintState::Stale));
        assert_eq!(p.codes_to_tick(&p.accounts[0]), vec![2]);
        let later = Timestamp::from_second(1_900_000_000).unwrap();
        p.import_set("GitHub", "alice", "new", codes(2), true, later)
            .unwrap();
        assert_eq!(
            p.print_state(&p.accounts[0]),
            Some(PrintState::Unprinted),
            "a new set is not on paper"
        );
        // Labels match case-insensitively beyond ASCII too; another label does not.
        p.import_set("Bank", "jörg", "pasted", codes(2), false, now())
            .unwrap();
        let mut sheet = p.sheets[0].clone();
        sheet.service = "BANK".into();
        sheet.label = "JÖRG".into();
        p.sheets.push(sheet.clone());
        assert_eq!(
            p.newest_sheet(&p.accounts[1]).map(|s| s.label.as_str()),
            Some("JÖRG")
        );
        assert_eq!(p.position("bank", "JöRG"), Some(1));
        sheet.label = "jörgen".into();
        p.sheets[1] = sheet;
        assert!(p.newest_sheet(&p.accounts[1]).is_none());
    }

    #[test]
    fn newer_format_is_refused() {
        let mut p = Payload::new("vid".into(), r());
        p.format = FORMAT_VERSION + 1;
        let text = p.to_toml().unwrap();
        assert!(matches!(
            Payload::from_toml(&text),
            Err(PayloadParseError::Invalid(ModelError::FormatTooNew { .. }))
        ));
    }

    #[test]
    fn masking_and_normalising() {
        let v = CodeValue::new("abcd-1234");
        assert_eq!(v.masked(), "••••-••••");
        assert_eq!(v.normalized().as_str(), "ABCD1234");
    }
}
