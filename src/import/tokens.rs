//! Cutting a line into cells (at tabs, `|`, `,`, `;` and runs of two or more
//! spaces) and each cell into words, each word read once: where it is in the cell
//! and which kinds of bytes it has (digits, lower- and upper-case letters, hyphens,
//! anything else). An ASCII line (nearly every line) is cut into cells and words in
//! one reading. The word tests of [`super::scan`] decide most words from these kinds
//! alone instead of reading the word again for every test. Also the one test that
//! looks across words: equal groups such as `1234 5678` make one code.

use std::borrow::Cow;

/// A digit.
pub const DIGIT: u8 = 1;
/// A lower-case letter.
pub const LOWER: u8 = 2;
/// An upper-case letter.
pub const UPPER: u8 = 4;
/// A letter outside a–f / A–F (always with [`LOWER`] or [`UPPER`]).
pub const NON_HEX: u8 = 8;
/// A hyphen.
pub const HYPHEN: u8 = 16;
/// Any other byte of a word: punctuation, symbols, and every byte of a character
/// outside ASCII.
pub const OTHER: u8 = 32;
/// ASCII letters.
pub const LETTERS: u8 = LOWER | UPPER | NON_HEX;
/// ASCII letters and digits.
pub const ALPHANUMERIC: u8 = LETTERS | DIGIT;

/// ASCII whitespace in [`CLASS`]: it ends a word.
const SPACE: u8 = 64;

/// The kind of every byte: [`ALPHANUMERIC`] bits for ASCII letters and digits
/// (the code test in [`super::scan`] reads them too), [`HYPHEN`], ASCII whitespace,
/// [`OTHER`] for anything else.
pub const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_lowercase() {
            LOWER | if c.is_ascii_hexdigit() { 0 } else { NON_HEX }
        } else if c.is_ascii_uppercase() {
            UPPER | if c.is_ascii_hexdigit() { 0 } else { NON_HEX }
        } else if c == b'-' {
            HYPHEN
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            SPACE
        } else {
            OTHER
        };
        b += 1;
    }
    class
};

/// One word of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it starts in the cell.
    pub start: usize,
    /// Where it ends in the cell (exclusive).
    pub end: usize,
    /// The kinds of all its bytes, or-ed together.
    pub kinds: u8,
    /// The kinds of all its bytes but the last.
    pub head: u8,
}

impl Token {
    /// Its text in `cell`.
    pub fn text<'a>(&self, cell: &'a str) -> &'a str {
        cell.get(self.start..self.end).unwrap_or("")
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it has only bytes of the kinds in `allowed`.
    pub fn only(&self, allowed: u8) -> bool {
        self.kinds & !allowed == 0
    }
}

/// The words of `cell` (as `cell.split_whitespace()` cuts it) into `out`.
pub fn cell_tokens(cell: &str, out: &mut Vec<Token>) {
    out.clear();
    if !cell.is_ascii() {
        // Other whitespace (no-break, ideographic spaces) cuts words too.
        let base = cell.as_ptr() as usize;
        out.extend(cell.split_whitespace().map(|word| {
            let start = (word.as_ptr() as usize).wrapping_sub(base);
            let (kinds, head) = kinds_of(word.as_bytes());
            Token {
                start,
                end: start + word.len(),
                kinds,
                head,
            }
        }));
        return;
    }
    let bytes = cell.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && CLASS[usize::from(bytes[i])] == SPACE {
            i += 1;
        }
        let start = i;
        let (mut kinds, mut head) = (0, 0);
        while i < bytes.len() {
            let class = CLASS[usize::from(bytes[i])];
            if class == SPACE {
                break;
            }
            head = kinds;
            kinds |= class;
            i += 1;
        }
        if i > start {
            out.push(Token {
                start,
                end: i,
                kinds,
                head,
            });
        }
    }
}

/// Whether two or three spaces at the start of `after` separate the two halves of
/// one code rather than two cells: `before` (the cell so far) is one short group,
/// perhaps after a list number, and `after` starts with a group of the same length.
fn halves_apart(before: &str, after: &str) -> bool {
    let gap = after.len() - after.trim_start_matches(' ').len();
    if gap > 3 {
        return false;
    }
    let group =
        |t: &str| (3..=5).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric());
    let mut tokens = before.split_whitespace();
    let first = match (tokens.next(), tokens.next(), tokens.next()) {
        (Some(g), None, None) => g,
        (Some(n), Some(g), None)
            if super::scan::list_number(n).is_some() && !n.chars().all(|c| c.is_ascii_digit()) =>
        {
            g
        }
        _ => return false,
    };
    let next = after[gap..].split_whitespace().next().unwrap_or("");
    group(first) && group(next) && first.len() == next.len()
}

