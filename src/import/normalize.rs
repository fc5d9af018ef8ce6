//! Invisible and look-alike characters. Characters that only change how text looks
//! (no-break spaces, zero-width characters, soft hyphens, typographic dashes,
//! full-width forms) are normalised and counted, so the user can be told. Letters
//! from other scripts that look Latin (Cyrillic `О` for `O`) are never changed:
//! they are reported so the user can check the code against the site.

/// One kind of normalisation and how often it was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Normalisation {
    /// What was changed, in words.
    pub what: &'static str,
    /// How many characters.
    pub count: usize,
}

const KINDS: [&str; 8] = [
    "no-break or unusual spaces replaced by a space",
    "zero-width characters removed",
    "soft hyphens removed",
    "typographic dashes replaced by '-'",
    "full-width characters replaced by their ASCII form",
    "ideographic spaces replaced by a space",
    "terminal colour codes removed",
    "ideographic commas and full stops replaced by ',' and '.'",
];

/// How often each kind of normalisation was applied.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts([usize; KINDS.len()]);

impl Counts {
    /// Adds the counts of another piece of the text.
    pub(crate) fn add(&mut self, other: Self) {
        for (count, more) in self.0.iter_mut().zip(other.0) {
            *count += more;
        }
    }

    /// The kinds applied at least once, in a fixed order.
    pub(crate) fn report(self) -> Vec<Normalisation> {
        KINDS
            .iter()
            .zip(self.0)
            .filter(|(_, n)| *n > 0)
            .map(|(what, count)| Normalisation { what, count })
            .collect()
    }
}

/// Normalises `text`; returns the new text and what was changed.
pub fn normalise(text: &str) -> (String, Vec<Normalisation>) {
    let (out, counts) = normalise_counted(text);
    (out, counts.report())
}

/// [`normalise`] with the counts of each kind, to be added to those of other pieces
/// of a text. A text cut at a line break where no escape sequence crosses a line
/// ([`escape_across_lines`]) is normalised piece by piece exactly as it is whole:
/// no other normalisation reaches across a line break or removes one.
pub(crate) fn normalise_counted(text: &str) -> (String, Counts) {
    let mut out = String::with_capacity(text.len());
    let counts = normalise_into(text, &mut out);
    (out, counts)
}

/// [`normalise_counted`] into `out`, a new string (perhaps with room already): one
/// that held text would leave it behind unwiped if it had to grow. It is given room
/// for the whole of `text` first: normalising never lengthens a text, so `out`
/// never moves while it holds some (which would leave an unwiped copy too).
pub(crate) fn normalise_into(text: &str, out: &mut String) -> Counts {
    let mut counts = [0usize; KINDS.len()];
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
                counts[6] += 1;
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
                counts[0] += 1;
                out.push(' ');
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => {
                counts[1] += 1;
            }
            '\u{00AD}' => counts[2] += 1,
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => {
                counts[3] += 1;
                out.push('-');
            }
            '\u{FF01}'..='\u{FF5E}' => {
                counts[4] += 1;
                // Full-width forms map one-to-one onto ASCII 0x21..=0x7E.
                out.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
            }
            '\u{3000}' => {
                counts[5] += 1;
                out.push(' ');
            }
            // What a Chinese or Japanese input method types after list numbers.
            '\u{3001}' | '\u{FF64}' => {
                counts[7] += 1;
                out.push(',');
            }
            '\u{3002}' | '\u{FF61}' => {
                counts[7] += 1;
                out.push('.');
            }
            _ => out.push(c),
        }
        rest = chars.as_str();
    }
    Counts(counts)
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
        assert_eq!(text, "1.a1 2,b2.");
        assert_eq!(found.len(), 3, "{found:?}");
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
            normalise_into(&text, &mut out);
            assert!(out.len() <= text.len(), "U+{:04X}", u32::from(c));
        }
        let text = "1\u{3001}\u{FF21}\u{3000}\u{A0}\u{200B}x\u{1b}[1;32my\u{1b}[0m\u{2013}z";
        let mut room = String::with_capacity(text.len());
        let at = room.as_ptr();
        normalise_into(text, &mut room);
        assert_eq!((room.as_str(), room.as_ptr()), ("1,A  xy-z", at));
    }
}
