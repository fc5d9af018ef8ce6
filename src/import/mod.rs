//! Import: bytes in, code sets out. Pure code: no UI, no I/O beyond the bytes given.
//!
//! The pipeline: [`decode`] (UTF-8 / UTF-16 / legacy encodings detected, refusing
//! binary and oversized input) →
//! [`normalize`] (invisible and full-width characters, reported) → [`markup`]
//! (HTML, JSON, e-mail quoting unwrapped into lines) → [`scan`] (words classified
//! as codes, markers, neutral words or prose; a large text in two pieces at once,
//! see `pieces`) → this module, which keeps the codes
//! standing on code lines (maybe-words only beside unmistakable codes, see
//! `stretches`), splits a notes file into one group per site heading,
//! marks used codes, reports duplicates, and guesses site and account
//! ([`sites`], `filing`). Password-manager exports are read by their structure first
//! ([`exports`]): only items' notes and fields go through the pipeline.

pub mod exports;
mod filing;
mod found;
mod labels;
pub mod markup;
pub mod normalize;
mod pieces;
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

use std::collections::hash_map::Entry;

use serde::Serialize;
use zeroize::Zeroizing;

pub use found::{Found, Rule, SiteFrom};
pub use normalize::Normalisation;
use normalize::{Changed, Counts};
pub use text::{DecodeError, Decoded, MAX_IMPORT_BYTES, decode, decode_any, human_size};

use crate::parallel::{each_at_once, each_in_place};
use filing::{guess_account, site_of_list};
use labels::{
    dump_or_fingerprint, end_of_dump, heading_names_other_codes, heads_other_codes,
    in_table_of_codes, is_label_line, key_before_codes, letters_only, named_line, row_goes_on,
    site_row,
};
use pieces::Piece;
#[cfg(test)]
use pieces::{TWO_PIECES_FROM, cut_in_two};
use scan::{Candidate, Map, ScannedLine, Word};
use stretches::{Line, is_page_marker, only_beside_codes};

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
/// that it holds codes ([`says_codes`]).
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

/// What some lines tell of the shapes codes have ([`shape_evidence`]).
struct Evidence<'a> {
    /// Unmistakable codes on lines that could be code lines.
    strong: Vec<&'a Candidate<'a>>,
    /// Maybe-codes alone on a line without prose: each with the index of its line
    /// and its run (how many lines that gave unmistakable codes came before it).
    weak: Vec<(&'a Candidate<'a>, usize, usize)>,
    /// How many lines gave unmistakable codes: the runs the lines make.
    runs: usize,
}

/// A code taken from a line: the candidate, whether it is marked used, the source
/// line, its list number.
type Taken<'a> = (&'a Candidate<'a>, bool, usize, Option<u32>);

/// What a line turned out to be.
enum Kind {
    Blank,
    /// Where the line's codes are in its part's list of codes taken.
    Codes(std::ops::Range<usize>),
    Prose,
}

/// Maybe-codes that may make a list together: their shape, whether they have
/// lower-case letters, upper-case letters and digits, and their run
/// ([`Evidence::weak`]).
type WeakKey = (scan::Shape, bool, bool, bool, usize);

/// A group under construction: codes and the line range it covers.
struct Building<'a> {
    /// Candidate, used, source line, list number.
    codes: Vec<Taken<'a>>,
    /// The indexes of its first and last code lines.
    first_line: usize,
    last_line: usize,
    /// The rule that took its codes.
    rule: Rule,
    /// How many lines its codes were taken from.
    lines: usize,
}

