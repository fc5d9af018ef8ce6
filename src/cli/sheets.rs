//! `check-sheet` and `read-sheet`: printed sheets read back from photos and scans.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use secrecy::ExposeSecret;

use super::Ctx;
use super::keys::{open, read_paper_key};
use super::output::{Exit, Failure, one_line, print_stdout};
use crate::keeper::{self, sheets::Finding};

fn paper_identity(source: Option<&Path>) -> Result<age::x25519::Identity, Failure> {
    let typed = read_paper_key(source)?;
    crate::vault::crypto::parse_identity(typed.expose_secret()).map_err(|_| {
        Failure::new(
            keeper::KeeperError::InvalidPaperKey.to_string(),
            Exit::Error,
        )
    })
}

/// Longest one picture may take to search before the command gives up: a picture made
/// to keep the QR search busy (many codes, noise) must not hang the command.
const PICTURE_SECONDS: u64 = 60;

/// Reads the pictures one by one, under a watchdog that ends the command (nothing is
/// open or being written yet) when one takes longer than [`PICTURE_SECONDS`].
fn pictures(paths: &[PathBuf]) -> Result<Vec<keeper::sheets::Picture>, Failure> {
    if paths.len() > keeper::sheets::MAX_PICTURES {
        return Err(keeper::KeeperError::TooManyPictures(keeper::sheets::MAX_PICTURES).into());
    }
    eprintln!("Reading {} picture(s)…", paths.len());
    let (progress, watched) = std::sync::mpsc::channel::<PathBuf>();
    std::thread::spawn(move || {
        let mut current = None;
        loop {
            match watched.recv_timeout(std::time::Duration::from_secs(PICTURE_SECONDS)) {
                Ok(path) => current = Some(path),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    eprintln!(
                        "error: {}: searching it for QR codes took over {PICTURE_SECONDS} seconds, so Codekeeper stopped; use a photo or scan of one sheet. Nothing was changed.",
                        current.as_deref().unwrap_or(Path::new("?")).display()
                    );
                    std::process::exit(Exit::Error as i32);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    let mut read = Vec::new();
    for path in paths {
        let _ = progress.send(path.clone());
        read.extend(keeper::sheets::read_pictures(std::slice::from_ref(path))?);
    }
    Ok(read)
}

/// Why a picture gave nothing, and what to do.
fn picture_problem(path: &Path, e: &crate::photo::PhotoError) -> String {
    format!("{}: {e}; {}.", path.display(), e.advice())
}

pub(super) fn check_sheet(
    ctx: &Ctx,
    images: &[PathBuf],
    recovery_key: Option<&Path>,
) -> Result<(), Failure> {
    let paper = recovery_key.map(|k| paper_identity(Some(k))).transpose()?;
    // The pictures are read before the vault is opened (and locked).
    let read = pictures(images)?;
    let mut vault = open(ctx)?;
    let now = Timestamp::now();
    let checks = keeper::sheets::check(&mut vault, read, paper.as_ref(), now);
    let mut failed = false;
    let mut out = String::new();
    for picture in &checks {
        match &picture.findings {
            Err(e) => {
                failed = true;
                eprintln!("error: {}", picture_problem(&picture.path, e));
            }
            Ok(findings) => {
                if !findings.iter().any(|f| matches!(f, Finding::Checked(_))) {
                    failed = true;
                }
                for f in findings {
                    let mut line = one_line(&f.summary()).into_owned();
                    if matches!(f, Finding::Locked) && recovery_key.is_none() {
                        line.push_str(" With that vault's paper key, `codekeeper read-sheet --recovery-key FILE` reads it.");
                    }
                    out.push_str(&format!("{}: {line}\n", picture.path.display()));
                }
            }
        }
    }
    let found = checks
        .iter()
        .filter_map(|c| c.findings.as_ref().ok())
        .flatten()
        .any(|f| matches!(f, Finding::Checked(c) if c.verdict != keeper::sheets::Verdict::OtherVault));
    if found {
        vault.save()?;
    }
    finish(
        &out,
        failed,
        "some pictures held no sheet of this vault (see above)",
    )
}

/// Prints the results; fails (exit 1) when a picture gave nothing usable.
fn finish(out: &str, failed: bool, problem: &str) -> Result<(), Failure> {
    print_stdout(out)?;
    if failed {
        return Err(Failure::new(problem, Exit::Error));
    }
    Ok(())
}

pub(super) fn read_sheet(
    ctx: &Ctx,
    images: &[PathBuf],
    recovery_key: Option<&Path>,
) -> Result<(), Failure> {
    // With the paper key no vault is needed: this works on any computer.
    let paper = recovery_key.map(|k| paper_identity(Some(k))).transpose()?;
    let read = pictures(images)?;
    let vault = match paper {
        Some(_) => None,
        None => Some(open(ctx)?),
    };
    let mut failed = false;
    let mut out = String::new();
    for picture in read {
        let texts = match picture.texts {
            Ok(texts) => texts,
            Err(e) => {
                failed = true;
                eprintln!("error: {}", picture_problem(&picture.path, &e));
                continue;
            }
        };
        let mut any = false;
        for text in texts {
            let opened = match (&paper, &vault) {
                (Some(key), _) => keeper::sheets::open_with_key(&text, key),
                (None, Some(v)) => keeper::sheets::open_with_vault(&text, v.payload()),
                (None, None) => keeper::sheets::Opened::Foreign,
            };
            match opened {
                keeper::sheets::Opened::Sheet(record) => {
                    any = true;
                    out.push_str(&describe(&record));
                }
                keeper::sheets::Opened::Locked => eprintln!(
                    "{}: {}",
                    picture.path.display(),
                    if paper.is_some() {
                        "a Codekeeper sheet that this paper key does not open (another vault's, or from before the paper key was replaced)."
                    } else {
                        "a Codekeeper sheet of another vault: this vault's keys do not open it; with that vault's paper key, try --recovery-key FILE."
                    }
                ),
                keeper::sheets::Opened::Foreign => eprintln!(
                    "{}: a QR code that is not a Codekeeper sheet.",
                    picture.path.display()
                ),
            }
        }
        failed |= !any;
    }
    finish(
        &out,
        failed,
        "some pictures held no sheet that could be read (see above)",
    )
}

/// A sheet's codes as text: a heading, then one numbered code per line.
fn describe(record: &keeper::sheets::SheetRecord) -> String {
    let name = if record.label.is_empty() {
        record.site.clone()
    } else {
        format!("{}:{}", record.site, record.label)
    };
    let part = if record.parts > 1 {
        format!(" (part {} of {})", record.part, record.parts)
    } else {
        String::new()
    };
    let mut out = format!(
        "Sheet {}{part} · {} · printed {} · codes {} to {} of {}\n",
        one_line(&record.sheet),
        one_line(&name),
        keeper::day(record.printed),
        record.first,
        record.first + record.codes.len().saturating_sub(1),
        record.total
    );
    for (k, code) in record.codes.iter().enumerate() {
        let number = record.first + k;
        let used = if record.used.contains(&number) {
            "\tused when printed"
        } else {
            ""
        };
        out.push_str(&format!("{number:>3}  {}{used}\n", one_line(code.expose())));
    }
    out.push('\n');
    out
}

/// `list`'s notes about paper: codes to tick on stale sheets, sheets never checked.
pub(super) fn sheet_notes(payload: &crate::vault::Payload) {
    for account in payload.accounts.iter().filter(|a| a.archived_at.is_none()) {
        let tick = payload.codes_to_tick(account);
        if let (false, Some(sheet)) = (tick.is_empty(), payload.newest_sheet(account)) {
            eprintln!(
                "note: {} used since sheet {} of {} was printed: tick {} on the paper.",
                keeper::sheets::codes_were(tick.len()),
                one_line(&sheet.id),
                one_line(&account.display_name()),
                keeper::sheets::numbers(&tick)
            );
        }
    }
    for sheet in keeper::sheets::blind_for_old_key(payload) {
        eprintln!(
            "warning: printer-blind sheet {} ({}) was printed for an earlier paper key, which reads its QR code; your current one does not. Print it again with `codekeeper print --blind` and shred the old sheet.",
            one_line(&sheet.id),
            one_line(&sheet.service)
        );
    }
    let unchecked = keeper::sheets::never_checked(payload);
    if !unchecked.is_empty() {
        let names: Vec<String> = unchecked
            .iter()
            .map(|s| {
                let name = if s.label.is_empty() {
                    s.service.clone()
                } else {
                    format!("{}:{}", s.service, s.label)
                };
                format!(
                    "{} ({}, printed {})",
                    one_line(&s.id),
                    one_line(&name),
                    keeper::day(s.printed_at)
                )
            })
            .collect();
        eprintln!(
            "note: {} never checked from a photo or scan: {}; check with `codekeeper check-sheet PHOTO`.",
            if names.len() == 1 {
                "this sheet was"
            } else {
                "these sheets were"
            },
            names.join(", ")
        );
    }
}
