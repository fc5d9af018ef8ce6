//! The engine: every user operation, once, for both front ends.
//!
//! The command line ([`crate::cli`]) and the window ([`crate::app`]) only turn user
//! input into calls here and the results into text, toasts, screens and exit codes.
//! Each operation owns its invariants (see the security rules):
//!
//! - at every instant a paper key the user has seen opens the vault and every backup
//!   ([`keys`]: creation is confirmed only after the key was shown, rotation is
//!   two-phase, an interrupted key change is settled at the next [`open`]);
//! - a working keyring entry is replaced only after the vault opens with its
//!   successor ([`keys::restore`]);
//! - an operation acts on exactly the account the user named or sees, and says
//!   which ([`codes`]);
//! - every list found by the importer is stored under its own site and account, all
//!   or nothing ([`codes::plan_import`], [`codes::store_import`]);
//! - printed files are private (0600), complete or absent, and never inside the
//!   data directory ([`paper`]);
//! - nothing is deleted by one step: accounts are archived, and only archived ones
//!   can be purged ([`accounts`]).
//!
//! Errors say what happened; [`KeeperError::hint`] says what to do, as a [`Hint`]
//! that each front end words in its own terms.

pub mod accounts;
pub mod backup;
pub mod codes;
pub mod heirs;
pub mod keys;
pub mod paper;
pub mod paper_key;
pub mod proof;
pub mod sheets;
pub mod sync;

use std::path::PathBuf;

use crate::vault::model::{ImportRefusal, ModelError};
use crate::vault::{
    AccountError, FileError, Interrupted, KeyStore, KeyStoreError, RestoredFromBackup, Vault,
    VaultError, VaultPaths,
};

/// Where a file-name-less input (pasted text, stdin) is recorded as coming from.
pub const PASTED_SOURCE: &str = "pasted";

/// What the user should do about an error, worded by each front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Nothing beyond the message.
    None,
    /// Open the vault with the paper recovery key (and re-enrol this computer).
    UsePaperKey,
    /// Unlock the system keyring, then try again.
    UnlockKeyring,
    /// Unlock the system keyring, then create the vault again.
    UnlockKeyringToCreate,
    /// Close the other Codekeeper window or command.
    CloseOtherInstance,
    /// Create a vault first.
    CreateVault,
    /// Reopen the vault (it changed on disk) and make the change again.
    Reopen,
    /// Check the disk (space, permissions) and try again.
    CheckDisk,
    /// Name the account as `service:label` (several match).
    NameOneAccount,
    /// Say which site the codes are for.
    NameTheSite,
    /// Store each list under its own site (do not name one site for all).
    SeveralLists,
    /// The account has working codes: replace them only after generating new ones.
    ReplaceIfNew,
    /// Every code is used: generate new codes on the site and store them.
    GenerateNewCodes,
    /// Choose another file name or folder.
    ChooseAnotherPath,
    /// Merge the two accounts instead.
    Merge,
    /// Archive the account first.
    ArchiveFirst,
    /// Make a new paper recovery key (the current one was never shown).
    MakeNewRecoveryKey,
    /// Type the paper key again, checking every character.
    CheckPaperKey,
    /// Choose a longer passphrase.
    LongerPassphrase,
}

