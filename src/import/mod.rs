//! Import: bytes in, code sets out. Pure code: no UI, no I/O beyond the bytes given.
//!
//! The pipeline: [`decode`] (UTF-8 / UTF-16 / legacy encodings detected, refusing
//! binary and oversized input) →
//! [`normalize`] (invisible and full-width characters, reported) → [`markup`]
//! (HTML, JSON, e-mail quoting unwrapped into lines) → [`scan`] (words classified
//! as codes, markers, neutral words or prose; a large text in two pieces at once,
//! see `pieces`) → `extract`, which keeps the codes standing on code lines
//! (maybe-words only beside unmistakable codes, see `stretches`; label lines and
//! table rows, see `labels`) and splits a notes file into one list per site
//! heading → `finish`, which marks used codes, reports duplicates, and guesses
//! site and account ([`sites`], `filing`). Password-manager exports are read by
//! their structure first ([`exports`]): only items' notes and fields go through the
//! pipeline. Spreadsheets are read by their header's columns (`tables`).

pub mod exports;
mod extract;
mod filing;
mod finish;
mod found;
mod labels;
pub mod markup;
pub mod normalize;
mod not_codes;
mod pieces;
mod rows;
pub mod scan;
pub mod sites;
mod stretches;
mod tables;
mod text;
mod tokens;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lists;

use serde::Serialize;
use zeroize::Zeroizing;

pub use found::{Found, Rule, SiteFrom};
pub use normalize::Normalisation;
use normalize::{Changed, Counts};
pub use text::{DecodeError, Decoded, MAX_IMPORT_BYTES, decode, decode_any, human_size};

use crate::parallel::each_in_place;
use extract::{Evidence, extract, says_codes_in, shape_evidence};
use finish::finish;
use pieces::Piece;
#[cfg(test)]
use pieces::{TWO_PIECES_FROM, cut_in_two};
use scan::ScannedLine;

/// Why nothing can be imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// Not text, or too large.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// Text without anything that looks like a recovery code.
    #[error(
        "no recovery codes found in this text; check that it is the list the site gave you (codes look like `abcde-12345` or `1234 5678`)"
    )]
    NoCodes,
}

/// One code found in the input.
#[derive(Serialize)]
pub struct FoundCode {
    /// The code as displayed by the site (grouping kept).
    #[serde(serialize_with = "expose")]
    pub code: Zeroizing<String>,
    /// Marked as used in the source.
    pub used: bool,
    /// 1-based line in the input.
    pub line: usize,
}

