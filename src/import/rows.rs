//! Rows of a table or spreadsheet read line by line (where `tables` did not read
//! the text by its header): a site's name in the first cell, perhaps an account,
//! then codes (`Discord | a | b | …`, `PyPI<TAB>a<TAB>b`, `GitLab,"a b c"`). A row
//! counts where its table speaks of codes or every code has the form the named site
//! gives, and nothing above it names codes of another kind; a row of one code under
//! one of its site's goes on that list. The header is looked for in the row's block
//! of lines ([`TABLE_LINES`] at most).

use super::labels::{is_site_name, letters_only};
use super::not_codes::names_other_codes;
use super::scan::{ScannedLine, Word};
use super::{says_codes_in, sites};

/// A row of a table or spreadsheet: a site's name alone in the first cell (an
/// account in brackets after it), perhaps an account in the next (an e-mail address
/// or a name of one word), then codes of one shape, and nothing else but perhaps a
/// note in the last cell (`Discord | a | b | …`, `PyPI<TAB>a<TAB>b`,
/// `GitLab,"a b c"`, `Google | a | b | main phone`). Either the table speaks of
/// codes ([`table_header`]) and a code is unmistakable, or every code has a form
/// the named site gives its codes in (`Google | 1234 5678 | …`) and no header says
/// the columns are something else ([`header_of_other_columns`]); and nothing
/// above it names codes of another kind. A row of one code needs the site's form,
/// with letters (`GitHub | a739b-178b9`).
pub(super) fn site_row(line: &ScannedLine<'_>) -> bool {
    // Most lines are turned away by their first word (a row's name: a word, or a
    // maybe-code such as `GitHub`), then by their count of cells.
    let words = line.words();
    let named = match words.first() {
        Some(Word::Prose) => true,
        Some(Word::Code(k)) => !line.code(*k).strong,
        _ => false,
    };
    if !named || words.len() < 2 || line.cells().nth(1).is_none() {
        return false;
    }
    let mut cells = line.cells();
    let Some(first) = cells.next() else {
        return false;
    };
    // The name is one to three words, perhaps a maybe-code (`GitHub`: whether it
    // is a site's name is asked last, as it costs most).
    let name = (1..=3).contains(&first.len())
        && first.iter().all(|w| match w {
            Word::Prose => true,
            Word::Code(k) => !line.code(*k).strong,
            _ => false,
        });
    if !name {
        return false;
    }
    // A note in the last cell (`| main phone |`, `printed`): words, no code of the
    // shape of the first code after the name, none with a digit.
    let first_code = words[first.len()..].iter().find_map(|w| match w {
        Word::Code(k) => Some(line.code(*k).shape),
        _ => None,
    });
    let note = |cell: &[Word]| {
        cell.iter().all(|w| match w {
            Word::Code(k) => {
                let code = line.code(*k);
                letters_only(code) && Some(code.shape) != first_code
            }
            _ => true,
        })
    };
    let words = match line.cells().last() {
        Some(last) if note(last) => &words[..words.len() - last.len()],
        _ => words,
    };
    let mut skip = first.len();
    // An account in a cell of its own: its address, or a name of one word.
    if let Some(cell @ [Word::Neutral | Word::Prose]) = cells.next() {
        skip += cell.len();
    }
    // (The note may be the account's cell: no codes then.)
    let codes = words.get(skip..).unwrap_or_default();
    let mut candidates = codes.iter().map(|w| match w {
        Word::Code(k) => Some(line.code(*k)),
        _ => None,
    });
    let Some(Some(shape)) = candidates.next().map(|c| c.map(|c| c.shape)) else {
        return false;
    };
    if !candidates.all(|c| c.is_some_and(|c| c.shape == shape)) {
        return false;
    }
    // One code in the row (`GitHub | a739b-178b9`, a table of a code per row); not
    // after `Xbox`, whose codes of Microsoft's form are game and gift codes.
    let one = codes.len() == 1;
    if one && first_cell(line.text()).eq_ignore_ascii_case("xbox") {
        return false;
    }
    let Some(site) = sites::from_text(line.text()) else {
        return false;
    };
    if !first.iter().all(|w| match w {
        Word::Code(k) => is_site_name(line.code(*k)),
        _ => true,
    }) {
        return false;
    }
    let (said, other) = table_header(line);
    if other {
        return false;
    }
    let strong = codes
        .iter()
        .any(|w| matches!(w, Word::Code(k) if line.code(*k).strong));
    if said && strong && !one {
        return true;
    }
    // Every code of a form the site gives, some with letters unless the form is of
    // digits (not `GitHub | 49152-65535 | …`); a row's one code with letters.
    let (mut letters, mut digits) = (false, true);
    for word in codes {
        let Word::Code(k) = word else {
            return false;
        };
        let code = line.code(*k);
        let Some(form) = sites::own_form(site, code.shape.groups(), code.chars, true) else {
            return false;
        };
        letters |= code.chars.lower || code.chars.upper;
        digits &= form == sites::Alphabet::Digits;
    }
    (letters || (digits && !one)) && (said || !header_of_other_columns(line))
}

