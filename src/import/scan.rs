//! Finding the codes in text. Every logical line is cut into cells (tabs, runs of
//! spaces, `|`, `,`, `;`) and words; each word is classified as a code candidate
//! (with its shape: group lengths and separator), a used/unused marker, a neutral
//! word (numbering, bullets, dates, times, URLs, e-mail addresses, versions, phone
//! numbers) or prose. Codes are taken only from lines that hold nothing but codes
//! and neutral words, or a short "Recovery code: …" label. Candidates that could be
//! ordinary words (letters only, `SHA256`) are taken only when their shape matches
//! codes that are unmistakable.

use std::borrow::Cow;

use super::markup::Line;
use super::normalize::latin_lookalike;
use super::tokens::{
    ALPHANUMERIC, CLASS, DIGIT, HYPHEN, LETTERS, LOWER, NON_HEX, Token, UPPER, cells, grouped_code,
    kinds_of,
};

/// The hash maps of the importer: keyed by code shapes and hashes of codes, looked up
/// once or more per code. `foldhash` is many times faster than the standard `SipHash`
/// on such small keys. It is seeded at random per map but resists deliberate
/// collisions less; the importer takes at most a few megabytes, and a code's hash
/// only finds where to compare it in full.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Shortest code (without separators) we accept.
pub const MIN_CODE_LEN: usize = 6;
/// Longest code (without separators) we accept: Tuta's recovery code has 64 hex digits.
pub const MAX_CODE_LEN: usize = 64;

/// The visible structure of a code: group lengths and the separator between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Length of each group (the first `count` entries).
    lens: [u8; MAX_GROUPS],
    /// Number of groups.
    count: u8,
    /// `b'-'` or `b' '`, or the zero byte for a single group.
    sep: u8,
}

impl Shape {
    /// Length of each group.
    pub fn groups(&self) -> &[u8] {
        &self.lens[..usize::from(self.count)]
    }

    /// Whether its groups are parted by spaces (`1234 5678`, `hzkt adcw`).
    pub fn spaced(&self) -> bool {
        self.sep == b' '
    }
}

/// Most groups a code may have (Tuta: 16 groups of 4).
const MAX_GROUPS: usize = 16;

/// Character make-up of a candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chars {
    /// A digit.
    pub digit: bool,
    /// A lower-case letter.
    pub lower: bool,
    /// An upper-case letter.
    pub upper: bool,
    /// A letter outside a–f / A–F.
    pub non_hex: bool,
}

impl Chars {
    /// The make-up of ASCII letters and digits whose [`CLASS`] entries or-ed are `kinds`.
    /// The make-up of two candidates together.
    pub fn with(self, other: Self) -> Self {
        Self {
            digit: self.digit || other.digit,
            lower: self.lower || other.lower,
            upper: self.upper || other.upper,
            non_hex: self.non_hex || other.non_hex,
        }
    }

    fn of_kinds(kinds: u8) -> Self {
        Self {
            digit: kinds & DIGIT != 0,
            lower: kinds & LOWER != 0,
            upper: kinds & UPPER != 0,
            non_hex: kinds & NON_HEX != 0,
        }
    }
}

/// A code candidate. Its `Debug` output leaves the text out: it may be a code.
#[derive(Clone)]
pub struct Candidate<'a> {
    /// As written (grouping kept); borrowed from the line unless its groups were
    /// spread apart.
    pub text: Cow<'a, str>,
    /// Group lengths and separator.
    pub shape: Shape,
    /// Character make-up.
    pub chars: Chars,
    /// Unmistakably a code (as opposed to maybe a word).
    pub strong: bool,
    /// Struck through (`~~…~~`).
    pub struck: bool,
}

impl Candidate<'_> {
    /// Look-alike letters from other scripts it contains, in order. A candidate holds
    /// only ASCII letters and digits, its separator and such letters, so they are
    /// found again from its text rather than kept beside every candidate.
    pub fn lookalikes(&self) -> impl Iterator<Item = char> + '_ {
        self.text
            .chars()
            .filter(|c| !c.is_ascii() && latin_lookalike(*c).is_some())
    }
}

impl std::fmt::Debug for Candidate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("text", &"<redacted>")
            .field("shape", &self.shape)
            .field("strong", &self.strong)
            .field("struck", &self.struck)
            .finish_non_exhaustive()
    }
}

/// What a word was classified as; a [`Scan`] keeps it as a [`Word`].
#[derive(Debug, Clone)]
pub enum Class<'a> {
    /// A possible code.
    Code(Candidate<'a>),
    /// A used (`true`) or unused (`false`) marker.
    Flag(bool),
    /// List numbering (`1.`, `2)`, `#4`, `(5)`, `6:`) with its number.
    Number(u32),
    /// Bullets, dates, URLs and the like: neither code nor prose.
    Neutral,
    /// `#`, `//`, `--` after a code: the rest of the line is a comment.
    Comment,
    /// A word that may stand beside codes ("used on", "code:"): where it is in
    /// [`SOFT_WORDS`].
    Soft(u8),
    /// Prose ending in a colon ("PyPI:"): a name that may label a list of codes
    /// after it on the same line ("PyPI: 1a2b…, 3c4d…"); otherwise prose.
    Named,
    /// Anything else.
    Prose,
    /// Words of authenticator set-up ("enter", "authenticator", "OTP", "scan"): a value
    /// next to them is a one-time password or TOTP secret, never a recovery code.
    Setup,
}

/// A classified word as a [`Scan`] keeps it ([`Class`] tells what each kind
/// means): eight bytes, with a candidate kept apart in the scan's list of
/// candidates ([`ScannedLine::code`]). A large text has many words and few codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// A possible code: where it is in the scan's candidates.
    Code(u32),
    /// A used (`true`) or unused (`false`) marker.
    Flag(bool),
    /// List numbering with its number.
    Number(u32),
    /// Bullets, dates, URLs and the like: neither code nor prose.
    Neutral,
    /// `#`, `//`, `--` after a code: the rest of the line is a comment.
    Comment,
    /// A word that may stand beside codes: where it is in [`SOFT_WORDS`] ([`Word::soft`]).
    Soft(u8),
    /// Prose ending in a colon: a name that may label a list of codes after it.
    Named,
    /// Anything else.
    Prose,
    /// Words of authenticator set-up.
    Setup,
}

impl Word {
    /// The word that may stand beside codes, if it is one ([`Class::Soft`]).
    pub fn soft(self) -> Option<&'static str> {
        match self {
            Word::Soft(i) => SOFT_WORDS.get(usize::from(i)).copied(),
            _ => None,
        }
    }
}

