//! `init`, `restore` and `rotate-recovery-key`, and opening the vault for every other
//! command: which key store to use, asking for passphrases and paper keys, and
//! showing a new paper key. A key counts as shown only once it was written to stdout
//! and flushed without error; otherwise the engine undoes what made it.

use std::io::{IsTerminal, Read};
use std::path::Path;

use age::secrecy::{ExposeSecret, SecretString};

use super::output::{Exit, Failure, print_stdout};
use super::{Ctx, PASSPHRASE_ENV};
use crate::keeper::{self, KeeperError, keys::NewKeyStore};
use crate::vault::keystore::{OsKeyring, PassphraseKeyFile};
use crate::vault::{BackupRewrite, KeyStore, KeyStoreError, Vault};

/// The store holding this computer's key for an existing vault.
fn existing_store(ctx: &Ctx) -> Result<Box<dyn KeyStore>, Failure> {
    if PassphraseKeyFile::exists(&ctx.paths) {
        let passphrase = ask_passphrase("Passphrase for this computer's vault key: ", false)?;
        Ok(Box::new(PassphraseKeyFile::new(&ctx.paths, passphrase)))
    } else {
        Ok(Box::new(OsKeyring::new()))
    }
}

fn ask_passphrase(prompt: &str, new: bool) -> Result<SecretString, Failure> {
    let checked = |p: String| -> Result<SecretString, Failure> {
        if new {
            keeper::keys::check_new_passphrase(&p)?;
        }
        Ok(SecretString::from(p))
    };
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return checked(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(KeyStoreError::PassphraseNeeded.into());
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| Failure::new(format!("could not read the passphrase: {e}"), Exit::Error))
    };
    let first = zeroize::Zeroizing::new(read(prompt)?);
    if new {
        let second = zeroize::Zeroizing::new(read("Type it again: ")?);
        if *first != *second {
            return Err(Failure::new(
                "the two passphrases differ; nothing was changed. Try again",
                Exit::Error,
            ));
        }
    }
    checked(first.to_string())
}

/// Opens the vault with this computer's key, tells what opening settled, and refuses
/// a vault whose paper key was never shown.
pub(super) fn open(ctx: &Ctx) -> Result<Vault, Failure> {
    let vault = open_any(ctx)?;
    keeper::require_shown_key(&vault)?;
    Ok(vault)
}

fn open_any(ctx: &Ctx) -> Result<Vault, Failure> {
    let store = existing_store(ctx)?;
    let opened = keeper::open(&ctx.paths, store.as_ref())?;
    for notice in &opened.notices {
        eprintln!("warning: {}", notice.describe());
    }
    Ok(opened.vault)
}

const KEEP_IT: &str =
    "Your paper recovery key is printed below. Write it down or print it now and keep it
somewhere safe: it opens every code in the vault, even without this computer.
It is shown only now; Codekeeper does not store it.
";

pub(super) fn init(
    ctx: &Ctx,
    passphrase_key_file: bool,
    kit: Option<&Path>,
) -> Result<(), Failure> {
    let store: Box<dyn KeyStore> = if passphrase_key_file {
        let passphrase = ask_passphrase("New passphrase for this computer's vault key: ", true)?;
        Box::new(PassphraseKeyFile::new(&ctx.paths, passphrase))
    } else {
        Box::new(OsKeyring::new())
    };
    let created = keeper::keys::create(&ctx.paths, store.as_ref())?;
    eprintln!("Created a new vault in {}.", ctx.paths.dir.display());
    eprintln!("This computer's key is kept in {}.", store.name());
    eprintln!();
    eprint!("{KEEP_IT}");
    eprintln!();
    let key = SecretString::from(created.paper.expose().to_owned());
    if let Err(e) = print_stdout(&zeroize::Zeroizing::new(format!(
        "{}\n",
        key.expose_secret()
    ))) {
        return Err(match created.not_shown(store.as_ref()) {
            Ok(()) => Failure::new(
                format!(
                    "{}; the paper key could not be shown, so no vault was created. Run `codekeeper init` again where its output can be seen",
                    e.message
                ),
                Exit::Error,
            ),
            Err(undo) => Failure::new(
                format!(
                    "{}; the paper key could not be shown and the new vault could not be removed ({undo}). Run `codekeeper rotate-recovery-key` to make a new key",
                    e.message
                ),
                Exit::Error,
            ),
        });
    }
    let vault = created.shown()?;
    kit.map_or(Ok(()), |path| write_kit(ctx, &vault, &key, path))
}

