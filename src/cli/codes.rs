//! `import`, `list`, `show`, `use` and `mark`: reading input, calling the engine,
//! and printing codes on stdout and messages on stderr.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use super::Ctx;
use super::keys::open;
use super::output::{Exit, Failure, local_time, one_line, print_json, print_stdout};
use crate::import;
use crate::keeper::{self, PASTED_SOURCE, codes::Target};
use crate::vault::Code;
use crate::vault::model::PrintState;

/// `import`'s flags.
pub(super) struct ImportFlags {
    pub service: Option<String>,
    pub account: Option<String>,
    pub replace: bool,
    pub dry_run: bool,
    pub json: bool,
    pub remove_source: bool,
}

pub(super) fn import(ctx: &Ctx, file: &Path, flags: &ImportFlags) -> Result<(), Failure> {
    let (bytes, source) = read_input(file)?;
    let file_name = (source != PASTED_SOURCE).then_some(source.as_str());
    let preview =
        import::preview(&bytes, file_name).map_err(|e| Failure::new(e.to_string(), Exit::Error))?;
    if flags.dry_run {
        return dry_run(&preview, flags.json);
    }
    let target = Target {
        service: flags.service.clone(),
        account: flags.account.clone(),
    };
    let plan = keeper::codes::plan_import(&preview, std::slice::from_ref(&target))?;
    report_preview(&preview, false);
    let mut vault = open(ctx)?;
    let stored = keeper::codes::store_import(
        vault.payload_mut(),
        plan,
        &source,
        flags.replace,
        Timestamp::now(),
    )?;
    vault.save()?;
    for s in stored {
        eprintln!(
            "Stored {} for {}.",
            keeper::codes::n_codes(s.count),
            one_line(&s.name)
        );
        if s.superseded {
            eprintln!(
                "The previous set is kept as history and marked superseded; its codes no longer work at the site."
            );
        }
    }
    if flags.remove_source && file_name.is_some() {
        std::fs::remove_file(file).map_err(|e| {
            Failure::new(
                format!(
                    "the codes are stored, but {} could not be deleted ({e}); delete it yourself",
                    file.display()
                ),
                Exit::Error,
            )
        })?;
        eprintln!(
            "Deleted {}: the codes are safe in the vault now.",
            file.display()
        );
    }
    Ok(())
}

/// What was found and what to check, on stderr in one write (a large file can
/// give thousands of lines).
fn report_preview(preview: &import::Preview, found: bool) {
    use std::fmt::Write as _;
    let mut text = String::new();
    for g in preview.groups.iter().filter(|_| found) {
        let _ = writeln!(
            text,
            "Found {}.",
            one_line(&keeper::codes::describe_group(g))
        );
        // Why: the rule, where the site came from, what was changed in its lines.
        let _ = writeln!(text, "  how: {}", one_line(&g.found.how(g.codes.len())));
        if let Some(changes) = g.found.changes() {
            let _ = writeln!(text, "  normalised: {}", one_line(&changes));
        }
    }
    for n in &preview.normalisations {
        let _ = writeln!(text, "note: {n}");
    }
    for w in &preview.warnings {
        let _ = writeln!(text, "warning: {}", one_line(w));
    }
    eprint!("{text}");
}

fn dry_run(preview: &import::Preview, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(preview);
    }
    report_preview(preview, true);
    // Sized first: a growing buffer of codes would be copied and wiped at each step.
    let size = preview.codes().map(|code| code.code.len() + 1).sum();
    let mut out = zeroize::Zeroizing::new(String::with_capacity(size));
    for code in preview.codes() {
        out.push_str(&code.code);
        out.push('\n');
    }
    print_stdout(&out)
}

