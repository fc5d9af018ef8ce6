//! `print` and `backup`: writing sheets and vault copies where the user asked.

use std::path::Path;

use jiff::Timestamp;

use super::Ctx;
use super::keys::open;
use super::output::{Exit, Failure, one_line};
use crate::keeper;
use crate::settings::PaperSize;

/// How sheets look.
#[derive(Clone, Copy)]
pub(super) struct Style {
    /// Leave account labels off.
    pub anonymous: bool,
    /// Codes only in the encrypted QR code.
    pub blind: bool,
}

pub(super) fn print(
    ctx: &Ctx,
    queries: &[String],
    paper: Option<PaperSize>,
    style: Style,
    output: &Path,
) -> Result<(), Failure> {
    let settings = ctx.settings();
    let mut vault = open(ctx)?;
    let mut indices = Vec::new();
    for q in queries {
        let i = keeper::codes::resolve(vault.payload(), q)?;
        let account = &vault.payload().accounts[i];
        if account.active_set().is_none() {
            eprintln!(
                "warning: {} has no active codes; skipped.",
                one_line(&account.display_name())
            );
        }
        if !indices.contains(&i) {
            indices.push(i);
        }
    }
    if !queries.is_empty()
        && indices
            .iter()
            .all(|&i| vault.payload().accounts[i].active_set().is_none())
    {
        return Err(Failure::new(
            "none of these accounts has active codes; nothing was printed",
            Exit::Error,
        ));
    }
    let job = keeper::paper::prepare_print(
        &mut vault,
        &indices,
        paper.unwrap_or(settings.paper),
        style.anonymous,
        style.blind,
        output,
        Timestamp::now(),
    )?;
    let mut printed = job.write()?;
    for w in &printed.warnings {
        eprintln!("warning: {w}");
    }
    printed.record(vault.payload_mut());
    eprintln!(
        "Wrote {} sheet(s) on {} page(s) to {}.",
        printed.sheets,
        printed.pages,
        printed.path.display()
    );
    vault.save().map_err(|e| {
        Failure::new(
            format!("the sheets were written, but the vault could not record that they were printed: {e}"),
            Exit::Error,
        )
    })?;
    if style.blind {
        eprintln!(
            "Printer-blind: the pages show no codes; each sheet's QR code holds them, encrypted. Print it, keep the paper somewhere safe, and check it from a photo with `codekeeper check-sheet PHOTO`."
        );
    } else {
        eprintln!(
            "Print it, keep the paper somewhere safe, then delete the PDF: it holds every code in plain text. Check the paper later from a photo with `codekeeper check-sheet PHOTO`."
        );
    }
    Ok(())
}

pub(super) fn backup(ctx: &Ctx, folder: &Path) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let saved = keeper::backup::save_copy(&mut vault, folder, Timestamp::now())?;
    eprintln!(
        "Saved an encrypted copy of the vault to {}{} with a README.txt on how to restore it. It opens with your paper key. Keep it away from this computer.",
        saved.path.display(),
        if saved.replaced {
            " (replacing the older copy)"
        } else {
            ""
        }
    );
    Ok(())
}
