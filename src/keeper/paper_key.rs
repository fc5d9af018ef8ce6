//! The paper key as people handle it: checking a key while it is typed (age keys are
//! Bech32, `AGE-SECRET-KEY-1` + 58 characters of a 32-character alphabet with a
//! checksum, written in groups of four), and the "type group N" check that proves a
//! key was written down. Nothing here stores or logs any part of a key.

use std::hash::{BuildHasher, Hasher};

/// What every paper key starts with.
pub const PREFIX: &str = "AGE-SECRET-KEY-1";
/// Characters after the prefix.
pub const DATA_CHARS: usize = 58;
/// Characters per written group.
pub const GROUP: usize = 4;
/// Bech32's alphabet (no 1, b, i, o).
const ALPHABET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// What can be said about a key while it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedKey {
    /// Nothing typed yet.
    Empty,
    /// Fine so far; `have` of the 58 characters after the prefix.
    SoFar {
        /// Characters typed after the prefix.
        have: usize,
    },
    /// It does not start with `AGE-SECRET-KEY-1`.
    BadPrefix,
    /// A character no paper key has (1, b, i, o or a symbol), in group `group`.
    BadCharacter {
        /// The character.
        ch: char,
        /// 1-based group of four it is in.
        group: usize,
    },
    /// A group (not the last) has a length other than four: a character was left
    /// out or doubled there.
    GroupLength {
        /// 1-based group.
        group: usize,
        /// Its length.
        len: usize,
    },
    /// More characters than a key has.
    TooLong,
    /// Every character is there but the checksum does not match: a typo somewhere.
    Checksum,
    /// A well-formed key (whether it opens this vault is checked on opening).
    Complete,
}

impl TypedKey {
    /// A short sentence for the field, or `None` while there is nothing to say.
    pub fn message(&self) -> Option<String> {
        Some(match self {
            Self::Empty => return None,
            Self::SoFar { have } => format!("{have} of {DATA_CHARS} characters after AGE-SECRET-KEY-1"),
            Self::BadPrefix => "A paper key starts with AGE-SECRET-KEY-1.".to_owned(),
            Self::BadCharacter { ch, group } => format!(
                "Group {group}: “{ch}” is never in a paper key (it has no 1, B, I or O). Check that group."
            ),
            Self::GroupLength { group, len } => format!(
                "Group {group} has {len} characters; every group has {GROUP}. A character is missing or doubled there."
            ),
            Self::TooLong => format!(
                "That is longer than a paper key ({DATA_CHARS} characters after AGE-SECRET-KEY-1)."
            ),
            Self::Checksum => {
                "Every character is there, but the key's checksum does not match: one is mistyped. Compare group by group."
                    .to_owned()
            }
            Self::Complete => "The key is well formed.".to_owned(),
        })
    }

    /// Whether the text is certainly not a key (worth showing as an error).
    pub fn is_error(&self) -> bool {
        !matches!(self, Self::Empty | Self::SoFar { .. } | Self::Complete)
    }
}

/// Checks a key as typed so far (comment lines, spaces and case do not matter).
pub fn check_typed(text: &str) -> TypedKey {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    let joined = lines.join(" ");
    let compact: String = joined.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return TypedKey::Empty;
    }
    let upper = compact.to_uppercase();
    let head = upper.len().min(PREFIX.len());
    if !upper.is_char_boundary(head) || upper[..head] != PREFIX[..head] {
        return TypedKey::BadPrefix;
    }
    if upper.len() <= PREFIX.len() {
        return TypedKey::SoFar { have: 0 };
    }
    let data: Vec<char> = upper[PREFIX.len()..].chars().collect();
    if let Some(p) = data
        .iter()
        .position(|c| !ALPHABET.contains(c.to_ascii_lowercase()))
    {
        return TypedKey::BadCharacter {
            ch: data[p],
            group: p / GROUP + 1,
        };
    }
    if let Some(bad) = group_length_problem(&joined) {
        return bad;
    }
    match data.len() {
        n if n > DATA_CHARS => TypedKey::TooLong,
        n if n < DATA_CHARS => TypedKey::SoFar { have: n },
        _ => {
            let key = zeroize::Zeroizing::new(upper);
            if key.parse::<age::x25519::Identity>().is_ok() {
                TypedKey::Complete
            } else {
                TypedKey::Checksum
            }
        }
    }
}