impl<'a> Class<'a> {
    /// The word as a scan keeps it; a candidate goes to `candidates`.
    fn keep(self, candidates: &mut Vec<Candidate<'a>>) -> Word {
        match self {
            Class::Code(c) => {
                candidates.push(c);
                Word::Code(index(candidates.len() - 1))
            }
            Class::Flag(used) => Word::Flag(used),
            Class::Number(n) => Word::Number(n),
            Class::Neutral => Word::Neutral,
            Class::Comment => Word::Comment,
            Class::Soft(i) => Word::Soft(i),
            Class::Named => Word::Named,
            Class::Prose => Word::Prose,
            Class::Setup => Word::Setup,
        }
    }
}

/// A line of a [`Scan`]: its text cut into cells of classified words, and what
/// else the scan saw on it. It is two words wide (the scan and the line's place in
/// it), so that a list of all lines of a large text stays small.
#[derive(Clone, Copy)]
pub struct ScannedLine<'s> {
    scan: &'s Scan<'s>,
    /// The line's place among the scan's lines.
    at: usize,
}

impl<'s> ScannedLine<'s> {
    fn span(&self) -> &'s Span {
        &self.scan.lines[self.at]
    }

    /// Where the line's words, cells and e-mail addresses start and end.
    fn bounds(&self) -> (Ends, Ends) {
        let start = match self.at.checked_sub(1) {
            Some(before) => self.scan.lines[before].ends,
            None => Ends::default(),
        };
        (start, self.span().ends)
    }

    /// 1-based source line.
    pub fn number(&self) -> usize {
        self.scan.source[self.at].number
    }

    /// The logical line's text.
    pub fn text(&self) -> &'s str {
        &self.scan.source[self.at].text
    }

    /// The classified words of all cells, in order.
    pub fn words(&self) -> &'s [Word] {
        let (from, to) = self.bounds();
        &self.scan.words[from.words as usize..to.words as usize]
    }

    /// E-mail addresses seen on the line.
    pub fn emails(&self) -> &'s [&'s str] {
        let (from, to) = self.bounds();
        &self.scan.emails[from.emails as usize..to.emails as usize]
    }

    /// The lines before it in the whole text, the nearest first (on into the scan of
    /// the piece before, [`Scan::follows`]).
    pub fn lines_before(&self) -> impl Iterator<Item = ScannedLine<'s>> + use<'s> {
        let scan = self.scan;
        let earlier = scan.before.get().copied().into_iter().flat_map(|before| {
            (0..before.lines.len())
                .rev()
                .map(move |at| ScannedLine { scan: before, at })
        });
        (0..self.at)
            .rev()
            .map(move |at| ScannedLine { scan, at })
            .chain(earlier)
    }

    /// The candidate of a [`Word::Code`] of the line.
    pub fn code(&self, index: u32) -> &'s Candidate<'s> {
        &self.scan.candidates[index as usize]
    }

    /// Whether a word of the line is an account key ([`is_account_key`]).
    pub fn account_key(&self) -> bool {
        self.span().account_key
    }

    /// The words cell by cell (empty cells left out).
    pub fn cells(&self) -> impl Iterator<Item = &'s [Word]> + use<'s> {
        let (from, to) = self.bounds();
        let words = &self.scan.words;
        // Each cell ends where the scan's list of cell ends says, and starts where the
        // cell before it ends (the first where the line's words start).
        let mut start = from.words as usize;
        self.scan.cell_ends[from.cells as usize..to.cells as usize]
            .iter()
            .map(move |&end| {
                let end = end as usize;
                let cell = &words[start..end];
                start = end;
                cell
            })
    }
}

/// The words of every line in one list (one allocation for the whole text, not
/// one per line), their code candidates in another, and where each line's words,
/// cells and e-mail addresses are.
pub struct Scan<'a> {
    /// The lines scanned: `lines[i]` is where the words of `source[i]` end.
    source: &'a [Line<'a>],
    words: Vec<Word>,
    candidates: Vec<Candidate<'a>>,
    cell_ends: Vec<u32>,
    emails: Vec<&'a str>,
    lines: Vec<Span>,
    /// The scan of the piece of text before this one, when a large text was cut in
    /// two ([`Scan::follows`]): [`ScannedLine::lines_before`] goes on into it.
    before: std::sync::OnceLock<&'a Scan<'a>>,
}

/// One line of a [`Scan`] (its number and text are those of its source line). A
/// line's words, cells and e-mail addresses follow those of the line before it in
/// the scan's lists: only where they end is kept, in 16 bytes a line.
struct Span {
    ends: Ends,
    account_key: bool,
}

/// Where a line's words, cells and e-mail addresses end in a [`Scan`]'s lists
/// (exclusive); where the line before ends, they start.
#[derive(Clone, Copy, Default)]
struct Ends {
    words: u32,
    cells: u32,
    emails: u32,
}

