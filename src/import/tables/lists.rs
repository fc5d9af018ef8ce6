//! The lists of a text read as tables of codes ([`super::read`]): each row's
//! values in its codes' columns made codes, a list per site and account. A value
//! is a code when it is unmistakable, has the form its site gives codes in, or the
//! shape of an unmistakable one beside it; several codes in one value are parted
//! (`7137 4132 0335 8547` is two of Google's). Under a header of `Code` alone
//! every row must name a site whose form its codes have, and a table with more
//! values that are no codes than codes is read as text instead.

use std::hash::BuildHasher;

use zeroize::Zeroizing;

use super::super::finish::{lookalike_warning, normalize_into, warn_decoys, warn_duplicates};
use super::super::found::{self, Found, Rule, SiteFrom};
use super::super::normalize::{Changed, Counts};
use super::super::scan::{self, Candidate, Map, Shape};
use super::super::{FoundCode, Group, Preview, sites, vault_name};
use super::Table;

/// The lists of `table` (read from the normalised text, `changed` saying what
/// normalising changed on which line): one per site and account, in the order they
/// first come; `None` if it holds no code. `file_name` names the site of a table
/// without a site's column or one in its header.
pub(in crate::import) fn preview(
    table: &Table<'_>,
    file_name: Option<&str>,
    changed: &[Changed],
    counts: Counts,
) -> Option<Preview> {
    let from_file = file_name.and_then(sites::from_file_name);
    // Each list: its site (and the site's name as the index knows it), account,
    // where the site came from, and its values with their row's line and used mark.
    struct List<'t> {
        site: Option<String>,
        known: Option<&'static str>,
        account: Option<String>,
        site_from: Option<SiteFrom>,
        /// Whether every header over its rows says what codes they are.
        said: bool,
        values: Vec<(&'t str, bool, usize)>,
    }
    let mut lists: Vec<List<'_>> = Vec::new();
    let mut index: Map<(Option<String>, Option<String>), usize> = Map::default();
    for (header, row) in &table.rows {
        let header = &table.headers[*header];
        // A site's name before an account in brackets (`Google (work)`).
        let (cell_site, qualifier) = match row.site {
            Some((cell, line)) => match bracketed(cell) {
                Some((name, inside)) if site_of_cell(name).is_some() => {
                    (Some((name, line)), Some(inside))
                }
                _ => (Some((cell, line)), None),
            },
            None => (None, None),
        };
        let (site, known, site_from) = match (cell_site, header.site, &from_file) {
            (Some((cell, line)), ..) => {
                let known = site_of_cell(cell);
                // Under a header of `Code` alone, every row names a site whose form
                // its codes have (see below); `Xbox` names game and gift codes.
                if !header.said && (known.is_none() || cell.eq_ignore_ascii_case("xbox")) {
                    return None;
                }
                let name = known.map_or_else(|| vault_name(cell), str::to_owned);
                (Some(name), known, Some(SiteFrom::Text { line }))
            }
            // A row without a site: the one its header or title names, else the
            // file's.
            (None, Some(site), _) => (
                Some(site.to_owned()),
                Some(site),
                Some(SiteFrom::Text { line: header.line }),
            ),
            (None, None, Some((site, _))) => (
                Some((*site).to_owned()),
                Some(*site),
                Some(SiteFrom::FileName),
            ),
            _ => (None, None, None),
        };
        let account = row.account.or(qualifier).map(vault_name).or_else(|| {
            matches!(site_from, Some(SiteFrom::FileName))
                .then(|| from_file.as_ref().and_then(|(_, a)| a.clone()))
                .flatten()
        });
        let key = (site.clone(), account.clone());
        let at = *index.entry(key).or_insert_with(|| {
            lists.push(List {
                site,
                known,
                account,
                site_from,
                said: true,
                values: Vec::new(),
            });
            lists.len() - 1
        });
        lists[at].said &= header.said;
        let values = row
            .codes
            .iter()
            .map(|value| (*value, row.used, row.line_of(value)));
        lists[at].values.extend(values);
    }
    let (mut groups, mut warnings) = (Vec::new(), Vec::new());
    let (mut left_out, mut duplicates) = (Vec::new(), Vec::new());
    let mut taken = 0;
    for list in lists {
        let mut candidates: Vec<(Candidate<'_>, bool, usize)> = Vec::new();
        for &(value, used, line) in &list.values {
            for piece in codes_of(value, list.known) {
                match code_in(piece).or_else(|| code_before_note(piece)) {
                    Some((c, marked)) => candidates.push((c, used || marked, line)),
                    None => left_out.push(line),
                }
            }
        }
        // Unmistakable codes (groups parted by spaces of one length: not `see
        // 1Password`), codes of a form the site gives, and maybe-codes of the
        // shape of an unmistakable one.
        let several = candidates.len() > 1;
        let fits = |c: &Candidate<'_>| {
            list.known.is_some_and(|site| {
                sites::own_form(site, c.shape.groups(), c.chars, several).is_some()
            })
        };
        let sure = |c: &Candidate<'_>| c.strong && (!c.shape.spaced() || even(c.shape));
        let strong: Vec<Shape> = candidates
            .iter()
            .filter(|(c, ..)| sure(c))
            .map(|(c, ..)| c.shape)
            .collect();
        let (kept, other): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|(c, ..)| fits(c) || (list.said && (sure(c) || strong.contains(&c.shape))));
        // Under a header of `Code` alone, a code of another form is no recovery code:
        // nor is the table one of them.
        if !list.said && !other.is_empty() {
            return None;
        }
        left_out.extend(other.iter().map(|(.., line)| *line));
        if kept.is_empty() {
            continue;
        }
        taken += kept.len();
        let codes = distinct(&kept, &mut duplicates, &mut warnings);
        let mut found = Found::new(Rule::TableColumns, list.site_from);
        found.normalised = found::normalised_on(codes.iter().map(|c| c.line), changed, 0);
        groups.push(Group {
            site: list.site,
            account: list.account,
            codes,
            found,
        });
    }
    // More values that are no codes than codes: not a table of codes after all.
    if left_out.len() > taken {
        return None;
    }
    if groups.is_empty() {
        return None;
    }
    left_out.sort_unstable();
    warn_decoys(&left_out, &mut warnings);
    warn_duplicates(&duplicates, &mut warnings);
    Some(Preview {
        groups,
        normalisations: counts.report(),
        warnings,
    })
}

