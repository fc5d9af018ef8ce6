//! How the command line speaks: exit codes, errors with their hints worded for a
//! terminal, and writing to stdout (checked and flushed, so a full disk or a closed
//! pipe is an error, never a silent loss).

use std::io::Write;

use serde::Serialize;

use crate::keeper::{Hint, KeeperError};
use crate::vault::{FileError, KeyStoreError, VaultError};

/// The exit codes, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Any error; the message says what to do.
    Error = 1,
    /// The command line was not understood.
    Usage = 2,
    /// `use` printed a code but could not record it as used.
    NotRecorded = 3,
    /// This computer's key is unavailable (keyring locked or missing, wrong passphrase).
    KeyUnavailable = 4,
    /// Recovery needed: open with the paper key.
    RecoveryNeeded = 5,
    /// The vault is open in another Codekeeper.
    Busy = 6,
}

impl Exit {
    /// Every exit code, in order.
    pub const ALL: [Self; 7] = [
        Self::Ok,
        Self::Error,
        Self::Usage,
        Self::NotRecorded,
        Self::KeyUnavailable,
        Self::RecoveryNeeded,
        Self::Busy,
    ];

    fn meaning(self) -> &'static str {
        match self {
            Self::Ok => "success",
            Self::Error => "error (the message says what to do)",
            Self::Usage => "invalid command line",
            Self::NotRecorded => {
                "`use` printed a code but could not record it as used — mark it with `codekeeper mark`"
            }
            Self::KeyUnavailable => {
                "this computer's key is unavailable (keyring locked or missing, wrong passphrase)"
            }
            Self::RecoveryNeeded => {
                "recovery needed: run `codekeeper restore` with your paper recovery key"
            }
            Self::Busy => "the vault is open in another Codekeeper",
        }
    }
}

/// The exit-code table shown by `--help`.
pub fn exit_code_table() -> String {
    let mut s = String::from("Exit codes:");
    for exit in Exit::ALL {
        s.push_str(&format!("\n  {}  {}", exit as u8, exit.meaning()));
    }
    s
}

/// A failure ready to show: the message (with its hint) and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// What happened and what to do.
    pub message: String,
    /// The exit code.
    pub exit: Exit,
}

impl Failure {
    /// A failure with a message.
    pub fn new(message: impl Into<String>, exit: Exit) -> Self {
        Self {
            message: message.into(),
            exit,
        }
    }
}

/// A hint in a terminal's words; `None` when the message says it all.
fn hint_text(hint: Hint) -> Option<&'static str> {
    Some(match hint {
        Hint::None
        | Hint::UsePaperKey
        | Hint::UnlockKeyring
        | Hint::CloseOtherInstance
        | Hint::CreateVault
        | Hint::Reopen
        | Hint::CheckDisk => return None,
        Hint::NameOneAccount => "name one as service:label",
        Hint::NameTheSite => "pass --service NAME",
        Hint::SeveralLists => {
            "leave out --service to store each under its own site, or import them one at a time"
        }
        Hint::ReplaceIfNew => {
            "if you generated new codes on the site, the old ones stopped working: import again with --replace to keep the old set as history and use the new one"
        }
        Hint::GenerateNewCodes => {
            "generate new codes on the site and store them with `codekeeper import --replace`"
        }
        Hint::ChooseAnotherPath => "choose another file or folder",
        Hint::Merge => "to combine the two accounts, use `codekeeper merge`",
        Hint::ArchiveFirst => "archive it first with `codekeeper archive`",
        Hint::MakeNewRecoveryKey => {
            "run `codekeeper rotate-recovery-key` to make and show a new one before using the vault"
        }
        Hint::CheckPaperKey => "check every character and try again",
        Hint::UnlockKeyringToCreate => {
            "unlock it (your desktop may ask for your login password) and run `codekeeper init` again"
        }
        Hint::LongerPassphrase => {
            "choose a longer one: four or more unrelated words, or a sentence only you would write"
        }
    })
}