/// Reads at most `limit` bytes of a secret from `path`.
pub(super) fn read_secret_file(
    path: &Path,
    limit: u64,
) -> Result<zeroize::Zeroizing<String>, Failure> {
    let mut text = zeroize::Zeroizing::new(String::new());
    let err = |e: std::io::Error| {
        Failure::new(
            format!("could not read {}: {e}", path.display()),
            Exit::Error,
        )
    };
    std::fs::File::open(path)
        .map_err(err)?
        .take(limit)
        .read_to_string(&mut text)
        .map_err(err)?;
    Ok(text)
}

pub(super) fn read_paper_key(source: Option<&Path>) -> Result<SecretString, Failure> {
    let mut text = zeroize::Zeroizing::new(String::new());
    let limit = 64 * 1024;
    match source {
        Some(path) if path.as_os_str() != "-" => text = read_secret_file(path, limit)?,
        None if std::io::stdin().is_terminal() => {
            let typed = rpassword::prompt_password("Paper recovery key (AGE-SECRET-KEY-1…): ")
                .map_err(|e| Failure::new(format!("could not read the key: {e}"), Exit::Error))?;
            text.push_str(&typed);
        }
        _ => {
            std::io::stdin()
                .take(limit)
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(format!("could not read stdin: {e}"), Exit::Error))?;
        }
    }
    Ok(SecretString::from(text.to_string()))
}

fn warn_skipped(report: &BackupRewrite) {
    for path in &report.skipped {
        eprintln!(
            "warning: backup {} could not be opened or rewritten and was left as it was.",
            path.display()
        );
    }
}

/// What `restore` opens the vault with.
pub(super) enum KeySource {
    /// The paper key, from a file, stdin or a prompt.
    PaperKey(Option<std::path::PathBuf>),
    /// Heir shares, from a file, stdin or one prompt per share.
    Shares(Option<std::path::PathBuf>),
}

pub(super) fn restore(
    ctx: &Ctx,
    from: Option<&Path>,
    key: &KeySource,
    passphrase_key_file: bool,
    keep_others: bool,
) -> Result<(), Failure> {
    let (paper, by) = match key {
        KeySource::PaperKey(path) => (read_paper_key(path.as_deref())?, "your paper key"),
        KeySource::Shares(path) => (
            SecretString::from(super::heirs::read_shares(path.as_deref())?.to_string()),
            "the heir shares",
        ),
    };
    let keyring = OsKeyring::new();
    let store = if passphrase_key_file {
        NewKeyStore::KeyFile(ask_passphrase(
            "New passphrase for this computer's vault key: ",
            true,
        )?)
    } else {
        NewKeyStore::Keyring(&keyring)
    };
    let restored = keeper::keys::restore_from(&ctx.paths, from, paper.expose_secret(), store, keep_others)
        .map_err(|e| match e {
            KeeperError::InvalidPaperKey => Failure::new(
                "that is not a valid paper recovery key (it starts with AGE-SECRET-KEY-1 and ends with a checksum); check every character and try again",
                Exit::RecoveryNeeded,
            ),
            KeeperError::Vault(crate::vault::VaultError::WrongKey(_)) => Failure::new(
                match key {
                    KeySource::PaperKey(_) => "the paper key you gave does not open this vault or any of its backups; check that it is the key printed for this vault (a key replaced by `rotate-recovery-key` no longer opens it)",
                    KeySource::Shares(_) => "the key these heir shares hold does not open this vault or any of its backups: they were made for another vault, or before its paper key was replaced, or this copy of the vault is older than the shares",
                },
                Exit::RecoveryNeeded,
            ),
            other => other.into(),
        })?;
    for notice in &restored.notices {
        eprintln!("warning: {}", notice.describe());
    }
    eprintln!(
        "Vault opened with {by}. This computer is enrolled again: the vault and {} backup(s) are now encrypted to a new key in {} and to {}, which is unchanged.",
        restored.report.rewritten,
        restored.store_name,
        match key {
            KeySource::PaperKey(_) => "your paper key",
            KeySource::Shares(_) => "the paper key the shares hold (the shares stay valid)",
        }
    );
    let others = restored.vault.payload().recipients.other_devices.len();
    if keep_others {
        eprintln!(
            "{others} other computer(s) sharing this vault keep opening it with their own keys."
        );
    } else {
        eprintln!(
            "Other computers that opened this vault no longer do; to share the vault with another computer through a synced folder, run `codekeeper restore --keep-other-computers` there."
        );
    }
    if matches!(key, KeySource::Shares(_)) {
        eprintln!(
            "The share holders together now know the paper key. When things are settled, make a new one with `codekeeper rotate-recovery-key`."
        );
    }
    warn_skipped(&restored.report);
    Ok(())
}

