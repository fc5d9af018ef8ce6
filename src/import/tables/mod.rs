//! Spreadsheets of codes: a text made of tables whose first row names their
//! columns, as a spreadsheet saves them (CSV with commas or semicolons, Excel's
//! `sep=;` line, cells in double quotes; TSV) or Markdown tables
//! (`| Site | Account | Backup codes |`, outer pipes perhaps left out, a `|---|`
//! line after the header). They are read by their columns, not as lines of text:
//!
//! - the site's column (`Site`, `Service`, `Domain`; else a column whose every cell
//!   names a site, `github.com`) gives each row's site, and the account's column
//!   (`Account`, `Username`, `Login`, `E-mail`) its account; an empty site cell
//!   takes the site above, an empty account cell the account above under the same
//!   site (merged cells); a row without a site is the site its header or title
//!   names (`Discord backup codes`, `## Google` above the table);
//! - the codes' columns (`Backup codes`, `Code 1`, `recovery`, `コード`) give its
//!   codes, several in a cell when commas, semicolons, ` / `, `<br>`, two spaces,
//!   line breaks (a quoted cell of several lines, Alt+Enter in Excel) or list
//!   numbers (`1. a 2. b`) part them; cells after the header's last column go to
//!   the codes' columns;
//! - a "used" column (`Used`, `Status`), a date in a "Date used" column, or a note
//!   that starts with `done` or `used` says the row's codes were used;
//! - every other column (a recovery phone, where a code is kept, a note) is left
//!   out: never read as codes.
//!
//! A text is read this way only when one of its first lines is a header that names
//! a column of codes that is no other kind of code (`Promo code`, `Zip code`), the
//! lines above a header (a title of two lines at most) and after the last table
//! hold no code, every other line that is not blank is a row, and each header has a
//! site's column or says whose or what codes they are (`Discord backup codes`,
//! `Backup code`). Anything else is read as text; so is a table whose values are
//! mostly no codes (see [`lists`]).

use super::not_codes::names_other_codes;
use super::scan;
use super::{says_codes_in, sites};

mod lists;

pub(super) use lists::preview;

/// What a column of the header holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Site,
    Account,
    Codes,
    Used,
    /// When the row's codes were used (`Used on`): any date there marks them.
    UsedOn,
    Other,
}

/// One row of a table of codes. No `Debug`: it holds codes.
pub(super) struct Row<'t> {
    /// Its line in the text, from 1.
    pub line: usize,
    /// Its text: one line, or several where a cell runs over line breaks.
    pub text: &'t str,
    /// Its site's cell (or the one above, when empty), and that cell's line.
    pub site: Option<(&'t str, usize)>,
    /// Its account's cell (or the one above, when the site's cell was empty too).
    pub account: Option<&'t str>,
    /// The texts in its codes' cells, each cut where commas or semicolons part codes.
    pub codes: Vec<&'t str>,
    /// Whether its "used" cell says its codes were used.
    pub used: bool,
}

impl Row<'_> {
    /// The line `value` (a piece of one of its cells) stands on: a later one than
    /// the row's in a cell of several lines.
    pub fn line_of(&self, value: &str) -> usize {
        let at = value
            .as_ptr()
            .addr()
            .wrapping_sub(self.text.as_ptr().addr());
        self.line
            + self
                .text
                .get(..at)
                .map_or(0, |before| before.matches('\n').count())
    }
}

/// The header of one table of a text, and what it says of its rows.
pub(super) struct Header {
    /// Its line, from 1.
    pub line: usize,
    /// The site it names in its codes' column (`Discord backup codes`), else the
    /// site its title names (`## GitHub` above it).
    pub site: Option<&'static str>,
    /// Whether it says what codes they are (backup or recovery codes, a site's);
    /// else (`Code`) every row must name a site whose form its codes have.
    pub said: bool,
}

/// A text read as tables of codes: one, or several each under its title.
pub(super) struct Table<'t> {
    /// The headers, in order.
    pub headers: Vec<Header>,
    /// The rows, in order, each with the index of its header.
    pub rows: Vec<(usize, Row<'t>)>,
}

/// How a line is cut into cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// A Markdown table's `|`, with `|` at the start and end of the line.
    Pipe,
    /// A byte between cells (tab, comma, semicolon); a cell may be in double quotes.
    Byte(u8),
}