fn extract<'a>(
    lines: &[ScannedLine<'a>],
    evidence: &[Evidence<'a>],
    title: Option<&str>,
) -> Vec<Building<'a>> {
    // Lines are looked at one by one: many of them in two halves at once.
    let (head, tail) = lines.split_at(lines.len() / 2);
    let parts = if lines.len() >= 4096 {
        vec![head, tail]
    } else {
        vec![lines]
    };
    // Shapes of unmistakable codes on lines with no prose (or a short label) decide
    // which maybe-words are codes too.
    let mut shapes = scan::strong_shapes(evidence.iter().flat_map(|e| &e.strong).copied());
    // Three or more maybe-words of one shape, each alone on its line, with no line
    // of unmistakable codes between them, are a list too: words in groups by their
    // number, single words when words say it is one ([`says_codes`]). Words of one
    // shape spread over a notes file (its headings between lists, "Personal",
    // "GitHub") or a plain list of words or passwords ("bananas", "summer2024") are
    // not.
    let mut weak: Map<WeakKey, Vec<(&Candidate<'a>, usize)>> = Map::default();
    // The lines of maybe-words that made a list of their own.
    let mut weak_lines: Vec<usize> = Vec::new();
    for &(c, line, run) in evidence.iter().flat_map(|e| &e.weak) {
        weak.entry((c.shape, c.chars.lower, c.chars.upper, c.chars.digit, run))
            .or_default()
            .push((c, line));
    }
    for ((shape, _, _, digit, _), mut members) in weak {
        // Found in line order: the first is where the list starts. Words of one shape
        // in groups (`abcd-efgh`) are a list by their number alone, as they always
        // were; single words (`bananas`, `summer2024`) need words that say so, and
        // so do pairs of words of letters (`hzkt adcw`, but also `keep safe`).
        let grouped = shape.groups().len() > 1 && (digit || !shape.spaced());
        let says = members.len() >= 3 && (grouped || says_codes(lines, &members, title));
        // The same word three times (a page header repeated) is not a list.
        members.sort_by(|a, b| a.0.text.cmp(&b.0.text));
        members.dedup_by(|a, b| a.0.text == b.0.text);
        if says && members.len() >= 3 {
            weak_lines.extend(members.iter().map(|(_, line)| *line));
            let entry = shapes.entry(shape).or_default();
            for (c, _) in members {
                entry.0 += 1;
                entry.1.digit |= c.chars.digit;
                entry.1.lower |= c.chars.lower;
                entry.1.upper |= c.chars.upper;
                entry.1.non_hex |= c.chars.non_hex;
            }
        }
    }
    // For each part: what each of its lines is, whether it names its own list,
    // whether it is a heading that starts a new list (only looked for where one
    // could), the list number standing alone on it; the codes of all its lines in
    // one list.
    let mut classified = each_at_once(&parts, |part| {
        let mut codes = Vec::new();
        // Whether a new list is due, as the loop below will have it, from this part's
        // first code line on; unknown before it, where every prose line is checked.
        let mut pending: Option<bool> = None;
        let kinds: Vec<_> = part
            .iter()
            .map(|l| {
                let kind = line_kind(l, &shapes, &mut codes);
                // "PyPI: a, b", and "GitHub backup codes: a; b" or "X (Twitter) backup
                // code: …": a label line that names a site.
                let by_name = named_line(l);
                let named = by_name
                    || (matches!(kind, Kind::Codes(_))
                        && is_label_line(l)
                        && sites::from_text(l.text()).is_some());
                let row = named && !by_name && site_row(l);
                // A row of one code under one of its site's: their list goes on.
                let named = named && !(row && row_goes_on(l));
                let prose = matches!(kind, Kind::Prose);
                // A heading matters to the loop below only while no new list is
                // due: it is not looked for where it cannot change anything.
                let heading = match (&kind, pending.as_mut()) {
                    (Kind::Codes(_), _) => {
                        pending = Some(named);
                        false
                    }
                    (_, None) => prose && is_heading(l),
                    (_, Some(due)) => {
                        *due |= named;
                        let heading = prose && !*due && is_heading(l);
                        *due |= heading;
                        heading
                    }
                };
                // A list number alone on a prose line.
                let lone = match l.words() {
                    [Word::Number(n)] if prose => Some(*n),
                    _ => None,
                };
                let between = match kind {
                    Kind::Blank => true,
                    Kind::Prose => {
                        l.words().iter().all(|w| {
                            matches!(
                                w,
                                Word::Number(_) | Word::Flag(_) | Word::Neutral | Word::Comment
                            )
                        }) || is_page_marker(l.text())
                    }
                    Kind::Codes(_) => false,
                };
                Line {
                    kind,
                    named,
                    row,
                    heading,
                    lone,
                    between,
                }
            })
            .collect();
        (kinds, codes)
    });

    weak_lines.sort_unstable();
    only_beside_codes(&mut classified, &weak_lines, |first| {
        has_own_heading(lines, first)
    });

    let mut groups: Vec<Building<'a>> = Vec::new();
    let mut split_pending = false;
    // The code line before named its list and ended in a comma: its list goes on.
    let mut goes_on = false;
    // A list number alone on its line belongs to the code on the next code line (text
    // copied out of a PDF puts them on lines of their own).
    let mut lone_number: Option<u32> = None;
    // The lines of the parts in turn; a code line's codes are in its part's list.
    let mut i = 0;
    for (kinds, taken) in &mut classified {
        for Line {
            kind,
            named,
            row,
            heading,
            lone,
            ..
        } in kinds.iter()
        {
            // "PyPI: a, b, c" names its own site: its codes are a group of their own.
            if *named && groups.last().is_some_and(|g| !g.codes.is_empty()) {
                split_pending = true;
            }
            match kind {
                Kind::Blank => split_pending |= std::mem::take(&mut goes_on),
                Kind::Prose => {
                    split_pending |= std::mem::take(&mut goes_on);
                    lone_number = *lone;
                    split_pending |= groups.last().is_some_and(|g| !g.codes.is_empty()) && *heading;
                }
                Kind::Codes(range) => {
                    // A row that goes on the row of its site above it
                    // ([`row_goes_on`]): the same list.
                    if *row && !*named {
                        split_pending = false;
                    }
                    let codes = &mut taken[range.clone()];
                    // A list goes on only with codes of its kind: as long, with
                    // letters or not (`5028 6484` goes on as `67658141`).
                    if goes_on
                        && let (Some(last), Some(next)) =
                            (groups.last().and_then(|g| g.codes.last()), codes.first())
                        && !same_kind(last.0, next.0)
                    {
                        split_pending = true;
                    }
                    if let (Some(n), Some(first)) = (lone_number.take(), codes.first_mut())
                        && first.3.is_none()
                    {
                        first.3 = Some(n);
                    }
                    if groups.is_empty() || split_pending {
                        groups.push(Building {
                            codes: Vec::new(),
                            first_line: i,
                            last_line: i,
                            // A named line's codes are a group of their own.
                            rule: if *row {
                                Rule::TableRow
                            } else if *named {
                                Rule::AfterName
                            } else {
                                Rule::CodeLines
                            },
                            lines: 0,
                        });
                        split_pending = false;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.last_line = i;
                        g.lines += 1;
                        g.codes.extend_from_slice(codes);
                    }
                    // "PyPI: a, b, c," with the list going on on the next line: the
                    // next line, if it holds codes, is still its list.
                    goes_on = *named
                        && lines
                            .get(i)
                            .is_some_and(|l| l.text().trim_end().ends_with([',', ';']));
                    split_pending |= *named && !goes_on;
                }
            }
            i += 1;
        }
    }
    // A site's name before one code, right above more codes of its shape
    // (`GitHub account: a739b-178b9` and the rest of the list below): one list.
    let mut joined: Vec<Building<'a>> = Vec::with_capacity(groups.len());
    for g in groups {
        if let Some(above) = joined.last_mut()
            && above.rule == Rule::AfterName
            && let [(first, ..)] = above.codes.as_slice()
            && g.rule == Rule::CodeLines
            && g.first_line == above.last_line + 1
            && g.codes.iter().all(|(c, ..)| c.shape == first.shape)
        {
            above.codes.extend(g.codes);
            above.last_line = g.last_line;
            above.lines += g.lines;
            above.rule = Rule::CodeLines;
            continue;
        }
        joined.push(g);
    }
    let mut groups = joined;
    // A list under a heading that names codes of another kind ("Gift vouchers",
    // "Licence keys") is not one of recovery codes.
    let mut after = 0;
    groups.retain(|g| {
        let other = heading_names_other_codes(&lines[after..g.first_line], &g.codes);
        after = g.last_line + 1;
        !other
    });
    if groups.is_empty() {
        // A lone code in a sentence ("Your backup code is 4f7a9k2m1x0q"): take it only
        // when it is the one unmistakable code in the whole text.
        let lone: Vec<(&'a Candidate<'a>, usize, usize)> = lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.words().iter().map(move |w| (w, i, l)))
            .filter_map(|(w, i, l)| match *w {
                Word::Code(k) => Some((l.code(k), i, l.number())),
                _ => None,
            })
            .filter(|(c, ..)| {
                c.strong && c.text.len() >= 8 && c.chars.digit && (c.chars.lower || c.chars.upper)
            })
            .collect();
        // …and only with a word that says what it is on its line or the one before
        // ("backup code", "recovery"): a lone tracking number, IBAN or serial is not.
        // (Not `Locker code: 3qcrw7d2` nor `Door code: …`: codes of another kind.)
        let said = |i: usize| {
            let near = &lines[i.saturating_sub(1)..=i];
            near.iter()
                .flat_map(ScannedLine::words)
                .any(|w| w.soft().is_some_and(|s| scan::LONE_CODE_WORDS.contains(&s)))
                && !near.iter().any(|l| labels::names_other_codes(l.text()))
        };
        if let [(c, i, n)] = lone.as_slice()
            && said(*i)
        {
            groups.push(Building {
                codes: vec![(*c, c.struck, *n, None)],
                first_line: *i,
                last_line: *i,
                rule: Rule::LoneCode,
                lines: 1,
            });
        }
    }
    groups
}