pub(super) fn rotate(ctx: &Ctx, kit: Option<&Path>) -> Result<(), Failure> {
    let mut vault = open_any(ctx)?;
    let rotation = keeper::keys::begin_rotation(&mut vault)?;
    warn_skipped(&rotation.report);
    eprintln!(
        "Made a new paper recovery key, printed below. Write it down or print it now; it is shown only this once."
    );
    eprintln!();
    let key = SecretString::from(rotation.paper.expose().to_owned());
    if let Err(e) = print_stdout(&zeroize::Zeroizing::new(format!(
        "{}\n",
        key.expose_secret()
    ))) {
        let undone = rotation.not_shown(&mut vault);
        return Err(Failure::new(
            match undone {
                Ok(()) => format!(
                    "{}; the new key could not be shown, so it was dropped. Your current paper key stays valid",
                    e.message
                ),
                Err(u) => format!(
                    "{}; the new key could not be shown ({u}). Your current paper key stays valid; the next start drops the new one",
                    e.message
                ),
            },
            Exit::Error,
        ));
    }
    let report = match rotation.shown(&mut vault) {
        Ok(report) => report,
        Err(e) if vault.rotation_pending() => {
            return Err(Failure::new(
                format!(
                    "{e}; the new key above could not be made the valid one. Your PREVIOUS paper key stays valid and the next start drops the new one"
                ),
                Exit::Error,
            ));
        }
        Err(e) => {
            return Err(Failure::new(
                format!(
                    "{e}; the vault was re-encrypted to the NEW key above all the same: keep it, and destroy the old one"
                ),
                Exit::Error,
            ));
        }
    };
    eprintln!();
    eprintln!(
        "The vault and {} backup(s) now open with the new key only.",
        report.rewritten
    );
    warn_skipped(&report);
    eprintln!(
        "Your OLD paper key no longer opens this vault, but it still opens any copy of the vault made before now (old backups elsewhere, synced copies): destroy the old paper and such copies."
    );
    for old in keeper::heirs::stale_kits(vault.payload()) {
        eprintln!(
            "warning: the heir kit made on {} holds the old key, so its shares no longer open the vault; make a new one with `codekeeper heir-kit` and ask the holders to destroy the old shares.",
            keeper::day(old.made_at)
        );
    }
    let blind = keeper::sheets::blind_for_old_key(vault.payload()).len();
    if blind > 0 {
        eprintln!(
            "warning: {blind} printer-blind sheet(s) were printed before this change: the new paper key does not read their QR codes (Codekeeper still does). Print them again with `codekeeper print --blind` and shred the old ones, above all if the old key was seen by someone else."
        );
    }
    kit.map_or(Ok(()), |path| write_kit(ctx, &vault, &key, path))
}

fn write_kit(ctx: &Ctx, vault: &Vault, key: &SecretString, path: &Path) -> Result<(), Failure> {
    let paper = ctx.settings().paper;
    let written = keeper::paper::write_recovery_kit(vault, key.expose_secret(), paper, path)
        .map_err(|e| {
            Failure::new(format!("{e}. The key above is valid: write it down, or make a kit later with `codekeeper rotate-recovery-key --recovery-kit FILE.pdf`"), Exit::Error)
        })?;
    eprintln!(
        "Wrote the recovery kit to {}. Print it, then delete the file.",
        written.display()
    );
    Ok(())
}
