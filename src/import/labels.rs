//! Lines where words label the codes after them: "Recovery code: …", "GitHub backup
//! codes: a; b; c", "PyPI: a, b, c", "- GitLab (work): …", a table's row
//! `Discord | a | b`. A label line may hold prose before its codes; a line that names
//! its own list is a list of its own. A key that no label word calls a recovery key
//! ("Key: …", "WPA key …") is not a code, nor is a list under a heading that names
//! codes of another kind ("Gift vouchers").

use super::not_codes::names_other_codes;
use super::rows::site_row;
use super::scan::{self, Candidate, ScannedLine, Word};
use super::{says_codes_in, sites};

/// Where the line's first code is, passing over a site's name that looks like a
/// maybe-code (`GitHub`, `GitLab`: six letters) before a code in the same cell
/// ("GitHub backup codes: …"), and over words of letters alone before a name's
/// colon (`Work laptop (Edge profile): a, b`: `laptop` and `profile` are
/// maybe-codes of six letters or more). A site's name in a cell of its own (a
/// spreadsheet's or export's row) is the row's first code, as any other word would be.
fn first_code(line: &ScannedLine<'_>) -> Option<usize> {
    let words = line.words();
    let first = words.iter().position(|w| matches!(w, Word::Code(_)))?;
    if matches!(words[first], Word::Code(k) if line.code(k).strong) {
        return Some(first);
    }
    let mut start = 0;
    for cell in line.cells() {
        let end = start + cell.len();
        if first < end {
            // The codes in the cells after a name's colon.
            if let Some(colon) = words[first..end]
                .iter()
                .rposition(|w| matches!(w, Word::Named))
                .map(|p| first + p)
                && words[first..colon].iter().all(|w| match w {
                    Word::Code(k) => letters_only(line.code(*k)),
                    _ => true,
                })
            {
                return words[colon..]
                    .iter()
                    .position(|w| matches!(w, Word::Code(_)))
                    .map(|p| colon + p);
            }
            let real = |w: &Word| matches!(w, Word::Code(k) if !is_site_name(line.code(*k)));
            return Some(
                words[first..end]
                    .iter()
                    .position(real)
                    .map_or(first, |p| first + p),
            );
        }
        start = end;
    }
    Some(first)
}

/// Whether `word` is one of [`scan::LABEL_WORDS`] ("code", "backup", …).
fn label_word(word: &Word) -> bool {
    word.soft().is_some_and(|s| scan::LABEL_WORDS.contains(&s))
}

/// Whether `code` is a maybe-code that is a site's name (`GitHub`, `Discord`).
pub(super) fn is_site_name(code: &Candidate<'_>) -> bool {
    !code.strong && sites::from_text(&code.text).is_some()
}

/// Whether `code` is a maybe-code of letters alone, as a word of six letters or
/// more is (`laptop`, `profile`).
pub(super) fn letters_only(code: &Candidate<'_>) -> bool {
    !code.strong && !code.chars.digit && code.shape.groups().len() == 1
}

/// "Recovery code: XXXX-…", "Backup code for GitHub: …", "GitHub backup codes: …": a
/// few words, one of them a label word, all before the first code.
pub(super) fn is_label_line(line: &ScannedLine<'_>) -> bool {
    let words = line.words();
    // Most lines have neither a label word nor a name: told without finding codes.
    if !words
        .iter()
        .any(|w| matches!(w, Word::Named) || label_word(w))
    {
        return site_row(line);
    }
    let Some(first_code) = first_code(line) else {
        return false;
    };
    let before = &words[..first_code];
    let after_prose = words[first_code..]
        .iter()
        .take_while(|w| !matches!(w, Word::Comment))
        .any(|w| matches!(w, Word::Prose | Word::Named | Word::Setup));
    let labelled = before.iter().any(label_word) || named_list(line, before, &words[first_code..]);
    let setup = words.iter().any(|w| matches!(w, Word::Setup));
    // Not a label of codes of another kind (`Promo codes (Uber Eats): …`,
    // `Gate codes: …`), asked last as it costs most; a label that says backup or
    // recovery codes is none.
    let recovery = || {
        before
            .iter()
            .any(|w| matches!(w.soft(), Some("backup" | "recovery" | "scratch")))
    };
    !after_prose
        && !setup
        && labelled
        && before.len() <= 8
        && (recovery() || !names_other_codes(line.text().split(':').next().unwrap_or_default()))
}

