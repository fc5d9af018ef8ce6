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
fn is_site_name(code: &Candidate<'_>) -> bool {
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

/// How many words a long name before its codes' colon has at most ([`named_list`]).
const NAME_WORDS: usize = 5;

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
    let Some((site, account)) = sites::named_alone_with_account(name) else {
        return false;
    };
    // After "account", a value of one group is more likely the account's name
    // (`Discord account: s7wfimdm`), unless the site gives one code of its form or
    // it is a long run of hexadecimal digits no name is (GitLab's `3f2a9c41…`).
    let one_group = code.shape.groups().len() == 1;
    let hex = !code.chars.non_hex && code.text.len() >= 12;
    !name.trim().eq_ignore_ascii_case("xbox")
        && sites::own_form(site, code.shape.groups(), code.chars, false).is_some()
        && (!account || !one_group || hex || sites::gives_one_code(site))
}

/// Whether `line` goes on a hex dump: it starts with an offset (seven or eight
/// hexadecimal digits) as the line above does, which holds more after its offset
/// (`od`, `hexdump` and `xxd` lines): the dump's last, short line
/// (`0000140 214a cb8c`) and the offset alone that ends it (`0000100`, `0000056`,
/// the length, as `od` and `hexdump` print it).
pub(super) fn end_of_dump(line: &ScannedLine<'_>) -> bool {
    // Read as bytes: most lines are turned away by their first few.
    let offset = |text: &str| {
        let bytes = text.as_bytes().trim_ascii_start();
        let digits = bytes.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        (matches!(digits, 7 | 8)
            && bytes
                .get(digits)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b':'))
        .then_some(digits)
    };
    let Some(len) = offset(line.text()) else {
        return false;
    };
    // The line above is a dump's: `od -x`, `xxd`, `hexdump` (groups of four), or
    // `od -c`, `hexdump -C` (bytes and characters of three letters at most) after
    // an offset that is a multiple of 16 (not `20250101: …`, `00000001: …`).
    let dump = |text: &str| {
        let mut words = text.split_whitespace();
        let small = words
            .next()
            .is_some_and(|o| o.trim_end_matches(':').ends_with('0'))
            && words.clone().count() >= 4
            // (`hexdump -C` ends with the characters between bars.)
            && words
                .take_while(|w| !w.starts_with('|'))
                .all(|w| w.chars().count() <= 3);
        offset(text) == Some(len) && (dump_or_fingerprint(text) || small)
    };
    // The line above, or the one above a short last line (`0000020 214a cb8c`
    // before `0000024`).
    let mut above = line.lines_before().map(|l| l.text());
    match above.next() {
        Some(text) if dump(text) => true,
        Some(text) if offset(text) == Some(len) => above.next().is_some_and(dump),
        _ => false,
    }
}

/// Whether `text` is a PGP key's fingerprint (`6650 D63E … 35C6  0DD4 … 58B8`:
/// ten groups of four hexadecimal digits, two spaces after the fifth, as
/// `gpg --fingerprint` prints it, perhaps after a label) or a line of a hex dump
/// (`00000010: 9829 38a0 …`, as `xxd` prints it, `0000020 bb69 9bf7 …` as
/// `hexdump` and `od -x` do): not codes.
pub(super) fn dump_or_fingerprint(text: &str) -> bool {
    let bytes = text.as_bytes().trim_ascii();
    // Most lines are shorter than a dump's offset and first group.
    if bytes.len() < 14 {
        return false;
    }
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    // A dump's line starts with its offset (seven or eight digits, a multiple of 16:
    // not a date, `20250101: …`) and four groups at least; `xxd` writes a colon
    // after it, `hexdump` and `od -x` write seven digits and no colon.
    for (len, colon) in [(7, true), (8, true), (7, false)] {
        let after = if colon { Some(&b':') } else { Some(&b' ') };
        if bytes.get(len) == after
            && hex(&bytes[..len])
            && bytes[len - 1] == b'0'
            && bytes.get(len + usize::from(colon)..).is_some_and(|rest| {
                rest.chunks(5)
                    .take(4)
                    .filter(|g| g.len() >= 5 && g[0] == b' ' && hex(&g[1..]))
                    .count()
                    == 4
            })
        {
            return true;
        }
    }
    // The fingerprint ends the line: five groups, two spaces, five groups (50 bytes).
    let Some(start) = bytes.len().checked_sub(FINGERPRINT.len()) else {
        return false;
    };
    let (before, print) = bytes.split_at(start);
    let fits = print.iter().zip(FINGERPRINT).all(|(&b, &f)| match f {
        b'x' => b.is_ascii_hexdigit(),
        _ => b == b' ',
    });
    // Nothing before it, or a label: not more groups of a longer code.
    let label = before.trim_ascii_end();
    let group_before = label.len() >= 4
        && hex(&label[label.len() - 4..])
        && (label.len() == 4 || label[label.len() - 5] == b' ');
    fits && (before.is_empty() || (before.ends_with(b" ") && !group_before))
}