/// Why an operation did not happen (or, where said, happened only in part).
#[derive(Debug, thiserror::Error)]
pub enum KeeperError {
    /// Opening, saving or re-keying the vault failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// No account matches what the user typed.
    #[error("no account matches `{query}` ({})", if known.is_empty() { "the vault is empty".to_owned() } else { format!("accounts: {}", known.join(", ")) })]
    NoMatch {
        /// What the user typed.
        query: String,
        /// The accounts there are.
        known: Vec<String>,
    },
    /// Several accounts match.
    #[error("`{query}` matches several accounts: {}", matches.join(", "))]
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The accounts it matches.
        matches: Vec<String>,
    },
    /// The account has no working code set.
    #[error("{0} has no active codes")]
    NoActiveCodes(String),
    /// Every code of the account is used.
    #[error("every code of {0} is used")]
    AllUsed(String),
    /// No code with that number.
    #[error("{account} has codes 1 to {total}; there is no code {number}")]
    NoSuchCode {
        /// The account.
        account: String,
        /// The number asked for.
        number: usize,
        /// How many codes there are.
        total: usize,
    },
    /// The importer could not tell the site of a list.
    #[error("could not tell which site {0} are for")]
    UnknownSite(String),
    /// One site name was given for a text holding several lists.
    #[error("this text holds several lists ({0})")]
    SeveralLists(String),
    /// Storing a list was refused; nothing was stored.
    #[error("{0}")]
    Import(ImportRefusal),
    /// A name, note or code is unusable.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// An account change was refused.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// A file was not written where the user asked.
    #[error("{path}: {reason}")]
    OutputPath {
        /// The path given.
        path: PathBuf,
        /// Why it was refused.
        reason: &'static str,
    },
    /// Rendering a PDF failed.
    #[error("could not make the PDF: {0}")]
    Pdf(String),
    /// Writing a file failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// Creating a vault found the system keyring locked: nothing was created.
    #[error(
        "your system keyring is locked, so the new vault's key could not be stored there; nothing was created"
    )]
    KeyringLockedAtCreate,
    /// The vault's paper key was never shown to anyone (an interrupted `init`).
    #[error("the paper recovery key of this vault was never shown")]
    PaperKeyNotShown,
    /// What was typed is not a paper key.
    #[error(
        "that is not a valid paper recovery key (it starts with AGE-SECRET-KEY-1 and ends with a checksum)"
    )]
    InvalidPaperKey,
    /// A well-formed paper key that is not this vault's current one.
    #[error(
        "that is a valid paper key, but not this vault's current one (an older key replaced by a new one, or another vault's key)"
    )]
    NotThisPaperKey,
    /// A change of paper key is not settled: which key is valid is still open.
    #[error(
        "a change of paper key is not settled yet, so it is not clear which paper key is the valid one"
    )]
    KeyChangePending,
    /// Heir shares that cannot be used (`share` is the 1-based share, when one is to blame).
    #[error("{}{problem}", share.map(|n| format!("share {n}: ")).unwrap_or_default())]
    Shares {
        /// Which share, when one is to blame.
        share: Option<usize>,
        /// What is wrong.
        problem: crate::slip39::Slip39Error,
    },
    /// More pictures than one check reads.
    #[error("choose at most {0} pictures at a time")]
    TooManyPictures(usize),
    /// Shares that combine, but to something that is not a paper key.
    #[error("these shares hold a secret that is not a Codekeeper paper key")]
    SharesNotAKey,
    /// A new passphrase is too short.
    #[error(
        "the passphrase is shorter than {} characters",
        keys::MIN_PASSPHRASE_CHARS
    )]
    PassphraseTooShort,
    /// A new passphrase is long enough but easy to guess.
    #[error("the passphrase is too easy to guess ({why}; it would fall in {time} of guessing)")]
    PassphraseWeak {
        /// zxcvbn's reason.
        why: String,
        /// How long guessing would take.
        time: String,
    },
}

impl From<KeyStoreError> for KeeperError {
    fn from(e: KeyStoreError) -> Self {
        Self::Vault(e.into())
    }
}

