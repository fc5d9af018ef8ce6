//! Heir kits: the paper key split into SLIP-0039 shares ([`crate::slip39`]), any
//! `threshold` of which open the vault, one printed page per share; and the way back,
//! shares typed in place of the paper key.
//!
//! Invariants: a kit is made only from the vault's current paper key (typed in full
//! and proven, see [`super::proof`]); before the PDF is written, the shares are
//! recombined (the first and the last `threshold` of them, so every share takes part)
//! and must give back that very key; the vault records the kit (date, set, scheme
//! and the paper key's public recipient, nothing secret) so that a later key change
//! can say the shares are stale.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::{KeeperError, paper, proof};
use crate::settings::PaperSize;
use crate::slip39::{self, Share, Slip39Error};
use crate::vault::model::HeirKitRecord;
use crate::vault::{Payload, Vault, crypto};

/// The most shares a kit can have (SLIP-0039's limit).
pub const MAX_SHARES: u8 = 16;

/// What [`make_heir_kit`] made.
pub struct HeirKitMade {
    /// Where the PDF was written.
    pub path: PathBuf,
    /// What the vault keeps of it ([`record`] stores it).
    pub record: HeirKitRecord,
    /// The first two words, the same on every share of the set.
    pub set_words: String,
    /// Things the user should know (lines that did not fit).
    pub warnings: Vec<String>,
}

/// Splits the vault's paper key (`typed`, proven first) into `shares` shares of which
/// `threshold` open the vault, checks them, and writes one page per share to `output`.
/// The vault is not changed: [`record`] the result, then save.
pub fn make_heir_kit(
    vault: &Vault,
    typed: &str,
    threshold: u8,
    shares: u8,
    paper_size: PaperSize,
    output: &Path,
    now: Timestamp,
) -> Result<HeirKitMade, KeeperError> {
    let output = check_request(vault, threshold, shares, output)?;
    let identity = proof::prove(vault.payload(), typed)?;
    let secret = crypto::paper_key_bytes(&identity).map_err(|_| KeeperError::InvalidPaperKey)?;
    let set = slip39::split(&secret, threshold, shares).map_err(|problem| KeeperError::Shares {
        share: None,
        problem,
    })?;
    let recipient = crypto::recipient_of(&identity);
    check_set(&set, threshold, &recipient)?;
    let pages: Vec<Vec<&'static str>> = set.iter().map(Share::words).collect();
    let set_words = pages.first().map(|w| w[..2].join(" ")).unwrap_or_default();
    let kit = crate::pdf::heirs::HeirKit {
        shares: &pages,
        threshold,
        vault_id: &vault.payload().vault_id,
        made_at: now,
    };
    let rendered = crate::pdf::heirs::render_heir_kit(&kit, paper_size.into())
        .map_err(|e| KeeperError::Pdf(e.to_string()))?;
    crate::vault::file::write_private(&output, &rendered.bytes)?;
    Ok(HeirKitMade {
        path: output,
        record: HeirKitRecord {
            made_at: now,
            set_id: set.first().map_or(0, |s| s.id),
            threshold,
            shares,
            recipient,
            retired: false,
        },
        set_words,
        warnings: rendered.warnings,
    })
}

/// Keeps what the vault knows of a kit just made. Typing the whole key to make it
/// proved the key, as a rehearsal does.
/// Kits of earlier keys stop being warned about: this one replaces them.
pub fn record(payload: &mut Payload, kit: HeirKitRecord) {
    proof::record_proof(payload, kit.made_at);
    retire_stale(payload);
    payload.heir_kits.push(kit);
}

/// Recombines the first and the last `threshold` shares; both must give the key whose
/// recipient is `recipient`.
fn check_set(set: &[Share], threshold: u8, recipient: &str) -> Result<(), KeeperError> {
    let t = usize::from(threshold);
    for pick in [
        &set[..t.min(set.len())],
        &set[set.len().saturating_sub(t)..],
    ] {
        let secret = slip39::combine(pick, b"").map_err(|problem| KeeperError::Shares {
            share: None,
            problem,
        })?;
        let back = crypto::paper_key_from_bytes(&secret).map_err(|_| KeeperError::SharesNotAKey)?;
        if crypto::recipient_of(&back) != recipient {
            return Err(KeeperError::SharesNotAKey);
        }
    }
    Ok(())
}