/// How many words a long name before its codes' colon has at most ([`named_list`]).
const NAME_WORDS: usize = 5;

/// Whether the line is a list of codes after a name of its own ("PyPI: a, b").
pub(super) fn named_line(line: &ScannedLine<'_>) -> bool {
    let words = line.words();
    if !words.iter().any(|w| matches!(w, Word::Named)) {
        return false;
    }
    first_code(line).is_some_and(|first| named_list(line, &words[..first], &words[first..]))
}

/// "PyPI: 1a2b…, 3c4d…, 5e6f…", "- GitLab (work): …": a short name ending in a colon
/// right before the codes (perhaps after a bullet or list number), and at least two
/// codes of one shape after it (a lone value after a name is more likely a password
/// than a recovery code). Codes of digits alone need a name that is a site's or
/// speaks of codes: `Kreditkarte: 4929 1234 5678 9012` is a card's number.
fn named_list(line: &ScannedLine<'_>, before: &[Word], rest: &[Word]) -> bool {
    // (After a bullet, a list number or a task's box: `- [x] Microsoft: …`.)
    let start = before
        .iter()
        .position(|w| !matches!(w, Word::Neutral | Word::Number(_) | Word::Flag(_)))
        .unwrap_or(before.len());
    let before = &before[start..];
    if !matches!(before.last(), Some(Word::Named)) {
        return false;
    }
    // One to three words, perhaps a site's name among them; or up to five, some
    // perhaps long ones that look like maybe-codes of letters
    // (`Work laptop (Edge profile):`).
    // (Words such as `new`, `old` and `on` are names' words too: `New phone: …`.)
    let short = before.len() <= 3
        && before.iter().all(|w| match w {
            Word::Prose | Word::Named | Word::Soft(_) => true,
            Word::Code(k) => is_site_name(line.code(*k)),
            _ => false,
        });
    let long = short
        || (before.len() <= NAME_WORDS
            && before.iter().all(|w| match w {
                Word::Prose | Word::Named | Word::Soft(_) => true,
                Word::Code(k) => letters_only(line.code(*k)) || is_site_name(line.code(*k)),
                _ => false,
            }));
    if !long {
        return false;
    }
    // The codes: of one shape, and the characters of all of them.
    let mut codes = rest.iter().filter_map(|w| match w {
        Word::Code(k) => Some(line.code(*k)),
        _ => None,
    });
    let Some(first) = codes.next() else {
        return false;
    };
    let (mut count, mut chars) = (1, first.chars);
    for code in codes {
        if code.shape != first.shape {
            return false;
        }
        count += 1;
        chars = chars.with(code.chars);
    }
    // The site the line names, looked for once and only where it matters.
    let mut named_site = None;
    let mut site = || *named_site.get_or_insert_with(|| sites::from_text(line.text()));
    // A lone value after a name is more likely a password than a recovery code,
    // unless the name is a site's whose form it has.
    // (Its name is a site's, perhaps with "account" and a word in brackets: see
    // `site_s_one_code`.)
    if count < 2 {
        return site().is_some() && site_s_one_code(line, first);
    }
    // Codes of a form some site gives its lists in, not under a name of codes of
    // another kind (`Serial numbers of the routers:`), or a short name of a site:
    // `Invoices: INV-20240112, …`, `Passwords: hunter2024x, …` are not codes.
    let of_a_form = sites::some_site_s_form(first.shape.groups(), chars)
        && !names_other_codes(line.text().split(':').next().unwrap_or_default());
    let evidence = of_a_form || (short && site().is_some());
    if !evidence {
        return false;
    }
    let digits_only = !chars.lower && !chars.upper;
    !digits_only || site().is_some() || says_codes_in(line.text())
}

/// Whether the line is a site's name alone before its colon (perhaps with
/// "account") and one code with letters of a form the site gives its codes in:
/// `Microsoft: XXXXX-…`, `微软：XXXXX-…`. `Microsoft Office: …` is a product key, and
/// so is `Xbox: …`: Xbox's own codes of that form are game and gift codes.
/// `Google: 6465 3560` may be a phone number.
fn site_s_one_code(line: &ScannedLine<'_>, code: &Candidate<'_>) -> bool {
    // Digits alone after a site's name are as likely a phone number or a PIN.
    if !code.chars.lower && !code.chars.upper {
        return false;
    }
    site_and_its_code(line, code).is_some()
}

