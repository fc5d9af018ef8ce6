//! Key lifecycle: creating the vault and showing its paper key, rotating the paper
//! key in two phases, restoring with the paper key (re-enrolling this computer), and
//! the passphrase rule for key files.
//!
//! The front end's part in each is to *show* a key and report back: [`Created`] and
//! [`Rotation`] hold the key until [`Created::shown`] / [`Rotation::shown`] (the key
//! reached the user) or [`Created::not_shown`] / [`Rotation::not_shown`] (it did not).
//! Dropping either without a verdict leaves the vault safe: the next [`super::open`]
//! rolls an unconfirmed rotation back, and an unconfirmed new vault refuses use until
//! a key was shown ([`super::require_shown_key`]).

use age::secrecy::SecretString;

use super::{KeeperError, Opened};
use crate::vault::keystore::PassphraseKeyFile;
use crate::vault::{BackupRewrite, KeyStore, PaperKey, Vault, VaultError, VaultPaths};

/// Shortest passphrase accepted for a key file.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The strength a new key-file passphrase needs: zxcvbn's score 3, "safely
/// unguessable" (about 10^10 guesses), on top of the scrypt work per guess.
pub const MIN_PASSPHRASE_SCORE: u8 = 3;

/// How hard a passphrase is to guess, for the window to show as it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strength {
    /// zxcvbn's score, 0 (guessed at once) to 4 (very hard).
    pub score: u8,
    /// In words: "too weak", "weak", "fair", "good", "strong".
    pub word: &'static str,
    /// How long guessing would take against the key file (10,000 guesses a second).
    pub time_to_guess: String,
    /// What is wrong with it, when zxcvbn says ("This is a top-10 common password").
    pub warning: Option<String>,
    /// How to make it stronger.
    pub suggestion: Option<String>,
}

impl Strength {
    /// Whether it is strong enough for a key file.
    pub fn acceptable(&self) -> bool {
        self.score >= MIN_PASSPHRASE_SCORE
    }
}

/// Estimates a passphrase's strength (zxcvbn, with the app's own words as known
/// guesses). Nothing is stored or logged.
pub fn passphrase_strength(passphrase: &str) -> Strength {
    let estimate = zxcvbn::zxcvbn(passphrase, &["codekeeper", "backup", "recovery", "codes"]);
    let score = estimate.score() as u8;
    let feedback = estimate.feedback();
    Strength {
        score,
        word: ["too weak", "weak", "fair", "good", "strong"][usize::from(score.min(4))],
        time_to_guess: estimate
            .crack_times()
            .offline_slow_hashing_1e4_per_second()
            .to_string(),
        warning: feedback
            .and_then(zxcvbn::feedback::Feedback::warning)
            .map(|w| w.to_string()),
        suggestion: feedback
            .and_then(|f| f.suggestions().first())
            .map(ToString::to_string),
    }
}

/// Checks a new key-file passphrase: long enough, and not easy to guess.
pub fn check_new_passphrase(passphrase: &str) -> Result<(), KeeperError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeeperError::PassphraseTooShort);
    }
    let strength = passphrase_strength(passphrase);
    if !strength.acceptable() {
        let why = strength
            .warning
            .or(strength.suggestion)
            .unwrap_or_else(|| "it follows a common pattern".to_owned());
        return Err(KeeperError::PassphraseWeak {
            why: why.trim_end_matches('.').to_owned(),
            time: strength.time_to_guess,
        });
    }
    Ok(())
}

/// A paper key as typed or read from a file: `# …` comment lines (age key files have
/// them) and all white space dropped; the key's case is left to the parser.
pub fn clean_paper_key(text: &str) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

/// A new vault whose paper key is waiting to be shown.
pub struct Created {
    /// The vault (already saved, encrypted to this computer's key and the paper key).
    pub vault: Vault,
    /// The paper key to show.
    pub paper: PaperKey,
}

/// Creates the vault. Show `paper`, then call [`Created::shown`] or [`Created::not_shown`].
pub fn create(paths: &VaultPaths, store: &dyn KeyStore) -> Result<Created, KeeperError> {
    let (vault, paper) = Vault::create(paths, store).map_err(|e| match e {
        VaultError::KeyStore(crate::vault::KeyStoreError::Locked) => {
            KeeperError::KeyringLockedAtCreate
        }
        other => other.into(),
    })?;
    Ok(Created { vault, paper })
}

impl Created {
    /// The key reached the user (command line: written and flushed to stdout; window:
    /// confirmed by typing part of it). The vault is usable from now on.
    pub fn shown(mut self) -> Result<Vault, KeeperError> {
        self.vault.confirm_paper_key()?;
        Ok(self.vault)
    }