fn read_input(file: &Path) -> Result<(zeroize::Zeroizing<Vec<u8>>, String), Failure> {
    let limit = import::MAX_IMPORT_BYTES as u64;
    let too_large =
        |size| Failure::new(import::DecodeError::TooLarge(size).to_string(), Exit::Error);
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    if file.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::new(format!("could not read stdin: {e}"), Exit::Error))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        return Ok((bytes, PASTED_SOURCE.to_owned()));
    }
    let open_err = |e: std::io::Error| {
        Failure::new(
            format!("could not read {}: {e}", file.display()),
            Exit::Error,
        )
    };
    let f = std::fs::File::open(file).map_err(open_err)?;
    let size = f.metadata().map_err(open_err)?.len();
    if size > limit {
        return Err(too_large(size));
    }
    // Room for the whole file at once: grown while reading, the buffer would be
    // copied and wiped at each step.
    bytes.reserve_exact(usize::try_from(size).map_or(0, |size| size.saturating_add(1)));
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(open_err)?;
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((bytes, source))
}

pub(super) fn list(
    ctx: &Ctx,
    json: bool,
    query: &keeper::accounts::ListQuery,
) -> Result<(), Failure> {
    let archived = query.archived;
    let vault = open(ctx)?;
    let payload = vault.payload();
    let found = keeper::accounts::query(payload, query);
    let summaries = keeper::accounts::summaries(payload);
    let accounts: Vec<_> = found.iter().map(|&i| &summaries[i]).collect();
    if json {
        return print_json(&accounts);
    }
    if accounts.is_empty() {
        if query.low || query.unprinted || query.stale {
            eprintln!("No account matches.");
        } else if archived {
            eprintln!("No archived accounts.");
        } else {
            eprintln!("No accounts yet. Add codes with `codekeeper import FILE --service NAME`.");
        }
    }
    let mut out = String::new();
    for s in accounts {
        let low = if s.low { "\tlow" } else { "" };
        let printed = match s.printed {
            Some(PrintState::Unprinted) => "\tunprinted",
            Some(PrintState::Stale) => "\tstale",
            Some(PrintState::Current) | None => "",
        };
        out.push_str(&one_line(s.service));
        out.push('\t');
        out.push_str(&one_line(s.label));
        let _ = write!(out, "\t{}/{}", s.unused, s.total);
        out.push_str(low);
        out.push_str(printed);
        out.push('\n');
    }
    let archived_count = payload
        .accounts
        .iter()
        .filter(|a| a.archived_at.is_some())
        .count();
    if !archived && archived_count > 0 {
        eprintln!("{archived_count} archived account(s) not shown (see `list --archived`).");
    }
    if !archived && ctx.settings().copy_reminder && keeper::backup::copy_outdated(payload) {
        match &payload.last_copy {
            Some(c) => eprintln!(
                "note: the vault changed since its last copy ({}, {}); run `codekeeper backup FOLDER` to refresh it.",
                local_time(c.at),
                c.path
            ),
            None => eprintln!(
                "note: there is no copy of the vault anywhere else; run `codekeeper backup FOLDER` (a USB stick, another disk) so your paper key has a vault to open."
            ),
        }
    }
    if !archived {
        paper_key_notes(payload, ctx.settings().rehearse_months);
        super::sheets::sheet_notes(payload);
    }
    print_stdout(&out)
}

/// When the paper key was last proven, and heir kits that hold an earlier key.
pub(super) fn paper_key_notes(payload: &crate::vault::Payload, months: u32) {
    let state = keeper::proof::rehearsal(payload, months, Timestamp::now());
    match state {
        keeper::proof::Rehearsal::Off => {}
        s if s.is_due() => eprintln!("note: {}; run `codekeeper rehearse`.", s.describe()),
        s => eprintln!("note: {}.", s.describe()),
    }
    for kit in keeper::heirs::stale_kits(payload) {
        eprintln!(
            "warning: the heir kit made on {} holds an earlier paper key, so its shares no longer open the vault; make a new one with `codekeeper heir-kit` and ask the holders to destroy the old shares (`codekeeper heir-kit --dismiss-old` stops this warning).",
            keeper::day(kit.made_at)
        );
    }
}

#[derive(Serialize)]
struct CodeView {
    number: usize,
    code: String,
    used: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize)]
struct SetView {
    status: crate::vault::SetStatus,
    imported_at: Timestamp,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_at: Option<Timestamp>,
    codes: Vec<CodeView>,
}