/// Heir kits made from an earlier paper key: their shares no longer open the vault.
/// Kits replaced by a newer kit or dismissed by the user are left out.
pub fn stale_kits(payload: &Payload) -> Vec<&HeirKitRecord> {
    payload
        .heir_kits
        .iter()
        .filter(|k| k.recipient != payload.recipients.paper && !k.retired)
        .collect()
}

/// Stops warning about heir kits of earlier paper keys (the user dealt with them).
pub fn retire_stale(payload: &mut Payload) {
    let current = payload.recipients.paper.clone();
    for kit in &mut payload.heir_kits {
        if kit.recipient != current {
            kit.retired = true;
        }
    }
}

/// Whether the heirs have a vault to open: the last copy saved elsewhere opens with
/// the key their shares hold only if it was written after the last key change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyForHeirs {
    /// No copy was ever saved elsewhere.
    None,
    /// The last copy was saved before the current paper key was made (or by a version
    /// that did not record its key): the shares may not open it.
    OlderKey,
    /// The last copy opens with the current paper key.
    Fits,
}

/// See [`CopyForHeirs`].
pub fn copy_for_heirs(payload: &Payload) -> CopyForHeirs {
    match &payload.last_copy {
        None => CopyForHeirs::None,
        Some(c) if c.paper.as_deref() == Some(payload.recipients.paper.as_str()) => {
            CopyForHeirs::Fits
        }
        Some(_) => CopyForHeirs::OlderKey,
    }
}

/// Checks what can be checked before the user types the paper key: the scheme and
/// where the PDF goes. Returns the path to write.
pub fn check_request(
    vault: &Vault,
    threshold: u8,
    shares: u8,
    output: &Path,
) -> Result<PathBuf, KeeperError> {
    if threshold < 2 || threshold > shares || shares > MAX_SHARES {
        return Err(KeeperError::Shares {
            share: None,
            problem: Slip39Error::BadScheme {
                threshold,
                count: shares,
            },
        });
    }
    if vault.payload().recipients.new_paper.is_some() {
        return Err(KeeperError::KeyChangePending);
    }
    paper::check_output(vault.paths(), output)
}

/// Heir kits of the current paper key.
pub fn current_kits(payload: &Payload) -> Vec<&HeirKitRecord> {
    payload
        .heir_kits
        .iter()
        .filter(|k| k.recipient == payload.recipients.paper)
        .collect()
}

/// The longest share there is (a 512-bit secret): words gathered beyond this are not
/// one share, so the gathering stops (and typing a long paste stays cheap).
const MAX_SHARE_WORDS: usize = 59;
/// The slowest key derivation accepted (SLIP-0039 iteration exponent): Codekeeper and
/// the reference tool write 0 or 1; 15 would take minutes.
const MAX_EXPONENT: u8 = 6;

/// A typed word and the list number before it, if any (`12. oven`).
type Numbered<'t> = (Option<usize>, &'t str);

/// The words of one line with their list numbers.
fn line_words(line: &str) -> Vec<Numbered<'_>> {
    let mut out = Vec::new();
    let mut number = None;
    for token in line.split(|c: char| c.is_whitespace() || c == ',') {
        let bare = token.trim_end_matches(['.', ')', ':']);
        if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
            number = bare.parse().ok();
            continue;
        }
        let word = token.trim_matches(|c: char| !c.is_alphabetic());
        if !word.is_empty() {
            out.push((number.take(), word));
        }
    }
    out
}

/// The words in share order: by their list numbers when every word has one (the
/// printed page numbers its words down the columns, so a row copied across reads
/// 1, 12, 23, …), else as typed.
fn ordered<'t>(words: &[Numbered<'t>]) -> Vec<&'t str> {
    let mut words = words.to_vec();
    if words.iter().all(|(n, _)| n.is_some()) {
        words.sort_by_key(|(n, _)| *n);
    }
    words.into_iter().map(|(_, w)| w).collect()
}