/// A byte at which [`cells`] cuts a cell (`|`, `,`, `;`) in [`LINE`].
const CUT: u8 = 128;

/// [`CLASS`] with the bytes that always cut a cell marked [`CUT`].
const LINE: [u8; 256] = {
    let mut line = CLASS;
    line[b'|' as usize] = CUT;
    line[b',' as usize] = CUT;
    line[b';' as usize] = CUT;
    line
};

/// Cuts a line into cells at tabs, `|`, `,`, `;` and runs of two or more spaces
/// (not where two or three spaces part a code's halves, [`halves_apart`]) and hands
/// each cell to `each` with its words as [`cell_tokens`] finds them (their places
/// counted from the cell's start). An ASCII line (nearly every line) is cut into
/// cells and words in one reading of its bytes; only the text around two or three
/// spaces is read again. In any other line a cell's words are found again with
/// [`cell_tokens`], whose whitespace includes the wider Unicode spaces.
#[inline]
pub fn cells<'a>(text: &'a str, tokens: &mut Vec<Token>, mut each: impl FnMut(&'a str, &[Token])) {
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    tokens.clear();
    // Where the cell being read starts.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = LINE[usize::from(b)];
        if class & (SPACE | CUT) == 0 {
            // A word: read to its end at once.
            let from = i;
            let (mut kinds, mut head) = (class, 0);
            i += 1;
            while let Some(&b) = bytes.get(i) {
                let class = LINE[usize::from(b)];
                if class & (SPACE | CUT) != 0 {
                    break;
                }
                head = kinds;
                kinds |= class;
                i += 1;
            }
            tokens.push(Token {
                start: from - start,
                end: i - start,
                kinds,
                head,
            });
            continue;
        }
        let two_spaces = b == b' ' && bytes.get(i + 1) == Some(&b' ');
        if two_spaces && halves_apart(&text[start..i], &text[i..]) {
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            continue;
        }
        if class == CUT || b == b'\t' || two_spaces {
            let cell = &text[start..i];
            if !ascii {
                cell_tokens(cell, tokens);
            }
            each(cell, tokens);
            tokens.clear();
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                i += 1;
            }
            if class == CUT {
                i += 1;
            }
            start = i;
            continue;
        }
        i += 1;
    }
    let cell = &text[start..];
    if !ascii {
        cell_tokens(cell, tokens);
    }
    each(cell, tokens);
    tokens.clear();
}

/// The kinds of all bytes of `word`, and of all but its last.
pub fn kinds_of(word: &[u8]) -> (u8, u8) {
    let (mut kinds, mut head) = (0, 0);
    for &b in word {
        head = kinds;
        kinds |= CLASS[usize::from(b)];
    }
    (kinds, head)
}