/// The code candidates of `lines` that tell which shapes codes have: unmistakable
/// codes on lines that could be code lines, and maybe-words alone on a line without
/// prose.
fn shape_evidence<'a>(lines: impl Iterator<Item = ScannedLine<'a>>) -> Evidence<'a> {
    let (mut strong, mut weak) = (Vec::new(), Vec::new());
    let mut runs = 0;
    let codes = |l: ScannedLine<'a>| {
        l.words().iter().filter_map(move |w| match w {
            Word::Code(k) => Some(l.code(*k)),
            _ => None,
        })
    };
    // A line of prose ends a run too: a shopping list under its note and letter
    // codes under their heading are runs of their own. Looked at only while the
    // run may have maybe-codes (most lines are prose, and most runs have none); at
    // the start of a piece that is not known, since the run may have begun before.
    let mut open = true;
    let ends_run = |line: &ScannedLine<'_>, open: &mut bool| {
        let ends = *open
            && line
                .words()
                .iter()
                .any(|w| matches!(w, Word::Prose | Word::Named | Word::Setup))
            && !is_page_marker(line.text());
        *open &= !ends;
        usize::from(ends)
    };
    for (i, line) in lines.enumerate() {
        let count = codes(line).count();
        if count == 0 {
            runs += ends_run(&line, &mut open);
            continue;
        }
        let prose = prose_count(line.words());
        // Unmistakable codes on a line that could be a code line: no prose at all, or
        // prose only as a short label before the codes.
        if gave_strong_codes(&line, prose) {
            strong.extend(codes(line).filter(|c| c.strong));
            runs += 1;
            open = false;
        } else if prose == 0 && count == 1 {
            weak.extend(codes(line).filter(|c| !c.strong).map(|c| (c, i, runs)));
            open = true;
        } else if prose > 0 {
            runs += ends_run(&line, &mut open);
        }
    }
    Evidence { strong, weak, runs }
}

