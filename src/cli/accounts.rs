//! `rename`, `merge`, `archive`, `unarchive` and `purge`: naming accounts and telling
//! what happened; the changes themselves are the vault content's own methods.

use std::path::Path;

use jiff::Timestamp;

use super::Ctx;
use super::keys::open;
use super::output::{Exit, Failure, one_line};
use crate::keeper;

pub(super) fn rename(ctx: &Ctx, query: &str, new_name: &str) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let i = keeper::codes::resolve(vault.payload(), query)?;
    let old = vault.payload().accounts[i].display_name();
    let (service, label) = keeper::accounts::parse_name(new_name);
    vault
        .payload_mut()
        .rename(i, service, label)
        .map_err(keeper::KeeperError::from)?;
    vault.save()?;
    eprintln!(
        "Renamed {} to {}.",
        one_line(&old),
        one_line(&vault.payload().accounts[i].display_name())
    );
    Ok(())
}

pub(super) fn merge(ctx: &Ctx, from: &str, into: &str) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let f = keeper::codes::resolve(vault.payload(), from)?;
    let t = keeper::codes::resolve(vault.payload(), into)?;
    let from_name = vault.payload().accounts[f].display_name();
    let t = vault
        .payload_mut()
        .merge(f, t, Timestamp::now())
        .map_err(keeper::KeeperError::from)?;
    vault.save()?;
    let a = &vault.payload().accounts[t];
    eprintln!(
        "Merged {} into {}: {} code set(s), {} unused code(s) in the working set.",
        one_line(&from_name),
        one_line(&a.display_name()),
        a.code_sets.len(),
        a.active_set()
            .map_or(0, crate::vault::CodeSet::unused_count)
    );
    Ok(())
}

pub(super) fn merge_copy(ctx: &Ctx, path: &Path) -> Result<(), Failure> {
    if !path.is_file() {
        return Err(Failure::new(
            format!(
                "{} is not a file; to merge two accounts, name both: `codekeeper merge FROM INTO`",
                path.display()
            ),
            Exit::Error,
        ));
    }
    let mut vault = open(ctx)?;
    let report = keeper::sync::merge_file(&mut vault, path)?;
    eprintln!(
        "Merged {}: {}.",
        one_line(&path.display().to_string()),
        one_line(&report.describe())
    );
    Ok(())
}

pub(super) fn archive(ctx: &Ctx, query: &str) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let i = keeper::codes::resolve(vault.payload(), query)?;
    vault
        .payload_mut()
        .archive(i, Timestamp::now())
        .map_err(keeper::KeeperError::from)?;
    vault.save()?;
    eprintln!(
        "Archived {}: it is kept in the vault, encrypted; `codekeeper unarchive` brings it back.",
        one_line(&vault.payload().accounts[i].display_name())
    );
    Ok(())
}

pub(super) fn unarchive(ctx: &Ctx, query: &str) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let i = keeper::codes::resolve_archived(vault.payload(), query)?;
    vault
        .payload_mut()
        .unarchive(i)
        .map_err(keeper::KeeperError::from)?;
    vault.save()?;
    eprintln!(
        "{} is back in the list.",
        one_line(&vault.payload().accounts[i].display_name())
    );
    Ok(())
}

pub(super) fn purge(ctx: &Ctx, query: &str, yes: bool) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let i = keeper::codes::resolve_archived(vault.payload(), query).map_err(|e| match e {
        keeper::KeeperError::NoMatch { .. } if !vault.payload().find(query).is_empty() => {
            Failure::new(
                format!("`{query}` is not archived; archive it first with `codekeeper archive`"),
                Exit::Error,
            )
        }
        other => other.into(),
    })?;
    let name = one_line(&vault.payload().accounts[i].display_name()).into_owned();
    if !yes {
        return Err(Failure::new(
            format!(
                "purging deletes every code of {name} for good (backups keep older copies until they rotate out); add --yes to confirm"
            ),
            Exit::Error,
        ));
    }
    vault
        .payload_mut()
        .purge(i)
        .map_err(keeper::KeeperError::from)?;
    vault.save()?;
    eprintln!("Deleted {name} and its codes from the vault.");
    Ok(())
}