/// Joins words like `1234 5678` (equal-length groups of 3–5 letters and digits,
/// one case of letters, at most 16) at the start of `tokens` into one grouped code,
/// borrowed from `cell` when the groups stand one space apart there; with the
/// number of words joined. A group without digits at either end is a word
/// (`1234 5678 used`, `Code 1234 5678`), unless a group of the code holds both
/// letters and digits and the group is not a word that stands beside codes
/// (`is_word`: `used`, `done`): `YZTD EN15 NDQY …` (Apple's key typed with spaces)
/// and `rcwv m605` are whole codes, and so are two groups of letters alone that
/// are all of their cell (`hzkt adcw`), and so is a line of six or seven groups of
/// four hexadecimal digits (a piece of Tuta's code wrapped, `afef 8253 …`). The
/// last `bool` says the code is only a maybe-code: two groups, one of letters
/// alone (`rcwv m605`, but also `open app2`), or a piece of hexadecimal that starts
/// with letters alone (`cafe babe 0000 0034 …` is a file's header).
pub fn grouped_code<'a>(
    tokens: &[Token],
    cell: &'a str,
    is_word: impl Fn(&str) -> bool,
) -> Option<(Cow<'a, str>, usize, bool)> {
    let is_group = |t: &Token| (3..=5).contains(&t.len()) && t.only(ALPHANUMERIC);
    let first = tokens.first()?;
    if !is_group(first) {
        return None;
    }
    let len = first.len();
    let mut n = 1;
    let mut case = first.kinds & (LOWER | UPPER);
    while n < tokens.len() && n < 16 && is_group(&tokens[n]) && tokens[n].len() == len {
        let this = tokens[n].kinds & (LOWER | UPPER);
        // Lower-case letters in one group and upper-case in another.
        if (this & LOWER != 0 && case & UPPER != 0) || (this & UPPER != 0 && case & LOWER != 0) {
            break;
        }
        case |= this;
        n += 1;
    }
    // A code of letters and digits: letters in every group (not `IBAN DE89 3704 …`),
    // or a long code (Tuta's 16 groups, or a line of six or more of them where the
    // code wraps).
    let letters = |t: &Token| t.kinds & (LOWER | UPPER) != 0;
    let hex_fours = n >= 6 && len == 4 && tokens[..n].iter().all(|t| t.kinds & NON_HEX == 0);
    let mixed = tokens[..n].iter().any(|t| t.kinds & DIGIT != 0)
        && (n >= 8 || hex_fours || tokens[..n].iter().all(letters));
    let word = |t: &Token| t.kinds & DIGIT == 0 && (!mixed || is_word(t.text(cell)));
    if word(first) {
        // Two groups of four or five letters alone, all of the cell (`hzkt adcw`,
        // one of Dropbox's codes in about fourteen), that are not both words as
        // they read (`keep safe`): a maybe-code, which only unmistakable codes of
        // its shape around it make a code.
        let pair = n == 2
            && tokens.len() == 2
            && len >= 4
            && !tokens
                .iter()
                .any(|t| t.kinds & DIGIT != 0 || is_word(t.text(cell)))
            && !tokens.iter().all(|t| reads_as_a_word(t.text(cell)));
        return pair.then(|| (joined(cell, &tokens[..2]), 2, true));
    }
    // Trailing groups without digits are more likely words ("1234 5678 used").
    while n > 1 && word(&tokens[n - 1]) {
        n -= 1;
    }
    // `1234 5678 2345 6789` pasted on one line is two Google-style codes, not one.
    if n > 2 && len == 4 && tokens[..n].iter().all(|t| t.kinds == DIGIT) {
        n = 2;
    }
    if n < 2 {
        return None;
    }
    let kept_letters = tokens[..n].iter().any(|t| t.kinds & DIGIT == 0);
    let piece = n < 8 && first.kinds & DIGIT == 0 && !tokens[..n].iter().all(letters);
    Some((
        joined(cell, &tokens[..n]),
        n,
        kept_letters && (n == 2 || piece),
    ))
}

/// Whether a group of letters could be an English word, read loosely: it has a
/// vowel (or `y`), no three consonants in a row, and none of `j`, `q`, `v`, `x` where
/// words hardly ever have them (`j` beside a consonant, `q` without `u`, `v` or `x`
/// before a consonant, but `next`, `expo`). Names and foreign words pass it too
/// (`gwen`, `ciao`, `maui`); about one group of random letters in three does. The
/// short forms notes write ([`SHORT_FORMS`]: `acct`, `pswd`) are words too.
pub fn may_be_a_word(group: &str) -> bool {
    // Read in place, lower-cased a byte at a time: no copy of a code's group is made.
    let bytes = group.as_bytes();
    if short_form(bytes) {
        return true;
    }
    let at = |i: usize| bytes.get(i).map(u8::to_ascii_lowercase);
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    if !bytes.iter().any(|&b| vowel(b.to_ascii_lowercase())) {
        return false;
    }
    let mut run = 0;
    for i in 0..bytes.len() {
        let b = at(i).unwrap_or(0);
        run = if vowel(b) { 0 } else { run + 1 };
        let next = at(i + 1);
        let consonant_next = next.is_some_and(|n| !vowel(n));
        let odd = match b {
            b'j' => consonant_next || at(i.wrapping_sub(1)).is_some_and(|p| !vowel(p)),
            b'q' => next != Some(b'u'),
            b'v' => consonant_next,
            b'x' => consonant_next && !matches!(next, Some(b't' | b'p')),
            _ => false,
        };
        if run >= 3 || odd {
            return false;
        }
    }
    true
}