/// The shares in `text`, as people type or paste them: one share per line, a share
/// over several lines (as copied off the printed columns, in any order when the list
/// numbers are kept), shares separated by blank lines, or several pasted one after
/// the other on one line. Lines are gathered until they read as a share; a line of
/// share length after a gathering that does not read starts the next share, so one
/// mistyped share does not swallow the next. `#` comment lines are ignored.
pub fn share_texts(text: &str) -> Vec<Zeroizing<String>> {
    let mut out = Vec::new();
    let mut pending: Vec<Numbered<'_>> = Vec::new();
    let join = |words: &[Numbered<'_>]| Zeroizing::new(ordered(words).join(" "));
    for line in text.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let words = line_words(line);
        if words.is_empty() {
            if !pending.is_empty() {
                out.push(join(&pending));
                pending.clear();
            }
            continue;
        }
        if pending.len() >= slip39::MIN_WORDS && words.len() >= slip39::MIN_WORDS {
            out.push(join(&pending));
            pending.clear();
        }
        if pending.is_empty()
            && let Some(parts) = valid_run(&ordered(&words))
        {
            out.extend(parts);
            continue;
        }
        pending.extend(words);
        if let Some(parts) = valid_run(&ordered(&pending)) {
            out.extend(parts);
            pending.clear();
        } else if pending.len() > MAX_SHARE_WORDS {
            out.push(join(&pending));
            pending.clear();
        }
    }
    if !pending.is_empty() {
        out.push(join(&pending));
    }
    out
}

/// `words` as shares, if they read: one share, or several pasted one after the other
/// (equal lengths) that each read.
fn valid_run(words: &[&str]) -> Option<Vec<Zeroizing<String>>> {
    let whole = Zeroizing::new(words.join(" "));
    if Share::parse(&whole).is_ok() {
        return Some(vec![whole]);
    }
    for len in [33, 20] {
        if words.len() > len && words.len().is_multiple_of(len) {
            let parts: Vec<Zeroizing<String>> = words
                .chunks(len)
                .map(|c| Zeroizing::new(c.join(" ")))
                .collect();
            if parts.iter().all(|p| Share::parse(p).is_ok()) {
                return Some(parts);
            }
        }
    }
    None
}

/// How far typed shares are from opening the vault (for live feedback).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SharesState {
    /// Shares that read correctly.
    pub valid: usize,
    /// Shares the set needs, once one valid share says.
    pub need: Option<u8>,
    /// Shares that do not read or do not belong, 1-based, with what is wrong.
    pub problems: Vec<(usize, Slip39Error)>,
    /// The last share while it is still being typed (no line break after it yet, fewer
    /// words than a share of its set, or a word not finished): its number and words so far.
    pub typing: Option<(usize, usize)>,
    /// Words per share, once one valid share says.
    pub words: Option<usize>,
}

impl SharesState {
    /// One sentence: what is there and what is missing.
    pub fn describe(&self) -> String {
        if let Some((n, e)) = self.problems.first() {
            return format!("Share {n}: {e}.");
        }
        if let Some((n, have)) = self.typing {
            return match self.words {
                Some(total) => format!("Share {n}: {have} of {total} words so far."),
                None => format!("Share {n}: {have} words so far."),
            };
        }
        match self.need {
            None => "Type or paste the words of the shares, one share per line.".to_owned(),
            Some(need) if self.valid >= usize::from(need) => {
                format!(
                    "{} shares read correctly; {need} are needed. Ready.",
                    self.valid
                )
            }
            Some(need) => format!("{} of the {need} shares needed read correctly.", self.valid),
        }
    }

    /// Whether enough shares read to try them (and none is wrong or half typed).
    pub fn ready(&self) -> bool {
        self.problems.is_empty()
            && self.typing.is_none()
            && self.need.is_some_and(|n| self.valid >= usize::from(n))
    }
}