/// When the user types the key in groups, a finished group (one followed by
/// another) must have four characters.
fn group_length_problem(joined: &str) -> Option<TypedKey> {
    let words: Vec<&str> = joined.split_whitespace().collect();
    // Only when typed in groups: the prefix alone, then groups.
    let first = words.first()?;
    if !first.eq_ignore_ascii_case(PREFIX) || words.len() < 3 {
        return None;
    }
    let groups = &words[1..];
    let finished = &groups[..groups.len() - 1];
    finished
        .iter()
        .enumerate()
        .find(|(_, g)| g.chars().count() != GROUP)
        .map(|(n, g)| TypedKey::GroupLength {
            group: n + 1,
            len: g.chars().count(),
        })
}

/// A group of four to ask for after the key was shown (1-based), chosen at random
/// among the full groups, so the answer cannot be read off the end of the key.
pub fn pick_group(key: &str) -> usize {
    let (_, groups) = crate::vault::paper_key_groups(key);
    let full = groups
        .iter()
        .filter(|g| g.chars().count() == GROUP)
        .count()
        .max(1);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_usize(full);
    let pick = usize::try_from(h.finish() % full as u64).unwrap_or(0);
    pick + 1
}

/// Whether `typed` is group `group` (1-based) of `key` (case and spaces ignored).
pub fn group_matches(key: &str, group: usize, typed: &str) -> bool {
    let (_, groups) = crate::vault::paper_key_groups(key);
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    group
        .checked_sub(1)
        .and_then(|i| groups.get(i))
        .is_some_and(|g| g.eq_ignore_ascii_case(&typed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn key() -> String {
        age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_owned()
    }

    fn grouped(key: &str) -> String {
        let (prefix, groups) = crate::vault::paper_key_groups(key);
        format!("{prefix} {}", groups.join(" "))
    }

    #[test]
    fn a_real_key_is_complete_in_any_case_and_grouping() {
        let k = key();
        assert_eq!(check_typed(&k), TypedKey::Complete);
        assert_eq!(check_typed(&k.to_lowercase()), TypedKey::Complete);
        assert_eq!(check_typed(&grouped(&k)), TypedKey::Complete);
        assert_eq!(
            check_typed(&format!("# a comment\n{k}\n")),
            TypedKey::Complete
        );
    }

    #[test]
    fn typing_reports_progress_then_the_first_problem() {
        let k = key();
        assert_eq!(check_typed(""), TypedKey::Empty);
        assert_eq!(check_typed("AGE-SEC"), TypedKey::SoFar { have: 0 });
        assert_eq!(check_typed(&k[..20]), TypedKey::SoFar { have: 4 });
        assert_eq!(check_typed("AGE-PUBLIC"), TypedKey::BadPrefix);
        // An I in group 2 is said at once.
        let bad = format!("{PREFIX}QQQQQIQ");
        assert_eq!(
            check_typed(&bad),
            TypedKey::BadCharacter { ch: 'I', group: 2 }
        );
        assert_eq!(check_typed(&format!("{k}Q")), TypedKey::TooLong);
    }

    #[test]
    fn a_group_of_three_is_named_once_the_next_group_starts() {
        let k = key();
        let (prefix, mut groups) = crate::vault::paper_key_groups(&k);
        groups[2].pop();
        let typed = format!(
            "{prefix} {} {} {} {}",
            groups[0], groups[1], groups[2], groups[3]
        );
        assert_eq!(
            check_typed(&typed),
            TypedKey::GroupLength { group: 3, len: 3 }
        );
        // Still typing group 3: nothing to say yet.
        let typing = format!("{prefix} {} {} {}", groups[0], groups[1], groups[2]);
        assert!(matches!(check_typed(&typing), TypedKey::SoFar { .. }));
    }

    #[test]
    fn one_changed_character_fails_the_checksum() {
        let k = key();
        let mut chars: Vec<char> = k.chars().collect();
        let last = chars.len() - 10;
        chars[last] = if chars[last] == 'Q' { 'P' } else { 'Q' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(check_typed(&typo), TypedKey::Checksum);
        assert!(
            TypedKey::Checksum
                .message()
                .is_some_and(|m| m.contains("mistyped"))
        );
    }

    #[test]
    fn the_asked_group_is_a_full_group_and_is_checked() {
        let k = key();
        let (_, groups) = crate::vault::paper_key_groups(&k);
        for _ in 0..50 {
            let g = pick_group(&k);
            assert!((1..=14).contains(&g), "{g}");
            assert_eq!(groups[g - 1].len(), 4);
            assert!(group_matches(&k, g, &groups[g - 1].to_lowercase()));
            let other = if g == 1 { 2 } else { 1 };
            assert!(
                !group_matches(&k, other, &groups[g - 1]) || groups[other - 1] == groups[g - 1]
            );
        }
        // Different groups come up (not always the last one).
        let picks: std::collections::BTreeSet<usize> = (0..200).map(|_| pick_group(&k)).collect();
        assert!(picks.len() > 5, "{picks:?}");
    }
}