    /// The key could not be shown: the new vault is removed again, with this
    /// computer's key, so no vault exists whose paper key nobody saw.
    pub fn not_shown(self, store: &dyn KeyStore) -> Result<(), KeeperError> {
        self.vault.discard_new(store)?;
        Ok(())
    }
}

/// A rotation under way: the vault and its backups open with the old and the new
/// paper key until [`Rotation::shown`] drops the old one.
pub struct Rotation {
    /// The new paper key to show.
    pub paper: PaperKey,
    /// What re-encrypting the backups to both keys achieved.
    pub report: BackupRewrite,
}

/// First phase of a rotation (see [`Rotation`]).
pub fn begin_rotation(vault: &mut Vault) -> Result<Rotation, KeeperError> {
    let (paper, report) = vault.begin_rotation()?;
    Ok(Rotation { paper, report })
}

impl Rotation {
    /// The new key reached the user: the old paper key stops opening the vault and
    /// its backups (older copies elsewhere still open with it).
    pub fn shown(self, vault: &mut Vault) -> Result<BackupRewrite, KeeperError> {
        Ok(vault.commit_rotation()?)
    }

    /// The new key could not be shown: it is dropped and the old one stays valid.
    pub fn not_shown(self, vault: &mut Vault) -> Result<(), KeeperError> {
        vault.abort_rotation()?;
        Ok(())
    }
}

/// The paper key on screen was confirmed (window): finishes a rotation, or marks the
/// first key of a new vault as shown.
pub fn key_shown(vault: &mut Vault) -> Result<BackupRewrite, KeeperError> {
    if vault.rotation_pending() {
        Ok(vault.commit_rotation()?)
    } else {
        vault.confirm_paper_key()?;
        Ok(BackupRewrite::default())
    }
}

/// Where this computer's new key goes when re-enrolling.
pub enum NewKeyStore<'a> {
    /// The system keyring.
    Keyring(&'a dyn KeyStore),
    /// A passphrase-protected key file in the data directory.
    KeyFile(SecretString),
}

/// What [`restore`] did.
pub struct Restored {
    /// The open vault, now encrypted to this computer's new key and the paper key.
    pub vault: Vault,
    /// Things to tell the user about opening.
    pub notices: Vec<super::Notice>,
    /// Backups re-encrypted, and those left as they were.
    pub report: BackupRewrite,
    /// Where the new key is kept, for the message.
    pub store_name: String,
}

/// Opens the vault with the paper key and re-enrols this computer: a new key in
/// `store`, stored only after the vault opens with it (the old entry keeps working
/// until then). The paper key stays valid.
pub fn restore(
    paths: &VaultPaths,
    paper: &str,
    store: NewKeyStore<'_>,
) -> Result<Restored, KeeperError> {
    restore_from(paths, None, paper, store, false)
}