/// `text` read as one table of codes, if it is one (see the module's doc).
pub(super) fn read(text: &str) -> Option<Table<'_>> {
    let lines = || {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .map(|l| l.trim_start_matches('\u{feff}'))
            .filter(|l| !l.trim().is_empty())
    };
    // Most texts are turned away by their first lines: no header among them.
    if !lines()
        .take(TITLE_LINES + 2)
        .any(|l| l.trim().starts_with("sep=") || header_of(l, None).is_some())
    {
        return None;
    }
    let lines = rows_of(text);
    // Excel's first line naming the separator (`sep=;`).
    let (forced, lines) = match lines.split_first() {
        Some(((_, first), rest)) if first.trim().len() == 5 && first.trim().starts_with("sep=") => {
            (first.trim().as_bytes().get(4).copied(), rest)
        }
        _ => (None, lines.as_slice()),
    };
    let mut table = Table {
        headers: Vec::new(),
        rows: Vec::new(),
    };
    let mut at = 0;
    while at < lines.len() {
        // The next header, perhaps under a title of a line or two that holds no
        // code; else what is left is a footer that holds none.
        let found = lines[at..]
            .iter()
            .take(TITLE_LINES + 1)
            .enumerate()
            .find_map(|(i, (_, text))| Some((i, header_of(text, forced)?)));
        let Some((offset, (separator, names, mut columns))) = found else {
            if table.headers.is_empty() || !lines[at..].iter().all(|(_, t)| quiet(t)) {
                return None;
            }
            break;
        };
        let titles = &lines[at..at + offset];
        if !titles.iter().all(|(_, t)| quiet(t)) {
            return None;
        }
        // An empty header's cell after one of codes goes on with it (a merged
        // cell, `Codes<TAB><TAB><TAB>Note`).
        for i in 1..columns.len() {
            if names[i].trim().is_empty() && columns[i - 1] == Column::Codes {
                columns[i] = Column::Codes;
            }
        }
        let last_codes = columns.iter().rposition(|c| *c == Column::Codes)?;
        at += offset + 1;
        let header_line = lines[at - 1].0;
        // The block's rows: its lines cut into cells (a Markdown table's rule
        // under its header, `|---|:---:|`, left out).
        let mut block: Vec<((usize, &str), Vec<&str>)> = Vec::new();
        while let Some(&(line, text)) = lines.get(at) {
            let Some(cells) = cells(text, separator).filter(|c| c.len() >= 2) else {
                break;
            };
            at += 1;
            if block.is_empty() && separator == Separator::Pipe && cells.iter().all(|c| is_rule(c))
            {
                continue;
            }
            // A row reaches the last column of codes.
            if cells.len() <= last_codes {
                return None;
            }
            block.push(((line, text), cells));
        }
        if block.is_empty() {
            return None;
        }
        // A column whose header names no site's column (`Domain`, `Servizio`) but
        // whose every cell names a site (`github.com`, `Discord`) is the site's.
        if !columns.contains(&Column::Site)
            && let Some(found) = (0..columns.len()).find(|&c| {
                columns[c] == Column::Other
                    && block.iter().all(|(_, cells)| {
                        cells.get(c).is_none_or(|cell| {
                            cell.trim().is_empty() || lists::site_of_cell(cell.trim()).is_some()
                        })
                    })
                    && block
                        .iter()
                        .any(|(_, cells)| cells.get(c).is_some_and(|cell| !cell.trim().is_empty()))
            })
        {
            columns[found] = Column::Site;
        }
        let site_column = columns.contains(&Column::Site);
        let code_names = || {
            names
                .iter()
                .zip(&columns)
                .filter(|(_, c)| **c == Column::Codes)
                .map(|(n, _)| *n)
        };
        let site = code_names()
            .find_map(sites::from_text)
            .or_else(|| titles.iter().find_map(|(_, t)| sites::from_text(t)));
        // Whether the header says what codes they are; `Code` alone is checked
        // row by row (see `preview`).
        let said = site.is_some() || code_names().any(says_recovery_codes);
        if !site_column && !said {
            return None;
        }
        let header = table.headers.len();
        table.headers.push(Header {
            line: header_line,
            site,
            said,
        });
        let first_row = table.rows.len();
        for (line, cells) in block {
            let mut row = row(line, &cells, &columns, last_codes);
            // An empty site's cell: the row goes on the site (and account) above;
            // an empty account's cell under the same site, on its account (merged
            // cells).
            if let Some((_, above)) = table.rows[first_row..].last() {
                if site_column && row.site.is_none() {
                    row.site = above.site;
                }
                if row.account.is_none() && row.site.map(|s| s.0) == above.site.map(|s| s.0) {
                    row.account = above.account;
                }
            }
            table.rows.push((header, row));
        }
    }
    (!table.rows.is_empty()).then_some(table)
}

