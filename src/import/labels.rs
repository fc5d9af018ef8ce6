//! Lines where words label the codes after them: "Recovery code: …", "GitHub backup
//! codes: a; b; c", "PyPI: a, b, c", "- GitLab (work): …". A label line may hold prose
//! before its codes; a line that names its own list is a list of its own. A key that
//! no label word calls a recovery key ("Key: …", "WPA key …") is not a code.

use super::scan::{self, Candidate, ScannedLine, Word};
use super::{says_codes_in, sites};

/// Where the line's first code is, passing over a site's name that looks like a
/// maybe-code (`GitHub`, `GitLab`: six letters) before a code in the same cell
/// ("GitHub backup codes: …"). A site's name in a cell of its own (a spreadsheet's
/// or export's row) is the row's first code, as any other word would be.
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

/// Whether `code` is a maybe-code that is a site's name (`GitHub`, `Discord`).
fn is_site_name(code: &Candidate<'_>) -> bool {
    !code.strong && sites::from_text(&code.text).is_some()
}

/// "Recovery code: XXXX-…", "Backup code for GitHub: …", "GitHub backup codes: …": a
/// few words, one of them a label word, all before the first code.
pub(super) fn is_label_line(line: &ScannedLine<'_>) -> bool {
    let words = line.words();
    // Most lines have neither a label word nor a name: told without finding codes.
    let label_word = |w: &Word| w.soft().is_some_and(|s| scan::LABEL_WORDS.contains(&s));
    if !words
        .iter()
        .any(|w| matches!(w, Word::Named) || label_word(w))
    {
        return false;
    }
    let Some(first_code) = first_code(line) else {
        return false;
    };
    let before = &words[..first_code];
    let after_prose = words[first_code..]
        .iter()
        .take_while(|w| !matches!(w, Word::Comment))
        .any(|w| matches!(w, Word::Prose | Word::Named | Word::Setup));
    let labelled = before
        .iter()
        .any(|w| w.soft().is_some_and(|s| scan::LABEL_WORDS.contains(&s)))
        || named_list(line, before, &words[first_code..]);
    let setup = words.iter().any(|w| matches!(w, Word::Setup));
    !after_prose && !setup && labelled && before.len() <= 8
}

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
    let start = before
        .iter()
        .position(|w| !matches!(w, Word::Neutral | Word::Number(_)))
        .unwrap_or(before.len());
    let before = &before[start..];
    let named = matches!(before.last(), Some(Word::Named))
        && before.len() <= 3
        && before.iter().all(|w| match w {
            Word::Prose | Word::Named => true,
            Word::Code(k) => is_site_name(line.code(*k)),
            _ => false,
        });
    if !named {
        return false;
    }
    let digits_only = rest.iter().all(|w| match w {
        Word::Code(k) => !line.code(*k).chars.lower && !line.code(*k).chars.upper,
        _ => true,
    });
    if digits_only && sites::from_text(line.text()).is_none() && !says_codes_in(line.text()) {
        return false;
    }
    let mut shapes = rest.iter().filter_map(|w| match w {
        Word::Code(k) => Some(line.code(*k).shape),
        _ => None,
    });
    let Some(first) = shapes.next() else {
        return false;
    };
    let mut count = 1;
    for shape in shapes {
        if shape != first {
            return false;
        }
        count += 1;
    }
    count >= 2
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