/// Words that notes write short, without the vowels or with three consonants in a
/// row that words have not (`work acct`, `wifi pswd` above or among a list's codes):
/// words all the same. A group of random letters is one of them about once in
/// twenty thousand.
const SHORT_FORMS: &[&[u8]] = &[
    b"acct", b"accts", b"pswd", b"pswds", b"pwds", b"mgmt", b"bldg", b"govt", b"hdmi", b"smtp",
    b"ssid", b"wlan", b"nvme", b"xbox", b"html", b"http", b"https", b"msft", b"mstr",
];

/// Whether `group` is one of [`SHORT_FORMS`], in any case.
fn short_form(group: &[u8]) -> bool {
    SHORT_FORMS.iter().any(|w| group.eq_ignore_ascii_case(w))
}

/// Whether a group of letters could be an English word: it may be one
/// ([`may_be_a_word`]), two consonants that start it are ones that start English
/// words (`bl`, `st`, not `cg`, `rl`), two that end it ones that end them (`nd`,
/// `ck`, not `mk`), and it has no three vowels in a row but as in `you`, `beau`,
/// `lieu` or with one doubled (`cooed`; a `u` after `q` is not one). Random letters
/// mostly fail it (`hzkt`, `cgep`, `iuao`): about one group of four in six passes,
/// so that two groups of a code both pass about once in thirty-three; `keep safe`,
/// `call anna` and `home wifi` pass, as do 96 in 100 words of four letters in a
/// dictionary.
pub fn reads_as_a_word(group: &str) -> bool {
    if !may_be_a_word(group) {
        return false;
    }
    let bytes = group.as_bytes();
    if short_form(bytes) {
        return true;
    }
    let at = |i: usize| bytes.get(i).map(u8::to_ascii_lowercase);
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    // Where its vowels are: `y` first is a consonant (`yard`).
    let sounds_vowel = |i: usize| match at(i) {
        Some(b'y') => i > 0,
        Some(b) => vowel(b),
        None => false,
    };
    let pair = |i: usize| [at(i).unwrap_or(0), at(i + 1).unwrap_or(0)];
    let first_vowel = (0..bytes.len()).find(|&i| sounds_vowel(i)).unwrap_or(0);
    if first_vowel == 2 && !ONSETS.contains(&pair(0)) {
        return false;
    }
    let last_vowel = (0..bytes.len()).rfind(|&i| sounds_vowel(i)).unwrap_or(0);
    if bytes.len() == last_vowel + 3 && !CODAS.contains(&pair(last_vowel + 1)) {
        return false;
    }
    // Runs of vowels of three or more (not `y`, nor a `u` after `q`).
    let plain_vowel = |i: usize| match at(i) {
        Some(b'u') => at(i.wrapping_sub(1)) != Some(b'q'),
        Some(b) => b != b'y' && vowel(b),
        None => false,
    };
    (0..bytes.len()).all(|i| {
        if !(plain_vowel(i) && plain_vowel(i + 1) && plain_vowel(i + 2)) {
            return true;
        }
        let three = [at(i), at(i + 1), at(i + 2)].map(|b| b.unwrap_or(0));
        !plain_vowel(i + 3)
            && (matches!(&three, b"iou" | b"eau" | b"ieu")
                || three[0] == three[1]
                || three[1] == three[2])
    })
}

/// Two consonants that start English words.
const ONSETS: &[[u8; 2]] = &[
    *b"bl", *b"br", *b"ch", *b"cl", *b"cr", *b"cz", *b"dr", *b"dw", *b"fl", *b"fr", *b"gh", *b"gl",
    *b"gn", *b"gr", *b"kh", *b"kl", *b"kn", *b"kr", *b"ph", *b"pl", *b"pr", *b"ps", *b"rh", *b"sc",
    *b"sh", *b"sk", *b"sl", *b"sm", *b"sn", *b"sp", *b"sq", *b"st", *b"sw", *b"th", *b"tr", *b"ts",
    *b"tw", *b"wh", *b"wr",
];