/// The site a site's cell names: its name alone (`Google`, `google account`), or
/// a web address (`github.com`, `https://accounts.google.com`).
pub(super) fn site_of_cell(cell: &str) -> Option<&'static str> {
    sites::named_alone(cell).or_else(|| {
        (!cell.contains(char::is_whitespace) && cell.contains('.'))
            .then(|| sites::from_text(cell))
            .flatten()
    })
}

/// A cell's name and the word in brackets after it (`Google (work)`), if it ends so.
fn bracketed(cell: &str) -> Option<(&str, &str)> {
    let (name, rest) = cell.trim().strip_suffix(')')?.rsplit_once('(')?;
    let inside = rest.trim();
    (!inside.is_empty() && !inside.contains(char::is_whitespace) && !name.trim().is_empty())
        .then(|| (name.trim(), inside))
}

/// Whether a shape's groups are all of one length (`1234 5678`, `hzkt adcw`).
fn even(shape: Shape) -> bool {
    shape.groups().windows(2).all(|w| w[0] == w[1])
}

/// The codes a value of a codes' cell may hold: whole codes parted by single
/// spaces (`d9a4…6303 6a62…deef`, each unmistakable alone), or the words or groups
/// of several codes of the form of the row's `site` (or of any site's) in a row
/// (`7137 4132 0335 8547` is two of Google's, `jtz8et8y 6h3pjaa3` two of
/// Discord's); codes numbered in one cell; else the value as it stands
/// (`1339 3213`, `hzkt adcw`).
pub(super) fn codes_of<'t>(value: &'t str, site: Option<&str>) -> Vec<&'t str> {
    // Codes numbered in one cell (`1. c3nq6crw 2. iy1kyvx9 …`): the pieces between
    // the numbers.
    if let Some(pieces) = numbered(value) {
        return pieces
            .into_iter()
            .flat_map(|piece| codes_of(piece, site))
            .collect();
    }
    let spans = word_spans(value);
    if spans.len() < 2 {
        return vec![value];
    }
    let words = || spans.iter().map(|&(from, to)| &value[from..to]);
    if words().all(|w| scan::candidate(w, b'-').is_some_and(|c| c.strong)) {
        return words().collect();
    }
    let of_a_form = |c: &Candidate<'_>| match site {
        Some(site) => sites::own_form(site, c.shape.groups(), c.chars, true).is_some(),
        None => sites::some_site_s_form(c.shape.groups(), c.chars),
    };
    // (Single words too: Discord's `jtz8et8y 6h3pjaa3 …`, each of its form.)
    for size in 1..=spans.len() / 2 {
        if !spans.len().is_multiple_of(size) {
            continue;
        }
        let chunks: Vec<&str> = spans
            .chunks(size)
            .map(|chunk| &value[chunk[0].0..chunk[chunk.len() - 1].1])
            .collect();
        if chunks
            .iter()
            .all(|chunk| scan::candidate(*chunk, b' ').is_some_and(|c| of_a_form(&c)))
        {
            return chunks;
        }
    }
    vec![value]
}