/// Where a PGP key's fingerprint has hexadecimal digits (`x`) and spaces.
const FINGERPRINT: &[u8] = b"xxxx xxxx xxxx xxxx xxxx  xxxx xxxx xxxx xxxx xxxx";

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
/// nothing), and a line with a code of its own is not a heading. A heading that
/// names a site whose form every one of `codes` has is that site's list.
pub(super) fn heading_names_other_codes(
    before: &[ScannedLine<'_>],
    codes: &[super::Taken<'_>],
) -> bool {
    let Some(heading) = before.iter().rev().find(|l| !l.words().is_empty()) else {
        return false;
    };
    // A heading holds no code itself (a line `Netflix gift card 4839-…` is one of a
    // list); a short name that looks like one is not (`SHA-256 checksums`).
    let holds_code = |k: u32| {
        let code = heading.code(k);
        code.strong && code.text.bytes().filter(u8::is_ascii_alphanumeric).count() >= 8
    };
    // A site named on it whose form every code has (`GitHub 2FA / SSH keys`).
    let site_s_codes = || {
        let several = codes.len() > 1;
        sites::from_text(heading.text()).is_some_and(|site| {
            codes
                .iter()
                .all(|(c, ..)| sites::own_form(site, c.shape.groups(), c.chars, several).is_some())
        })
    };
    heads_other_codes(heading.text())
        && !heading
            .words()
            .iter()
            .any(|w| matches!(w, Word::Code(k) if holds_code(*k)))
        && !site_s_codes()
}

/// Whether `text` is a heading of codes of another kind ([`names_other_codes`]): a
/// few words, not a remark in brackets or a sentence between a list's codes
/// (`(API keys are in Vault, not here)`).
pub(super) fn heads_other_codes(text: &str) -> bool {
    let text = text.trim();
    !text.starts_with('(') && text.split_whitespace().nth(5).is_none() && names_other_codes(text)
}

/// Whether `text` (a heading, a table's header) names codes of another kind than
/// recovery codes ([`OTHER_CODES`], whole words) and no word on it says they are
/// recovery codes.
pub(super) fn names_other_codes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
    // Compared in place at the start of each word (in any case): a heading may be
    // a line of codes, of which no copy is made.
    let names_other = text.len() <= 80
        && (0..bytes.len()).any(|i| {
            let (from, to) = OTHER_BY_FIRST
                .get(usize::from(bytes[i] | 0x20))
                .copied()
                .unwrap_or_default();
            // The second letter turns most words away before any comparison.
            let second = bytes.get(i + 1).map_or(0, |b| b | 0x20);
            from < to
                && (i == 0 || !letter(i - 1))
                && OTHER_SECOND[usize::from(bytes[i] | 0x20) & 127] & second_bit(second) != 0
                && OTHER_CODES[from..to].iter().any(|w| {
                    let end = i + w.len();
                    bytes
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
    // Japanese and Chinese write their words without spaces between them.
    let names_other = names_other
        || (!text.is_ascii()
            && text.len() <= 120
            && sites::find_cjk(text, OTHER_CODES_CJK, |name| name).is_some());
    names_other && !says_codes_in(text)
}

/// Names of codes of other kinds than recovery codes, lower-case, in order (those
/// with one first letter together: [`OTHER_BY_FIRST`]).
const OTHER_CODES: &[&str] = &[
    "access key",
    "access token",
    "activation key",
    "alarm code",
    "api key",
    "api token",
    "barcode",
    "cd key",
    "checksum",
    "coupon",
    "device id",
    "discount code",
    "door code",
    "fingerprint",
    "game key",
    "garage code",
    "gate code",
    "gift card",
    "gift code",
    "gpg key",
    "gutschein",
    "gutscheincode",
    "hash",
    "invoice",
    "licence key",
    "license key",
    "lizenzschlüssel",
    "lock code",
    "locker code",
    "md5",
    "order number",
    "pgp key",
    "product key",
    "promo code",
    "redeem code",
    "serial key",
    "serial number",
    "sha-1",
    "sha-256",
    "sha-512",
    "sha1",
    "sha256",
    "sha512",
    "ssh key",
    "steam key",
    "tracking number",
    "voucher",
    "wi-fi key",
    "wi-fi password",
    "wifi key",
    "wifi password",
    "wlan key",
    "wlan password",
];

/// Where the names of [`OTHER_CODES`] that start with each ASCII letter are: a word
/// is compared with those of its first letter alone.
const OTHER_BY_FIRST: [(usize, usize); 128] = {
    let mut ranges = [(0, 0); 128];
    let mut i = 0;
    while i < OTHER_CODES.len() {
        let first = OTHER_CODES[i].as_bytes()[0] as usize;
        if ranges[first].1 == 0 {
            ranges[first].0 = i;
        }
        ranges[first].1 = i + 1;
        i += 1;
    }
    ranges
};

/// For each ASCII first letter of [`OTHER_CODES`], the second bytes its names have
/// (bit [`second_bit`]).
const OTHER_SECOND: [u64; 128] = {
    let mut seconds = [0; 128];
    let mut i = 0;
    while i < OTHER_CODES.len() {
        let name = OTHER_CODES[i].as_bytes();
        seconds[name[0] as usize] |= second_bit(name[1]);
        i += 1;
    }
    seconds
};

/// The bit of a name's second byte (lower-cased) in [`OTHER_SECOND`]: letters,
/// digits and `-` have bits of their own, other bytes share one.
const fn second_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        b'-' => 1 << 36,
        _ => 1 << 37,
    }
}

/// [`OTHER_CODES`] in Japanese and Chinese: gift cards and vouchers, coupons,
/// serial numbers, product and licence keys, activation and redemption codes.
const OTHER_CODES_CJK: &[&str] = &[
    "ギフト券",
    "ギフトカード",
    "商品券",
    "クーポン",
    "シリアル",
    "プロダクトキー",
    "ライセンスキー",
    "礼品卡",
    "礼品码",
    "兑换码",
    "优惠券",
    "激活码",
    "序列号",
    "产品密钥",
    "京东E卡",
    "京东卡",
    "卡密",
    "充值卡",
    "购物卡",
];