/// Two consonants that end English words (doubled ones among them).
const CODAS: &[[u8; 2]] = &[
    *b"bb", *b"bs", *b"bt", *b"ch", *b"ck", *b"cs", *b"ct", *b"dd", *b"ds", *b"ff", *b"fs", *b"ft",
    *b"gg", *b"gh", *b"gn", *b"gs", *b"hn", *b"hs", *b"ks", *b"lb", *b"lc", *b"ld", *b"lf", *b"lk",
    *b"ll", *b"lm", *b"ln", *b"lp", *b"ls", *b"lt", *b"mb", *b"mm", *b"mn", *b"mp", *b"ms", *b"nc",
    *b"nd", *b"ng", *b"nk", *b"nn", *b"ns", *b"nt", *b"nx", *b"ph", *b"pp", *b"ps", *b"pt", *b"rb",
    *b"rc", *b"rd", *b"rf", *b"rg", *b"rk", *b"rl", *b"rm", *b"rn", *b"rp", *b"rr", *b"rs", *b"rt",
    *b"rv", *b"sc", *b"sh", *b"sk", *b"sm", *b"sp", *b"ss", *b"st", *b"th", *b"ts", *b"tt", *b"tz",
    *b"wd", *b"wk", *b"wl", *b"wn", *b"ws", *b"wt", *b"xt", *b"zz",
];

