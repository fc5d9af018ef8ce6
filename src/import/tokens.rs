//! Cutting a cell into words, each read once: where it is in the cell and which
//! kinds of bytes it has (digits, lower- and upper-case letters, hyphens, anything
//! else). The word tests of [`super::scan`] decide most words from these kinds
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

/// The kind of every byte.
const CLASS: [u8; 256] = {
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

/// The kinds of all bytes of `word`, and of all but its last.
fn kinds_of(word: &[u8]) -> (u8, u8) {
    let (mut kinds, mut head) = (0, 0);
    for &b in word {
        head = kinds;
        kinds |= CLASS[usize::from(b)];
    }
    (kinds, head)
}

/// Joins words like `1234 5678` (equal-length groups of 3–5 letters and digits,
/// digits in the first, one case of letters, at most 16) at the start of `tokens`
/// into one grouped code, borrowed from `cell` when the groups stand one space apart
/// there; with the number of words joined.
pub fn grouped_code<'a>(tokens: &[Token], cell: &'a str) -> Option<(Cow<'a, str>, usize)> {
    let is_group = |t: &Token| (3..=5).contains(&t.len()) && t.only(ALPHANUMERIC);
    let first = tokens.first()?;
    if !is_group(first) || first.kinds & DIGIT == 0 {
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
    // Trailing groups without digits are more likely words ("1234 5678 used").
    while n > 1 && tokens[n - 1].kinds & DIGIT == 0 {
        n -= 1;
    }
    // `1234 5678 2345 6789` pasted on one line is two Google-style codes, not one.
    if n > 2 && len == 4 && tokens[..n].iter().all(|t| t.kinds == DIGIT) {
        n = 2;
    }
    if n < 2 {
        return None;
    }
    let bytes = cell.as_bytes();
    let one_space_apart = tokens[..n]
        .windows(2)
        .all(|w| w[1].start == w[0].end + 1 && bytes.get(w[0].end) == Some(&b' '));
    let joined = if one_space_apart {
        Cow::Borrowed(cell.get(first.start..tokens[n - 1].end).unwrap_or(""))
    } else {
        let words: Vec<&str> = tokens[..n].iter().map(|t| t.text(cell)).collect();
        Cow::Owned(words.join(" "))
    };
    Some((joined, n))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            grouped_code(&tokens, cell).map(|(code, n)| (code.into_owned(), n))
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
    }
}