/// The lines of `text` that are not blank, each with its number (from 1), as rows:
/// a line that ends inside a cell in double quotes which a later line closes (a
/// spreadsheet's cell of several lines, Alt+Enter in Excel; see [`ends_in_cell`])
/// goes on to that line, line breaks and all, [`CELL_LINES`] lines at most.
fn rows_of(text: &str) -> Vec<(usize, &str)> {
    // Each line's start and end (before its line break) in `text`.
    let mut spans = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.trim_end_matches(['\n', '\r']).len();
        spans.push((start, end));
        start += piece.len();
    }
    let mut rows = Vec::with_capacity(spans.len());
    let mut i = 0;
    while let Some(&(from, to)) = spans.get(i) {
        let mut last = i;
        if ends_in_cell(&text[from..to], false) {
            // The line that closes the cell (and opens no other).
            if let Some(k) = (i + 1..spans.len())
                .take(CELL_LINES)
                .find(|&k| !ends_in_cell(&text[spans[k].0..spans[k].1], true))
            {
                last = k;
            }
        }
        let row = text[from..spans[last].1].trim_start_matches('\u{feff}');
        if !row.trim().is_empty() {
            rows.push((i + 1, row));
        }
        i = last + 1;
    }
    rows
}

/// Whether `line` ends inside a cell in double quotes; `inside` if it starts inside
/// one (a cell that runs over line breaks). A quote opens a cell only at its start
/// (after a comma, semicolon or tab, spaces perhaps): one inside a cell's text is
/// the text's (`5" screen`); in a quoted cell, `""` is a quote of its text.
pub(super) fn ends_in_cell(line: &str, mut inside: bool) -> bool {
    let bytes = line.as_bytes();
    let mut cell_start = !inside;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if inside {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                inside = false;
                cell_start = false;
            }
        } else {
            match b {
                b'"' if cell_start => inside = true,
                b',' | b';' | b'\t' => cell_start = true,
                b' ' => {}
                _ => cell_start = false,
            }
        }
        i += 1;
    }
    inside
}

/// How many lines a spreadsheet's cell of several lines may run over.
pub(super) const CELL_LINES: usize = 64;

/// How many lines above a table's header may be its title.
const TITLE_LINES: usize = 2;

/// A header's separator, cells, and what each column holds.
type HeaderCells<'t> = (Separator, Vec<&'t str>, Vec<Column>);

/// A header line: its separator, cells and what each column holds, if `text` is
/// one (two cells at least, each short, no code among them, a column of codes).
fn header_of(text: &str, forced: Option<u8>) -> Option<HeaderCells<'_>> {
    let separator = match forced {
        Some(byte) => Separator::Byte(byte),
        None => separator_of(text)?,
    };
    let names = cells(text, separator)?;
    if names.len() < 2 || !names.iter().all(|n| is_header_cell(n)) {
        return None;
    }
    let columns: Vec<Column> = names.iter().map(|n| column_of(n)).collect();
    columns
        .contains(&Column::Codes)
        .then_some((separator, names, columns))
}