/// Whether something says that maybe-codes of one shape (with the indexes of their
/// lines, in order) are a list of codes: words that say so ([`says_codes_in`]) in
/// `title` (the file's or the export item's name), on their lines, or on the few
/// lines before the first that are not blank, back to the line that began their
/// run. A used mark does not: a ticked shopping list is not a list of codes. Nor
/// do the title and the lines before count for words of letters under a heading of
/// their own ([`has_own_heading`]): a packing list after a page about recovery codes,
/// or in a file named for them, is the user's note.
fn says_codes(
    lines: &[ScannedLine<'_>],
    members: &[(&Candidate<'_>, usize)],
    title: Option<&str>,
) -> bool {
    let says = |line: &ScannedLine<'_>| says_codes_in(line.text());
    if members.iter().any(|(_, i)| lines.get(*i).is_some_and(says)) {
        return true;
    }
    let first = members.first().map_or(0, |(_, i)| *i);
    let said = title.is_some_and(|t| says_codes_in(t) || sites::from_file_name(t).is_some())
        // Back to the line that began their run (the last that gave unmistakable
        // codes: another list's last code, or a heading with a reference number in
        // it), that line included.
        || lines[..first]
            .iter()
            .rev()
            .filter(|l| !l.text().trim().is_empty())
            .take(LIST_CONTEXT_LINES)
            .find(|l| says(l) || gave_strong_codes(l, prose_count(l.words())))
            .is_some_and(says);
    // Words under a heading of their own ("Packing list", "Garden") are that
    // heading's list, whatever came before it and whatever the file is called.
    said && !(members.iter().all(|(c, _)| !c.chars.digit) && has_own_heading(lines, first))
}

/// Whether the words from `first` on stand under a heading of their own: the first
/// line of their block of lines (no blank line between), at most
/// [`LIST_CONTEXT_LINES`] lines before `first`, is a short line of words
/// (one word too: "Garden"), not a sentence nor a page number, that neither speaks
/// of codes nor names a site ("Packing list", "Things to buy:"), and no unmistakable
/// code stands between it and `first` (the list's other words may). A list of codes
/// has a heading that says what they are, or the site's name, or none.
fn has_own_heading(lines: &[ScannedLine<'_>], first: usize) -> bool {
    let blank = |l: &ScannedLine<'_>| l.text().trim().is_empty();
    // Within the few lines before `first` that words about a list are looked for in.
    let from = first.saturating_sub(LIST_CONTEXT_LINES);
    let start = match lines[from..first].iter().rposition(blank) {
        Some(at) => from + at + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let Some((heading, words)) = lines[start..first].split_first() else {
        return false;
    };
    let no_code = |l: &ScannedLine<'_>| {
        !l.words()
            .iter()
            .any(|w| matches!(w, Word::Code(k) if l.code(*k).strong))
    };
    let text = heading.text().trim();
    words.iter().all(no_code)
        && text.chars().count() <= 40
        && text.chars().any(char::is_alphabetic)
        && !text.ends_with(['.', '!', '?'])
        && !gave_strong_codes(heading, prose_count(heading.words()))
        && !is_page_marker(text)
        && !says_codes_in(text)
        && sites::from_text(text).is_none()
}

/// Whether `line`, with `prose` words of prose ([`prose_count`]), gives unmistakable
/// codes as evidence ([`shape_evidence`]): it could be a code line (no prose at all,
/// or prose only as a short label before the codes) and has some. It begins a new
/// run of maybe-codes.
fn gave_strong_codes(line: &ScannedLine<'_>, prose: usize) -> bool {
    // (The codes first: a line of prose with a maybe-code has none, and is no label
    // line to be asked.)
    line.words()
        .iter()
        .any(|w| matches!(w, Word::Code(k) if line.code(*k).strong))
        && (prose == 0 || is_label_line(line))
}

/// Whether `text` speaks of backup or recovery codes: one of [`LIST_WORDS`]' first
/// words and one of its second, in any case, also inside other words
/// (`recovery_codes`, `backupCodes`, "Wiederherstellungscodes").
fn says_codes_in(text: &str) -> bool {
    // Every word for "code" starts with `cod` or `cód`: most lines have neither,
    // which is told without a copy.
    let cod = text.as_bytes().windows(3).any(|w| {
        w[0] | 0x20 == b'c' && (w[1] | 0x20 == b'o' && w[2] | 0x20 == b'd' || w[1] == 0xC3)
    });
    if !cod {
        return false;
    }
    // A copy of a line that may hold codes: wiped when done.
    let lower = Zeroizing::new(text.to_lowercase());
    let (what, codes) = LIST_WORDS;
    what.iter().any(|w| lower.contains(w)) && codes.iter().any(|c| lower.contains(c))
}

/// Words that, together in a line, say it is about a list of codes: what kind of
/// codes, then "code" itself (English, German, Spanish, French).
const LIST_WORDS: (&[&str], &[&str]) = (
    &[
        "backup",
        "recovery",
        "2fa",
        "mfa",
        "two-factor",
        "scratch",
        "wiederherstellung",
        "sicherung",
        "respaldo",
        "recuperaci",
        "secours",
        "récupération",
    ],
    &["code", "código", "codigo"],
);

/// How many lines that are not blank before a list of maybe-codes are looked at for
/// words that say what it is ([`says_codes`]).
const LIST_CONTEXT_LINES: usize = 8;

fn prose_count(words: &[Word]) -> usize {
    let first_code = words.iter().position(|w| matches!(w, Word::Code(_)));
    let end = words
        .iter()
        .enumerate()
        .position(|(i, w)| matches!(w, Word::Comment) && first_code.is_some_and(|c| c < i))
        .unwrap_or(words.len());
    words[..end]
        .iter()
        .filter(|w| matches!(w, Word::Prose | Word::Named | Word::Setup))
        .count()
}

/// What `line` is; its codes, if it is a code line, are added to `taken`.
fn line_kind<'a>(
    line: &ScannedLine<'a>,
    shapes: &Map<scan::Shape, (usize, scan::Chars)>,
    taken: &mut Vec<Taken<'a>>,
) -> Kind {
    let words = line.words();
    if words.is_empty() {
        return Kind::Blank;
    }
    if !words.iter().any(|w| matches!(w, Word::Code(_))) {
        return Kind::Prose;
    }
    let start = taken.len();
    if take_codes(line, shapes, taken) && taken.len() > start {
        Kind::Codes(start..taken.len())
    } else {
        taken.truncate(start);
        Kind::Prose
    }
}

/// Adds the codes of `line` to `taken`; `false` if the line turns out to be prose
/// (the codes added so far are then to be dropped).
fn take_codes<'a>(
    line: &ScannedLine<'a>,
    shapes: &Map<scan::Shape, (usize, scan::Chars)>,
    taken: &mut Vec<Taken<'a>>,
) -> bool {
    // Whether the line is a label line ([`is_label_line`]): looked at only when a
    // code that is not usable, a prose word or a name is met (on most code lines,
    // none is).
    let mut label = None;
    // "Key: 53bfdfb31cf9c0cd", "WPA key …", "Product key: …": a Wi-Fi or licence key,
    // unless a label word says it is a recovery key ("Recovery key: …"); a line of
    // a hex dump, or a key's fingerprint.
    if key_before_codes(line) || dump_or_fingerprint(line.text()) || may_end_dump(line) {
        return false;
    }
    let start = taken.len();
    let mut number: Option<u32> = None;
    let mut comment = false;
    // Unmistakable codes, and maybe-codes of the shape of unmistakable ones.
    let usable = |c: &Candidate<'_>| c.strong || scan::fits(c, shapes);
    // The words of the cells before the one being read.
    let mut before = 0;
    for cell in line.cells() {
        if comment {
            break;
        }
        // The last code of this cell.
        let mut cell_code: Option<usize> = None;
        let mut pending_flag: Option<bool> = None;
        let cell_start = before;
        before += cell.len();
        for word in cell {
            match word {
                Word::Number(n) => number = Some(*n),
                // "abcd-1234  # laptop": the rest is the user's comment.
                Word::Comment if taken.len() > start => {
                    comment = true;
                    break;
                }
                Word::Code(k) if usable(line.code(*k)) => {
                    let c = line.code(*k);
                    taken.push((
                        c,
                        c.struck || pending_flag.take() == Some(true),
                        line.number(),
                        number.take(),
                    ));
                    cell_code = Some(taken.len() - 1);
                }
                Word::Setup => return false,
                // "w0bp qrt8 | home wifi", "… | printed": a note in the cells after
                // the codes.
                Word::Prose | Word::Named | Word::Code(_)
                    if taken.len() > start
                        && cell_code.is_none()
                        && note_after_codes(line, cell_start, taken[start].0.shape) =>
                {
                    comment = true;
                    break;
                }
                Word::Code(_) | Word::Prose | Word::Named
                    if !*label.get_or_insert_with(|| is_label_line(line)) =>
                {
                    return false;
                }
                Word::Flag(used) => match cell_code {
                    Some(last) => taken[last].1 |= *used,
                    None => pending_flag = Some(*used),
                },
                _ => {}
            }
        }
        // A cell holding only a marker ("yes", "✓") belongs to the code before it.
        if cell_code.is_none()
            && let Some(used) = pending_flag.or_else(|| cell_flag(cell))
            && taken.len() > start
            && let Some(last) = taken.last_mut()
        {
            last.1 |= used;
        }
    }
    true
}

/// Whether `line` may end a hex dump ([`end_of_dump`]): told by its first bytes,
/// seven hexadecimal digits, before anything else is looked at.
fn may_end_dump(line: &ScannedLine<'_>) -> bool {
    let bytes = line.text().as_bytes();
    bytes.len() >= 7 && bytes[..7].iter().all(u8::is_ascii_hexdigit) && end_of_dump(line)
}

/// Whether the words of `line` from `from` on (the cells after its codes, which
/// have `shape`) are a note beside them, in a table of recovery codes
/// ([`in_table_of_codes`]): no code among them but long words that look like
/// maybe-codes of letters of another shape (`printed`, `kitchen drawer`).
fn note_after_codes(line: &ScannedLine<'_>, from: usize, shape: scan::Shape) -> bool {
    let rest = line.words().get(from..).unwrap_or_default();
    rest.iter().all(|w| match w {
        Word::Code(k) => letters_only(line.code(*k)) && line.code(*k).shape != shape,
        _ => true,
    }) && in_table_of_codes(line)
}

/// Whether two codes are of one kind: as many letters and digits, and letters in
/// both or in neither (`5028 6484` and `67658141`, not `cfda444d7ed36dd4`).
fn same_kind(a: &Candidate<'_>, b: &Candidate<'_>) -> bool {
    let length = |c: &Candidate<'_>| {
        c.shape
            .groups()
            .iter()
            .map(|&g| usize::from(g))
            .sum::<usize>()
    };
    let letters = |c: &Candidate<'_>| c.chars.lower || c.chars.upper;
    length(a) == length(b) && letters(a) == letters(b)
}

/// A spreadsheet cell that says whether the code in its row was used: a marker,
/// perhaps before a date (`done 2024-06`).
fn cell_flag(cell: &[Word]) -> Option<bool> {
    match cell {
        [word, rest @ ..]
            if word.soft().is_some_and(|s| {
                matches!(s, "yes" | "done" | "used" | "x" | "y" | "true" | "crossed")
            }) && rest
                .iter()
                .all(|w| matches!(w, Word::Neutral | Word::Number(_))) =>
        {
            Some(true)
        }
        _ => None,
    }
}

/// A prose line that starts a new site's list in a notes file: short, no sentence
/// ([`sites::named_by_heading`]), or one that names codes of another kind
/// ("激活码", "Product keys": the list under it is not the one before).
fn is_heading(line: &ScannedLine<'_>) -> bool {
    let t = line.text().trim();
    let t = t.trim_start_matches('#').trim();
    !t.is_empty()
        && t.chars().count() <= 60
        && (line.text().trim_start().starts_with('#')
            || sites::named_by_heading(t).is_some()
            || heads_other_codes(t))
}

/// The shapes of a list's decoys: in a list of four or more codes of one shape, a
/// lone code of another shape is a decoy (an order number, a reference) rather than
/// part of the list.
fn decoy_shapes(codes: &[Taken<'_>]) -> Vec<scan::Shape> {
    // Codes of one shape (nearly every list): nothing stands out.
    if let Some((first, ..)) = codes.first()
        && codes.iter().all(|(c, ..)| c.shape == first.shape)
    {
        return Vec::new();
    }
    let mut counts: Map<&scan::Shape, usize> = Map::default();
    for (c, ..) in codes {
        *counts.entry(&c.shape).or_default() += 1;
    }
    let Some((main, n)) = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(s, n)| (**s, *n))
    else {
        return Vec::new();
    };
    if n < 4 {
        return Vec::new();
    }
    counts
        .iter()
        .filter(|(s, k)| ***s != main && **k == 1)
        .map(|(s, _)| **s)
        .collect()
}

fn finish(
    built: &[Building<'_>],
    lines: &[ScannedLine<'_>],
    changed: &[Changed],
    file_name: Option<&str>,
    warnings: &mut Vec<String>,
) -> Vec<Group> {
    let from_file = file_name.and_then(sites::from_file_name);
    // Each group is finished on its own (its context: the lines after the group
    // before): many groups are finished in two halves at once.
    let cuts = if built.len() >= 64 {
        vec![0, built.len() / 2, built.len()]
    } else {
        vec![0, built.len()]
    };
    let parts: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    let mut groups = Vec::with_capacity(built.len());
    // (line, line of the first copy) of every code seen before in its group.
    let mut duplicates: Vec<(usize, usize)> = Vec::new();
    let done = each_at_once(&parts, |range| {
        finish_groups(built, range.clone(), lines, changed, from_file.as_ref())
    });
    // The decoys of all groups are told first, then what else was seen in them.
    let mut decoys = Vec::new();
    let mut told = Vec::new();
    for part in done {
        groups.extend(part.groups);
        decoys.extend(part.decoys);
        told.extend(part.warnings);
        duplicates.extend(part.duplicates);
    }
    warn_decoys(&decoys, warnings);
    warnings.extend(told);
    warn_duplicates(&duplicates, warnings);
    groups
}

/// Some groups finished, with what was seen in them.
struct Finished {
    groups: Vec<Group>,
    /// The line of each decoy left out ([`decoy_shapes`]).
    decoys: Vec<usize>,
    /// Look-alike letters.
    warnings: Vec<String>,
    /// (line, line of the first copy) of every code seen before in its group.
    duplicates: Vec<(usize, usize)>,
}

/// The groups in `range` of `built`, finished. A list's decoys ([`decoy_shapes`])
/// are left out of its group. `changed` is what normalising changed, by line.
fn finish_groups(
    built: &[Building<'_>],
    range: std::ops::Range<usize>,
    lines: &[ScannedLine<'_>],
    changed: &[Changed],
    from_file: Option<&(&'static str, Option<String>)>,
) -> Finished {
    let mut context_start = range
        .start
        .checked_sub(1)
        .and_then(|k| built.get(k))
        .map_or(0, |b| b.last_line + 1);
    let mut groups = Vec::with_capacity(range.len());
    let (mut decoys, mut warnings) = (Vec::new(), Vec::new());
    let mut duplicates: Vec<(usize, usize)> = Vec::new();
    // A code's normalised form, and an earlier code's to compare it with: large
    // enough for any code, so that they never move (leaving a copy behind).
    let buffer = || Zeroizing::new(Vec::with_capacity(4 * scan::MAX_CODE_LEN));
    let (mut normal, mut other) = (buffer(), buffer());
    for (k, b) in built.iter().enumerate().skip(range.start).take(range.len()) {
        let context_end = if k + 1 == built.len() {
            lines.len()
        } else {
            b.last_line + 1
        };
        let context = &lines[context_start..context_end];
        context_start = b.last_line + 1;
        let first_line = b.codes.iter().map(|c| c.2).min().unwrap_or(0);
        let kept = without_decoys(&b.codes, &mut decoys);
        let kept = without_words_at_the_ends(kept, &mut decoys);
        // The shapes of the codes, each with the characters of its codes together.
        let mut forms: Vec<(scan::Shape, scan::Chars)> = Vec::new();
        for (c, ..) in kept.iter() {
            match forms.iter_mut().find(|(shape, _)| *shape == c.shape) {
                Some((_, chars)) => *chars = chars.with(c.chars),
                None => forms.push((c.shape, c.chars)),
            }
        }
        // Whether every code has a form the site gives its codes in; the sites of
        // which that holds.
        let several = kept.len() > 1;
        let fits = |site: &str| {
            forms.iter().all(|(shape, chars)| {
                sites::own_form(site, shape.groups(), *chars, several).is_some()
            })
        };
        let fitting = || sites::sites_of_forms(&forms, several);
        let in_text = site_of_list(
            context,
            first_line,
            matches!(b.rule, Rule::AfterName | Rule::TableRow),
            fits,
            fitting,
        );
        // A list whose own line names its site ("PyPI: a, b, c") is that site's,
        // whatever the file it is in is called; unless its codes have the form of the
        // file's site and not of the one named (Google's codes after "Xbox account
        // too:" in Google's file).
        let file_guess = from_file.filter(|(name, _)| {
            if k == 0 {
                !in_text.is_some_and(|(named, _, own)| {
                    own && named != *name && (fits(named) || !fits(name))
                })
            } else {
                // A later list is the file's site's only where the site named for it
                // gives codes of another form and the file's site of theirs.
                in_text.is_some_and(|(named, ..)| {
                    named != *name && sites::has_forms(named) && !fits(named) && fits(name)
                })
            }
        });
        let (site, site_from) = match file_guess {
            Some((name, _)) => (Some((*name).to_owned()), Some(SiteFrom::FileName)),
            None => in_text
                .map(|(name, at, _)| (name, context.get(at).map_or(0, ScannedLine::number)))
                .or_else(|| site_above_names(built, k, lines))
                .map_or((None, None), |(name, line)| {
                    (Some(name.to_owned()), Some(SiteFrom::Text { line }))
                }),
        };
        // An e-mail address in the text is more complete than a user name in the file name.
        let email = context
            .iter()
            .flat_map(|l| l.emails().iter())
            .next()
            .map(|e| (*e).to_owned());
        let account = email
            .or_else(|| file_guess.and_then(|(_, a)| a.clone()))
            .or_else(|| {
                guess_account(context, |word| {
                    kept.iter().any(|(c, ..)| {
                        c.text == word || c.text.split([' ', '-']).any(|group| group == word)
                    })
                })
            });
        let mixed_case = kept.iter().any(|(c, ..)| c.chars.lower && c.chars.upper);
        // Normalised form's hash → indices into `codes`; compared in full, so no copy
        // of any code is kept outside the wiped buffers. The normalised forms are
        // written into two buffers used again for every code.
        let mut seen: Map<u64, usize> =
            Map::with_capacity_and_hasher(kept.len(), foldhash::fast::RandomState::default());
        let mut codes: Vec<FoundCode> = Vec::with_capacity(kept.len());
        let mut respaced = 0;
        for (c, used, line, _) in in_list_order(&kept) {
            normalize_into(&c.text, mixed_case, &mut normal);
            let hash = std::hash::BuildHasher::hash_one(seen.hasher(), normal.as_slice());
            // Whether the code kept at `index` has the same normalised form.
            let mut same = |index: usize| {
                codes.get(index).is_some_and(|kept| {
                    normalize_into(&kept.code, mixed_case, &mut other);
                    *other == *normal
                })
            };
            // Two different codes with one hash are all but impossible; if they
            // happen, every code kept so far is compared. A code seen first is
            // found again by its hash (the index it will have).
            let earlier = match seen.entry(hash) {
                Entry::Occupied(first) if same(*first.get()) => Some(*first.get()),
                Entry::Occupied(_) => (0..codes.len()).find(|&j| same(j)),
                Entry::Vacant(slot) => {
                    slot.insert(codes.len());
                    None
                }
            };
            if let Some(k) = earlier {
                duplicates.push((*line, codes.get(k).map_or(0, |c| c.line)));
                continue;
            }
            if !c.text.is_ascii() {
                warnings.extend(lookalike_warning(c, *line));
            }
            // Its groups stood apart and were joined with one space.
            respaced += usize::from(matches!(c.text, std::borrow::Cow::Owned(_)));
            codes.push(FoundCode {
                code: Zeroizing::new(c.text.clone().into_owned()),
                used: *used,
                line: *line,
            });
        }
        // Only Tuta gives one code this long: two lines of hexadecimal elsewhere are
        // more likely a checksum or a dump.
        let wrapped = if site.as_deref() == Some("Tuta") {
            join_wrapped(&kept, &mut codes)
        } else {
            0
        };
        // Codes of one line only: "Backup codes: a; b; c", or Google's codes pasted
        // on one line.
        let rule = match b.rule {
            Rule::CodeLines if b.lines == 1 && codes.len() > 1 => Rule::OneLine,
            rule => rule,
        };
        let mut found = Found::new(rule, site_from);
        // What was changed on the lines its codes stand on, and in the codes.
        found.normalised = found::normalised_on(codes.iter().map(|c| c.line), changed, respaced);
        if wrapped > 0 {
            found.normalised.push(found::wrapped(wrapped));
        }
        groups.push(Group {
            site,
            account,
            codes,
            found,
        });
    }
    Finished {
        groups,
        decoys,
        warnings,
        duplicates,
    }
}

/// The warning for a code on `line` that holds letters of another script that look
/// like Latin ones, if it does.
fn lookalike_warning(c: &Candidate<'_>, line: usize) -> Option<String> {
    if c.text.is_ascii() {
        return None;
    }
    let letters: Vec<String> = c
        .lookalikes()
        .map(|l| format!("'{l}' (U+{:04X})", u32::from(l)))
        .collect();
    (!letters.is_empty()).then(|| {
        format!(
            "line {line}: a code contains {}, a letter from another script that looks like a Latin one; it was kept as written — compare it with the site's list",
            letters.join(", ")
        )
    })
}

/// The site of the lists after names ("Laptop: a, b" and "Phone: c, d" on the next
/// line) that `built[k]` ends, one line after another: a heading above the first of
/// them names it ("GitLab recovery codes"); with the number of the line that names
/// it. `None` unless `built[k]` is such a list.
fn site_above_names(
    built: &[Building<'_>],
    k: usize,
    lines: &[ScannedLine<'_>],
) -> Option<(&'static str, usize)> {
    let after_name = |g: &Building<'_>| g.rule == Rule::AfterName;
    let mut first = k;
    while first > 0
        && after_name(&built[first])
        && after_name(&built[first - 1])
        && built[first].first_line == built[first - 1].last_line + 1
    {
        first -= 1;
    }
    if first == k {
        return None;
    }
    let start = first
        .checked_sub(1)
        .and_then(|p| built.get(p))
        .map_or(0, |g| g.last_line + 1);
    let group = &built[first];
    let number = group.codes.iter().map(|c| c.2).min().unwrap_or(0);
    let context = lines.get(start..=group.last_line)?;
    let (site, at, _) = site_of_list(context, number, false, |_| true, Vec::new)?;
    Some((site, context.get(at).map_or(0, ScannedLine::number)))
}

/// Joins a list's codes when each is one code wrapped over two or more lines (a
/// narrow window, a PDF copy): groups of four hexadecimal digits parted by spaces,
/// sixteen in all, as Tuta's recovery code has, on lines one after the other or
/// with one line between (a PDF copy's blank line). All of the list's codes must
/// make such codes, or none is joined. How many codes were joined. Used for Tuta's
/// lists only.
fn join_wrapped(kept: &[Taken<'_>], codes: &mut Vec<FoundCode>) -> usize {
    const GROUPS: usize = 16;
    let hex_fours = |c: &Candidate<'_>| {
        c.shape.spaced() && c.shape.groups().iter().all(|&g| g == 4) && !c.chars.non_hex
    };
    // Nothing was left out as a duplicate, and every piece is of Tuta's groups.
    if kept.len() != codes.len() || kept.len() < 2 || !kept.iter().all(|t| hex_fours(t.0)) {
        return 0;
    }
    // The pieces of each joined code, in `codes`.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut groups = 0;
    for (i, (piece, code)) in kept.iter().zip(codes.iter()).enumerate() {
        match runs.last_mut() {
            Some(run) if groups > 0 => {
                if code.line > codes[i - 1].line + 2 {
                    return 0;
                }
                run.end = i + 1;
            }
            _ => runs.push(i..i + 1),
        }
        groups += piece.0.shape.groups().len();
        if groups > GROUPS {
            return 0;
        }
        if groups == GROUPS {
            groups = 0;
        }
    }
    // The last code is whole.
    if groups != 0 {
        return 0;
    }
    let count = runs.iter().filter(|run| run.len() > 1).count();
    if count == 0 {
        return 0;
    }
    let joined: Vec<FoundCode> = runs
        .into_iter()
        .map(|run| {
            let pieces = &codes[run];
            let mut code = Zeroizing::new(String::with_capacity(
                pieces.iter().map(|c| c.code.len() + 1).sum(),
            ));
            for (n, piece) in pieces.iter().enumerate() {
                if n > 0 {
                    code.push(' ');
                }
                code.push_str(&piece.code);
            }
            FoundCode {
                code,
                used: pieces.iter().any(|c| c.used),
                line: pieces[0].line,
            }
        })
        .collect();
    *codes = joined;
    count
}

/// A list's first and last codes left out while they are two groups of letters
/// alone that may be words (`gwen hale`, `home acct`: a name or a note above or
/// below the list), each line added to `decoys`; such codes between others stay
/// (about one of Dropbox's codes in fourteen is letters alone), and so does one
/// code at least.
fn without_words_at_the_ends<'c, 'a>(
    codes: std::borrow::Cow<'c, [Taken<'a>]>,
    decoys: &mut Vec<usize>,
) -> std::borrow::Cow<'c, [Taken<'a>]> {
    let words = |(c, ..): &Taken<'_>| {
        !c.chars.digit
            && c.shape.spaced()
            && c.shape.groups().len() == 2
            && c.text.split_whitespace().all(tokens::may_be_a_word)
    };
    let first = codes.iter().take_while(|t| words(t)).count();
    let last = codes.iter().rev().take_while(|t| words(t)).count();
    if first + last == 0 || first + last >= codes.len() {
        return codes;
    }
    let ends = codes[..first].iter().chain(&codes[codes.len() - last..]);
    decoys.extend(ends.map(|t| t.2));
    let mut kept = codes.into_owned();
    kept.truncate(kept.len() - last);
    kept.drain(..first);
    std::borrow::Cow::Owned(kept)
}

/// A list's codes without its decoys ([`decoy_shapes`]), with the line of each
/// decoy added to `decoys`.
fn without_decoys<'c, 'a>(
    codes: &'c [Taken<'a>],
    decoys: &mut Vec<usize>,
) -> std::borrow::Cow<'c, [Taken<'a>]> {
    let odd = decoy_shapes(codes);
    if odd.is_empty() {
        return std::borrow::Cow::Borrowed(codes);
    }
    let mut kept = codes.to_vec();
    kept.retain(|(c, _, line, _)| {
        let keep = !odd.contains(&c.shape);
        if !keep {
            decoys.push(*line);
        }
        keep
    });
    std::borrow::Cow::Owned(kept)
}

/// Repeated warnings up to this many are told one by one; more are told in one line.
const TOLD_ONE_BY_ONE: usize = 3;

/// One warning per decoy left out when there are a few; one line for them all when
/// there are many (a large file of many lists).
fn warn_decoys(lines: &[usize], warnings: &mut Vec<String>) {
    if lines.len() <= TOLD_ONE_BY_ONE {
        for line in lines {
            warnings.push(format!(
                "line {line}: ignored a value that does not look like the other codes in the list"
            ));
        }
        return;
    }
    warnings.push(format!(
        "ignored {} values that do not look like the other codes in their lists ({})",
        lines.len(),
        some_lines(lines)
    ));
}

/// One warning per repeated code when there are a few; one line for them all when
/// there are many (a file pasted twice).
fn warn_duplicates(duplicates: &[(usize, usize)], warnings: &mut Vec<String>) {
    if duplicates.len() <= TOLD_ONE_BY_ONE {
        for (line, first) in duplicates {
            warnings.push(format!(
                "line {line}: the same code as on line {first}; it is kept once"
            ));
        }
        return;
    }
    let lines: Vec<usize> = duplicates.iter().map(|(line, _)| *line).collect();
    warnings.push(format!(
        "{} duplicate codes kept once ({})",
        duplicates.len(),
        some_lines(&lines)
    ));
}

/// The first of many `lines` and how many more: "lines 4, 9, 12, and 40 more".
fn some_lines(lines: &[usize]) -> String {
    let first: Vec<String> = lines
        .iter()
        .take(TOLD_ONE_BY_ONE)
        .map(ToString::to_string)
        .collect();
    format!(
        "lines {}, and {} more",
        first.join(", "),
        lines.len().saturating_sub(TOLD_ONE_BY_ONE)
    )
}

/// Writes the letters and digits of `code` into `out` (as UTF-8), upper-cased unless
/// the list mixes cases: the form by which codes of a list are duplicates.
fn normalize_into(code: &str, mixed_case: bool, out: &mut Vec<u8>) {
    out.clear();
    if code.is_ascii() {
        let letters = code.bytes().filter(u8::is_ascii_alphanumeric);
        if mixed_case {
            out.extend(letters);
        } else {
            out.extend(letters.map(|b| b.to_ascii_uppercase()));
        }
        return;
    }
    let mut utf8 = Zeroizing::new([0; 4]);
    for ch in code.chars().filter(|ch| ch.is_alphanumeric()) {
        let ch = if mixed_case {
            ch
        } else {
            ch.to_ascii_uppercase()
        };
        out.extend_from_slice(ch.encode_utf8(&mut utf8[..]).as_bytes());
    }
}

/// The codes in the site's numbering when every code has a distinct list number
/// (Google prints 1–5 and 6–10 side by side), else as they stand.
fn in_list_order<'c, 'a>(codes: &'c [Taken<'a>]) -> Vec<&'c Taken<'a>> {
    let mut ordered: Vec<_> = codes.iter().collect();
    if codes.iter().all(|c| c.3.is_some()) {
        let mut distinct: Vec<u32> = codes.iter().filter_map(|c| c.3).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() == codes.len() {
            ordered.sort_by_key(|c| c.3);
        }
    }
    ordered
}