/// The pieces of `value` between list numbers (`1.`, `2)`, `3:`), if it starts
/// with one and a piece follows each.
fn numbered(value: &str) -> Option<Vec<&str>> {
    let spans = word_spans(value);
    let number = |&(from, to): &(usize, usize)| {
        let word = &value[from..to];
        (2..=4).contains(&word.len())
            && word.ends_with(['.', ')', ':'])
            && word[..word.len() - 1].bytes().all(|b| b.is_ascii_digit())
    };
    if !spans.first().is_some_and(number) {
        return None;
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < spans.len() {
        let end = spans[at + 1..]
            .iter()
            .position(number)
            .map_or(spans.len(), |k| at + 1 + k);
        let (first, last) = (spans.get(at + 1)?, spans.get(end - 1)?);
        if end == at + 1 {
            return None;
        }
        pieces.push(&value[first.0..last.1]);
        at = end;
    }
    Some(pieces)
}

/// Where each word of `value` (parted by single spaces) starts and ends.
fn word_spans(value: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in value.char_indices() {
        match (c == ' ', start) {
            (true, Some(from)) => {
                spans.push((from, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(from) = start {
        spans.push((from, value.len()));
    }
    spans
}

/// The code a codes' cell holds (groups parted by single spaces or by hyphens),
/// and whether it is marked used (struck through, `~~…~~`, or ticked, `… ✓`).
fn code_in(value: &str) -> Option<(Candidate<'_>, bool)> {
    // Compared in place: a lower-case copy of a code would not be wiped.
    let noted = ["(used)", "[used]", "(benutzt)", "(usado)"]
        .iter()
        .find_map(|mark| {
            let cut = value.len().checked_sub(mark.len())?;
            (value.is_char_boundary(cut) && value[cut..].eq_ignore_ascii_case(mark))
                .then(|| value[..cut].trim_end())
        })
        .unwrap_or(value);
    let ticked = noted.trim_end_matches(['✓', '✔', '✅', '☑']).trim_end();
    let struck = ticked
        .strip_prefix("~~")
        .and_then(|v| v.strip_suffix("~~"))
        .map(str::trim);
    let code = struck.unwrap_or(ticked);
    let sep = if code.contains(' ') { b' ' } else { b'-' };
    let candidate = scan::candidate(code, sep)?;
    Some((candidate, struck.is_some() || ticked.len() != value.len()))
}

/// The code before a note in one cell (`abcd-1234 (used on the new laptop)`,
/// `abcd-1234 - printed`, `abcd-1234 used`), and whether the note says it was used.
fn code_before_note(value: &str) -> Option<(Candidate<'_>, bool)> {
    let (at, mark) = [" (", " - ", " – ", " — ", " used", " Used", " USED"]
        .iter()
        .filter_map(|mark| value.find(mark).map(|at| (at, *mark)))
        .min_by_key(|(at, _)| *at)?;
    let (candidate, marked) = code_in(value[..at].trim())?;
    let note = value[at + mark.len()..].trim_start();
    let said = |word: &str| word.eq_ignore_ascii_case("used");
    let used = said(mark.trim())
        || note
            .split_whitespace()
            .next()
            .is_some_and(|w| said(w.trim_matches(|c: char| !c.is_alphanumeric())));
    Some((candidate, marked || used))
}

/// The codes of `kept` (candidates, used marks, lines), each once: a code seen
/// before in the list is told in `duplicates` (its line, the first one's line).
fn distinct(
    kept: &[(Candidate<'_>, bool, usize)],
    duplicates: &mut Vec<(usize, usize)>,
    warnings: &mut Vec<String>,
) -> Vec<FoundCode> {
    let mixed_case = kept.iter().any(|(c, ..)| c.chars.lower && c.chars.upper);
    // Normalised forms, written into buffers large enough for any code (so that they
    // never move), compared in full where their hashes are equal.
    let buffer = || Zeroizing::new(Vec::with_capacity(4 * scan::MAX_CODE_LEN));
    let (mut normal, mut other) = (buffer(), buffer());
    let mut seen: Map<u64, Vec<usize>> = Map::default();
    let mut codes: Vec<FoundCode> = Vec::with_capacity(kept.len());
    for (c, used, line) in kept {
        normalize_into(&c.text, mixed_case, &mut normal);
        let hash = seen.hasher().hash_one(normal.as_slice());
        let slot = seen.entry(hash).or_default();
        let earlier = slot.iter().copied().find(|&i| {
            normalize_into(&codes[i].code, mixed_case, &mut other);
            *other == *normal
        });
        if let Some(first) = earlier {
            duplicates.push((*line, codes[first].line));
            continue;
        }
        if !c.text.is_ascii() {
            warnings.extend(lookalike_warning(c, *line));
        }
        slot.push(codes.len());
        codes.push(FoundCode {
            code: Zeroizing::new(c.text.to_string()),
            used: *used,
            line: *line,
        });
    }
    codes
}
