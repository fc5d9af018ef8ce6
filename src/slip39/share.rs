//! One share as words: the fields, the padded share value and the checksum packed into
//! 10-bit words of the SLIP-0039 word list (SLIP-0039, "Format of the share mnemonic").
//! Words are matched case-insensitively, and a unique prefix of four or more letters
//! is taken as its word (every word of the list has a unique 4-letter prefix).

use zeroize::{Zeroize, Zeroizing};

use super::{Slip39Error, checksum};

/// The 1024 words, one per line, sorted.
const WORDLIST: &str = include_str!("wordlist.txt");
/// Words that carry no share value: id + flags (2), indices and thresholds (2), checksum (3).
const METADATA_WORDS: usize = 7;
/// The shortest share: a 128-bit value in 13 words.
pub const MIN_WORDS: usize = 20;

fn words() -> impl Iterator<Item = &'static str> {
    WORDLIST.lines()
}

/// The word list as a slice, split once.
fn list() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| words().collect())
}

/// The word for index `i` (< 1024).
fn word(i: u16) -> &'static str {
    list().get(usize::from(i)).copied().unwrap_or("")
}

/// The index of `typed` (a word or a unique prefix of at least four letters).
fn index_of(typed: &str) -> Option<u16> {
    let typed = typed.to_ascii_lowercase();
    let list = list();
    let at = match list.binary_search(&typed.as_str()) {
        Ok(i) => return u16::try_from(i).ok(),
        Err(i) => i,
    };
    let candidate = list.get(at)?;
    (typed.len() >= 4 && candidate.starts_with(&typed))
        .then(|| u16::try_from(at).ok())
        .flatten()
}

/// The fields of one share (SLIP-0039's notation in brackets).
pub struct Share {
    /// Random identifier shared by the whole set (`id`, 15 bits).
    pub id: u16,
    /// Extendable backup flag (`ext`).
    pub extendable: bool,
    /// Iteration exponent (`e`): PBKDF2 runs 10 000 × 2^e times.
    pub exponent: u8,
    /// Group index (`GI`), 0-based.
    pub group_index: u8,
    /// Groups needed (`GT`), 1-based.
    pub group_threshold: u8,
    /// Groups in the set (`G`), 1-based.
    pub group_count: u8,
    /// Member index (`I`), 0-based.
    pub member_index: u8,
    /// Members of this group needed (`T`), 1-based.
    pub member_threshold: u8,
    /// The share value (`ps` without its padding).
    pub value: Zeroizing<Vec<u8>>,
}

/// Reads bits, most significant first, from 10-bit words.
struct Bits<'a> {
    words: &'a [u16],
    at: usize,
}

impl Bits<'_> {
    fn take(&mut self, n: usize) -> u32 {
        let mut v = 0u32;
        for _ in 0..n {
            let w = self.words.get(self.at / 10).copied().unwrap_or(0);
            let bit = (w >> (9 - self.at % 10)) & 1;
            v = (v << 1) | u32::from(bit);
            self.at += 1;
        }
        v
    }
}

/// Writes bits, most significant first, into 10-bit words.
#[derive(Default)]
struct Sink {
    words: Vec<u16>,
    bits: usize,
}