/// The row on `line` of `cells`, under a header of `columns`.
fn row<'t>(
    (line, text): (usize, &'t str),
    cells: &[&'t str],
    columns: &[Column],
    last_codes: usize,
) -> Row<'t> {
    let mut row = Row {
        line,
        text,
        site: None,
        account: None,
        codes: Vec::new(),
        used: false,
    };
    // A row longer than its header has more codes: its cells after them keep to
    // the header's last columns (`… | code | code | note`).
    let extra = cells.len().saturating_sub(columns.len());
    for (at, cell) in cells.iter().enumerate() {
        let column = if at <= last_codes {
            columns[at]
        } else if at <= last_codes + extra {
            Column::Codes
        } else {
            columns.get(at - extra).copied().unwrap_or(Column::Other)
        };
        let cell = cell.trim();
        match column {
            Column::Site if !cell.is_empty() => row.site = Some((cell, line)),
            Column::Account if !cell.is_empty() => row.account = Some(cell),
            Column::Codes => row.codes.extend(values(cell)),
            Column::Used => row.used |= says_used(cell) || note_says_used(cell),
            // A date there (not `never`, `n/a`).
            Column::UsedOn => {
                row.used |= cell.bytes().any(|b| b.is_ascii_digit()) || says_used(cell);
            }
            // A note that says the codes were used (`done 2024-06`, `used at the
            // airport`).
            Column::Other => row.used |= note_says_used(cell),
            _ => {}
        }
    }
    row
}

/// The values of a codes' cell: parted by commas, semicolons, line breaks (in a
/// cell of several lines, or written as `<br>`), or two spaces or more; in backticks perhaps. Codes parted by one
/// space stay together here (`1339 3213` is one code, `a b c d` may be two).
fn values(cell: &str) -> impl Iterator<Item = &str> {
    // Excel's text formula (`="0123 4567"`) keeps a code's leading zeros.
    let cell = cell
        .strip_prefix("=\"")
        .and_then(|c| c.strip_suffix('"'))
        .unwrap_or(cell);
    cell.split([',', ';', '、', '，', '；', '\t', '\n'])
        .flat_map(|part| part.split(" / "))
        .flat_map(|part| part.split("<br>"))
        .flat_map(|part| part.split("<br/>"))
        .flat_map(|part| part.split("<br />"))
        .flat_map(|part| part.split("  "))
        .map(|value| value.trim().trim_matches('`').trim())
        .filter(|value| !value.is_empty())
}

/// Whether a line above, between or below tables holds no code: a title, a footer
/// (`My 2FA codes, exported 2026-11-29`, `Page 1 of 2`), not a list. No word is a
/// code (but a date or time), and no two words side by side are groups of one
/// (`1234 5678`); else the text is read as text, whose reader finds what such a
/// line holds.
fn quiet(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let group = |w: &&str| {
        (3..=5).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_alphanumeric())
            && w.bytes().any(|b| b.is_ascii_digit())
    };
    !words.iter().any(|word| {
        !is_date(word)
            && !is_time(word)
            && scan::candidate(*word, b'-').is_some_and(|c| c.chars.digit)
    }) && !words
        .windows(2)
        .any(|pair| group(&pair[0]) && group(&pair[1]))
}

/// Whether `word` is a time of day (`12:30`, `09:15:00`).
fn is_time(word: &str) -> bool {
    word.contains(':') && word.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// Whether `word` is a date (`2026-11-29`, `29.11.2026`).
fn is_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '.', '/']).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

/// How `header` is cut into cells: a Markdown table's pipes, else a tab, a
/// semicolon or a comma (the first of these it holds).
fn separator_of(header: &str) -> Option<Separator> {
    let trimmed = header.trim();
    // A Markdown table, its outer pipes perhaps left out (`Site | Codes`).
    if (trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1)
        || trimmed.contains(" | ")
    {
        return Some(Separator::Pipe);
    }
    [b'\t', b';', b',']
        .into_iter()
        .find(|b| header.as_bytes().contains(b))
        .map(Separator::Byte)
}

/// The cells of `line`, cut by `separator`; `None` if it is no row of such a table
/// (a Markdown row without its pipes, a quote left open).
fn cells(line: &str, separator: Separator) -> Option<Vec<&str>> {
    match separator {
        Separator::Pipe => {
            let inner = line.trim();
            let inner = inner.strip_prefix('|').unwrap_or(inner);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            Some(inner.split('|').map(str::trim).collect())
        }
        Separator::Byte(sep) => {
            let mut cells = Vec::new();
            let mut rest = line;
            loop {
                let trimmed = rest.trim_start_matches(' ');
                if let Some(quoted) = trimmed.strip_prefix('"') {
                    // A cell in double quotes runs to its closing quote (codes hold
                    // no quotes: `""` in its text is left as it is).
                    let end = closing_quote(quoted)?;
                    cells.push(&quoted[..end]);
                    let after = quoted[end + 1..].trim_start_matches(' ');
                    match after.as_bytes().first() {
                        None => return Some(cells),
                        Some(b) if *b == sep => rest = &after[1..],
                        Some(_) => return None,
                    }
                } else {
                    match rest.bytes().position(|b| b == sep) {
                        Some(at) => {
                            cells.push(&rest[..at]);
                            rest = &rest[at + 1..];
                        }
                        None => {
                            cells.push(rest);
                            return Some(cells);
                        }
                    }
                }
            }
        }
    }
}