impl KeeperError {
    /// What the user should do next.
    pub fn hint(&self) -> Hint {
        use KeyStoreError as K;
        match self {
            Self::Vault(e) => match e {
                VaultError::NotInitialized(_) => Hint::CreateVault,
                VaultError::RecoveryNeeded(_)
                | VaultError::WrongKey(_)
                | VaultError::Damaged { .. } => Hint::UsePaperKey,
                VaultError::ChangedOnDisk => Hint::Reopen,
                VaultError::KeyStore(K::Locked) => Hint::UnlockKeyring,
                VaultError::File(FileError::Busy(_)) => Hint::CloseOtherInstance,
                VaultError::File(_) | VaultError::VerifyFailed => Hint::CheckDisk,
                _ => Hint::None,
            },
            Self::Ambiguous { .. } | Self::NoMatch { .. } => Hint::NameOneAccount,
            Self::NoActiveCodes(_) | Self::AllUsed(_) => Hint::GenerateNewCodes,
            Self::UnknownSite(_) => Hint::NameTheSite,
            Self::SeveralLists(_) => Hint::SeveralLists,
            Self::Import(ImportRefusal::HasActiveSet { .. }) => Hint::ReplaceIfNew,
            Self::Account(AccountError::NameTaken(_)) => Hint::Merge,
            Self::Account(AccountError::NotArchived(_)) => Hint::ArchiveFirst,
            Self::OutputPath { .. } => Hint::ChooseAnotherPath,
            Self::File(_) => Hint::CheckDisk,
            Self::PaperKeyNotShown | Self::KeyChangePending => Hint::MakeNewRecoveryKey,
            Self::KeyringLockedAtCreate => Hint::UnlockKeyringToCreate,
            Self::InvalidPaperKey | Self::NotThisPaperKey => Hint::CheckPaperKey,
            Self::PassphraseTooShort | Self::PassphraseWeak { .. } => Hint::LongerPassphrase,
            _ => Hint::None,
        }
    }
}

/// Something the user should be told after opening the vault.
#[derive(Debug, Clone)]
pub enum Notice {
    /// The vault file was damaged; the newest backup that opens was restored.
    RestoredFromBackup(RestoredFromBackup),
    /// A key change had been interrupted and was settled.
    Interrupted(Interrupted),
    /// The vault's folder cannot be written: reading works, changes are refused.
    ReadOnly(std::path::PathBuf),
    /// A vault written by an older Codekeeper was converted to this build's format.
    Migrated(crate::vault::Migrated),
    /// A conflict copy from another computer was merged into the vault.
    Merged(sync::MergedCopy),
    /// A conflict copy could not be merged and was left where it is.
    CopyNotMerged(sync::SkippedCopy),
    /// Work done at opening (merging, converting) could not be saved; retried later.
    NotSaved(String),
}

impl Notice {
    /// The notice in plain words (the same for both front ends).
    pub fn describe(&self) -> String {
        match self {
            Self::RestoredFromBackup(r) => {
                let moved = r
                    .damaged_moved_to
                    .as_ref()
                    .map(|p| format!("; the damaged file was kept as {}", p.display()))
                    .unwrap_or_default();
                format!(
                    "the vault file could not be used ({}). Restored the newest backup that opens (generation {}){moved}. Changes made after that backup are missing.",
                    r.reason, r.generation
                )
            }
            Self::Interrupted(Interrupted::RotationRolledBack) => "a change of paper recovery key was interrupted before the new key was confirmed. Your PREVIOUS paper key is still the valid one; the key shown then does not open the vault.".to_owned(),
            Self::Interrupted(Interrupted::RotationFinished) => "a change of paper recovery key was interrupted; you opened the vault with the new key, so it is now the valid one and the previous key no longer opens the vault.".to_owned(),
            Self::Interrupted(Interrupted::ReenrolmentRolledBack) => "re-enrolling this computer was interrupted before the new key reached the keyring; this computer keeps its previous key, which still opens the vault.".to_owned(),
            Self::Interrupted(Interrupted::ReenrolmentFinished) => "re-enrolling this computer was interrupted after the new key reached the keyring; it was finished now.".to_owned(),
            Self::Interrupted(Interrupted::RotationUnsettled) => "the vault came back from a backup made while a new paper key was being made: both your previous and your new paper key open it. Make a new paper key now to settle which one is valid.".to_owned(),
            Self::ReadOnly(dir) => format!("the vault folder {} is read-only: you can read and copy your codes, but changes (using a code, adding codes) cannot be saved there.", dir.display()),
            Self::NotSaved(what) => format!("{what}."),
            Self::Migrated(m) => format!(
                "this vault was written by an older Codekeeper (format {}); it was converted to format {} and the file as it was is kept as {}.",
                m.from,
                crate::vault::model::FORMAT_VERSION,
                m.backup.display()
            ),
            Self::Merged(m) => format!(
                "merged changes from another computer ({}): {}.",
                m.name,
                m.report.describe()
            ),
            Self::CopyNotMerged(s) => format!(
                "a conflict copy of the vault from another computer was not merged and was left in place ({}): {}.",
                s.path.display(),
                s.reason
            ),
            Self::Interrupted(Interrupted::BackupsRekeyed) => "an interrupted key change had left some backups encrypted to an earlier key; they now open with your current keys.".to_owned(),
        }
    }
}