/// Reads the shares in `text` without combining them: each must read, belong to the
/// same set as the first, and not repeat another.
pub fn shares_state(text: &str) -> SharesState {
    let mut state = SharesState::default();
    let texts = share_texts(text);
    let still_typing = !text.ends_with(['\n', '\r']);
    let mut first: Option<Share> = None;
    let mut members: Vec<(u8, u8)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let count = t.split(' ').count();
        match Share::parse(t) {
            Ok(s) => {
                if let Some(f) = &first
                    && (f.id != s.id || f.value.len() != s.value.len())
                {
                    state.problems.push((i + 1, Slip39Error::Mismatch));
                    continue;
                }
                if members.contains(&(s.group_index, s.member_index)) {
                    state.problems.push((i + 1, Slip39Error::Duplicate));
                    continue;
                }
                members.push((s.group_index, s.member_index));
                state.valid += 1;
                state.need.get_or_insert(s.set_info().threshold);
                state.words.get_or_insert(count);
                first.get_or_insert(s);
            }
            Err(e) => {
                let expected = state.words.unwrap_or(33);
                let unfinished = match &e {
                    Slip39Error::TooShort { .. }
                    | Slip39Error::BadLength { .. }
                    | Slip39Error::Checksum => count < expected,
                    // A word still being typed: the last one, with no space after it.
                    Slip39Error::UnknownWord { position } => {
                        *position == count && !text.ends_with(char::is_whitespace)
                    }
                    _ => false,
                };
                if still_typing && unfinished && i + 1 == texts.len() {
                    state.typing = Some((i + 1, count));
                } else {
                    state.problems.push((i + 1, e));
                }
            }
        }
    }
    state
}