/// Where the quote that closes a quoted cell is in `rest` (the text after its
/// opening quote): the first that is not one of a pair (`""`).
fn closing_quote(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes.get(i..)?.iter().position(|&b| b == b'"') {
        if bytes.get(i + at + 1) == Some(&b'"') {
            i += at + 2;
        } else {
            return Some(i + at);
        }
    }
    None
}

/// Whether a cell may be a header's: a few words, none of which may be a code
/// (`PyPI recovery codes: 32315d40e1cab7e2, …` is a line of codes, not a header).
fn is_header_cell(cell: &str) -> bool {
    let words = cell.split_whitespace();
    let end = cell.trim_end();
    cell.len() <= 60
        && words.clone().count() <= 4
        // Not a sentence or a label (`keep offline!!`, `Codes:`).
        && !end.ends_with(['!', '.', ':', '：', '。'])
        && !words
            .into_iter()
            .any(|w| scan::candidate(w, b'-').is_some_and(|c| c.chars.digit))
}

/// Whether a Markdown cell is the rule under the header (`---`, `:---:`).
fn is_rule(cell: &str) -> bool {
    let rule = cell.trim().trim_matches(':');
    !rule.is_empty() && rule.bytes().all(|b| b == b'-')
}

/// What a header's cell says its column holds.
fn column_of(name: &str) -> Column {
    let name = name.trim().trim_matches(['"', '*', '_']).trim();
    let lower = name.to_lowercase();
    let is = |words: &[&str]| words.contains(&lower.as_str());
    if is(SITE_WORDS) {
        Column::Site
    } else if is(ACCOUNT_WORDS) {
        Column::Account
    } else if is(USED_WORDS) {
        Column::Used
    } else if is(USED_ON_WORDS) {
        Column::UsedOn
    } else if names_codes(&lower) {
        Column::Codes
    } else {
        Column::Other
    }
}

/// Whether a header's cell (lower-cased) names recovery codes: a word for codes
/// (`Backup codes`, `Code 1`, `コード`), or `recovery` or `backup` alone; not codes of
/// another kind (`Promo code`, `Zip code`, `Country code`).
fn names_codes(lower: &str) -> bool {
    let code = ["code", "código", "codigo", "codice", "コード", "码", "碼"]
        .iter()
        .any(|w| lower.contains(w));
    (code
        || matches!(
            lower,
            "recovery" | "backup" | "2fa" | "backup key" | "recovery key"
        ))
        && !names_other_codes(lower)
        && !NOT_CODES.iter().any(|w| lower.contains(w))
}

/// Headers of a site's column.
const SITE_WORDS: &[&str] = &[
    "site",
    "site name",
    "service name",
    "website name",
    "domain",
    "anbieter",
    "plateforme",
    "servizio",
    "sito",
    "website",
    "web site",
    "service",
    "platform",
    "app",
    "application",
    "name",
    "title",
    "provider",
    "dienst",
    "webseite",
    "sitio",
    "servicio",
    "サイト",
    "サービス",
    "网站",
    "服务",
];

/// Headers of an account's column.
const ACCOUNT_WORDS: &[&str] = &[
    "account",
    "account email",
    "account name",
    "email address",
    "e-mail address",
    "login_username",
    "owner",
    "compte",
    "utente",
    "user",
    "username",
    "user name",
    "login",
    "email",
    "e-mail",
    "mail",
    "benutzer",
    "benutzername",
    "konto",
    "cuenta",
    "usuario",
    "アカウント",
    "账户",
    "账号",
];