/// Like [`restore`], on a computer without the vault: `copy` (a copy saved with
/// [`super::backup::save_copy`], or its folder) becomes this computer's vault first,
/// once the paper key is known to open it. With `keep_others`, the computers that
/// open the vault now keep opening it (a second computer sharing the vault through
/// a synced folder); without, this computer's new key replaces theirs.
pub fn restore_from(
    paths: &VaultPaths,
    copy: Option<&std::path::Path>,
    paper: &str,
    store: NewKeyStore<'_>,
    keep_others: bool,
) -> Result<Restored, KeeperError> {
    let key_file;
    let (store, to_keyring): (&dyn KeyStore, bool) = match store {
        NewKeyStore::Keyring(s) => (s, true),
        NewKeyStore::KeyFile(passphrase) => {
            {
                use age::secrecy::ExposeSecret;
                check_new_passphrase(passphrase.expose_secret())?;
            }
            key_file = PassphraseKeyFile::new(paths, passphrase);
            (&key_file, false)
        }
    };
    if let Some(copy) = copy {
        super::backup::adopt_copy(paths, copy, paper)?;
    }
    let Opened { mut vault, notices } = super::open_with_paper_key(paths, paper)?;
    let report = vault.reenroll(store, keep_others, || {
        if to_keyring && PassphraseKeyFile::exists(paths) {
            // The keyring holds the new key now; the key file would be tried first
            // and is about to stop opening the vault.
            PassphraseKeyFile::new(paths, SecretString::from(String::new())).delete("")?;
        }
        Ok(())
    })?;
    Ok(Restored {
        vault,
        notices,
        report,
        store_name: store.name().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passphrases_are_refused_with_the_reason() {
        for weak in [
            "aaaaaaaa",
            "password1",
            "qwertyuiop",
            "12345678",
            "codekeeper2026",
        ] {
            let e = check_new_passphrase(weak).unwrap_err();
            assert!(
                matches!(e, KeeperError::PassphraseWeak { .. }),
                "{weak}: {e}"
            );
            assert!(e.to_string().contains("too easy to guess"), "{e}");
        }
        assert!(matches!(
            check_new_passphrase("short"),
            Err(KeeperError::PassphraseTooShort)
        ));
        let strong = "correct horse battery";
        let s = passphrase_strength(strong);
        assert!(s.acceptable(), "{s:?}");
        assert!(check_new_passphrase("plum kettle uneven orbit 7").is_ok());
        let weak = passphrase_strength("aaaaaaaa");
        assert_eq!(weak.word, "too weak");
        assert!(weak.warning.is_some());
    }
    use crate::vault::keystore::MemoryKeyStore;

    #[test]
    fn a_key_that_was_not_shown_leaves_no_vault() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let created = create(&paths, &store).unwrap();
        created.not_shown(&store).unwrap();
        assert!(!paths.vault().exists());
        assert!(!paths.id_file().exists());
        assert!(store.is_empty());
        // …so init works again.
        let created = create(&paths, &store).unwrap();
        let vault = created.shown().unwrap();
        assert!(vault.payload().paper_key_confirmed);
    }

    #[test]
    fn an_unconfirmed_new_vault_refuses_use() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        drop(create(&paths, &store).unwrap());
        let opened = super::super::open(&paths, &store).unwrap();
        assert!(matches!(
            super::super::require_shown_key(&opened.vault),
            Err(KeeperError::PaperKeyNotShown)
        ));
    }

    #[test]
    fn rotation_keeps_the_old_key_until_the_new_one_was_shown() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let created = create(&paths, &store).unwrap();
        let old = SecretString::from(created.paper.expose().to_owned());
        let mut vault = created.shown().unwrap();
        vault.save().unwrap();
        let rotation = begin_rotation(&mut vault).unwrap();
        let new = SecretString::from(rotation.paper.expose().to_owned());
        drop(vault);
        // Interrupted here: both keys open the vault and the backups.
        use age::secrecy::ExposeSecret;
        for key in [&old, &new] {
            let id = crate::vault::crypto::parse_identity(key.expose_secret()).unwrap();
            for path in std::iter::once(paths.vault())
                .chain(paths.list_backups().unwrap().into_iter().map(|(_, p)| p))
            {
                let bytes = std::fs::read(&path).unwrap();
                crate::vault::crypto::decrypt(&bytes, &id).unwrap();
            }
        }
        // The next open rolls back: the old key stays the valid one.
        let opened = super::super::open(&paths, &store).unwrap();
        assert!(matches!(
            opened.notices.as_slice(),
            [super::super::Notice::Interrupted(
                crate::vault::Interrupted::RotationRolledBack
            )]
        ));
        drop(opened);
        let new_id = crate::vault::crypto::parse_identity(new.expose_secret()).unwrap();
        let bytes = std::fs::read(paths.vault()).unwrap();
        assert!(crate::vault::crypto::decrypt(&bytes, &new_id).is_err());
        let opened = super::super::open_with_paper_key(&paths, old.expose_secret()).unwrap();
        let mut vault = opened.vault;
        // A rotation that is shown drops the old key from the vault and every backup.
        let rotation = begin_rotation(&mut vault).unwrap();
        let new = SecretString::from(rotation.paper.expose().to_owned());
        let report = rotation.shown(&mut vault).unwrap();
        assert!(report.skipped.is_empty());
        drop(vault);
        let old_id = crate::vault::crypto::parse_identity(old.expose_secret()).unwrap();
        let new_id = crate::vault::crypto::parse_identity(new.expose_secret()).unwrap();
        for path in std::iter::once(paths.vault())
            .chain(paths.list_backups().unwrap().into_iter().map(|(_, p)| p))
        {
            let bytes = std::fs::read(&path).unwrap();
            assert!(crate::vault::crypto::decrypt(&bytes, &old_id).is_err());
            crate::vault::crypto::decrypt(&bytes, &new_id).unwrap();
        }
    }

    #[test]
    fn restore_keeps_the_old_device_key_until_the_new_one_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let created = create(&paths, &store).unwrap();
        let paper = SecretString::from(created.paper.expose().to_owned());
        drop(created.shown().unwrap());
        use age::secrecy::ExposeSecret;
        // A keyring that refuses to store: the old entry must still open the vault.
        let failing = FailingStore(&store);
        assert!(
            restore(
                &paths,
                paper.expose_secret(),
                NewKeyStore::Keyring(&failing)
            )
            .is_err()
        );
        let opened = super::super::open(&paths, &store).unwrap();
        assert!(matches!(
            opened.notices.as_slice(),
            [super::super::Notice::Interrupted(
                crate::vault::Interrupted::ReenrolmentRolledBack
            )]
        ));
        drop(opened);
        let restored =
            restore(&paths, paper.expose_secret(), NewKeyStore::Keyring(&store)).unwrap();
        assert!(restored.vault.payload().recipients.old_devices.is_empty());
        drop(restored);
        super::super::open(&paths, &store).unwrap();
    }

    #[test]
    fn a_backup_from_the_middle_of_a_rotation_never_drops_the_confirmed_key() {
        use age::secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let mut vault = create(&paths, &store).unwrap().shown().unwrap();
        let rotation = begin_rotation(&mut vault).unwrap();
        let new = SecretString::from(rotation.paper.expose().to_owned());
        // A commit cut short after saving the vault, before any backup was rewritten:
        // the newest backup still holds the rotation as pending.
        {
            let p = vault.payload_mut();
            p.recipients.paper = p.recipients.new_paper.take().unwrap();
            p.paper_key_confirmed = true;
            p.rekey_backups = true;
        }
        vault.save().unwrap();
        drop(vault);
        // Then the vault file is damaged: the pending backup comes back.
        std::fs::write(paths.vault(), b"damaged").unwrap();
        let opened = super::super::open(&paths, &store).unwrap();
        assert!(
            opened.notices.iter().any(|n| matches!(
                n,
                super::super::Notice::Interrupted(crate::vault::Interrupted::RotationUnsettled)
            )),
            "{:?}",
            opened.notices
        );
        drop(opened);
        // The key the user confirmed still opens the vault and every backup.
        let id = crate::vault::crypto::parse_identity(new.expose_secret()).unwrap();
        for path in std::iter::once(paths.vault())
            .chain(paths.list_backups().unwrap().into_iter().map(|(_, p)| p))
        {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                crate::vault::crypto::decrypt(&bytes, &id).is_ok(),
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn a_restore_tried_again_keeps_whatever_key_the_keyring_holds() {
        use age::secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let created = create(&paths, &store).unwrap();
        let paper = SecretString::from(created.paper.expose().to_owned());
        drop(created.shown().unwrap());
        // Restore #1 stores its key and is cut short before dropping the old one.
        let Opened { mut vault, .. } =
            super::super::open_with_paper_key(&paths, paper.expose_secret()).unwrap();
        let cut = vault.reenroll(&store, false, || {
            Err(crate::vault::VaultError::VerifyFailed)
        });
        assert!(cut.is_err());
        drop(vault);
        // Restore #2 cannot store its key: the key from #1 in the keyring still opens.
        let failing = FailingStore(&store);
        assert!(
            restore(
                &paths,
                paper.expose_secret(),
                NewKeyStore::Keyring(&failing)
            )
            .is_err()
        );
        let opened = super::super::open(&paths, &store).unwrap();
        assert!(opened.vault.payload().recipients.old_devices.is_empty());
    }

    #[test]
    fn a_wrong_key_never_brings_back_an_older_backup() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = MemoryKeyStore::default();
        let created = create(&paths, &store).unwrap();
        let old = created.paper.expose().to_owned();
        let mut vault = created.shown().unwrap();
        let before = std::fs::read(paths.vault()).unwrap();
        let rotation = begin_rotation(&mut vault).unwrap();
        rotation.shown(&mut vault).unwrap();
        drop(vault);
        // An old backup that still opens with the old key (a copy made elsewhere
        // before the rotation, put back by hand).
        let stale = paths.backups_dir().join("vault-0000000001.age");
        std::fs::write(&stale, before).unwrap();
        assert!(matches!(
            super::super::open_with_paper_key(&paths, &old),
            Err(KeeperError::Vault(crate::vault::VaultError::WrongKey(_)))
        ));
        assert!(paths.vault().exists(), "the vault was not moved aside");
        let corrupt = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("corrupt")
            })
            .count();
        assert_eq!(corrupt, 0, "{}", stale.display());
    }

    struct FailingStore<'a>(&'a MemoryKeyStore);

    impl KeyStore for FailingStore<'_> {
        fn name(&self) -> &str {
            "a failing store"
        }
        fn get(&self, id: &str) -> Result<Option<SecretString>, crate::vault::KeyStoreError> {
            self.0.get(id)
        }
        fn set(&self, _: &str, _: &SecretString) -> Result<(), crate::vault::KeyStoreError> {
            Err(crate::vault::KeyStoreError::Locked)
        }
        fn delete(&self, id: &str) -> Result<(), crate::vault::KeyStoreError> {
            self.0.delete(id)
        }
    }
}