#[derive(Serialize)]
struct AccountView<'a> {
    #[serde(flatten)]
    summary: keeper::accounts::Summary<'a>,
    notes: &'a str,
    code_sets: Vec<SetView>,
}

fn code_views(codes: &[Code], reveal: bool) -> Vec<CodeView> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| CodeView {
            number: i + 1,
            code: if reveal {
                c.value.expose().to_owned()
            } else {
                c.value.masked()
            },
            used: c.is_used(),
            used_at: c.used_at,
            note: c.note.clone(),
        })
        .collect()
}

pub(super) fn show(ctx: &Ctx, query: &str, reveal: bool, json: bool) -> Result<(), Failure> {
    let vault = open(ctx)?;
    let payload = vault.payload();
    let account = &payload.accounts[keeper::codes::resolve(payload, query)?];
    if json {
        let view = AccountView {
            summary: keeper::accounts::summary(payload, account),
            notes: &account.notes,
            code_sets: account
                .code_sets
                .iter()
                .map(|set| SetView {
                    status: set.status,
                    imported_at: set.imported_at,
                    source: set.source.clone(),
                    superseded_at: set.superseded_at,
                    codes: code_views(&set.codes, reveal),
                })
                .collect(),
        };
        return print_json(&view);
    }
    let name = one_line(&account.display_name()).into_owned();
    let Some(set) = account.active_set() else {
        eprintln!("{name} has no active codes. Import new ones with `codekeeper import`.");
        return Ok(());
    };
    eprintln!(
        "{name}: {} of {} codes unused (imported {} from {})",
        set.unused_count(),
        set.codes.len(),
        local_time(set.imported_at),
        one_line(&set.source)
    );
    let history = account.code_sets.len() - 1;
    if history > 0 {
        eprintln!("{history} older superseded set(s) kept as history (see --json).");
    }
    let mut out = zeroize::Zeroizing::new(String::new());
    for view in code_views(&set.codes, reveal) {
        let mut line = format!(
            "{:>2}  {}  {}",
            view.number,
            view.code,
            if view.used { "used" } else { "unused" }
        );
        if let Some(at) = view.used_at {
            line.push_str(&format!(" {}", local_time(at)));
        }
        if let Some(note) = view.note {
            line.push_str(&format!("  ({})", one_line(&note)));
        }
        line.push('\n');
        out.push_str(&line);
    }
    print_stdout(&out)
}

pub(super) fn use_code(ctx: &Ctx, query: &str) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let account = keeper::codes::resolve(vault.payload(), query)?;
    let used = keeper::codes::use_next(vault.payload_mut(), account, Timestamp::now())?;
    // Hand the code out first: a code that could not be printed is not marked used.
    print_stdout(&format!("{}\n", used.code.as_str()))?;
    let name = one_line(&used.name);
    match vault.save() {
        Ok(()) => {
            eprintln!(
                "Code {} of {name} is now marked used; {} left.",
                used.number, used.left
            );
            if used.low() {
                eprintln!(
                    "Only {} left: generate new codes on the site soon and import them with --replace.",
                    used.left
                );
            }
            Ok(())
        }
        Err(e) => Err(Failure::new(
            format!(
                "THE CODE ABOVE WAS NOT RECORDED AS USED: {e}\nIt is code {} of {name} and still valid at the site if you have not used it. After fixing the problem, run `codekeeper mark {query} {} --used`.",
                used.number, used.number
            ),
            Exit::NotRecorded,
        )),
    }
}

pub(super) fn mark(
    ctx: &Ctx,
    query: &str,
    number: usize,
    used: bool,
    note: Option<&str>,
) -> Result<(), Failure> {
    let mut vault = open(ctx)?;
    let account = keeper::codes::resolve(vault.payload(), query)?;
    let now = Timestamp::now();
    keeper::codes::mark(vault.payload_mut(), account, number, used, now)?;
    if let Some(note) = note {
        keeper::codes::set_note(vault.payload_mut(), account, number, note)?;
    }
    vault.save()?;
    eprintln!(
        "Code {number} of {} is now marked {}.",
        one_line(&vault.payload().accounts[account].display_name()),
        if used { "used" } else { "unused" }
    );
    Ok(())
}