/// `len` as an index of a [`Scan`]'s lists, which hold fewer entries than the text
/// has bytes (at most [`MAX_IMPORT_BYTES`](super::MAX_IMPORT_BYTES) from a file). A
/// list longer than 32 bits can count, from a pasted text of gigabytes, would
/// saturate here and be read wrongly, not out of bounds.
fn index(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl<'a> Scan<'a> {
    /// An empty scan with room for the scan of a text of `bytes` bytes with lines
    /// and words of ordinary length (it grows for more). The room is close to what
    /// a large notes file needs (in the 1 MiB bench text, a word in 9.8 bytes, a
    /// candidate in 31 and a cell in 23): the program's allocator wipes every block
    /// it frees to its full size, and room never used is then touched, page
    /// by page, only to be wiped.
    pub fn for_text(bytes: usize) -> Self {
        Self {
            source: &[],
            words: Vec::with_capacity(bytes / 8),
            candidates: Vec::with_capacity(bytes / 24),
            cell_ends: Vec::with_capacity(bytes / 20),
            emails: Vec::new(),
            lines: Vec::with_capacity(bytes / 24),
            before: std::sync::OnceLock::new(),
        }
    }

    /// Links this scan to the scan of the piece of text before it, so that a line's
    /// lines before ([`ScannedLine::lines_before`]) are those of the whole text.
    pub fn follows(&self, before: &'a Scan<'a>) {
        // Set once, after both pieces are scanned; a second call changes nothing.
        let _ = self.before.set(before);
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The scanned lines, in order.
    pub fn lines(&'a self) -> impl Iterator<Item = ScannedLine<'a>> {
        (0..self.lines.len()).map(move |at| ScannedLine { scan: self, at })
    }
}

/// Words that may stand beside codes on a code line.
const SOFT_WORDS: &[&str] = &[
    "used", "unused", "on", "at", "code", "codes", "backup", "recovery", "token", "key", "scratch",
    "yes", "no", "done", "ok", "new", "status", "and", "x", "y", "true", "false", "crossed",
];
/// Words that make a short prefix a label for a code ("Recovery code: …"). `key`
/// alone is not one: Wi-Fi keys and licence keys are not recovery codes.
pub const LABEL_WORDS: &[&str] = &["code", "codes", "token", "backup", "recovery", "scratch"];
/// Words that must stand near a lone code in prose ("your backup code is …").
pub const LONE_CODE_WORDS: &[&str] = &["code", "codes", "backup", "recovery", "scratch"];
/// Words after which a user or account name may stand ("Username: bob").
const ACCOUNT_KEYS: &[&str] = &["account", "username", "user", "login", "benutzer"];

/// Whether `word` is one of [`ACCOUNT_KEYS`] in any case, perhaps before colons.
pub fn is_account_key(word: &str) -> bool {
    // The first letters of the keys turn most words away at once.
    if !word
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b | 0x20, b'a' | b'b' | b'l' | b'u'))
    {
        return false;
    }
    let key = word.trim_end_matches(':');
    // The lengths of these keys turn most words away before any comparison.
    matches!(key.len(), 4 | 5 | 7 | 8) && ACCOUNT_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// Words of authenticator set-up, see [`Class::Setup`].
const SETUP_WORDS: &[&str] = &[
    "enter",
    "authenticator",
    "otp",
    "totp",
    "scan",
    "qr",
    "secret",
    "setup",
    "verification",
];

/// Classifies every word of every line.
pub fn scan_lines<'a>(lines: &'a [Line<'a>]) -> Scan<'a> {
    let bytes = lines.iter().map(|l| l.text.len() + 1).sum();
    scan_lines_into(lines, Scan::for_text(bytes))
}

/// [`scan_lines`] into `scan`, made for the lines' text ([`Scan::for_text`]) and
/// still empty.
pub(super) fn scan_lines_into<'a>(lines: &'a [Line<'a>], mut scan: Scan<'a>) -> Scan<'a> {
    debug_assert!(
        scan.lines.is_empty()
            && scan.words.is_empty()
            && scan.candidates.is_empty()
            && scan.cell_ends.is_empty()
            && scan.emails.is_empty()
    );
    scan.source = lines;
    let mut tokens = Vec::new();
    for line in lines {
        let text: &'a str = &line.text;
        let words = index(scan.words.len());
        let mut account_key = false;
        let mut each = |cell: &'a str, tokens: &[Token]| {
            account_key |= classify_cell(
                cell,
                tokens,
                &mut scan.words,
                &mut scan.candidates,
                &mut scan.emails,
            );
            let end = index(scan.words.len());
            if end > scan.cell_ends.last().copied().unwrap_or(words).max(words) {
                scan.cell_ends.push(end);
            }
        };
        // A blank line has cells without words, and so no words.
        cells(text, &mut tokens, &mut each);
        scan.lines.push(Span {
            ends: Ends {
                words: index(scan.words.len()),
                cells: index(scan.cell_ends.len()),
                emails: index(scan.emails.len()),
            },
            account_key,
        });
    }
    scan
}

/// Classifies the words of `cell` (its `tokens`) into `words`; whether one of them
/// is an account key ([`is_account_key`]).
fn classify_cell<'a>(
    cell: &'a str,
    tokens: &[Token],
    words: &mut Vec<Word>,
    candidates: &mut Vec<Candidate<'a>>,
    emails: &mut Vec<&'a str>,
) -> bool {
    let mut push = |class: Class<'a>| words.push(class.keep(candidates));
    let account_key = tokens.iter().any(|t| is_account_key(t.text(cell)));
    let mut i = 0;
    while i < tokens.len() {
        // Only a group of three to five letters and digits with a word after it may
        // start a code of groups (most words are turned away here).
        let group = (3..=5).contains(&tokens[i].len()) && tokens[i].only(ALPHANUMERIC);
        if group
            && i + 1 < tokens.len()
            && let Some((merged, used, maybe)) =
                grouped_code(&tokens[i..], cell, |w| listed_word(w).is_some())
            && let Some(mut candidate) = candidate(merged, b' ')
        {
            // Two groups, one of letters alone (`rcwv m605`, but also `open app2`),
            // or a piece of hexadecimal starting with letters (`cafe babe 0000 …`):
            // a code only of the shape of unmistakable ones.
            candidate.strong &= !maybe;
            push(Class::Code(candidate));
            i += used;
            continue;
        }
        let token = tokens[i];
        let word = token.text(cell);
        i += 1;
        if let Some(known) = classify_token(word, token) {
            push(known);
            continue;
        }
        // A marker glued to the code: `abcd-1234(used)`, `abcd-1234[x]` (a code has
        // six bytes at least, and a marker one).
        if word.len() > MIN_CODE_LEN
            && let Some(at) = word
                .bytes()
                .position(|b| b == b'(' || b == b'[')
                .filter(|&at| at > 0)
            && candidate(&word[..at], b'-').is_some()
        {
            push(classify_word(&word[..at], emails));
            push(classify_word(&word[at..], emails));
            continue;
        }
        // Numbering, a bullet or a name glued to the code: `1.abcd-1234`, `①abcd-1234`,
        // `・ig2q750u`, `PyPI:da79…`; a circled number alone (`①`).
        if let Some(n) = circled_number(word) {
            push(Class::Number(n));
        } else if let Some((prefix, rest)) = glued_prefix(word) {
            push(match prefix {
                Glued::Number(n) => Class::Number(n),
                Glued::Bullet => Class::Neutral,
                Glued::Name(name) => classify_word(name, emails),
            });
            push(classify_word(rest, emails));
        } else {
            push(classify_word(word, emails));
        }
    }
    account_key
}

