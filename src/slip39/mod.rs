//! Shamir's secret sharing in the SLIP-0039 format: a secret split into word lists
//! ("shares") so that any `threshold` of them give it back and fewer reveal nothing.
//! Written from the specification (satoshilabs/slips, `slip-0039.md`); the word list
//! and the test vectors (`tests/fixtures/slip39/vectors.json`) come from the specification's authors,
//! under the MIT licence (`assets/SLIP-0039-LICENSE.txt`). Shares made here recombine with the reference
//! `shamir-mnemonic` Python package and the other way round (`tests/heirs.rs`).
//!
//! Codekeeper makes a single group (GT = 1, G = 1) of `N` member shares with member
//! threshold `T`, the extendable flag set, iteration exponent 1 and the empty
//! passphrase, as the specification recommends for a plain T-of-N scheme. Combining
//! accepts any valid set, groups included.

mod checksum;
mod cipher;
mod field;
mod share;

pub use share::{MIN_WORDS, Share};

use zeroize::Zeroizing;

/// What can be wrong with shares or with a split request.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum Slip39Error {
    /// A word that is not in the share word list (the word itself is not repeated:
    /// it is part of a secret, perhaps typed where nobody was meant to see it).
    #[error("word {position} is not a share word")]
    UnknownWord {
        /// 1-based position in the share.
        position: usize,
    },
    /// Fewer words than the shortest share.
    #[error("a share has at least 20 words; this one has {words}")]
    TooShort {
        /// Words given.
        words: usize,
    },
    /// A word count no share has.
    #[error("no share has {words} words; a word is missing or extra")]
    BadLength {
        /// Words given.
        words: usize,
    },
    /// The three check words do not match: a word is wrong, missing or swapped.
    #[error("the share's check words do not match: a word is mistyped, missing or swapped")]
    Checksum,
    /// The padding bits are not zero (a malformed share that passed the checksum).
    #[error("the share is malformed (its padding is not zero)")]
    Padding,
    /// The shares come from different sets (identifier, thresholds or length differ).
    #[error("these shares do not belong together: they come from different sets")]
    Mismatch,
    /// The same share was given twice.
    #[error("the same share was given twice")]
    Duplicate,
    /// Not the number of shares the set needs.
    #[error("this set needs {need} shares (of a group) and {have} were given")]
    WrongCount {
        /// Shares needed.
        need: usize,
        /// Shares given.
        have: usize,
    },
    /// The recombined secret fails its digest: a share was altered or forged.
    #[error("the shares combine to a secret that fails its check: one share is altered")]
    Digest,
    /// A set made with a key derivation too slow to run here.
    #[error(
        "this share set uses a very slow key derivation (iteration exponent {exponent}); recombine it with the SLIP-0039 reference tool instead"
    )]
    TooSlow {
        /// The set's iteration exponent.
        exponent: u8,
    },
    /// No shares at all.
    #[error("no shares were given")]
    Empty,
    /// A threshold and count outside 1 ≤ T ≤ N ≤ 16, or T = 1 with N > 1.
    #[error(
        "a threshold of {threshold} of {count} shares is not possible (2 ≤ threshold ≤ shares ≤ 16)"
    )]
    BadScheme {
        /// Shares needed.
        threshold: u8,
        /// Shares made.
        count: u8,
    },
    /// The secret is shorter than 16 bytes or an odd number of bytes long.
    #[error("a secret to split has at least 16 bytes and an even length")]
    BadSecret,
    /// The system's random number generator failed.
    #[error("the system's random number generator failed")]
    Random,
}

/// The iteration exponent Codekeeper writes (20 000 PBKDF2 iterations in all).
pub const EXPONENT: u8 = 1;
const DIGEST_INDEX: u8 = 254;
const SECRET_INDEX: u8 = 255;
const DIGEST_LEN: usize = 4;

fn random(buf: &mut [u8]) -> Result<(), Slip39Error> {
    getrandom::getrandom(buf).map_err(|_| Slip39Error::Random)
}