impl Sink {
    fn put(&mut self, value: u32, n: usize) {
        for k in (0..n).rev() {
            if self.bits.is_multiple_of(10) {
                self.words.push(0);
            }
            let bit = ((value >> k) & 1) as u16;
            if let Some(last) = self.words.last_mut() {
                *last |= bit << (9 - self.bits % 10);
            }
            self.bits += 1;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.words.zeroize();
    }
}

impl Share {
    /// Parses a share from its words (separated by white space).
    pub fn parse(text: &str) -> Result<Self, Slip39Error> {
        let mut indices = Zeroizing::new(Vec::new());
        for (n, typed) in text.split_whitespace().enumerate() {
            match index_of(typed) {
                Some(i) => indices.push(i),
                None => {
                    return Err(Slip39Error::UnknownWord { position: n + 1 });
                }
            }
        }
        let count = indices.len();
        if count < MIN_WORDS {
            return Err(Slip39Error::TooShort { words: count });
        }
        let padded_bits = 10 * (count - METADATA_WORDS);
        let padding = padded_bits % 16;
        if padding > 8 {
            return Err(Slip39Error::BadLength { words: count });
        }
        let extendable = (indices[1] >> 4) & 1 == 1;
        if !checksum::verify(extendable, &indices) {
            return Err(Slip39Error::Checksum);
        }
        let mut bits = Bits {
            words: &indices,
            at: 0,
        };
        let id = bits.take(15) as u16;
        bits.take(1);
        let exponent = bits.take(4) as u8;
        let group_index = bits.take(4) as u8;
        let group_threshold = bits.take(4) as u8 + 1;
        let group_count = bits.take(4) as u8 + 1;
        let member_index = bits.take(4) as u8;
        let member_threshold = bits.take(4) as u8 + 1;
        if bits.take(padding) != 0 {
            return Err(Slip39Error::Padding);
        }
        let mut value = Zeroizing::new(Vec::with_capacity(padded_bits / 8));
        for _ in 0..(padded_bits - padding) / 8 {
            value.push(bits.take(8) as u8);
        }
        Ok(Self {
            id,
            extendable,
            exponent,
            group_index,
            group_threshold,
            group_count,
            member_index,
            member_threshold,
            value,
        })
    }

    /// The share's word indices, checksum included.
    fn indices(&self) -> Zeroizing<Vec<u16>> {
        let mut sink = Sink::default();
        sink.put(u32::from(self.id), 15);
        sink.put(u32::from(self.extendable), 1);
        sink.put(u32::from(self.exponent), 4);
        sink.put(u32::from(self.group_index), 4);
        sink.put(u32::from(self.group_threshold) - 1, 4);
        sink.put(u32::from(self.group_count) - 1, 4);
        sink.put(u32::from(self.member_index), 4);
        sink.put(u32::from(self.member_threshold) - 1, 4);
        let value_bits = self.value.len() * 8;
        sink.put(0, (10 - value_bits % 10) % 10);
        for b in self.value.iter() {
            sink.put(u32::from(*b), 8);
        }
        let check = checksum::create(self.extendable, &sink.words);
        let mut out = Zeroizing::new(std::mem::take(&mut sink.words));
        out.extend(check);
        out
    }

    /// The share's words (references into the word list; which words they are is
    /// the secret, and the list's memory is wiped on free by the zeroizing allocator).
    pub fn words(&self) -> Vec<&'static str> {
        self.indices().iter().map(|i| word(*i)).collect()
    }

    /// The share as one line of words separated by spaces.
    pub fn mnemonic(&self) -> Zeroizing<String> {
        Zeroizing::new(self.words().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_has_1024_sorted_words_with_unique_four_letter_prefixes() {
        let list: Vec<&str> = words().collect();
        assert_eq!(list.len(), 1024);
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        assert!(list.windows(2).all(|w| w[0][..4] != w[1][..4]));
        assert_eq!(index_of("academic"), Some(0));
        assert_eq!(index_of("ACAD"), Some(0));
        assert_eq!(index_of("zero"), Some(1023));
        assert_eq!(index_of("aca"), None, "three letters are not enough");
        assert_eq!(index_of("academics"), None);
    }

    #[test]
    fn words_round_trip() {
        let share = Share {
            id: 0x5a5a,
            extendable: true,
            exponent: 1,
            group_index: 0,
            group_threshold: 1,
            group_count: 1,
            member_index: 2,
            member_threshold: 2,
            value: Zeroizing::new((0..32).collect()),
        };
        let text = share.mnemonic();
        assert_eq!(share.words().len(), 33);
        let back = Share::parse(&text.to_uppercase()).unwrap();
        assert_eq!(back.indices().as_slice(), share.indices().as_slice());
        assert_eq!(back.value.as_slice(), share.value.as_slice());
        assert_eq!(
            (back.id, back.member_index, back.member_threshold),
            (0x5a5a, 2, 2)
        );
    }
}