fn expose<S: serde::Serializer>(
    value: &Zeroizing<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Codes that belong together: one site's list.
#[derive(Serialize)]
pub struct Group {
    /// The site, if it could be told.
    pub site: Option<String>,
    /// The user name or e-mail, if it could be told.
    pub account: Option<String>,
    /// The codes in the order given.
    pub codes: Vec<FoundCode>,
    /// Why they were found and filed as they were.
    pub found: Found,
}

/// Everything found in one input.
#[derive(Serialize)]
pub struct Preview {
    /// One group per site (usually one).
    pub groups: Vec<Group>,
    /// Invisible or full-width characters that were normalised.
    pub normalisations: Vec<Normalisation>,
    /// Things the user should check.
    pub warnings: Vec<String>,
}

impl Preview {
    /// All codes of all groups, in order.
    pub fn codes(&self) -> impl Iterator<Item = &FoundCode> {
        self.groups.iter().flat_map(|g| g.codes.iter())
    }
}

/// Reads codes out of a file's bytes (or pasted text as bytes). `file_name` helps
/// to guess the site.
pub fn preview(bytes: &[u8], file_name: Option<&str>) -> Result<Preview, ImportError> {
    let (text, legacy) = text::decode_text(bytes)?;
    let mut preview = preview_text(&text, file_name)?;
    if let Some(name) = legacy {
        preview.warnings.insert(0, legacy_warning(name));
        for group in &mut preview.groups {
            group.found.encoding = Some(name);
        }
    }
    Ok(preview)
}

/// What the user is told when a file was not Unicode.
pub fn legacy_warning(encoding: &str) -> String {
    format!("the file is not UTF-8; it was read as {encoding}: check that its letters look right")
}

/// Reads codes out of text.
pub fn preview_text(text: &str, file_name: Option<&str>) -> Result<Preview, ImportError> {
    // A table whose header names a column of codes is read by its columns before
    // anything else: a password manager's export has no such column, and a
    // spreadsheet with `Account` and `Notes` columns is no export.
    if let Some(preview) = preview_table(text, file_name) {
        return Ok(preview);
    }
    match exports::items(text) {
        Some((kind, items)) => preview_export(kind, &items),
        None => preview_plain(text, file_name, file_name),
    }
}

/// A text that is one table whose header names its columns ([`tables`]), read by
/// its columns; `None` if it is no such table or holds no code there.
fn preview_table(text: &str, file_name: Option<&str>) -> Option<Preview> {
    // Most texts are turned away by their first line, before any copy is made.
    tables::read(text)?;
    // The normalised text may hold codes: wiped when dropped. Its lines must be
    // numbered as the text's (a terminal's escape sequence may take a line break
    // with it).
    let mut normal = Zeroizing::new(String::with_capacity(text.len()));
    let mut changed = Vec::new();
    let counts = normalize::normalise_into(text, &mut normal, 1, &mut changed);
    let breaks = |t: &str| t.bytes().filter(|&b| b == b'\n').count();
    if breaks(&normal) != breaks(text) {
        return None;
    }
    let table = tables::read(&normal)?;
    tables::preview(&table, file_name, &changed, counts)
}

/// A password-manager export (of `kind`): each item's notes and fields are searched
/// on their own, and what is found there is filed under the item's name and user name.
fn preview_export(kind: &'static str, items: &[exports::Item]) -> Result<Preview, ImportError> {
    let mut all = Preview {
        groups: Vec::new(),
        normalisations: Vec::new(),
        warnings: Vec::new(),
    };
    for item in items.iter().filter(|i| !i.text.trim().is_empty()) {
        let Ok(found) = preview_plain(&item.text, None, Some(&item.name)) else {
            continue;
        };
        for mut group in found.groups {
            group.site = Some(vault_name(&item.name));
            group.account = item.username.as_deref().map(vault_name).or(group.account);
            group.found.export = Some(kind);
            group.found.site_from = Some(SiteFrom::ExportItem);
            all.groups.push(group);
        }
        all.normalisations.extend(found.normalisations);
        all.warnings.extend(found.warnings);
    }
    if all.groups.is_empty() {
        return Err(ImportError::NoCodes);
    }
    Ok(all)
}

/// A name from an export as a site or account name (one line, trimmed).
fn vault_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The codes of a plain text; `title` (a file's or an export item's name) may say
/// that it holds codes (`says_codes` in `extract`).
fn preview_plain(
    text: &str,
    file_name: Option<&str>,
    title: Option<&str>,
) -> Result<Preview, ImportError> {
    // Normalising, unwrapping and scanning look at one line at a time: a large text
    // is done in two pieces at once, each on one core, which also finds the evidence
    // of the codes' shapes in it. Everything after looks at all lines together.
    let mut whole = None;
    let mut pieces = pieces::cut(text, &mut whole);
    let json = pieces.first().is_some_and(Piece::is_json);
    let done = each_in_place(&mut pieces, Piece::scan);
    // A line may look back at the lines before it (a table's header): across the
    // cut too.
    if let [(first, ..), (second, ..)] = done.as_slice() {
        second.follows(first);
    }
    let mut scanned: Vec<ScannedLine<'_>> =
        Vec::with_capacity(done.iter().map(|(scan, ..)| scan.line_count()).sum());
    let mut evidence = Vec::with_capacity(done.len());
    // What normalising changed, line by line, in line order.
    let mut changed: Vec<Changed> = Vec::new();
    // Lines and runs of maybe-codes are numbered in each piece: from here on, in
    // the whole text.
    let mut runs = 0;
    for (scan, mut found, their_changes) in done {
        let first = scanned.len();
        for (_, line, run) in &mut found.weak {
            *line += first;
            *run += runs;
        }
        runs += found.runs;
        scanned.extend(scan.lines());
        evidence.push(found);
        changed.extend(their_changes);
    }
    let built = extract(&scanned, &evidence, title);
    if built.is_empty() {
        return Err(ImportError::NoCodes);
    }
    let mut warnings = Vec::new();
    let mut groups = finish(&built, &scanned, &changed, file_name, &mut warnings);
    if json {
        for group in groups.iter_mut().filter(|g| g.found.rule != Rule::LoneCode) {
            group.found.rule = Rule::JsonStrings;
        }
    }
    Ok(Preview {
        groups,
        normalisations: Counts::of(changed.iter()).report(),
        warnings,
    })
}