/// What [`classify_cell`] makes of a word whose kinds of bytes alone say which of
/// its tests decides: letters, perhaps before one punctuation mark (most words of
/// any text); list numbers (`12.`); words without ASCII letters or digits (bullets,
/// rules, brackets, check marks); web addresses; quoted words and JSON keys
/// (`"name":`); letters, digits and inner hyphens (codes, numbers, dates). `None`
/// for any other word, which goes through every test.
fn classify_token(word: &str, token: Token) -> Option<Class<'_>> {
    let (&last, head) = word.as_bytes().split_last()?;
    if token.only(LETTERS) {
        return Some(classify_letters(word, false, token.kinds));
    }
    // Letters and one more byte (not a letter).
    if token.head != 0 && token.head & !LETTERS == 0 {
        let letters = &word[..head.len()];
        return match last {
            b',' | b';' | b'!' | b':' => Some(classify_letters(letters, last == b':', token.head)),
            // Not `v.` (a version) nor `www.`.
            b'.' if letters.len() > 1 && !letters.eq_ignore_ascii_case("www") => {
                Some(classify_letters(letters, false, token.head))
            }
            _ => None,
        };
    }
    // List numbers (`1.`, `2)`, `3:`), as common as codes.
    if token.head == DIGIT && head.len() <= 3 && matches!(last, b'.' | b')' | b':') {
        return word[..head.len()].parse().ok().map(Class::Number);
    }
    // No ASCII letter or digit: bullets, rules, brackets, comment and check marks.
    if token.kinds & ALPHANUMERIC == 0 {
        return symbols(word);
    }
    // Web addresses.
    if (word.starts_with("https://") || word.starts_with("http://")) && !has(word, b'@') {
        return Some(Class::Neutral);
    }
    // Quoted words and JSON keys: `"password"`, `"name":`.
    if let Some(quoted) = word.strip_prefix('"') {
        let (inner, colon) = match quoted.strip_suffix("\":") {
            Some(key) => (key, true),
            None => (quoted.strip_suffix('"')?, false),
        };
        return (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| classify_plain(inner, colon));
    }
    // Letters, digits and inner hyphens: a list number, a year, date or small number,
    // or a candidate.
    if !token.only(ALPHANUMERIC | HYPHEN) || last == b'-' || head.first() == Some(&b'-') {
        return None;
    }
    if token.kinds == DIGIT && word.len() <= 4 {
        return Some(match word.parse() {
            Ok(n) if word.len() <= 3 => Class::Number(n),
            _ => Class::Neutral,
        });
    }
    if token.kinds & HYPHEN != 0 && is_date_like(word) {
        return Some(Class::Neutral);
    }
    Some(hyphenated_candidate(word, token.kinds).map_or(Class::Prose, Class::Code))
}

/// [`classify_word`] for a word without ASCII letters or digits; `None` if it has
/// other letters or digits, or an `@`.
fn symbols(word: &str) -> Option<Class<'_>> {
    match word {
        "#" | "//" | "--" | "<--" | "<-" | "←" => Some(Class::Comment),
        "✓" | "✔" | "✅" | "☑" | "☒" | "✗" | "✘" => Some(Class::Flag(true)),
        "[]" | "☐" => Some(Class::Flag(false)),
        _ if has(word, b'@') || word.chars().any(char::is_alphanumeric) => None,
        _ => Some(Class::Neutral),
    }
}

/// What stands glued before a code ([`glued_prefix`]).
enum Glued<'a> {
    /// List numbering: `1.`, `2)`, `(3)`, `④`.
    Number(u32),
    /// A bullet: `・`, `•`, `-`.
    Bullet,
    /// A name and its colon: `PyPI:` (an input method's `：` is one once normalised).
    Name(&'a str),
}

/// `word` cut into what is glued before a code and the code: `1.abcd-1234`,
/// `2)abcd-1234`, `(3)abcd-1234`, `④abcd-1234`, `・ig2q750u`, `PyPI:da79…`.
fn glued_prefix(word: &str) -> Option<(Glued<'_>, &str)> {
    let (prefix, rest) = if let Some(inner) = word.strip_prefix('(') {
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        let rest = inner[digits..].strip_prefix(')')?;
        (Glued::Number(inner[..digits].parse().ok()?), rest)
    } else if let Some(first) = word.chars().next() {
        let after = &word[first.len_utf8()..];
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let letters = word.bytes().take_while(u8::is_ascii_alphabetic).count();
        if let Some(n) = circled_number(&word[..first.len_utf8()]) {
            (Glued::Number(n), after)
        } else if matches!(
            first,
            '・' | '•' | '●' | '■' | '▪' | '◦' | '‣' | '→' | '※' | '·' | '-' | '*'
        ) {
            (Glued::Bullet, after)
        } else if (1..=3).contains(&digits) {
            let rest = word[digits..].strip_prefix(['.', ')', ':'])?;
            (Glued::Number(word[..digits].parse().ok()?), rest)
        } else if letters >= 2 && word.as_bytes().get(letters) == Some(&b':') {
            (Glued::Name(&word[..=letters]), &word[letters + 1..])
        } else {
            return None;
        }
    } else {
        return None;
    };
    candidate(rest, b'-').map(|_| (prefix, rest))
}

/// `①` to `⑳` as the numbers they are.
fn circled_number(word: &str) -> Option<u32> {
    let mut chars = word.chars();
    let c = u32::from(chars.next()?);
    (chars.next().is_none() && (0x2460..=0x2473).contains(&c)).then(|| c - 0x2460 + 1)
}

fn classify_word<'a>(word: &'a str, emails: &mut Vec<&'a str>) -> Class<'a> {
    // List numbers (`1.`, `2)`, `3:`), as common as codes, are told at once.
    if let [digits @ .., b'.' | b')' | b':'] = word.as_bytes()
        && (1..=3).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && let Some(n) = list_number(word)
    {
        return Class::Number(n);
    }
    // Plain words (most of any text), perhaps before a comma or full stop, need only
    // the word lists and the code test.
    let letters = word.bytes().take_while(u8::is_ascii_alphabetic).count();
    match &word[letters..] {
        "" | "," | ";" | "!" | ":" if letters > 0 => {
            return classify_plain(&word[..letters], word.ends_with(':'));
        }
        // Not `v.` (a version) nor `www.`.
        "." if letters > 1 && !word[..letters].eq_ignore_ascii_case("www") => {
            return classify_plain(&word[..letters], false);
        }
        _ => {}
    }
    // Letters, digits and inner hyphens (codes, numbers, dates) are a list number, a
    // year, date or small number, or a candidate: no marker or listed word has a digit
    // or a hyphen.
    let bytes = word.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        if let Some(n) = list_number(word) {
            return Class::Number(n);
        }
        if (word.len() <= 4 && bytes.iter().all(u8::is_ascii_digit)) || is_date_like(word) {
            return Class::Neutral;
        }
        return candidate(word, b'-').map_or(Class::Prose, Class::Code);
    }
    if matches!(word, "#" | "//" | "--" | "<--" | "<-" | "←") {
        return Class::Comment;
    }
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    if bare.eq_ignore_ascii_case("used") && !has(word, b'?') {
        return Class::Flag(true);
    }
    if bare.eq_ignore_ascii_case("unused") {
        return Class::Flag(false);
    }
    match word {
        // Marks, and "used" and "unused" in Japanese and Chinese.
        "✓" | "✔" | "✅" | "☑" | "☒" | "✗" | "✘" | "使用済み" | "使用済" | "済み" | "済"
        | "已使用" | "已用" | "用过" | "用過" => return Class::Flag(true),
        "[]" | "[ ]" | "☐" | "未使用" | "未用" => return Class::Flag(false),
        _ if word.eq_ignore_ascii_case("[x]") || word.eq_ignore_ascii_case("(x)") => {
            return Class::Flag(true);
        }
        _ => {}
    }
    if let Some(n) = list_number(word) {
        return Class::Number(n);
    }
    if is_neutral(word) {
        if has(word, b'@') {
            emails.push(word.trim_matches(|c: char| !c.is_alphanumeric()));
            // "GitLab (me@example.org): a, b": an account that ends a name.
            if word.ends_with(':') {
                return Class::Named;
            }
        }
        return Class::Neutral;
    }
    if let Some(listed) = listed_word(bare) {
        return listed;
    }
    let struck = word.len() > 4 && word.starts_with("~~") && word.ends_with("~~");
    let core = word.trim_matches(|c: char| {
        matches!(
            c,
            '~' | '(' | ')' | '[' | ']' | '"' | '\'' | '`' | '*' | '_' | '<' | '>' | '{' | '}'
        )
    });
    let core = core.trim_end_matches(['.', ',', ';', '!', '?']);
    // A check mark glued to the code: `abcd1234✓`.
    let ticked = core.trim_matches(|c: char| matches!(c, '✓' | '✔' | '✅' | '☑' | '☒'));
    if let Some(mut c) = candidate(ticked, b'-') {
        c.struck = struck || ticked.len() != core.len();
        return Class::Code(c);
    }
    if word.chars().all(|c| !c.is_alphanumeric()) {
        return Class::Neutral;
    }
    if word.len() > 1 && word.ends_with(':') && word.bytes().filter(|b| *b == b':').count() == 1 {
        return Class::Named;
    }
    Class::Prose
}

