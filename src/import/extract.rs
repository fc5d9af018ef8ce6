//! The line reader: which lines of a scanned text are code lines, and the lists
//! their codes make. Maybe-codes count where unmistakable codes (or lists of one
//! shape of them) say codes have their shape ([`shape_evidence`]); a line's codes
//! are taken unless its words make it prose ([`take_codes`]); a line that names
//! its site, a heading or a table row starts a new list; a lone code in a sentence
//! is taken only when words beside it say what it is. Many lines are read in two
//! halves at once. What the lists are then made into: `finish`.

use zeroize::Zeroizing;

use super::labels::{is_label_line, key_before_codes, letters_only, named_line, site_s_first_code};
use super::not_codes::{
    self, dump_or_fingerprint, end_of_dump, heading_names_other_codes, heads_other_codes,
};
use super::rows::{in_table_of_codes, row_goes_on, site_row};
use super::scan::{self, Candidate, Map, ScannedLine, Word};
use super::stretches::{Line, is_page_marker, only_beside_codes};
use super::{Rule, sites};
use crate::parallel::each_at_once;

/// What some lines tell of the shapes codes have ([`shape_evidence`]).
pub(super) struct Evidence<'a> {
    /// Unmistakable codes on lines that could be code lines.
    pub(super) strong: Vec<&'a Candidate<'a>>,
    /// Maybe-codes alone on a line without prose: each with the index of its line
    /// and its run (how many lines that gave unmistakable codes came before it).
    pub(super) weak: Vec<(&'a Candidate<'a>, usize, usize)>,
    /// How many lines gave unmistakable codes: the runs the lines make.
    pub(super) runs: usize,
}

/// A code taken from a line: the candidate, whether it is marked used, the source
/// line, its list number.
pub(super) type Taken<'a> = (&'a Candidate<'a>, bool, usize, Option<u32>);

/// What a line turned out to be.
pub(super) enum Kind {
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
pub(super) struct Building<'a> {
    /// Candidate, used, source line, list number.
    pub(super) codes: Vec<Taken<'a>>,
    /// The indexes of its first and last code lines.
    pub(super) first_line: usize,
    pub(super) last_line: usize,
    /// The rule that took its codes.
    pub(super) rule: Rule,
    /// How many lines its codes were taken from.
    pub(super) lines: usize,
}

pub(super) fn extract<'a>(
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
    let mut i: usize = 0;
    // The index of the last line of prose, while no code line came after it.
    let mut prose_at: Option<usize> = None;
    // The lists that start with the code after a site's name above them, the site,
    // and the list's first code line below it.
    let mut headed: Vec<(usize, &'static str, usize)> = Vec::new();
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
                        // `Google: 3630 0251` right above (a blank line between
                        // perhaps): the list's first code.
                        let first = codes.first().and_then(|(c, ..)| {
                            let above = prose_at
                                .filter(|&k| i - k <= 2)
                                .and_then(|k| lines.get(k))?;
                            let (code, site, used) = site_s_first_code(above, c.shape)?;
                            headed.push((groups.len(), site, i));
                            Some((code, used, above.number(), None))
                        });
                        groups.push(Building {
                            codes: first.into_iter().collect(),
                            first_line: first.map_or(i, |_| prose_at.unwrap_or(i)),
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
            match kind {
                Kind::Prose => prose_at = Some(i),
                Kind::Codes(_) => prose_at = None,
                Kind::Blank => {}
            }
            i += 1;
        }
    }
    // The code after a site's name starts the list below it only where that is a
    // list (three codes at least) to which the site's set has room for one more
    // (`Google: 6465 3560` above Google's ten codes is a phone number).
    for (g, site, below_from) in headed {
        if let Some(group) = groups.get_mut(g) {
            let below = group.codes.len().saturating_sub(1);
            if below < 3 || sites::set_size(site).is_some_and(|set| below >= set) {
                group.codes.remove(0);
                group.first_line = below_from;
            }
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
                && !near.iter().any(|l| not_codes::names_other_codes(l.text()))
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
pub(super) fn shape_evidence<'a>(lines: impl Iterator<Item = ScannedLine<'a>>) -> Evidence<'a> {
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
pub(super) fn says_codes_in(text: &str) -> bool {
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
/// six hexadecimal digits, before anything else is looked at.
fn may_end_dump(line: &ScannedLine<'_>) -> bool {
    let bytes = line.text().as_bytes();
    bytes.len() >= 6 && bytes[..6].iter().all(u8::is_ascii_hexdigit) && end_of_dump(line)
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