/// The groups `tokens` (two at least) as one code: borrowed from `cell` where they
/// stand one space apart, else joined with one space.
fn joined<'a>(cell: &'a str, tokens: &[Token]) -> Cow<'a, str> {
    let bytes = cell.as_bytes();
    let one_space_apart = tokens
        .windows(2)
        .all(|w| w[1].start == w[0].end + 1 && bytes.get(w[0].end) == Some(&b' '));
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) if one_space_apart => {
            Cow::Borrowed(cell.get(first.start..last.end).unwrap_or(""))
        }
        _ => {
            let words: Vec<&str> = tokens.iter().map(|t| t.text(cell)).collect();
            Cow::Owned(words.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_random_letters_mostly_do_not_read_as_words() {
        for word in [
            "keep", "safe", "home", "wifi", "call", "anna", "next", "expo", "quiz", "jazz", "good",
            "luck", "kids", "room", "mama", "time", "your", "eyes", "quiet", "cooed", "spasm",
            "beau", "lieu", "yard", "sign", "debt", "Blue",
        ] {
            assert!(reads_as_a_word(word), "{word}");
        }
        // Random letters: no vowel, three consonants in a row, an odd `j`, `q`, `v`
        // or `x`; two consonants that no English word starts or ends with; three
        // vowels in a row.
        for group in [
            "hzkt", "adcw", "lijx", "qfsm", "vwxy", "omzg", "KTZB", "cgep", "gkeh", "rlyu", "aymk",
            "iuao", "xylq", "ptoa", "bemk",
        ] {
            assert!(!reads_as_a_word(group), "{group}");
        }
        // Words that notes write short are words all the same.
        for word in ["acct", "ACCT", "pswd", "mgmt", "xbox"] {
            assert!(may_be_a_word(word) && reads_as_a_word(word), "{word}");
        }
    }

    #[test]
    fn cells_are_cut_into_words_as_split_whitespace_cuts_them() {
        for cell in [
            "",
            " ",
            "a",
            " one  two\tthree ",
            "a\u{b}b\u{c}c\rd\ne",
            "\t\tx",
            "x\u{1c}y",
            "1. abcd-1234 used",
            "１２３４\u{3000}５６７８ a\u{a0}b",
            "é-1 Ab-9,x",
        ] {
            let mut tokens = Vec::new();
            cell_tokens(cell, &mut tokens);
            let words: Vec<&str> = tokens.iter().map(|t| t.text(cell)).collect();
            assert_eq!(
                words,
                cell.split_whitespace().collect::<Vec<_>>(),
                "{cell:?}"
            );
        }
    }

    /// Cells as they were cut before [`cells`] read each byte once: the reference
    /// it is held to.
    fn split_cells<'a>(text: &'a str, mut each: impl FnMut(&'a str)) {
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !MAY_CUT[usize::from(b)] {
                i += 1;
                continue;
            }
            let two_spaces = b == b' ' && bytes.get(i + 1) == Some(&b' ');
            if two_spaces && halves_apart(&text[start..i], &text[i..]) {
                // "1.  4816   2037": one code whose halves a PDF copy spread apart.
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                continue;
            }
            if matches!(b, b'\t' | b'|' | b',' | b';') || two_spaces {
                each(&text[start..i]);
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                if two_spaces || b == b'\t' {
                    start = i;
                    continue;
                }
                i += 1;
                start = i;
                continue;
            }
            i += 1;
        }
        each(&text[start..]);
    }

    /// The bytes at which [`split_cells`] may cut: tab, space, `|`, `,` and `;`.
    const MAY_CUT: [bool; 256] = {
        let mut table = [false; 256];
        table[b'\t' as usize] = true;
        table[b' ' as usize] = true;
        table[b'|' as usize] = true;
        table[b',' as usize] = true;
        table[b';' as usize] = true;
        table
    };

    /// `cells` of `line`, as cells with their words.
    fn fused(line: &str) -> Vec<(String, Vec<Token>)> {
        let (mut tokens, mut found) = (Vec::new(), Vec::new());
        cells(line, &mut tokens, |cell, words| {
            found.push((cell.to_owned(), words.to_vec()));
        });
        found
    }

    /// `split_cells` of `line`, then `cell_tokens` of each cell.
    fn one_after_the_other(line: &str) -> Vec<(String, Vec<Token>)> {
        let (mut tokens, mut cells) = (Vec::new(), Vec::new());
        split_cells(line, |cell| {
            cell_tokens(cell, &mut tokens);
            cells.push((cell.to_owned(), tokens.clone()));
        });
        cells
    }

    #[test]
    fn lines_are_cut_as_cells_then_words() {
        let mut lines: Vec<String> = [
            "",
            " ",
            "  ",
            "\t",
            "a",
            "1.  4816   2037",
            "4816  2037",
            "4816    2037",
            "ab1  cd2 | x,y;z",
            "|,;",
            " | a ,\tb ; ",
            "code:\tabcd-1234\tused",
            "a\u{b}b\u{c}c\rd",
            "1) abc  def  ",
            "x   ",
            "１２３４\u{3000}５６７８ | é  x",
            "a\u{a0}b  c,d\u{2003}e",
            "\u{3000}",
        ]
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
        // Lines of the bytes that matter most to cutting, in every mix.
        let alphabet = b"ab1-2 \t|,;.:(\r";
        let mut state = 0x9e37_79b9_u32;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                line.push(char::from(alphabet[state as usize % alphabet.len()]));
            }
            lines.push(line);
        }
        for line in &lines {
            assert_eq!(fused(line), one_after_the_other(line), "{line:?}");
        }
    }

    #[test]
    fn kinds_are_the_kinds_of_the_bytes() {
        let mut tokens = Vec::new();
        cell_tokens("ab12 XYZ: 12. x-1 é", &mut tokens);
        let kinds: Vec<(u8, u8)> = tokens.iter().map(|t| (t.kinds, t.head)).collect();
        assert_eq!(
            kinds,
            [
                (LOWER | DIGIT, LOWER | DIGIT),
                (UPPER | NON_HEX | OTHER, UPPER | NON_HEX),
                (DIGIT | OTHER, DIGIT),
                (LOWER | NON_HEX | HYPHEN | DIGIT, LOWER | NON_HEX | HYPHEN),
                (OTHER, OTHER),
            ]
        );
    }

    #[test]
    fn equal_groups_are_one_code() {
        let grouped = |cell: &str| {
            let mut tokens = Vec::new();
            cell_tokens(cell, &mut tokens);
            grouped_code(&tokens, cell, |w| w.eq_ignore_ascii_case("used"))
                .map(|(code, n, _)| (code.into_owned(), n))
        };
        assert_eq!(grouped("1234 5678 used"), Some(("1234 5678".into(), 2)));
        assert_eq!(grouped("1234  5678"), Some(("1234 5678".into(), 2)));
        assert_eq!(
            grouped("1234 5678 2345 6789"),
            Some(("1234 5678".into(), 2))
        );
        assert_eq!(grouped("ab1 cd2 ef3"), Some(("ab1 cd2 ef3".into(), 3)));
        assert_eq!(grouped("ab1 CD2"), None);
        assert_eq!(grouped("aB1 123 456"), Some(("aB1 123 456".into(), 3)));
        assert_eq!(grouped("abc 1234"), None);
        assert_eq!(grouped("1234 abcd"), None);
        assert_eq!(grouped("１２３４ ５６７８"), None);
        // A group of letters alone at either end belongs to a code of letters and
        // digits, unless it is a word that stands beside codes.
        assert_eq!(grouped("rcwv m605"), Some(("rcwv m605".into(), 2)));
        assert_eq!(
            grouped("YZTD EN15 NDQY EH69 28CI I88Z KKMQ"),
            Some(("YZTD EN15 NDQY EH69 28CI I88Z KKMQ".into(), 7))
        );
        assert_eq!(grouped("fnk6 5ckc used"), Some(("fnk6 5ckc".into(), 2)));
        assert_eq!(grouped("Code 1234 5678"), None);
        assert_eq!(grouped("used fnk6 5ckc"), None);
    }
}