/// [`classify_word`] for a word of ASCII letters only (its punctuation already cut
/// off; `colon` if it was a colon): a marker, a listed word, a name before a colon,
/// a letters-only candidate (6 letters or more) or prose.
fn classify_plain(word: &str, colon: bool) -> Class<'_> {
    classify_letters(word, colon, kinds_of(word.as_bytes()).0)
}

/// [`classify_plain`] for a word of ASCII letters whose bytes are of the `kinds`
/// given (its [`CLASS`] entries or-ed; the word cutter has them already): the
/// candidate is made from them without the code test reading the word.
fn classify_letters(word: &str, colon: bool, kinds: u8) -> Class<'_> {
    if word.eq_ignore_ascii_case("used") {
        return Class::Flag(true);
    }
    if word.eq_ignore_ascii_case("unused") {
        return Class::Flag(false);
    }
    if let Some(listed) = listed_word(word) {
        return listed;
    }
    if colon {
        return Class::Named;
    }
    // What `candidate` makes of it: one group of letters, never unmistakable.
    let len = match u8::try_from(word.len()) {
        Ok(len) if (MIN_CODE_LEN..=MAX_CODE_LEN).contains(&word.len()) => len,
        _ => return Class::Prose,
    };
    let mut lens = [0; MAX_GROUPS];
    lens[0] = len;
    Class::Code(Candidate {
        text: Cow::Borrowed(word),
        shape: Shape {
            lens,
            count: 1,
            sep: 0,
        },
        chars: Chars::of_kinds(kinds),
        strong: false,
        struck: false,
    })
}

