//! `rehearse` (type the paper key back to prove it), `heir-kit` (split it into
//! SLIP-0039 shares, one page each) and reading shares for `restore --shares`: input
//! and wording only, the operations are in [`crate::keeper::proof`] and
//! [`crate::keeper::heirs`].

use std::io::{IsTerminal, Read};
use std::path::Path;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::Ctx;
use super::keys::{open, read_paper_key};
use super::output::{Exit, Failure};
use crate::keeper::{self, KeeperError, heirs};

/// Largest share file read (sixteen shares are under 8 KiB).
const MAX_SHARES_BYTES: u64 = 64 * 1024;

pub(super) fn rehearse(ctx: &Ctx, recovery_key: Option<&Path>) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let typed = read_paper_key(recovery_key)?;
    keeper::proof::rehearse(
        vault.payload_mut(),
        typed.expose_secret(),
        jiff::Timestamp::now(),
    )
    .map_err(wrong_key)?;
    vault.save()?;
    let months = ctx.settings().rehearse_months;
    let state = keeper::proof::rehearsal(vault.payload(), months, jiff::Timestamp::now());
    eprintln!(
        "That is this vault's paper key: it opens the vault. Recorded; {}.",
        state.describe()
    );
    Ok(())
}

/// A key that is not this vault's: the vault itself opened fine, so this is an
/// ordinary failure (exit 1), not "recovery needed".
fn wrong_key(e: KeeperError) -> Failure {
    match e {
        KeeperError::NotThisPaperKey => Failure::new(
            format!(
                "{e}. Nothing was recorded. If your only paper key is wrong, make a new one now with `codekeeper rotate-recovery-key` while this computer still opens the vault"
            ),
            Exit::Error,
        ),
        KeeperError::InvalidPaperKey => Failure::new(
            format!("{e}; check every character and try again"),
            Exit::Error,
        ),
        other => other.into(),
    }
}

pub(super) fn heir_kit(
    ctx: &Ctx,
    shares: u8,
    threshold: u8,
    output: &Path,
    recovery_key: Option<&Path>,
) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    // Everything but the key first, so nobody types a whole key to hear the path is wrong.
    heirs::check_request(&vault, threshold, shares, output)?;
    let typed = read_paper_key(recovery_key)?;
    let made = heirs::make_heir_kit(
        &vault,
        typed.expose_secret(),
        threshold,
        shares,
        ctx.settings().paper,
        output,
        jiff::Timestamp::now(),
    )
    .map_err(wrong_key)?;
    for w in &made.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "Wrote the heir kit to {}: {} pages, one share each; any {} open the vault. Every share starts “{}”.",
        made.path.display(),
        made.record.shares,
        made.record.threshold,
        made.set_words
    );
    heirs::record(vault.payload_mut(), made.record);
    if let Err(e) = vault.save() {
        return Err(Failure::new(
            format!(
                "{e}. The kit at {} is complete and its shares work, but the vault could not record it, so a later key change cannot warn that they went stale",
                made.path.display()
            ),
            Exit::Error,
        ));
    }
    eprintln!(
        "Print it, give each page to a different person, then delete the file: together the pages are your paper key."
    );
    match heirs::copy_for_heirs(vault.payload()) {
        heirs::CopyForHeirs::Fits => eprintln!(
            "They also need a copy of the vault; the last one you saved ({}) opens with these shares.",
            vault
                .payload()
                .last_copy
                .as_ref()
                .map_or("", |c| c.path.as_str())
        ),
        heirs::CopyForHeirs::OlderKey => eprintln!(
            "warning: your last copy of the vault elsewhere was saved before this paper key was made, so these shares may not open it. Save a new one with `codekeeper backup FOLDER` and tell the holders where it is."
        ),
        heirs::CopyForHeirs::None => eprintln!(
            "warning: the holders also need a copy of the vault, and there is none elsewhere yet. Save one with `codekeeper backup FOLDER` and tell them where it is."
        ),
    }
    Ok(())
}

pub(super) fn dismiss_old(ctx: &Ctx) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let n = heirs::stale_kits(vault.payload()).len();
    heirs::retire_stale(vault.payload_mut());
    vault.save()?;
    eprintln!("No longer warning about {n} heir kit(s) of an earlier paper key.");
    Ok(())
}

/// Reads heir shares for `restore --shares`: from a file (`-` for stdin), or asked
/// for one at a time on a terminal until the set has enough.
pub(super) fn read_shares(source: Option<&Path>) -> Result<Zeroizing<String>, Failure> {
    let mut text = Zeroizing::new(String::new());
    match source {
        Some(path) if path.as_os_str() != "-" => {
            text = super::keys::read_secret_file(path, MAX_SHARES_BYTES)?;
        }
        None if std::io::stdin().is_terminal() => loop {
            let state = heirs::shares_state(&text);
            if state.ready() {
                break;
            }
            let n = state.valid + 1;
            let typed = Zeroizing::new(
                rpassword::prompt_password(format!("Heir share {n} (its words, on one line): "))
                    .map_err(|e| {
                        Failure::new(format!("could not read the share: {e}"), Exit::Error)
                    })?,
            );
            let mut candidate = Zeroizing::new(format!("{}{}\n", text.as_str(), typed.as_str()));
            let after = heirs::shares_state(&candidate);
            match after.problems.first() {
                Some((_, e)) => eprintln!("That share does not read: {e}. Type it again."),
                None => {
                    std::mem::swap(&mut text, &mut candidate);
                    eprintln!("{}", after.describe());
                }
            }
        },
        _ => {
            std::io::stdin()
                .take(MAX_SHARES_BYTES)
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(format!("could not read stdin: {e}"), Exit::Error))?;
        }
    }
    let key = heirs::key_from_shares(&text).map_err(|e| match e {
        KeeperError::Shares { .. } | KeeperError::SharesNotAKey => Failure::new(
            format!("{e}; check the words against the printed shares and try again"),
            Exit::RecoveryNeeded,
        ),
        other => other.into(),
    })?;
    Ok(key)
}