/// The paper key recombined from the shares in `text`. More shares than needed are
/// fine: the first and the last `threshold` are combined and must agree.
pub fn key_from_shares(text: &str) -> Result<Zeroizing<String>, KeeperError> {
    let mut shares: Vec<Share> = Vec::new();
    for (i, t) in share_texts(text).iter().enumerate() {
        let share = Share::parse(t).map_err(|problem| KeeperError::Shares {
            share: Some(i + 1),
            problem,
        })?;
        let odd = |problem| KeeperError::Shares {
            share: Some(i + 1),
            problem,
        };
        if let Some(f) = shares.first() {
            if f.id != share.id || f.value.len() != share.value.len() {
                return Err(odd(Slip39Error::Mismatch));
            }
            if shares
                .iter()
                .any(|s| (s.group_index, s.member_index) == (share.group_index, share.member_index))
            {
                return Err(odd(Slip39Error::Duplicate));
            }
        }
        if share.exponent > MAX_EXPONENT {
            return Err(odd(Slip39Error::TooSlow {
                exponent: share.exponent,
            }));
        }
        shares.push(share);
    }
    let whole = |problem| KeeperError::Shares {
        share: None,
        problem,
    };
    let first = shares.first().ok_or_else(|| whole(Slip39Error::Empty))?;
    let info = first.set_info();
    let t = if info.group_threshold == 1 {
        usize::from(info.threshold)
    } else {
        shares.len()
    };
    if shares.len() < t {
        return Err(whole(Slip39Error::WrongCount {
            need: t,
            have: shares.len(),
        }));
    }
    let secret = slip39::combine(&shares[..t], b"").map_err(whole)?;
    if shares.len() > t {
        let other = slip39::combine(&shares[shares.len() - t..], b"").map_err(whole)?;
        if *other != *secret {
            return Err(whole(Slip39Error::Digest));
        }
    }
    let identity = crypto::paper_key_from_bytes(&secret).map_err(|_| KeeperError::SharesNotAKey)?;
    let text = crypto::identity_secret(&identity);
    use age::secrecy::ExposeSecret;
    Ok(Zeroizing::new(text.expose_secret().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_found_one_per_line_or_in_blocks_with_numbers_dropped() {
        let shares = slip39::split(&[5u8; 32], 2, 3).unwrap();
        let a = shares[0].mnemonic().to_string();
        let b = shares[2].mnemonic().to_string();
        let one_per_line = format!("{a}\n{b}\n");
        assert_eq!(share_texts(&one_per_line).len(), 2);
        // Pasted one after the other on one line.
        let run = share_texts(&format!("{a} {b}"));
        assert_eq!(run.len(), 2);
        assert_eq!(run[1].as_str(), b);
        // As copied off the printed page: numbered words in columns, a blank line between.
        let numbered = |s: &str| {
            s.split(' ')
                .enumerate()
                .map(|(i, w)| format!("{}. {w}", i + 1))
                .collect::<Vec<_>>()
                .chunks(3)
                .map(|c| c.join("   "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let blocks = format!("# heir shares\n{}\n\n{}\n", numbered(&a), numbered(&b));
        let texts = share_texts(&blocks);
        assert_eq!(texts.len(), 2);
        assert_eq!(texts[0].as_str(), a);
        let state = shares_state(&blocks);
        assert!(state.ready(), "{state:?}");
        let secret = key_from_shares(&blocks);
        // [5; 32] is a valid X25519 secret: it comes back as a paper key.
        assert!(secret.unwrap().starts_with("AGE-SECRET-KEY-1"));
    }

    #[test]
    fn garbage_and_mangled_shares_are_refused_without_panicking() {
        let shares = slip39::split(&[7u8; 32], 2, 3).unwrap();
        let good = format!(
            "{}\n{}",
            shares[0].mnemonic().as_str(),
            shares[1].mnemonic().as_str()
        );
        let words: Vec<&str> = good.split_whitespace().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        for round in 0..60 {
            let mut text: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            for _ in 0..1 + next(4) {
                let at = next(text.len());
                match next(5) {
                    0 => {
                        text.remove(at);
                    }
                    1 => text.insert(at, words[next(words.len())].to_owned()),
                    2 => text[at] = "\n".to_owned(),
                    3 => {
                        let other = next(text.len());
                        text.swap(at, other);
                    }
                    _ => text[at] = format!("{}\u{202e}9", &text[at][..1]),
                }
            }
            let joined = text.join(if round % 2 == 0 { " " } else { "  " });
            let _ = shares_state(&joined);
            let _ = key_from_shares(&joined);
        }
        for junk in [
            "",
            "\n\n",
            "1. 2. 3.",
            &"academic ".repeat(5000),
            "\u{0}\u{ffff}",
        ] {
            assert!(key_from_shares(junk).is_err());
            let _ = shares_state(junk);
        }
    }

    #[test]
    fn rows_copied_across_the_printed_columns_are_put_back_in_number_order() {
        let shares = slip39::split(&[8u8; 32], 2, 3).unwrap();
        let a = shares[0].mnemonic().to_string();
        let words: Vec<&str> = a.split(' ').collect();
        // The page prints 11 rows of three columns: 1 12 23 / 2 13 24 / …
        let rows: Vec<String> = (0..11)
            .map(|r| {
                [r, r + 11, r + 22]
                    .iter()
                    .map(|&i| format!("{}. {}", i + 1, words[i]))
                    .collect::<Vec<_>>()
                    .join("    ")
            })
            .collect();
        let texts = share_texts(&rows.join("\n"));
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].as_str(), a);
    }

    #[test]
    fn shares_of_another_set_or_twice_the_same_are_named_before_combining() {
        let ours = slip39::split(&[9u8; 32], 2, 3).unwrap();
        let theirs = slip39::split(&[9u8; 32], 2, 3).unwrap();
        let (a, b) = (
            ours[0].mnemonic().to_string(),
            ours[1].mnemonic().to_string(),
        );
        let other = theirs[2].mnemonic().to_string();
        let state = shares_state(&format!("{a}\n{other}\n"));
        assert_eq!(state.problems, vec![(2, Slip39Error::Mismatch)]);
        assert!(
            state
                .describe()
                .starts_with("Share 2: these shares do not belong together")
        );
        assert!(matches!(
            key_from_shares(&format!("{a}\n{b}\n{other}")),
            Err(KeeperError::Shares {
                share: Some(3),
                problem: Slip39Error::Mismatch
            })
        ));
        let state = shares_state(&format!("{a}\n{a}\n"));
        assert_eq!(state.problems, vec![(2, Slip39Error::Duplicate)]);
        assert!(!state.ready());
        // A whole share that does not read is wrong even before Enter.
        let mut bad: Vec<&str> = b.split(' ').collect();
        bad.swap(5, 6);
        if bad[5] != bad[6] {
            let state = shares_state(&format!("{a}\n{}", bad.join(" ")));
            assert_eq!(state.problems, vec![(2, Slip39Error::Checksum)]);
        }
    }

    #[test]
    fn kits_of_an_old_key_are_warned_about_until_a_new_kit_or_a_dismissal() {
        use crate::vault::model::{Recipients, VaultCopy};
        let mut payload = Payload::new("v".into(), Recipients::new("dev".into(), "paper1".into()));
        let kit = |recipient: &str| HeirKitRecord {
            made_at: jiff::Timestamp::UNIX_EPOCH,
            set_id: 1,
            threshold: 2,
            shares: 3,
            recipient: recipient.into(),
            retired: false,
        };
        assert_eq!(copy_for_heirs(&payload), CopyForHeirs::None);
        payload.last_copy = Some(VaultCopy {
            at: jiff::Timestamp::UNIX_EPOCH,
            path: "x".into(),
            generation: 1,
            paper: Some("paper1".into()),
        });
        record(&mut payload, kit("paper1"));
        assert!(stale_kits(&payload).is_empty());
        assert_eq!(copy_for_heirs(&payload), CopyForHeirs::Fits);
        payload.recipients.paper = "paper2".into();
        assert_eq!(stale_kits(&payload).len(), 1);
        assert_eq!(copy_for_heirs(&payload), CopyForHeirs::OlderKey);
        record(&mut payload, kit("paper2"));
        assert!(stale_kits(&payload).is_empty(), "the new kit replaces it");
        payload.recipients.paper = "paper3".into();
        assert_eq!(stale_kits(&payload).len(), 1);
        retire_stale(&mut payload);
        assert!(stale_kits(&payload).is_empty(), "dismissed");
    }

    #[test]
    fn too_few_or_wrong_shares_say_which_and_what() {
        let shares = slip39::split(&[6u8; 32], 2, 3).unwrap();
        let a = shares[0].mnemonic().to_string();
        let state = shares_state(&a);
        assert_eq!(
            (state.valid, state.need, state.ready()),
            (1, Some(2), false)
        );
        // The second share while it is typed: no error until a line break ends it.
        let b = shares[1].mnemonic().to_string();
        let half: Vec<&str> = b.split(' ').take(20).collect();
        let typing = format!("{a}\n{}", half.join(" "));
        let typed = shares_state(&typing);
        assert_eq!((typed.typing, typed.problems.len()), (Some((2, 20)), 0));
        assert_eq!(typed.describe(), "Share 2: 20 of 33 words so far.");
        let short: Vec<&str> = b.split(' ').take(12).collect();
        let early = shares_state(&format!("{a}\n{}", short.join(" ")));
        assert_eq!((early.valid, early.typing), (1, Some((2, 12))));
        let mid_word = format!("{a}\n{} acad", half.join(" "));
        assert_eq!(shares_state(&mid_word).typing, Some((2, 21)));
        let ended = format!("{typing}\n");
        assert!(matches!(
            shares_state(&ended).problems.as_slice(),
            [(2, Slip39Error::Checksum)]
        ));
        assert!(
            state.describe().contains("1 of the 2"),
            "{}",
            state.describe()
        );
        assert!(matches!(
            key_from_shares(&a),
            Err(KeeperError::Shares {
                share: None,
                problem: Slip39Error::WrongCount { need: 2, have: 1 }
            })
        ));
        let broken = a.replacen(a.split(' ').nth(6).unwrap(), "zzzz", 1);
        let text = format!("{}\n{broken}", shares[1].mnemonic().as_str());
        let e = key_from_shares(&text).unwrap_err();
        assert!(e.to_string().starts_with("share 2: word"), "{e}");
        // All three given: the first two and the last two must agree.
        let all = shares
            .iter()
            .map(|s| s.mnemonic().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(key_from_shares(&all).is_ok());
    }
}