impl From<KeeperError> for Failure {
    fn from(e: KeeperError) -> Self {
        let exit = match &e {
            KeeperError::Vault(v) => exit_of(v),
            KeeperError::InvalidPaperKey => Exit::RecoveryNeeded,
            KeeperError::KeyringLockedAtCreate => Exit::KeyUnavailable,
            _ => Exit::Error,
        };
        let message = match hint_text(e.hint()) {
            Some(hint) => format!("{e}; {hint}"),
            None => e.to_string(),
        };
        Self::new(message, exit)
    }
}

fn exit_of(e: &VaultError) -> Exit {
    match e {
        VaultError::KeyStore(_) | VaultError::KeyReadBack(_) => Exit::KeyUnavailable,
        VaultError::RecoveryNeeded(_) | VaultError::WrongKey(_) => Exit::RecoveryNeeded,
        VaultError::File(FileError::Busy(_)) => Exit::Busy,
        _ => Exit::Error,
    }
}

impl From<VaultError> for Failure {
    fn from(e: VaultError) -> Self {
        KeeperError::from(e).into()
    }
}

impl From<KeyStoreError> for Failure {
    fn from(e: KeyStoreError) -> Self {
        KeeperError::from(e).into()
    }
}

/// Writes `text` to stdout and flushes; any failure (a full disk, a closed pipe) is
/// an error, so a key or code is never taken as shown when it was not.
pub fn print_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::new(format!("could not write to stdout: {e}"), Exit::Error))
}

/// Writes `value` as pretty JSON to stdout (the text is wiped afterwards).
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = zeroize::Zeroizing::new(
        serde_json::to_string_pretty(value)
            .map_err(|e| Failure::new(format!("could not write JSON: {e}"), Exit::Error))?,
    );
    print_stdout(&format!("{}\n", text.as_str()))
}

/// User text made safe for one line of terminal output: control characters (tabs,
/// line breaks, escape sequences) become spaces and bidi overrides are dropped, so a
/// hostile name can neither break the columns nor drive the terminal.
/// Borrowed when nothing needs changing (the usual case: it runs for every line of
/// a list).
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    // ASCII (nearly every name and message) has no bidi controls: its bytes are
    // looked at alone.
    let plain = if s.is_ascii() {
        !s.bytes().any(|b| b.is_ascii_control())
    } else {
        !s.chars().any(|c| c.is_control() || bidi(c))
    };
    if plain {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .filter(|&c| !bidi(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .into()
}

/// Local date and time for messages.
pub fn local_time(ts: jiff::Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::one_line;

    /// What `one_line` must give: control characters as spaces, bidi controls gone.
    fn expected(s: &str) -> String {
        s.chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

    #[test]
    fn every_ascii_character_is_kept_or_made_a_space_as_any_other_text() {
        for b in 0u8..=0x7f {
            for s in [
                char::from(b).to_string(),
                format!("GitHub{}codes", char::from(b)),
                format!("Bücher{}codes", char::from(b)),
            ] {
                let line = one_line(&s);
                assert_eq!(line, expected(&s), "byte {b:#04x} in {s:?}");
                assert_eq!(
                    matches!(line, std::borrow::Cow::Borrowed(_)),
                    line == s,
                    "borrowed only when unchanged: {s:?}"
                );
            }
        }
    }

    #[test]
    fn controls_beyond_ascii_and_bidi_overrides_are_taken_out() {
        for s in [
            "evil\u{202E}txt.exe",
            "a\u{2066}b\u{2069}c",
            "next\u{85}line",
            "c1\u{9b}31m",
            "plain ünïcödé",
        ] {
            assert_eq!(one_line(s), expected(s), "{s:?}");
        }
        assert_eq!(one_line("evil\u{202E}txt"), "eviltxt");
        assert_eq!(one_line("a\tb\nc\u{1b}[31m"), "a b c [31m");
    }
}