/// A date as people read it, in the local time zone (`2026-11-27`).
pub fn day(ts: jiff::Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d")
        .to_string()
}

/// An open vault and what the user should be told about opening it.
pub struct Opened {
    /// The vault.
    pub vault: Vault,
    /// Things to tell the user.
    pub notices: Vec<Notice>,
}

/// Opens the vault with this computer's key and settles any interrupted key change.
pub fn open(paths: &VaultPaths, store: &dyn KeyStore) -> Result<Opened, KeeperError> {
    let vault = Vault::open(paths, store)?;
    settle(vault)
}

/// Opens the vault with the paper recovery key (nothing is re-enrolled yet).
pub fn open_with_paper_key(paths: &VaultPaths, paper: &str) -> Result<Opened, KeeperError> {
    let key = keys::clean_paper_key(paper);
    let vault = Vault::open_with_paper_key(paths, &key).map_err(|e| match e {
        VaultError::Crypto(_) => KeeperError::InvalidPaperKey,
        other => other.into(),
    })?;
    settle(vault)
}

fn settle(mut vault: Vault) -> Result<Opened, KeeperError> {
    let mut notices: Vec<Notice> = vault
        .restored_from_backup()
        .cloned()
        .map(Notice::RestoredFromBackup)
        .into_iter()
        .collect();
    if vault.read_only() {
        notices.push(Notice::ReadOnly(vault.paths().dir.clone()));
        return Ok(Opened { vault, notices });
    }
    notices.extend(
        vault
            .finish_interrupted()?
            .into_iter()
            .map(Notice::Interrupted),
    );
    // Neither merging nor converting may keep the vault from opening: a failure is
    // told, and tried again at the next open.
    match sync::merge_conflict_copies(&mut vault) {
        Ok(synced) => {
            notices.extend(synced.merged.into_iter().map(Notice::Merged));
            notices.extend(synced.skipped.into_iter().map(Notice::CopyNotMerged));
        }
        Err(e) => notices.push(Notice::NotSaved(format!(
            "conflict copies from another computer could not be merged now ({e}); they stay beside the vault and are merged at the next open"
        ))),
    }
    if vault.payload().format < crate::vault::model::FORMAT_VERSION
        && let Err(e) = vault.save()
    {
        notices.push(Notice::NotSaved(format!(
            "this vault was written by an older Codekeeper and could not be converted now ({e}); it is converted at the next open"
        )));
    }
    notices.extend(vault.take_migrated().map(Notice::Migrated));
    Ok(Opened { vault, notices })
}

/// Opens the vault for a command that uses codes: refused while its paper key was
/// never shown (an `init` that was interrupted before printing it).
pub fn require_shown_key(vault: &Vault) -> Result<(), KeeperError> {
    if vault.payload().paper_key_confirmed {
        Ok(())
    } else {
        Err(KeeperError::PaperKeyNotShown)
    }
}