/// Whether the row holds one code and the line above it is a row of one code of
/// the same site (`GitHub | a739b-178b9` twice, a table of a code per row): its
/// codes go on that row's list.
pub(super) fn row_goes_on(row: &ScannedLine<'_>) -> bool {
    let one_code = |line: &ScannedLine<'_>| {
        line.words()
            .iter()
            .filter(|w| matches!(w, Word::Code(k) if !is_site_name(line.code(*k))))
            .count()
            == 1
    };
    row.lines_before().next().is_some_and(|above| {
        one_code(row)
            && one_code(&above)
            && first_cell(row.text()) == first_cell(above.text())
            && site_row(&above)
    })
}

/// The text of the first cell of a table's row.
fn first_cell(text: &str) -> &str {
    text.trim_start_matches([' ', '|'])
        .split(['|', '\t', ','])
        .next()
        .unwrap_or_default()
        .trim()
}

/// Whether the row's block of lines starts with a header of columns that are not
/// codes (`Platform | Jan | Feb`, `Service | Started | Renewed`): a line of two
/// cells or more above the row whose later cells hold words (of letters alone
/// that may look like codes: `Revenue`). A header of numbers (`| Site | 1 | 2 |`),
/// a title of one cell or another row of codes is none.
fn header_of_other_columns(row: &ScannedLine<'_>) -> bool {
    let Some(top) = row
        .lines_before()
        .take(TABLE_LINES)
        .take_while(|l| !l.words().is_empty())
        .last()
    else {
        return false;
    };
    let mut cells = top.cells();
    cells.next();
    let column = |w: &Word| match w {
        Word::Number(_) | Word::Neutral => true,
        Word::Code(k) => top.code(*k).strong || top.code(*k).chars.digit,
        _ => false,
    };
    cells.any(|cell| !cell.iter().all(column))
}

/// Whether the row or a line above it in its block of lines (its table's header,
/// `site<TAB>codes`, `Service,Codes`) speaks of codes, and whether one names codes
/// of another kind: a site's name before its order numbers, serials or gift cards
/// is not a list of recovery codes.
fn table_header(row: &ScannedLine<'_>) -> (bool, bool) {
    let says = |text: &str| mentions_code(text) || says_codes_in(text);
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
    (said, other)
}

/// Whether the row stands in a table of recovery codes: a line of its block (its
/// header), or a heading alone above the block with a blank line between, speaks
/// of backup or recovery codes ([`says_codes_in`]: "code" alone, as in `Item code`,
/// is not enough), and none of them names codes of another kind. Under a heading,
/// a header of the block must say "code" (`| code | note |`, not `SKU | Item`).
pub(super) fn in_table_of_codes(row: &ScannedLine<'_>) -> bool {
    let (mut said, mut other) = (false, false);
    // The block's first line, if it is a header (holds no code with a digit): it
    // must speak of codes too for a heading above to count (`| code | note |`, not
    // `SKU | Item`).
    let mut header_of_other = false;
    let mut above = row.lines_before();
    // In Japanese and Chinese, a word for codes (`コード`, `码`) says it.
    let says = |text: &str| says_codes_in(text) || sites::says_codes_cjk(text);
    for line in above.by_ref().take(TABLE_LINES) {
        if line.words().is_empty() {
            break;
        }
        said |= says(line.text());
        other |= names_other_codes(line.text());
        header_of_other = !line.words().iter().any(
            |w| matches!(w, Word::Code(k) if line.code(*k).strong || line.code(*k).chars.digit),
        ) && !mentions_code(line.text())
            && !sites::says_codes_cjk(line.text());
    }
    if !said
        && !header_of_other
        && let Some(heading) = above.next()
        && !heading.words().is_empty()
        && above.next().is_none_or(|l| l.words().is_empty())
    {
        said = says(heading.text());
        other |= names_other_codes(heading.text());
    }
    said && !other
}

/// Whether `text` holds "code" in any case (`Codes`, `Item code`, `backupCodes`).
fn mentions_code(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"code"))
}

/// How many lines above a table's row are looked at for its header.
const TABLE_LINES: usize = 20;
