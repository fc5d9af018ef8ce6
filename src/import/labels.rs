//! Lines where words label the codes after them: "Recovery code: …", "GitHub backup
//! codes: a; b; c", "PyPI: a, b, c", "- GitLab (work): …", a table's row
//! `Discord | a | b`. A label line may hold prose before its codes; a line that names
//! its own list is a list of its own. A key that no label word calls a recovery key
//! ("Key: …", "WPA key …") is not a code, nor is a list under a heading that names
//! codes of another kind ("Gift vouchers").

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
    !after_prose && !setup && labelled && before.len() <= 8
}

/// A row of a table or spreadsheet: a site's name alone in the first cell, then
/// codes of one shape, two at least and one of them unmistakable, and nothing else
/// (`Discord | a | b | …`, `PyPI<TAB>a<TAB>b`, `GitLab,"a b c"`), in a table that
/// speaks of codes ([`table_says_codes`]).
fn site_row(line: &ScannedLine<'_>) -> bool {
    // Most lines are turned away by their last word, which a row's codes end.
    let words = line.words();
    if words.len() < 3 || !matches!(words.last(), Some(Word::Code(_))) {
        return false;
    }
    let mut cells = line.cells();
    let Some(first) = cells.next() else {
        return false;
    };
    // The name is one to three words, perhaps a maybe-code (`GitHub`).
    let name = (1..=3).contains(&first.len())
        && first.iter().all(|w| match w {
            Word::Prose => true,
            Word::Code(k) => is_site_name(line.code(*k)),
            _ => false,
        });
    if !name {
        return false;
    }
    let codes = &words[first.len()..];
    let mut shapes = codes.iter().map(|w| match w {
        Word::Code(k) => Some(line.code(*k).shape),
        _ => None,
    });
    let Some(Some(shape)) = shapes.next() else {
        return false;
    };
    shapes.all(|other| other == Some(shape))
        && codes.len() >= 2
        && codes
            .iter()
            .any(|w| matches!(w, Word::Code(k) if line.code(*k).strong))
        && sites::from_text(line.text()).is_some()
        && table_says_codes(line)
}

/// Whether the row or a line above it in its block of lines (its table's header,
/// `site<TAB>codes`, `Service,Codes`) speaks of codes, and none names codes of
/// another kind: a site's name before its order numbers, serials or gift cards is
/// not a list of recovery codes.
fn table_says_codes(row: &ScannedLine<'_>) -> bool {
    let says = |text: &str| {
        text.as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"code"))
            || says_codes_in(text)
    };
    let block = std::iter::once(*row).chain(
        row.lines_before()
            .take_while(|l| !l.words().is_empty())
            .take(TABLE_LINES),
    );
    let (mut said, mut other) = (false, false);
    for line in block {
        said |= says(line.text());
        other |= names_other_codes(line.text());
    }
    said && !other
}

/// How many lines above a table's row are looked at for its header.
const TABLE_LINES: usize = 20;

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

/// Whether the last line that is not blank in `before` (the lines between a list
/// and the list before it) names codes that are not recovery codes, and no word on
/// it says they are: "Gift vouchers", "Office licence keys", "Promo codes:". The
/// names are whole words (`license server`, `promoted` and `SerialGamer` name
/// nothing), and a line with a code of its own is not a heading.
pub(super) fn heading_names_other_codes(before: &[ScannedLine<'_>]) -> bool {
    let Some(heading) = before.iter().rev().find(|l| !l.words().is_empty()) else {
        return false;
    };
    names_other_codes(heading.text())
        && !heading
            .words()
            .iter()
            .any(|w| matches!(w, Word::Code(k) if heading.code(*k).strong))
}

/// Whether `text` (a heading, a table's header) names codes of another kind than
/// recovery codes ([`OTHER_CODES`], whole words) and no word on it says they are
/// recovery codes.
fn names_other_codes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
    // Compared in place at the start of each word (in any case): a heading may be
    // a line of codes, of which no copy is made.
    let names_other = text.len() <= 80
        && (0..bytes.len()).any(|i| {
            let first = bytes[i] | 0x20;
            matches!(
                first,
                b'a' | b'c' | b'd' | b'g' | b'l' | b'p' | b'r' | b's' | b'v'
            ) && (i == 0 || !letter(i - 1))
                && OTHER_CODES.iter().any(|w| {
                    let end = i + w.len();
                    w.as_bytes().first() == Some(&first)
                        && bytes
                            .get(i..end)
                            .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
                        // The word, or its plural (`vouchers`, `Gutscheine`), ends there.
                        && ["", "s", "es", "e"].iter().any(|plural| {
                            bytes
                                .get(end..end + plural.len())
                                .is_some_and(|b| b.eq_ignore_ascii_case(plural.as_bytes()))
                                && !letter(end + plural.len())
                        })
                })
        });
    names_other && !says_codes_in(text)
}

/// Names of codes of other kinds than recovery codes, lower-case.
const OTHER_CODES: &[&str] = &[
    "voucher",
    "gutschein",
    "gutscheincode",
    "coupon",
    "gift card",
    "gift code",
    "promo code",
    "licence key",
    "license key",
    "lizenzschlüssel",
    "product key",
    "serial number",
    "serial key",
    "redeem code",
    "discount code",
    "activation key",
];
