//! Proving the paper key: the user types it in full and Codekeeper checks that it is
//! this vault's paper key by deriving its public recipient and comparing it with the
//! vault's (nothing secret, and no part or hash of the key, is stored for this). A
//! proof records when and for which recipient, so a new paper key makes old proofs
//! stale by itself. Rehearsals fall due every few months (a setting; 0 turns them off).

use jiff::{Timestamp, ToSpan, Zoned};

use super::{KeeperError, keys};
use crate::vault::model::KeyProof;
use crate::vault::{Payload, crypto};

/// Checks that `typed` is the vault's current paper key; returns it parsed.
pub fn prove(payload: &Payload, typed: &str) -> Result<age::x25519::Identity, KeeperError> {
    if payload.recipients.new_paper.is_some() {
        return Err(KeeperError::KeyChangePending);
    }
    let key = keys::clean_paper_key(typed);
    let identity = crypto::parse_identity(&key).map_err(|_| KeeperError::InvalidPaperKey)?;
    if crypto::recipient_of(&identity) == payload.recipients.paper {
        Ok(identity)
    } else {
        Err(KeeperError::NotThisPaperKey)
    }
}

/// Records that the current paper key was proven at `now` (in the payload only).
pub fn record_proof(payload: &mut Payload, now: Timestamp) {
    payload.paper_key_proven = Some(KeyProof {
        at: now,
        recipient: payload.recipients.paper.clone(),
    });
}

/// A rehearsal: proves `typed` and records it in the payload (the front end saves).
pub fn rehearse(payload: &mut Payload, typed: &str, now: Timestamp) -> Result<(), KeeperError> {
    prove(payload, typed)?;
    record_proof(payload, now);
    Ok(())
}

/// When the current paper key was last proven, if ever.
pub fn last_proven(payload: &Payload) -> Option<Timestamp> {
    payload
        .paper_key_proven
        .as_ref()
        .filter(|p| p.recipient == payload.recipients.paper)
        .map(|p| p.at)
}

/// Whether a rehearsal is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rehearsal {
    /// Rehearsals are turned off.
    Off,
    /// The current paper key was never typed back.
    Never,
    /// The last proof is older than the interval.
    Due {
        /// When it was last proven.
        last: Timestamp,
    },
    /// Proven recently enough.
    Fine {
        /// When it was last proven.
        last: Timestamp,
        /// When the next rehearsal falls due.
        next: Timestamp,
    },
}

impl Rehearsal {
    /// Whether to ask the user now.
    pub fn is_due(self) -> bool {
        matches!(self, Self::Never | Self::Due { .. })
    }

    /// One sentence for `list` and the window.
    pub fn describe(self) -> String {
        match self {
            Self::Off => "paper key rehearsals are turned off".to_owned(),
            Self::Never => "your paper key was never typed back to prove it works".to_owned(),
            Self::Due { last } => format!(
                "your paper key was last proven on {}: time to type it back again",
                super::day(last)
            ),
            Self::Fine { last, next } => format!(
                "your paper key was last proven on {} (next rehearsal {})",
                super::day(last),
                super::day(next)
            ),
        }
    }
}

/// The rehearsal state with an interval of `months` (0 = off).
pub fn rehearsal(payload: &Payload, months: u32, now: Timestamp) -> Rehearsal {
    if months == 0 {
        return Rehearsal::Off;
    }
    let Some(last) = last_proven(payload) else {
        return Rehearsal::Never;
    };
    let next = Zoned::new(last, jiff::tz::TimeZone::UTC)
        .checked_add(i64::from(months).months())
        .map_or(last, |z| z.timestamp());
    if now >= next {
        Rehearsal::Due { last }
    } else {
        Rehearsal::Fine { last, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::model::Recipients;

    fn payload_for(paper: &age::x25519::Identity) -> Payload {
        let device = crypto::generate_identity();
        Payload::new(
            "v".into(),
            Recipients::new(crypto::recipient_of(&device), crypto::recipient_of(paper)),
        )
    }

    #[test]
    fn only_the_vaults_own_paper_key_is_proven() {
        use age::secrecy::ExposeSecret;
        let paper = crypto::generate_identity();
        let payload = payload_for(&paper);
        let text = crypto::identity_secret(&paper);
        let spaced: String = text
            .expose_secret()
            .chars()
            .enumerate()
            .flat_map(|(i, c)| (i > 15 && i % 4 == 0).then_some(' ').into_iter().chain([c]))
            .collect::<String>()
            .to_lowercase();
        assert!(prove(&payload, &spaced).is_ok());
        let other = crypto::identity_secret(&crypto::generate_identity());
        assert!(matches!(
            prove(&payload, other.expose_secret()),
            Err(KeeperError::NotThisPaperKey)
        ));
        assert!(matches!(
            prove(&payload, "AGE-SECRET-KEY-1QQQQ"),
            Err(KeeperError::InvalidPaperKey)
        ));
        // While a key change is unsettled, neither key is proven (which one stays is open).
        let mut pending = payload.clone();
        pending.recipients.new_paper = Some(crypto::recipient_of(&crypto::generate_identity()));
        assert!(matches!(
            prove(&pending, &spaced),
            Err(KeeperError::KeyChangePending)
        ));
    }

    #[test]
    fn rehearsals_fall_due_after_the_interval_and_a_new_key_needs_its_own() {
        let paper = crypto::generate_identity();
        let mut payload = payload_for(&paper);
        let t0: Timestamp = "2026-01-15T10:00:00Z".parse().unwrap();
        assert_eq!(rehearsal(&payload, 6, t0), Rehearsal::Never);
        assert_eq!(rehearsal(&payload, 0, t0), Rehearsal::Off);
        record_proof(&mut payload, t0);
        let may: Timestamp = "2026-07-14T10:00:00Z".parse().unwrap();
        let july: Timestamp = "2026-07-15T10:00:00Z".parse().unwrap();
        assert!(
            matches!(rehearsal(&payload, 6, may), Rehearsal::Fine { next, .. } if next == july)
        );
        assert_eq!(rehearsal(&payload, 6, july), Rehearsal::Due { last: t0 });
        // A rotation changes the paper recipient: the old proof no longer counts.
        payload.recipients.paper = crypto::recipient_of(&crypto::generate_identity());
        assert_eq!(last_proven(&payload), None);
        assert_eq!(rehearsal(&payload, 6, may), Rehearsal::Never);
    }
}
