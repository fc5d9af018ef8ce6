//! Lists made into the groups a preview shows: decoys (a lone code of another shape
//! in a list) and words at a list's ends left out, duplicates kept once (compared
//! in their normalised form, in wiped buffers), Tuta's one code joined from two
//! lines, the site and account guessed ([`super::filing`]), and the warnings told
//! once for many lines. Many lists are finished in two halves at once.

use std::collections::hash_map::Entry;

use zeroize::Zeroizing;

use super::extract::{Building, Taken};
use super::filing::{guess_account, site_of_list};
use super::found::{self, Found, Rule, SiteFrom};
use super::normalize::Changed;
use super::scan::{self, Candidate, Map, ScannedLine};
use super::{FoundCode, Group, sites, tokens};
use crate::parallel::each_at_once;

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

pub(super) fn finish(
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
pub(super) fn lookalike_warning(c: &Candidate<'_>, line: usize) -> Option<String> {
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
pub(super) fn warn_decoys(lines: &[usize], warnings: &mut Vec<String>) {
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
pub(super) fn warn_duplicates(duplicates: &[(usize, usize)], warnings: &mut Vec<String>) {
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
pub(super) fn normalize_into(code: &str, mixed_case: bool, out: &mut Vec<u8>) {
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