/// Headers of a column that says whether a row's codes were used.
const USED_WORDS: &[&str] = &[
    "used",
    "used?",
    "status",
    "done",
    "erledigt",
    "benutzt",
    "verwendet",
    "usado",
    "使用済み",
    "已使用",
];

/// Headers of a column that says when a row's codes were used.
const USED_ON_WORDS: &[&str] = &[
    "used on",
    "used at",
    "date used",
    "used date",
    "when used",
    "verwendet am",
    "benutzt am",
    "usado el",
];

/// Whether a header's cell of codes says what codes they are: backup or recovery
/// codes (`Backup code`, `2FA codes`, `リカバリーコード`), or `recovery` alone.
fn says_recovery_codes(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    says_codes_in(&lower)
        || sites::says_codes_cjk(&lower)
        || [
            "recovery",
            "backup",
            "2fa",
            "mfa",
            "recovery key",
            "backup key",
        ]
        .contains(&lower.as_str())
}

/// Words for codes of other kinds in a column's header.
const NOT_CODES: &[&str] = &[
    "zip code",
    "post code",
    "postcode",
    "postal code",
    "country code",
    "area code",
    "item code",
    "product code",
    "color code",
    "colour code",
];

/// Whether a "used" column's cell says the row's codes were used.
fn says_used(cell: &str) -> bool {
    let lower = cell.trim().trim_end_matches('\u{fe0f}').to_lowercase();
    matches!(
        lower.as_str(),
        "yes"
            | "y"
            | "x"
            | "[x]"
            | "✓"
            | "✔"
            | "✅"
            | "☑"
            | "true"
            | "wahr"
            | "1"
            | "ja"
            | "oui"
            | "sí"
            | "si"
    ) || says_done(&lower)
}

/// Whether a word says a code was used (`used`, `done`, `erledigt`, `utilisé`).
fn says_done(lower: &str) -> bool {
    matches!(
        lower,
        "used"
            | "done"
            | "erledigt"
            | "benutzt"
            | "verwendet"
            | "gebruikt"
            | "usado"
            | "utilisé"
            | "utilise"
            | "使用済み"
            | "済"
            | "已使用"
            | "已用"
    )
}