/// A word of [`SETUP_WORDS`] (as [`Class::Setup`]) or [`SOFT_WORDS`] (as
/// [`Class::Soft`]), in any case. This runs for most words of a text, and most are
/// neither: a word is compared only with the listed words of its length.
fn listed_word(word: &str) -> Option<Class<'static>> {
    const LONGEST: usize = 13;
    /// Bit `i` of entry `n`: the list's word `i` has `n` bytes.
    const fn by_length(words: &[&'static str]) -> [u32; LONGEST + 1] {
        let mut lengths = [0u32; LONGEST + 1];
        let mut i = 0;
        while i < words.len() {
            lengths[words[i].len()] |= 1 << i;
            i += 1;
        }
        lengths
    }
    /// Bit `n` of entry `(c | 0x20) & 31`: a listed word of `n` bytes starts with the
    /// letter `c` (in either case). Most words are turned away by this alone.
    const fn by_first_letter(lists: [&[&'static str]; 2]) -> [u16; 32] {
        let mut first = [0u16; 32];
        let mut k = 0;
        while k < lists.len() {
            let mut i = 0;
            while i < lists[k].len() {
                let word = lists[k][i].as_bytes();
                first[((word[0] | 0x20) & 31) as usize] |= 1 << word.len();
                i += 1;
            }
            k += 1;
        }
        first
    }
    const SETUP: [u32; LONGEST + 1] = by_length(SETUP_WORDS);
    const SOFT: [u32; LONGEST + 1] = by_length(SOFT_WORDS);
    const FIRST: [u16; 32] = by_first_letter([SETUP_WORDS, SOFT_WORDS]);
    let n = word.len();
    let first = word.as_bytes().first().map_or(0, |b| (b | 0x20) & 31);
    if n > LONGEST || FIRST[usize::from(first)] & (1 << n) == 0 {
        return None;
    }
    // Where `word` is in `list`, among the words whose lengths `bits` marks.
    let find = |mut bits: u32, list: &[&'static str]| {
        while bits != 0 {
            let i = bits.trailing_zeros();
            if list[i as usize].eq_ignore_ascii_case(word) {
                return u8::try_from(i).ok();
            }
            bits &= bits - 1;
        }
        None
    };
    if find(SETUP[n], SETUP_WORDS).is_some() {
        return Some(Class::Setup);
    }
    find(SOFT[n], SOFT_WORDS).map(Class::Soft)
}

/// `1.`, `2)`, `01.`, `#4`, `(5)`, `6:` and bare `7`.
pub(super) fn list_number(word: &str) -> Option<u32> {
    let inner = word
        .strip_prefix('#')
        .or_else(|| word.strip_prefix('(').and_then(|w| w.strip_suffix(')')))
        .or_else(|| word.strip_suffix(['.', ')', ':']))
        .unwrap_or(word);
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        .then(|| inner.parse().ok())
        .flatten()
}

/// Numbering, bullets, dates, times, years, versions, URLs, e-mail addresses, phone numbers.
fn is_neutral(word: &str) -> bool {
    let w = word.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '"' | '\'' | ',' | ';' | '<' | '>'
        )
    });
    if w.is_empty() || w.chars().all(|c| !c.is_alphanumeric()) {
        return true; // bullets and punctuation: - * • · ‣ ◦ ▪ + → >
    }
    // List numbering: 1.  1)  01.  #4  (5)  6:  and bare small numbers.
    let digits_then = |s: &str| {
        let d = s.trim_end_matches(['.', ')', ':']);
        !d.is_empty() && d.len() <= 3 && d.chars().all(|c| c.is_ascii_digit()) && d.len() < s.len()
    };
    if digits_then(word)
        || word
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.len() <= 3 && d.chars().all(|c| c.is_ascii_digit()))
        || (w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
    {
        return true;
    }
    let starts = |p: &str| {
        word.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if word.as_bytes().windows(3).any(|w| w == b"://") || starts("www.") || starts("g.co/") {
        return true;
    }
    if w.bytes()
        .position(|b| b == b'@')
        .is_some_and(|at| at > 0 || has(&w[at..], b'.'))
    {
        return true;
    }
    if has(w, b'/') || has(w, b'\\') {
        return true; // paths, dates like 24/11/2026, "and/or"
    }
    let digits_and = |extra: &[char]| w.chars().all(|c| c.is_ascii_digit() || extra.contains(&c));
    // Times 10:30, 10:30:00; dates 2026-11-24, 24.11.2026; versions 1.2.3, v1.2.
    if has(w, b':') && digits_and(&[':', '.']) {
        return true;
    }
    if has(w, b'.')
        && (digits_and(&['.'])
            || (w.starts_with(['v', 'V'])
                && w[1..].chars().all(|c| c.is_ascii_digit() || c == '.')))
    {
        return true;
    }
    if is_date_like(w) {
        return true;
    }
    // Phone numbers: +1-555-123-4567, +44 …
    if w.starts_with('+')
        && w[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    {
        return true;
    }
    false
}

/// Whether `text` holds the ASCII character `byte` (faster than `str::contains` on
/// the short words of a text).
fn has(text: &str, byte: u8) -> bool {
    text.bytes().any(|b| b == byte)
}

/// `2026-11-24`, `2026-11-24T10:00:00Z`, `555-123-4567`.
fn is_date_like(w: &str) -> bool {
    let mut split = w.as_bytes().split(|&b| b == b'-');
    let parts = (split.next(), split.next(), split.next(), split.next());
    let parts: &[&[u8]] = match parts {
        (Some(a), Some(b), None, _) => &[a, b],
        (Some(a), Some(b), Some(c), None) => &[a, b, c],
        _ => return false,
    };
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match parts {
        [y, m, d] if y.len() == 4 && all_digits(y) && all_digits(m) && m.len() <= 2 => {
            let day = d.iter().take_while(|b| b.is_ascii_digit()).count();
            (1..=2).contains(&day)
        }
        [d, m, y]
            if all_digits(d)
                && all_digits(m)
                && all_digits(y)
                && d.len() <= 2
                && m.len() <= 2
                && y.len() == 4 =>
        {
            true
        }
        [a, b, c]
            if all_digits(a)
                && all_digits(b)
                && all_digits(c)
                && a.len() == 3
                && b.len() == 3
                && c.len() == 4 =>
        {
            true
        }
        // Local phone numbers: 555-0123.
        [a, b] if all_digits(a) && all_digits(b) && a.len() == 3 && b.len() == 4 => true,
        // A month: 2024-06.
        [y, m] if all_digits(y) && all_digits(m) && y.len() == 4 && m.len() == 2 => {
            (y.starts_with(b"19") || y.starts_with(b"20"))
                && matches!(m, [b'0', b'1'..=b'9'] | [b'1', b'0'..=b'2'])
        }
        _ => false,
    }
}

/// The groups of a candidate so far, for [`candidate`].
#[derive(Default)]
struct Groups {
    /// Lengths of the groups ended so far.
    lens: [u8; MAX_GROUPS],
    /// How many groups have ended.
    count: usize,
    /// Letters and digits of the group being read.
    current: usize,
    /// Letters and digits in all.
    total: usize,
}

impl Groups {
    /// A separator: the group read so far ends. `None` if it is shorter than two
    /// characters or one group too many.
    fn separator(&mut self) -> Option<()> {
        if self.current < 2 || self.count + 1 >= MAX_GROUPS {
            return None;
        }
        self.lens[self.count] = u8::try_from(self.current).ok()?;
        self.count += 1;
        self.current = 0;
        Some(())
    }

    /// A letter or digit. `None` once the code is longer than any code.
    fn letter(&mut self) -> Option<()> {
        self.current += 1;
        self.total += 1;
        (self.total <= MAX_CODE_LEN).then_some(())
    }
}

/// Builds a candidate if `text` is letters and digits in 1–16 groups separated by
/// `sep` (an ASCII byte), 6–64 characters in all.
pub fn candidate<'a>(text: impl Into<Cow<'a, str>>, sep: u8) -> Option<Candidate<'a>> {
    let text = text.into();
    // Fewer bytes than the shortest code has letters and digits: no code.
    if text.len() < MIN_CODE_LEN {
        return None;
    }
    let mut groups = Groups::default();
    let mut chars = Chars::default();
    if text.is_ascii() {
        // More bytes than the longest code with the most separators: no code.
        if text.len() > MAX_CODE_LEN + MAX_GROUPS - 1 {
            return None;
        }
        // ASCII (nearly every candidate): a byte at a time, its kind from a table.
        let mut seen = 0u8;
        for &b in text.as_bytes() {
            if b == sep {
                groups.separator()?;
                continue;
            }
            let class = CLASS[usize::from(b)];
            if class & !ALPHANUMERIC != 0 {
                return None;
            }
            seen |= class;
            groups.current += 1;
        }
        // Every byte but the separators is a letter or digit.
        groups.total = text.len() - groups.count;
        if groups.total > MAX_CODE_LEN {
            return None;
        }
        chars = Chars::of_kinds(seen);
    } else {
        for c in text.chars() {
            if c == char::from(sep) {
                groups.separator()?;
                continue;
            }
            let c = if c.is_ascii_alphanumeric() {
                c
            } else {
                latin_lookalike(c)?
            };
            groups.letter()?;
            chars.digit |= c.is_ascii_digit();
            chars.lower |= c.is_ascii_lowercase();
            chars.upper |= c.is_ascii_uppercase();
            chars.non_hex |= c.is_ascii_alphabetic() && !c.is_ascii_hexdigit();
        }
    }
    let Groups {
        mut lens,
        mut count,
        current,
        total,
    } = groups;
    if current == 0 || (count > 0 && current < 2) || total < MIN_CODE_LEN {
        return None;
    }
    lens[count] = u8::try_from(current).ok()?;
    count += 1;
    let shape = Shape {
        lens,
        count: u8::try_from(count).ok()?,
        sep: if count > 1 { sep } else { 0 },
    };
    if count == 1 && is_hash_length(total, chars) {
        return None;
    }
    let letters = chars.lower || chars.upper;
    let strong = if !letters {
        true
    } else if !chars.digit {
        false
    } else if count == 1 {
        !word_and_number(&text)
    } else {
        true
    };
    Some(Candidate {
        text,
        shape,
        chars,
        strong,
        struck: false,
    })
}