fn digest(r: &[u8], secret: &[u8]) -> [u8; DIGEST_LEN] {
    use hmac::Mac;
    let mut out = [0u8; DIGEST_LEN];
    if let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(r) {
        mac.update(secret);
        out.copy_from_slice(&mac.finalize().into_bytes()[..DIGEST_LEN]);
    }
    out
}

/// SplitSecret(T, N, S): the values of shares 0..N.
fn split_secret(t: u8, n: u8, secret: &[u8]) -> Result<Vec<Zeroizing<Vec<u8>>>, Slip39Error> {
    if t == 0 || t > n || n > 16 {
        return Err(Slip39Error::BadScheme {
            threshold: t,
            count: n,
        });
    }
    if t == 1 {
        return Ok((0..n).map(|_| Zeroizing::new(secret.to_vec())).collect());
    }
    let mut d = Zeroizing::new(vec![0u8; secret.len()]);
    random(&mut d[DIGEST_LEN..])?;
    let dig = digest(&d[DIGEST_LEN..], secret);
    d[..DIGEST_LEN].copy_from_slice(&dig);
    let mut randoms = Vec::new();
    for _ in 0..t - 2 {
        let mut y = Zeroizing::new(vec![0u8; secret.len()]);
        random(&mut y)?;
        randoms.push(y);
    }
    let mut base: Vec<(u8, &[u8])> = randoms
        .iter()
        .enumerate()
        .map(|(i, y)| (i as u8, y.as_slice()))
        .collect();
    base.push((DIGEST_INDEX, &d));
    base.push((SECRET_INDEX, secret));
    Ok((0..n)
        .map(|x| field::interpolate(&base, x))
        .collect::<Vec<_>>())
}

/// RecoverSecret(T, points).
fn recover_secret(t: u8, points: &[(u8, &[u8])]) -> Result<Zeroizing<Vec<u8>>, Slip39Error> {
    if t == 1 {
        return points
            .first()
            .map(|(_, y)| Zeroizing::new(y.to_vec()))
            .ok_or(Slip39Error::Empty);
    }
    let secret = field::interpolate(points, SECRET_INDEX);
    let d = field::interpolate(points, DIGEST_INDEX);
    if digest(&d[DIGEST_LEN..], &secret) != d[..DIGEST_LEN] {
        return Err(Slip39Error::Digest);
    }
    Ok(secret)
}

/// Splits `secret` into groups of shares: `groups` lists each group's (T, N), and
/// `group_threshold` groups are needed. The general form, for checks against other
/// implementations; Codekeeper itself uses [`split`].
pub fn generate(
    group_threshold: u8,
    groups: &[(u8, u8)],
    secret: &[u8],
    passphrase: &[u8],
    extendable: bool,
    exponent: u8,
) -> Result<Vec<Vec<Share>>, Slip39Error> {
    if secret.len() < 16 || !secret.len().is_multiple_of(2) {
        return Err(Slip39Error::BadSecret);
    }
    if let Some(&(t, n)) = groups.iter().find(|(t, n)| *t == 1 && *n > 1) {
        return Err(Slip39Error::BadScheme {
            threshold: t,
            count: n,
        });
    }
    let group_count = u8::try_from(groups.len()).map_err(|_| Slip39Error::BadScheme {
        threshold: group_threshold,
        count: u8::MAX,
    })?;
    let mut id_bytes = [0u8; 2];
    random(&mut id_bytes)?;
    let id = u16::from_be_bytes(id_bytes) & 0x7fff;
    let ems = cipher::encrypt(secret, passphrase, exponent, id, extendable);
    let group_values = split_secret(group_threshold, group_count, &ems)?;
    let mut out = Vec::new();
    for (gi, ((t, n), value)) in groups.iter().zip(group_values.iter()).enumerate() {
        let members = split_secret(*t, *n, value)?;
        out.push(
            members
                .into_iter()
                .enumerate()
                .map(|(mi, value)| Share {
                    id,
                    extendable,
                    exponent,
                    group_index: gi as u8,
                    group_threshold,
                    group_count,
                    member_index: mi as u8,
                    member_threshold: *t,
                    value,
                })
                .collect(),
        );
    }
    Ok(out)
}