/// The code of `line` if it is a site's name alone before its colon and one code
/// of `shape` (digits alone too, `Google: 3630 0251`) of a form the site gives its
/// codes in, perhaps marked used or with a note in brackets after it (`(used)`,
/// `(spare)`), with the site and whether it is marked used: the first of a list
/// that goes on below it, on lines of codes of that shape (alone, such a line may
/// be a phone number).
pub(super) fn site_s_first_code<'s>(
    line: &ScannedLine<'s>,
    shape: scan::Shape,
) -> Option<(&'s Candidate<'s>, &'static str, bool)> {
    let words = line.words();
    // (Most lines above a list end in no code, mark or note: told first.)
    if !matches!(words.last(), Some(Word::Code(_) | Word::Flag(_)))
        && !line.text().trim_end().ends_with(')')
    {
        return None;
    }
    let first = first_code(line)?;
    let Some((Word::Code(k), marks)) = words[first..].split_first() else {
        return None;
    };
    // Marks after it (`(used)`, `✓`), or a note in brackets (`(spare)`).
    let note = line.text().trim_end().ends_with(')')
        && marks.len() <= 3
        && marks.iter().all(|w| match w {
            Word::Code(k) => letters_only(line.code(*k)),
            _ => true,
        });
    let mut used = false;
    for mark in marks {
        match mark {
            Word::Flag(flag) => used |= *flag,
            _ if note => {}
            _ => return None,
        }
    }
    let code = line.code(*k);
    let named = words[..first]
        .iter()
        .rev()
        .find(|w| !matches!(w, Word::Neutral));
    if !matches!(named, Some(Word::Named)) || code.shape != shape {
        return None;
    }
    site_and_its_code(line, code).map(|site| (code, site, used || code.struck))
}

/// The site, if `line` is a site's name alone before its colon (perhaps with
/// "account") and `code` has a form the site gives its codes in
/// ([`site_s_one_code`]).
fn site_and_its_code(line: &ScannedLine<'_>, code: &Candidate<'_>) -> Option<&'static str> {
    // After a bullet or a list number perhaps (`- Microsoft account: …`,
    // `1. Microsoft: …`), before an account in brackets (`Microsoft (work): …`).
    let name = line.text().split(':').next().unwrap_or_default();
    let name = name
        .trim_start()
        .trim_start_matches(['-', '*', '+', '•', '·'])
        .trim_start()
        .trim_start_matches("[x]")
        .trim_start_matches("[X]")
        .trim_start_matches("[ ]")
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')']);
    let name = match name.trim_end().strip_suffix(')') {
        Some(inner) => inner.rsplit_once('(').map_or(name, |(before, _)| before),
        None => name,
    };
    let (site, account) = sites::named_alone_with_account(name)?;
    // After "account", a value of one group is more likely the account's name
    // (`Discord account: s7wfimdm`), unless the site gives one code of its form or
    // it is a long run of hexadecimal digits no name is (GitLab's `3f2a9c41…`).
    let one_group = code.shape.groups().len() == 1;
    let hex = !code.chars.non_hex && code.text.len() >= 12;
    (!name.trim().eq_ignore_ascii_case("xbox")
        && sites::own_form(site, code.shape.groups(), code.chars, false).is_some()
        && (!account || !one_group || hex || sites::gives_one_code(site)))
    .then_some(site)
}

/// Whether `key` stands before the line's first code with no label word
/// ([`scan::LABEL_WORDS`]) beside it.
pub(super) fn key_before_codes(line: &ScannedLine<'_>) -> bool {
    let words = line.words();
    if !words.iter().any(|w| w.soft() == Some("key")) {
        return false;
    }
    let before = &words[..first_code(line).unwrap_or(0)];
    let soft = |w: &Word| w.soft();
    before.iter().filter_map(soft).any(|s| s == "key")
        && !before
            .iter()
            .filter_map(soft)
            .any(|s| scan::LABEL_WORDS.contains(&s))
}