/// [`candidate`] with `-` as the separator for a word of ASCII letters, digits and
/// inner hyphens whose bytes are of the `kinds` given (its [`CLASS`] entries or-ed):
/// only the hyphens are looked for, the make-up of characters is known already.
fn hyphenated_candidate(word: &str, kinds: u8) -> Option<Candidate<'_>> {
    let mut groups = Groups::default();
    if kinds & HYPHEN != 0 {
        for &b in word.as_bytes() {
            if b == b'-' {
                groups.separator()?;
            } else {
                groups.current += 1;
            }
        }
    } else {
        groups.current = word.len();
    }
    let total = word.len() - groups.count;
    let Groups {
        mut lens,
        mut count,
        current,
        ..
    } = groups;
    if !(MIN_CODE_LEN..=MAX_CODE_LEN).contains(&total) || current < 2 {
        return None;
    }
    lens[count] = u8::try_from(current).ok()?;
    count += 1;
    let chars = Chars::of_kinds(kinds);
    if count == 1 && is_hash_length(total, chars) {
        return None;
    }
    let letters = chars.lower || chars.upper;
    let strong = !letters || (chars.digit && (count > 1 || !word_and_number(word)));
    Some(Candidate {
        text: Cow::Borrowed(word),
        shape: Shape {
            lens,
            count: u8::try_from(count).ok()?,
            sep: if count > 1 { b'-' } else { 0 },
        },
        chars,
        strong,
        struck: false,
    })
}

/// Whether a code of one group, `len` long and of `chars`, is a SHA-1 hash, a git
/// commit or a PGP key's fingerprint (`26E2C2E9…441F`): forty hexadecimal digits,
/// which no site gives its codes as.
fn is_hash_length(len: usize, chars: Chars) -> bool {
    len == 40 && !chars.non_hex && chars.digit && (chars.lower || chars.upper)
}

/// `SHA256`, `base64`, `2026Report`: a word glued to a number.
fn word_and_number(text: &str) -> bool {
    let letters_then_digits = {
        let l = text.chars().take_while(char::is_ascii_alphabetic).count();
        l >= 3 && text[l..].chars().all(|c| c.is_ascii_digit())
    };
    let digits_then_letters = {
        let d = text.chars().take_while(char::is_ascii_digit).count();
        text.len() - d >= 3 && text[d..].chars().all(|c| c.is_ascii_alphabetic())
    };
    letters_then_digits || digits_then_letters
}

/// Which shapes unmistakable codes have, with the combined character make-up per shape.
pub fn strong_shapes<'a, 'b: 'a>(
    candidates: impl Iterator<Item = &'a Candidate<'b>>,
) -> Map<Shape, (usize, Chars)> {
    let mut shapes: Map<Shape, (usize, Chars)> = Map::default();
    let mut add = |shape: Shape, count: usize, chars: Chars| {
        let entry = shapes.entry(shape).or_default();
        entry.0 += count;
        entry.1.digit |= chars.digit;
        entry.1.lower |= chars.lower;
        entry.1.upper |= chars.upper;
        entry.1.non_hex |= chars.non_hex;
    };
    // The codes of a list follow one another with one shape: each run of one shape is
    // counted on its own and added to the map once.
    let mut run: Option<(Shape, usize, Chars)> = None;
    for c in candidates.filter(|c| c.strong) {
        match &mut run {
            Some((shape, count, chars)) if *shape == c.shape => {
                *count += 1;
                chars.digit |= c.chars.digit;
                chars.lower |= c.chars.lower;
                chars.upper |= c.chars.upper;
                chars.non_hex |= c.chars.non_hex;
            }
            _ => {
                if let Some((shape, count, chars)) = run.replace((c.shape, 1, c.chars)) {
                    add(shape, count, chars);
                }
            }
        }
    }
    if let Some((shape, count, chars)) = run {
        add(shape, count, chars);
    }
    shapes
}