/// Splits `secret` into `count` shares of which any `threshold` give it back
/// (2 ≤ threshold ≤ count ≤ 16; one group, extendable, empty passphrase).
pub fn split(secret: &[u8], threshold: u8, count: u8) -> Result<Vec<Share>, Slip39Error> {
    if threshold < 2 || threshold > count || count > 16 {
        return Err(Slip39Error::BadScheme { threshold, count });
    }
    let mut groups = generate(1, &[(threshold, count)], secret, b"", true, EXPONENT)?;
    Ok(groups.pop().unwrap_or_default())
}

/// What a set of shares says about itself, from any one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetInfo {
    /// The set's identifier (the first two words are the same on every share).
    pub id: u16,
    /// Shares needed when the set has one group (its member threshold).
    pub threshold: u8,
    /// Groups needed; 1 for sets Codekeeper makes.
    pub group_threshold: u8,
}

impl Share {
    /// What this share says about its set.
    pub fn set_info(&self) -> SetInfo {
        SetInfo {
            id: self.id,
            threshold: self.member_threshold,
            group_threshold: self.group_threshold,
        }
    }

    fn same_set(&self, other: &Self) -> bool {
        self.id == other.id
            && self.extendable == other.extendable
            && self.exponent == other.exponent
            && self.group_threshold == other.group_threshold
            && self.group_count == other.group_count
            && self.value.len() == other.value.len()
    }
}

