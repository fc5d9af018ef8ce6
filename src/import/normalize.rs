//! Invisible and look-alike characters. Characters that only change how text looks
//! (no-break spaces, zero-width characters, soft hyphens, typographic dashes,
//! full-width forms) are normalised and counted, so the user can be told. Letters
//! from other scripts that look Latin (Cyrillic `О` for `O`) are never changed:
//! they are reported so the user can check the code against the site.

/// One kind of normalisation and how often it was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Normalisation {
    /// What was changed, in words (plural).
    pub what: &'static str,
    /// The same for one character.
    #[serde(skip)]
    pub one: &'static str,
    /// How many characters.
    pub count: usize,
}

impl std::fmt::Display for Normalisation {
    /// "3 soft hyphens removed", "1 soft hyphen removed".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.count == 1 { self.one } else { self.what };
        write!(f, "{} {what}", self.count)
    }
}

/// Each kind in words: (several, one).
const KINDS: [(&str, &str); 8] = [
    (
        "no-break or unusual spaces replaced by a space",
        "no-break or unusual space replaced by a space",
    ),
    (
        "zero-width characters removed",
        "zero-width character removed",
    ),
    ("soft hyphens removed", "soft hyphen removed"),
    (
        "typographic dashes replaced by '-'",
        "typographic dash replaced by '-'",
    ),
    (
        "full-width characters replaced by their ASCII form",
        "full-width character replaced by its ASCII form",
    ),
    (
        "ideographic spaces replaced by a space",
        "ideographic space replaced by a space",
    ),
    (
        "terminal colour codes removed",
        "terminal colour code removed",
    ),
    (
        "ideographic commas and full stops replaced by ',' and '.'",
        "ideographic comma or full stop replaced by ',' or '.'",
    ),
];

/// How often each kind of normalisation was applied.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts([usize; KINDS.len()]);

impl Counts {
    /// The kinds of `changes`, added up per kind.
    pub(crate) fn of<'c>(changes: impl Iterator<Item = &'c Changed>) -> Self {
        let mut counts = Self::default();
        for c in changes {
            counts.0[c.kind] += c.count;
        }
        counts
    }

    /// The kinds applied at least once, in a fixed order.
    pub(crate) fn report(self) -> Vec<Normalisation> {
        KINDS
            .iter()
            .zip(self.0)
            .filter(|(_, n)| *n > 0)
            .map(|((what, one), count)| Normalisation { what, one, count })
            .collect()
    }
}

/// One kind of normalisation on one line: what a list's own lines had changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Changed {
    /// The line, numbered as the lines made from the normalised text are.
    pub(crate) line: usize,
    /// Which kind (an index into the kinds' words, see [`Counts::report`]).
    pub(crate) kind: usize,
    /// How many characters on that line.
    pub(crate) count: usize,
}

/// `changed` as one line's: every change put on `line`, one entry per kind (a JSON
/// document's lines are all numbered 1).
pub(crate) fn all_on_line(changed: &mut Vec<Changed>, line: usize) {
    let Counts(counts) = Counts::of(changed.iter());
    changed.clear();
    changed.extend(
        counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(kind, &count)| Changed { line, kind, count }),
    );
}

/// Notes the lines changes are made on, as they are made.
struct Tally<'c> {
    /// The number of the line the normalised text has reached at `counted`.
    line: usize,
    /// How many bytes of the normalised text are counted in `line`.
    counted: usize,
    changed: &'c mut Vec<Changed>,
}

impl Tally<'_> {
    /// One character of `kind` changed, with `out` the text normalised before it.
    /// Lines are counted only up to a change: text with nothing to change costs
    /// nothing more.
    #[inline]
    fn note(&mut self, kind: usize, out: &str) {
        let fresh = out.as_bytes().get(self.counted..).unwrap_or_default();
        self.line += line_breaks(fresh);
        self.counted = out.len();
        // A line has at most one entry of each kind (eight at the end of the list).
        let line = self.line;
        match self
            .changed
            .iter_mut()
            .rev()
            .take_while(|c| c.line == line)
            .find(|c| c.kind == kind)
        {
            Some(same) => same.count += 1,
            None => self.changed.push(Changed {
                line,
                kind,
                count: 1,
            }),
        }
    }
}