/// Whether a note's cell starts with a word that says the row's codes were used
/// (`done 2024-06`, `used at the airport`); not `unused`, nor `yes` or `✓`, which
/// in another column (`Printed`, `Active`) say something else.
fn note_says_used(cell: &str) -> bool {
    cell.split_whitespace()
        .next()
        .is_some_and(|first| says_done(&first.trim_end_matches([',', ':', '.']).to_lowercase()))
        || ["使用済", "已使用", "已用"]
            .iter()
            .any(|w| cell.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_s_columns_give_site_account_codes_and_used() {
        let text = "Site\tAccount\tRecovery phone\tBackup codes\tUsed\n\
                    Google\tanna\t+65 9054 7081\t1339 3213\tyes\n\
                    \tbob\t\t6766 3636\t\n";
        let table = read(text).expect("a table");
        assert_eq!(table.rows.len(), 2);
        let first = &table.rows[0].1;
        assert_eq!(
            (first.line, first.site, first.account),
            (2, Some(("Google", 2)), Some("anna"))
        );
        assert_eq!(first.codes, ["1339 3213"]);
        assert!(first.used);
        // An empty site's cell: the site above; its own account.
        let second = &table.rows[1].1;
        assert_eq!(
            (second.site, second.account),
            (Some(("Google", 2)), Some("bob"))
        );
        assert!(!second.used);
    }

    #[test]
    fn quoted_cells_markdown_tables_and_extra_cells() {
        let csv = "name,login,recovery\nGitHub,anna@example.org,\"030cd-123f2, c45c3-e969d\"\n";
        let table = read(csv).expect("a CSV table");
        assert_eq!(table.rows[0].1.codes, ["030cd-123f2", "c45c3-e969d"]);
        assert_eq!(table.rows[0].1.account, Some("anna@example.org"));
        // Whole codes parted by spaces in one cell, or several of a site's form;
        // a code's own groups stay together.
        assert_eq!(
            lists::codes_of("d9a47505d85c6303 6a62ede7f75fdeef", None),
            ["d9a47505d85c6303", "6a62ede7f75fdeef"]
        );
        assert_eq!(
            lists::codes_of("7137 4132 0335 8547", Some("Google")),
            ["7137 4132", "0335 8547"]
        );
        assert_eq!(lists::codes_of("1339 3213", Some("Google")), ["1339 3213"]);
        assert_eq!(lists::codes_of("hzkt adcw", Some("Dropbox")), ["hzkt adcw"]);
        let md =
            "| Site | Backup code |\n|---|:---:|\n| Google | 3724 7552 |\n| Google | 0499 1551 |\n";
        let table = read(md).expect("a Markdown table");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].1.codes, ["0499 1551"]);
        // Cells after the header's last column, when it is one of codes.
        let tsv = "Site\tAccount\tBackup codes\nGoogle\talice\t7252 4786\t5624 5158\n";
        assert_eq!(read(tsv).expect("a TSV table").rows[0].1.codes.len(), 2);
        // A note that says the code was used.
        let csv = "Backup code,Note\n8560 8639,used 2024-03-01\n8442 8516,\n7454 5160,keep\n";
        let used: Vec<bool> = read(csv)
            .expect("a table")
            .rows
            .iter()
            .map(|(_, r)| r.used)
            .collect();
        assert_eq!(used, [true, false, false]);
        // Empty header's cells after the codes' one: codes too, not the note.
        let tsv = "Site\tCodes\t\t\tNote\nDropbox\t1db2 3qej\th9eu h7bb\tqzvx bwtk\thome safe\n";
        let table = read(tsv).expect("a table with merged header cells");
        assert_eq!(
            table.rows[0].1.codes,
            ["1db2 3qej", "h9eu h7bb", "qzvx bwtk"]
        );
        // More cells than the header: the note keeps to the last column.
        let tsv = "Site\tCodes\tNote\nDropbox\t1db2 3qej\th9eu h7bb\tqzvx bwtk\thome safe\n";
        let table = read(tsv).expect("a table with a longer row");
        assert_eq!(
            table.rows[0].1.codes,
            ["1db2 3qej", "h9eu h7bb", "qzvx bwtk"]
        );
        // A header of codes with a site in it, no site's column.
        let tsv = "Discord backup codes\tWhere\nxpzp6eoy\tnotebook\n";
        let table = read(tsv).expect("a table of one site");
        assert_eq!(table.headers[0].site, Some("Discord"));
        assert_eq!(table.rows[0].1.codes, ["xpzp6eoy"]);
    }

    #[test]
    fn titles_footers_tables_under_headings_and_what_spreadsheets_write() {
        // A title and a footer that hold no code; two tables under their sites.
        let text = "## GitHub\n\n| Account | Code |\n|---|---|\n| alice | efb72-93925 |\n\n\
                    ## Google\n\n| Account | Code |\n|---|---|\n| alice@gmail.com | 0951 0719 |\n\n\
                    Exported 2026-11-29 12:30, page 1 of 1\n";
        let table = read(text).expect("two tables");
        let sites: Vec<Option<&str>> = table.headers.iter().map(|h| h.site).collect();
        assert_eq!(sites, [Some("GitHub"), Some("Google")]);
        assert_eq!(table.rows.len(), 2);
        // Excel's `sep=` line, `<br>` and backticks in a cell, no outer pipes.
        let text = "sep=;\nSite;Backup codes\nGitHub;abcde-12345\n";
        assert_eq!(read(text).expect("sep=").rows[0].1.codes, ["abcde-12345"]);
        let text = "Site | Backup codes\n---|---\nGitHub | `abcde-12345`<br>`fghij-67890`\n";
        assert_eq!(
            read(text).expect("no outer pipes").rows[0].1.codes,
            ["abcde-12345", "fghij-67890"]
        );
        // A "used on" column: a date marks the row used.
        let text = "Site,Backup code,Used on\nGoogle,1234 5678,2026-01-02\nGoogle,2345 6789,\n";
        let used: Vec<bool> = read(text)
            .expect("used on")
            .rows
            .iter()
            .map(|(_, r)| r.used)
            .collect();
        assert_eq!(used, [true, false]);
    }

    #[test]
    fn cells_of_several_lines_and_codes_numbered_in_a_cell() {
        // Excel's Alt+Enter: the quoted cell runs over line breaks (CRLF), a note
        // after it; each code on its own line.
        let csv = "Service,Account,Recovery codes,Note\r\n\
                   Google,ml@gmail.com,\"7035 1098\r\n4839 3859\r\n\r\n1571 6861\",printed\r\n\
                   Google,bo@gmail.com,6140 2291,\r\n";
        let table = read(csv).expect("a table with a cell of several lines");
        assert_eq!(table.rows.len(), 2);
        let first = &table.rows[0].1;
        assert_eq!(first.codes, ["7035 1098", "4839 3859", "1571 6861"]);
        let lines: Vec<usize> = first.codes.iter().map(|c| first.line_of(c)).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(table.rows[1].1.line, 6);
        assert_eq!(table.rows[1].1.account, Some("bo@gmail.com"));
        // A quote in a cell's text closes nothing: the row stays one line.
        let csv = "Site,Backup codes,Note\nGitHub,abcde-12345,5\" screen\nGitHub,fghij-67890,\n";
        let table = read(csv).expect("a table with a quote in a note");
        assert_eq!(table.rows.len(), 2);
        // Quotes written twice in a quoted cell (`""`) are its text's, and a quote
        // in the text after the cell that closes on a line is too.
        let csv = "Service,Account,Recovery codes,Note\n\
                   GitHub,ann,8b0e7-153bf,\n\
                   GitHub,ann,7c370-6d85c,\"my \"\"old\"\" set\"\n\
                   GitHub,ann,\"524e4-40066\n1a2b3-4c5d6\",Pixel 5\" screen\n\
                   GitHub,ann,9f8e7-d6c5b,\n";
        let table = read(csv).expect("a table with quotes in its notes");
        let codes: Vec<&str> = table
            .rows
            .iter()
            .flat_map(|(_, r)| r.codes.clone())
            .collect();
        assert_eq!(
            codes,
            [
                "8b0e7-153bf",
                "7c370-6d85c",
                "524e4-40066",
                "1a2b3-4c5d6",
                "9f8e7-d6c5b"
            ]
        );
        // Codes numbered in one cell: the pieces between the numbers.
        assert_eq!(
            lists::codes_of("1. c3nq6crw 2. iy1kyvx9 3) r76u8yto", Some("Discord")),
            ["c3nq6crw", "iy1kyvx9", "r76u8yto"]
        );
        assert_eq!(
            lists::codes_of("1. 7137 4132 2. 0335 8547", Some("Google")),
            ["7137 4132", "0335 8547"]
        );
        // A number with nothing after it is no numbering.
        assert_eq!(lists::codes_of("1. 2.", None), ["1. 2."]);
        // Single words of the site's form parted by spaces.
        assert_eq!(
            lists::codes_of("jtz8et8y 6h3pjaa3 i1kpwn7s", Some("Discord")),
            ["jtz8et8y", "6h3pjaa3", "i1kpwn7s"]
        );
    }

    #[test]
    fn other_texts_are_no_tables() {
        for text in [
            // Prose first.
            "GitHub recovery codes\nabcde-12345\n",
            // No column of codes.
            "Site\tUser\tPassword\nGitHub\tanna\thunter2\n",
            // Codes of another kind, or "code" alone without a site.
            "Store\tPromo code\nUber Eats\ttg3odbqq\n",
            "Country\tZip code\nDE\t10115\n",
            "SKU\tItem code\nA1\tX-1234\n",
            // A line of codes after a label, cut at its commas, is no header.
            "PyPI recovery codes: 32315d40e1cab7e2, 17fe46d3eb9eeb12,\n    9e1af9be69315012, 798ea150c36aee77\n",
            // A sentence with a comma, and lines after names.
            "Recovery codes, keep offline!!\n\nWork laptop (Edge profile): f8d0d-37f2f, e8c3a-9c6e3\n",
            // A line after the table that holds a code: read as text.
            "Site\tBackup codes\nGitHub\tabcde-12345\nMore: fghij-67890\n",
            // A title that holds codes (`1234 5678`).
            "Google 1234 5678\nSite\tBackup codes\nGitHub\tabcde-12345\n",
            // A quote left open.
            "Site,Backup codes\nGitHub,\"abcde-12345\n",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
    }
}