/// Combines shares back into the secret (with the set's `passphrase`; Codekeeper's
/// own sets use the empty one). Checks everything the specification asks for.
pub fn combine(shares: &[Share], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, Slip39Error> {
    let first = shares.first().ok_or(Slip39Error::Empty)?;
    if shares.iter().any(|s| !first.same_set(s)) {
        return Err(Slip39Error::Mismatch);
    }
    if first.group_count < first.group_threshold {
        return Err(Slip39Error::Mismatch);
    }
    let mut group_indices: Vec<u8> = shares.iter().map(|s| s.group_index).collect();
    group_indices.sort_unstable();
    group_indices.dedup();
    if group_indices.len() != usize::from(first.group_threshold) {
        return Err(Slip39Error::WrongCount {
            need: usize::from(first.group_threshold),
            have: group_indices.len(),
        });
    }
    let mut group_values = Vec::new();
    for gi in &group_indices {
        let members: Vec<&Share> = shares.iter().filter(|s| s.group_index == *gi).collect();
        let t = members[0].member_threshold;
        if members.iter().any(|m| m.member_threshold != t) {
            return Err(Slip39Error::Mismatch);
        }
        let mut indices: Vec<u8> = members.iter().map(|m| m.member_index).collect();
        indices.sort_unstable();
        indices.dedup();
        if indices.len() != members.len() {
            return Err(Slip39Error::Duplicate);
        }
        if members.len() != usize::from(t) {
            return Err(Slip39Error::WrongCount {
                need: usize::from(t),
                have: members.len(),
            });
        }
        let points: Vec<(u8, &[u8])> = members
            .iter()
            .map(|m| (m.member_index, m.value.as_slice()))
            .collect();
        group_values.push((*gi, recover_secret(t, &points)?));
    }
    let points: Vec<(u8, &[u8])> = group_values
        .iter()
        .map(|(gi, v)| (*gi, v.as_slice()))
        .collect();
    let ems = recover_secret(first.group_threshold, &points)?;
    Ok(cipher::decrypt(
        &ems,
        passphrase,
        first.exponent,
        first.id,
        first.extendable,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> Vec<(String, Vec<String>, String)> {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/slip39/vectors.json"
        ))
        .unwrap();
        let v: Vec<(String, Vec<String>, String, String)> = serde_json::from_str(&text).unwrap();
        v.into_iter().map(|(d, m, s, _)| (d, m, s)).collect()
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn combine_words(mnemonics: &[String], passphrase: &[u8]) -> Result<String, Slip39Error> {
        let shares = mnemonics
            .iter()
            .map(|m| Share::parse(m))
            .collect::<Result<Vec<_>, _>>()?;
        combine(&shares, passphrase).map(|s| hex(&s))
    }

    #[test]
    fn every_official_test_vector_gives_its_secret_or_fails() {
        let vectors = vectors();
        assert_eq!(vectors.len(), 45);
        for (description, mnemonics, secret) in vectors {
            let got = combine_words(&mnemonics, b"TREZOR");
            if secret.is_empty() {
                assert!(got.is_err(), "{description}: should fail, gave {got:?}");
            } else {
                assert_eq!(got.as_deref(), Ok(secret.as_str()), "{description}");
                // Every valid share writes back to the same words.
                for m in &mnemonics {
                    let s = Share::parse(m).unwrap();
                    assert_eq!(s.mnemonic().as_str(), m.as_str(), "{description}");
                }
            }
        }
    }

    #[test]
    fn any_threshold_of_the_shares_gives_the_secret_back_and_fewer_do_not() {
        let secret: Vec<u8> = (100..132).collect();
        let shares = split(&secret, 3, 5).unwrap();
        assert_eq!(shares.len(), 5);
        let words: Vec<String> = shares.iter().map(|s| s.mnemonic().to_string()).collect();
        assert!(words.iter().all(|w| w.split(' ').count() == 33));
        let first_two = |w: &String| w.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert!(words.iter().all(|w| first_two(w) == first_two(&words[0])));
        for a in 0..5 {
            for b in a + 1..5 {
                for c in b + 1..5 {
                    let pick = [words[a].clone(), words[c].clone(), words[b].clone()];
                    assert_eq!(combine_words(&pick, b"").unwrap(), hex(&secret));
                }
                let two = [words[a].clone(), words[b].clone()];
                assert_eq!(
                    combine_words(&two, b""),
                    Err(Slip39Error::WrongCount { need: 3, have: 2 })
                );
            }
        }
        let dup = [words[0].clone(), words[0].clone(), words[1].clone()];
        assert_eq!(combine_words(&dup, b""), Err(Slip39Error::Duplicate));
        let other = split(&secret, 3, 5).unwrap();
        let mixed = [
            words[0].clone(),
            words[1].clone(),
            other[2].mnemonic().to_string(),
        ];
        assert_eq!(combine_words(&mixed, b""), Err(Slip39Error::Mismatch));
    }

    #[test]
    fn impossible_schemes_and_secrets_are_refused() {
        let secret = [7u8; 32];
        for (t, n) in [(1, 3), (0, 2), (3, 2), (2, 17)] {
            assert!(matches!(
                split(&secret, t, n),
                Err(Slip39Error::BadScheme { .. })
            ));
        }
        assert_eq!(split(&[1u8; 15], 2, 3).err(), Some(Slip39Error::BadSecret));
        assert_eq!(split(&[1u8; 17], 2, 3).err(), Some(Slip39Error::BadSecret));
    }

    #[test]
    fn typing_mistakes_are_named() {
        let shares = split(&[9u8; 32], 2, 3).unwrap();
        let text = shares[0].mnemonic().to_string();
        let mut words: Vec<&str> = text.split(' ').collect();
        assert!(matches!(
            Share::parse(&words[..19].join(" ")),
            Err(Slip39Error::TooShort { words: 19 })
        ));
        words[4] = "qqqq";
        assert_eq!(
            Share::parse(&words.join(" ")).err(),
            Some(Slip39Error::UnknownWord { position: 5 })
        );
        let mut swapped: Vec<&str> = text.split(' ').collect();
        swapped.swap(10, 11);
        if swapped[10] != swapped[11] {
            assert_eq!(
                Share::parse(&swapped.join(" ")).err(),
                Some(Slip39Error::Checksum)
            );
        }
        // Four-letter prefixes and any case are fine.
        let short: Vec<String> = text.split(' ').map(|w| w[..4].to_uppercase()).collect();
        assert_eq!(
            Share::parse(&short.join("  ")).unwrap().mnemonic().as_str(),
            text
        );
    }
}