/// How many line breaks `bytes` holds, 64 bytes at a time (the compiler makes each
/// block a few vector instructions): a text with changes all through it is counted
/// once, end to end.
fn line_breaks(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(64);
    let mut count = 0;
    for block in &mut blocks {
        // At most 64: the sum fits a byte.
        let in_block = block
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
        count += usize::from(in_block);
    }
    count + blocks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Normalises `text`; returns the new text and what was changed.
pub fn normalise(text: &str) -> (String, Vec<Normalisation>) {
    let (out, counts, _) = normalise_counted(text);
    (out, counts.report())
}

/// [`normalise`] with the counts of each kind, to be added to those of other pieces
/// of a text, and the lines each was made on (numbered from 1). A text cut at a
/// line break where no escape sequence crosses a line ([`escape_across_lines`]) is
/// normalised piece by piece exactly as it is whole: no other normalisation reaches
/// across a line break or removes one.
pub(crate) fn normalise_counted(text: &str) -> (String, Counts, Vec<Changed>) {
    let mut out = String::with_capacity(text.len());
    let mut changed = Vec::new();
    let counts = normalise_into(text, &mut out, 1, &mut changed);
    (out, counts, changed)
}

/// [`normalise_counted`] into `out`, a new string (perhaps with room already): one
/// that held text would leave it behind unwiped if it had to grow. It is given room
/// for the whole of `text` first: normalising never lengthens a text, so `out`
/// never moves while it holds some (which would leave an unwiped copy too). What
/// was changed on which line is added to `changed`, the text's first line being
/// numbered `first`.
pub(crate) fn normalise_into(
    text: &str,
    out: &mut String,
    first: usize,
    changed: &mut Vec<Changed>,
) -> Counts {
    // The counts are those of the entries this text adds.
    let start = changed.len();
    let mut tally = Tally {
        line: first,
        counted: 0,
        changed,
    };
    debug_assert!(out.is_empty(), "normalised into a string that holds text");
    out.reserve(text.len());
    let mut rest = text;
    loop {
        // Plain ASCII (most text) is copied as it stands, up to the next escape or
        // non-ASCII character.
        let plain = super::text::find_byte(rest.as_bytes(), |b| (b == 0x1b) | (b >= 0x80))
            .unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        let mut chars = rest[plain..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        match c {
            // ANSI escape sequences (ESC [ params final-byte), as in a coloured terminal.
            '\u{1b}' => {
                tally.note(6, out);
                let sequence = &rest[plain..];
                chars = sequence[escape_len(sequence.as_bytes())..].chars();
            }
            '\u{00A0}'
            | '\u{202F}'
            | '\u{2007}'
            | '\u{2009}'
            | '\u{200A}'
            | '\u{2002}'..='\u{2006}'
            | '\u{2008}'
            | '\u{205F}' => {
                tally.note(0, out);
                out.push(' ');
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => {
                tally.note(1, out);
            }
            '\u{00AD}' => tally.note(2, out),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => {
                tally.note(3, out);
                out.push('-');
            }
            // The long-vowel mark a Japanese input method types for `-` between two
            // letters or digits of a code (`f70aaー80a42`); in Japanese words it stays.
            '\u{30FC}' | '\u{FF70}'
                if out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric)
                    && chars.clone().next().is_some_and(|n| {
                        n.is_ascii_alphanumeric()
                            || (('\u{FF10}'..='\u{FF5A}').contains(&n) && n.is_alphanumeric())
                    }) =>
            {
                tally.note(3, out);
                out.push('-');
            }
            // A full-width comma, colon or semicolon ends its word: a space after it,
            // as its width shows (`Google：2351 7191、5774 1330`).
            '\u{FF0C}' | '\u{FF1A}' | '\u{FF1B}' => {
                tally.note(4, out);
                out.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
                if chars.clone().next().is_some_and(|n| !n.is_whitespace()) {
                    out.push(' ');
                }
            }
            '\u{FF01}'..='\u{FF5E}' => {
                tally.note(4, out);
                // Full-width forms map one-to-one onto ASCII 0x21..=0x7E.
                out.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
            }
            '\u{3000}' => {
                tally.note(5, out);
                out.push(' ');
            }
            // What a Chinese or Japanese input method types after list numbers.
            '\u{3001}' | '\u{FF64}' => {
                tally.note(7, out);
                out.push(',');
                if chars.clone().next().is_some_and(|n| !n.is_whitespace()) {
                    out.push(' ');
                }
            }
            '\u{3002}' | '\u{FF61}' => {
                tally.note(7, out);
                out.push('.');
            }
            _ => out.push(c),
        }
        rest = chars.as_str();
    }
    Counts::of(tally.changed[start..].iter())
}

/// The length in bytes of the terminal escape sequence `bytes` starts with (at an
/// `ESC`): `ESC [`, then everything up to and including a byte in `@`…`~` (to the
/// end if there is none); a lone `ESC` otherwise. [`normalise`] removes it whole.
fn escape_len(bytes: &[u8]) -> usize {
    if bytes.get(1) != Some(&b'[') {
        return 1;
    }
    bytes
        .iter()
        .skip(2)
        .position(|b| (b'@'..=b'~').contains(b))
        .map_or(bytes.len(), |p| p + 3)
}

/// Whether a terminal escape sequence ([`escape_len`]) that starts before byte `at`
/// of `text` holds a line break or goes on past `at`. Only then does cutting the
/// text at a line break at `at` change what normalising removes, or the number of
/// line breaks before the cut.
pub(crate) fn escape_across_lines(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes
        .get(from..at)
        .and_then(|before| super::text::find_byte(before, |b| b == 0x1b))
    {
        let escape = from + found;
        let end = escape + escape_len(&bytes[escape..]);
        if end > at || bytes[escape..end].contains(&b'\n') {
            return true;
        }
        from = end;
    }
    false
}

/// Cyrillic and Greek letters that look like Latin ones, with the letter they imitate.
const LOOKALIKES: &[(char, char)] = &[
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('Х', 'X'),
    ('а', 'a'),
    ('е', 'e'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('І', 'I'),
    ('Ј', 'J'),
    ('Ѕ', 'S'),
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
    ('Ζ', 'Z'),
    ('Η', 'H'),
    ('Ι', 'I'),
    ('Κ', 'K'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Ο', 'O'),
    ('Ρ', 'P'),
    ('Τ', 'T'),
    ('Υ', 'Y'),
    ('Χ', 'X'),
    ('ο', 'o'),
    ('ν', 'v'),
];

/// The Latin letter a look-alike from another script imitates.
pub fn latin_lookalike(c: char) -> Option<char> {
    LOOKALIKES
        .iter()
        .find(|(other, _)| *other == c)
        .map(|(_, latin)| *latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_wide_characters_are_normalised_and_counted() {
        let (text, found) = normalise("ab\u{200B}cd\u{2013}12\u{00A0}３４\u{00AD}");
        assert_eq!(text, "abcd-12 34");
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found.iter().all(|n| n.count >= 1));
        assert_eq!(normalise("plain").1, vec![]);
        assert_eq!(normalise("\u{1b}[1;32mab12cd34\u{1b}[0m").0, "ab12cd34");
    }

    #[test]
    fn input_method_punctuation_after_list_numbers() {
        let (text, found) = normalise("１．ａ１\u{3000}２、ｂ２\u{3002}");
        assert_eq!(text, "1.a1 2, b2.");
        // A full-width comma, colon or semicolon, or an ideographic comma, ends its
        // word; one before a space adds none.
        assert_eq!(
            normalise("Google：2351 7191、5774 1330，8305 6195；x、 y：").0,
            "Google: 2351 7191, 5774 1330, 8305 6195; x, y:"
        );
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn a_long_vowel_mark_between_letters_of_a_code_is_a_hyphen() {
        let (text, found) = normalise("f70aaー80a42 ｆ７０ａａーｂ１ ab\u{FF70}12");
        assert_eq!(text, "f70aa-80a42 f70aa-b1 ab-12");
        assert!(found.iter().any(|n| n.what.contains("dash")), "{found:?}");
        // In Japanese words, at a word's end or before a space it stays.
        for text in [
            "コーヒー",
            "GitHubのリカバリーコード",
            "abー",
            "abー cd",
            "ーab",
        ] {
            assert_eq!(normalise(text).0, text);
        }
    }

    #[test]
    fn a_cut_is_refused_where_an_escape_sequence_crosses_a_line() {
        // (text, where it is cut, whether an escape sequence crosses a line there)
        let cases = [
            ("plain\ntext", 5, false),
            ("\u{1b}[31mred\u{1b}[0m\nnext", 12, false),
            // An escape sequence that ends right before the cut.
            ("ab\u{1b}[1m\ncd", 6, false),
            // A lone escape right before the cut is removed alone.
            ("ab\u{1b}\ncd", 3, false),
            // `ESC [` before the cut: the sequence goes on past it.
            ("ab\u{1b}[\ncd", 4, true),
            ("ab\u{1b}[12;3\nm", 8, true),
            // Never ended at all.
            ("ab\u{1b}[12\n", 6, true),
            // Ended before the cut, but across a line break: the lines before the
            // cut are fewer once normalised.
            ("\u{1b}[\nm x\nnext", 6, true),
            // A sequence after the cut does not matter.
            ("ab\ncd\u{1b}[\nm", 2, false),
        ];
        for (text, at, crosses) in cases {
            assert_eq!(text.as_bytes()[at], b'\n', "{text:?}");
            assert_eq!(escape_across_lines(text, at), crosses, "{text:?}");
            if !crosses {
                // Normalised in two pieces, the text is what it is normalised whole.
                let (whole, _) = normalise(text);
                let (a, _) = normalise(&text[..at]);
                let (b, _) = normalise(&text[at + 1..]);
                assert_eq!(format!("{a}\n{b}"), whole, "{text:?}");
            }
        }
    }

    #[test]
    fn line_breaks_are_counted_in_blocks_and_the_rest() {
        for len in [0, 1, 63, 64, 65, 127, 128, 200] {
            for every in [1, 2, 7, 64] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| if i % every == 0 { b'\n' } else { b'x' })
                    .collect();
                let expected = bytes.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(line_breaks(&bytes), expected, "{len} {every}");
            }
        }
    }

    /// Each change is told on the line it was made on, counted from `first`.
    #[test]
    fn changes_are_told_by_line() {
        let text = "ab\n\u{ff11}\u{ff12}\n\nx\u{2013}y\u{ff13}\n\u{1b}[1m\u{ff14}";
        let mut out = String::new();
        let mut changed = Vec::new();
        normalise_into(text, &mut out, 7, &mut changed);
        assert_eq!(out, "ab\n12\n\nx-y3\n4");
        let got: Vec<(usize, usize, usize)> =
            changed.iter().map(|c| (c.line, c.kind, c.count)).collect();
        assert_eq!(
            got,
            [(8, 4, 2), (10, 3, 1), (10, 4, 1), (11, 6, 1), (11, 4, 1)]
        );
        // A line has one entry per kind however its changes alternate: a list on it
        // looks at a few entries, not at every change (a file of one long line).
        let text = "\u{ff11}\u{2013}".repeat(1000);
        let mut changed = Vec::new();
        normalise_into(&text, &mut String::new(), 1, &mut changed);
        let got: Vec<(usize, usize, usize)> =
            changed.iter().map(|c| (c.line, c.kind, c.count)).collect();
        assert_eq!(got, [(1, 4, 1000), (1, 3, 1000)]);
        // A JSON document's changes, all put on its one line.
        let (_, _, mut changed) = normalise_counted("a\u{ff11}\nb\u{2013}\u{ff12}\n");
        all_on_line(&mut changed, 1);
        let got: Vec<(usize, usize, usize)> =
            changed.iter().map(|c| (c.line, c.kind, c.count)).collect();
        assert_eq!(got, [(1, 3, 1), (1, 4, 2)]);
    }

    #[test]
    fn lookalikes_are_letters() {
        // The scanner takes a word without letters or digits for a symbol without
        // looking for look-alikes in it.
        for (other, latin) in LOOKALIKES {
            assert!(
                other.is_alphabetic() && latin.is_ascii_alphabetic(),
                "{other}"
            );
        }
    }

    #[test]
    fn lookalikes_are_known() {
        assert_eq!(latin_lookalike('О'), Some('O'));
        assert_eq!(latin_lookalike('O'), None);
    }

    /// Normalising never lengthens a text: a piece normalised into room for the
    /// whole of it is never moved, which would leave an unwiped copy behind.
    #[test]
    fn normalising_never_lengthens_a_text() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{10FFFF}']) {
            let text = format!("a{c}b{c}{c}");
            let mut out = String::new();
            normalise_into(&text, &mut out, 1, &mut Vec::new());
            assert!(out.len() <= text.len(), "U+{:04X}", u32::from(c));
        }
        let text = "1\u{3001}\u{FF21}\u{3000}\u{A0}\u{200B}x\u{1b}[1;32my\u{1b}[0m\u{2013}z";
        let mut room = String::with_capacity(text.len());
        let at = room.as_ptr();
        normalise_into(text, &mut room, 1, &mut Vec::new());
        assert_eq!((room.as_str(), room.as_ptr()), ("1, A  xy-z", at));
    }
}