/// Whether a weak candidate fits among strong codes of the same shape.
pub fn fits(weak: &Candidate<'_>, shapes: &Map<Shape, (usize, Chars)>) -> bool {
    shapes.get(&weak.shape).is_some_and(|(_, c)| {
        (!weak.chars.lower || c.lower)
            && (!weak.chars.upper || c.upper)
            && (!weak.chars.non_hex || c.non_hex)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Class<'_>> {
        let (mut e, mut tokens, mut words, mut candidates) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        cells(text, &mut tokens, |c, t| {
            classify_cell(c, t, &mut words, &mut candidates, &mut e);
        });
        // The classes again, from the words as kept and the candidates kept apart.
        words
            .into_iter()
            .map(|w| match w {
                Word::Code(i) => Class::Code(candidates[i as usize].clone()),
                Word::Flag(used) => Class::Flag(used),
                Word::Number(n) => Class::Number(n),
                Word::Neutral => Class::Neutral,
                Word::Comment => Class::Comment,
                Word::Soft(i) => Class::Soft(i),
                Word::Named => Class::Named,
                Word::Prose => Class::Prose,
                Word::Setup => Class::Setup,
            })
            .collect()
    }

    fn codes(text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .filter_map(|w| match w {
                Class::Code(c) => Some(c.text.into_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn groups_and_numbering() {
        assert_eq!(
            codes("1. 1234 5678\t6. 2345 6789"),
            ["1234 5678", "2345 6789"]
        );
        assert_eq!(
            codes("1. 1234 5678 6. 2345 6789"),
            ["1234 5678", "2345 6789"]
        );
        assert_eq!(codes("#4 abcde-12345"), ["abcde-12345"]);
        assert_eq!(codes("(5) XXXX1-YYYY2-ZZZZ3"), ["XXXX1-YYYY2-ZZZZ3"]);
        assert_eq!(codes("7 - 9f8e7d6c5b4a"), ["9f8e7d6c5b4a"]);
        assert_eq!(codes("code 1234 5678 used"), ["1234 5678"]);
        assert_eq!(codes("1234 5678 2345 6789"), ["1234 5678", "2345 6789"]);
        assert_eq!(codes("1.abcd-1234 2)efgh-5678"), ["abcd-1234", "efgh-5678"]);
        assert_eq!(codes("abcd-1234✓"), ["abcd-1234"]);
        assert_eq!(codes("abcd-1234(used)"), ["abcd-1234"]);
        assert!(codes("(555) 123-4567").is_empty());
    }

    /// A word's class with its candidate's text, to compare two classes.
    fn describe(word: &Class<'_>) -> String {
        match word {
            Class::Code(c) => format!("{word:?} {:?} {}", c.chars, c.text),
            _ => format!("{word:?}"),
        }
    }

    #[test]
    fn words_told_by_their_kinds_are_told_as_by_every_test() {
        let (long_letters, too_long, long_code) = ("a".repeat(64), "a".repeat(65), "1a".repeat(40));
        let words = [
            "a",
            "used",
            "UNUSED",
            "code:",
            "Codes,",
            "enter!",
            "otp;",
            "www.",
            "WWW.",
            "v.",
            "ab.",
            "abcdef.",
            "abcdefgh",
            "Backup",
            "SHA256",
            "1.",
            "12)",
            "123:",
            "1234.",
            "0",
            "7",
            "42",
            "999",
            "2026",
            "12345",
            "0123456789",
            "2026-11-24",
            "24-11-2026",
            "555-0123",
            "555-123-4567",
            "abcd-1234",
            "ab-cd",
            "a-b-c-d-e-f",
            "ab-cd-ef",
            "x-1",
            "1-2",
            "-abc",
            "abc-",
            "a--b",
            "ABCD1234EFGH",
            "a1b2c3d4e5",
            "abc1",
            "ab1-",
            "1a",
            &long_letters,
            &too_long,
            &long_code,
            "xyz:",
            "a:",
            "ab:",
            "1)",
            "(1)",
            "#4",
            "•",
            "*",
            "-",
            "--",
            "#",
            "##",
            "//",
            "<-",
            "←",
            "[]",
            "☐",
            "✓",
            "✗",
            "{",
            "}]",
            "@",
            "-@-",
            "é",
            "日本",
            "—",
            "***",
            "https://example.com/x.",
            "http://a.b/used",
            "https://a@b.c",
            "https://",
            "\"type\":",
            "\"used\":",
            "\"code\":",
            "\"password\"",
            "\"enter\"",
            "\"unused\"",
            "\"a\":",
            "\"\":",
            "\"\"",
            "\"x1\":",
            "\"abc",
            "\"",
            "\"name\":\"",
            "\"Recovery",
        ];
        let mut told = 0;
        for word in words {
            let mut tokens = Vec::new();
            crate::import::tokens::cell_tokens(word, &mut tokens);
            let [token] = tokens[..] else {
                panic!("{word}")
            };
            if let Some(fast) = classify_token(word, token) {
                told += 1;
                assert_eq!(
                    describe(&fast),
                    describe(&classify_word(word, &mut Vec::new())),
                    "{word}"
                );
            }
        }
        // Nearly all of them are told by their kinds.
        assert!(told >= 70, "{told}");
    }

    #[test]
    fn words_of_letters_make_the_candidate_the_code_test_makes() {
        let mut compared = 0;
        for len in 1..=70 {
            for alphabet in [
                "abcdef", "ghxyz", "ABCDEF", "QRSTUV", "aBcDeF", "GhIjKx", "aZ",
            ] {
                let word: String = alphabet.chars().cycle().take(len).collect();
                // Listed words (`qr`) are told before any code test.
                if listed_word(&word).is_some() {
                    continue;
                }
                let (kinds, _) = kinds_of(word.as_bytes());
                let expected = candidate(word.as_str(), b'-').map_or(Class::Prose, Class::Code);
                assert_eq!(
                    describe(&classify_letters(&word, false, kinds)),
                    describe(&expected),
                    "{word}"
                );
                compared += usize::from(matches!(expected, Class::Code(_)));
            }
        }
        // Words of 6 to 64 letters are candidates.
        assert_eq!(compared, 59 * 7);
    }

    #[test]
    fn hyphenated_words_make_the_candidate_the_code_test_makes() {
        // Words of letters, digits and inner hyphens, as the word cutter hands them on.
        let alphabet = b"abfgxzABFGXZ0189-";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let mut codes = 0;
        for _ in 0..20_000 {
            let len = 1 + next(90);
            let mut word: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            // Hyphens rarer, and never first or last.
            for b in &mut word {
                if *b == b'-' && next(3) > 0 {
                    *b = b'7';
                }
            }
            if word[0] == b'-' || word[len - 1] == b'-' {
                continue;
            }
            let word = String::from_utf8(word).unwrap();
            let (kinds, _) = kinds_of(word.as_bytes());
            let expected = candidate(word.as_str(), b'-');
            codes += usize::from(expected.is_some());
            assert_eq!(
                describe(&hyphenated_candidate(&word, kinds).map_or(Class::Prose, Class::Code)),
                describe(&expected.map_or(Class::Prose, Class::Code)),
                "{word}"
            );
        }
        assert!(codes > 3_000, "{codes}");
    }

    #[test]
    fn lines_with_an_account_key_are_marked() {
        let texts = [
            "Username: bob",
            "LOGIN alice",
            "user:: x",
            "a,user",
            "users: many",
            "the account",
            "accounts",
            "benutzer\tmax",
            "",
        ];
        let lines: Vec<Line<'_>> = texts
            .iter()
            .map(|t| Line {
                number: 1,
                text: Cow::Borrowed(t),
            })
            .collect();
        let marked: Vec<bool> = scan_lines(&lines)
            .lines()
            .map(|l| l.account_key())
            .collect();
        assert_eq!(
            marked,
            [true, true, true, true, false, true, false, true, false]
        );
    }

    #[test]
    fn listed_words_in_any_case() {
        for word in SETUP_WORDS {
            for form in [word.to_string(), word.to_uppercase()] {
                assert!(matches!(listed_word(&form), Some(Class::Setup)), "{form}");
            }
        }
        for word in SOFT_WORDS {
            for form in [word.to_string(), word.to_uppercase()] {
                assert!(
                    matches!(listed_word(&form), Some(Class::Soft(i)) if SOFT_WORDS[usize::from(i)] == *word),
                    "{form}"
                );
            }
        }
        for other in ["", "the", "codex", "authenticators", "uséd", "otpx"] {
            assert!(listed_word(other).is_none(), "{other}");
        }
    }

    #[test]
    fn neutral_words() {
        for w in [
            "2026-11-24",
            "10:30",
            "1.2.3",
            "v2.0",
            "https://x.y/z",
            "me@example.com",
            "+1-555-123-4567",
            "555-123-4567",
            "24/11/2026",
            "2026",
        ] {
            assert!(
                matches!(words(w).as_slice(), [Class::Neutral]),
                "{w}: {:?}",
                words(w)
            );
        }
    }

    #[test]
    fn strength() {
        let c = |t: &'static str| candidate(t, b'-').unwrap();
        assert!(c("a1b2c3d4").strong);
        assert!(c("12345678").strong);
        assert!(!c("abcdefgh").strong);
        assert!(!c("SHA256").strong);
        assert!(c("ab12-cd34").strong);
        assert!(candidate("abc", b'-').is_none());
        assert!(candidate("e-mail", b'-').is_none());
    }
}
