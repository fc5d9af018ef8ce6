//! User settings in `settings.toml` in the config directory. Loading never fails:
//! unknown or bad values fall back to defaults and are reported as warnings.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Paper size for printed sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

/// Colour scheme of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Seconds before a copied code is cleared: the one range the file and the window use.
pub const CLIPBOARD_CLEAR_SECONDS: std::ops::RangeInclusive<u32> = 5..=600;
/// Seconds before revealed codes are hidden again.
pub const REVEAL_SECONDS: std::ops::RangeInclusive<u32> = 3..=600;
/// Minutes of inactivity before the vault locks (0 = never).
pub const IDLE_LOCK_MINUTES: std::ops::RangeInclusive<u32> = 0..=1440;
/// Months between paper key rehearsals (0 = never ask).
pub const REHEARSE_MONTHS: std::ops::RangeInclusive<u32> = 0..=60;
/// Largest settings file read; the real one is a few hundred bytes.
pub const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Paper size for sheets.
    pub paper: PaperSize,
    /// Seconds before a copied code is cleared from the clipboard.
    pub clipboard_clear_seconds: u32,
    /// Seconds before revealed codes are hidden again.
    pub reveal_seconds: u32,
    /// Minutes of inactivity before the vault locks (0 = never).
    pub idle_lock_minutes: u32,
    /// Window theme.
    pub theme: Theme,
    /// Remind when the vault changed since its last copy was saved elsewhere.
    pub copy_reminder: bool,
    /// Months between paper key rehearsals (0 = never ask).
    pub rehearse_months: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            paper: PaperSize::A4,
            clipboard_clear_seconds: 30,
            reveal_seconds: 20,
            idle_lock_minutes: 5,
            theme: Theme::System,
            copy_reminder: true,
            rehearse_months: 6,
        }
    }
}

/// Reads at most [`MAX_SETTINGS_BYTES`] (a settings path pointed at `/dev/zero` or a
/// huge file must not fill memory); `None` when the file is larger.
fn read_capped(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SETTINGS_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SETTINGS_BYTES {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

impl Settings {
    /// Loads settings; any problem yields defaults for the affected values and a warning.
    pub fn load(path: &Path) -> (Self, Vec<String>) {
        match read_capped(path) {
            Ok(Some(text)) => Self::parse(&text),
            Ok(None) => (
                Self::default(),
                vec![format!(
                    "{} is larger than {} KiB, so it cannot be Codekeeper's settings; using default settings",
                    path.display(),
                    MAX_SETTINGS_BYTES / 1024
                )],
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Self::default(), Vec::new()),
            Err(e) => (
                Self::default(),
                vec![format!(
                    "could not read {}: {e}; using default settings",
                    path.display()
                )],
            ),
        }
    }

    /// Parses settings text leniently, field by field.
    pub fn parse(text: &str) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!(
                    "settings file is not valid TOML ({}); using default settings",
                    e.message()
                ));
                return (Self::default(), warnings);
            }
        };
        let mut settings = Self::default();
        for (key, value) in table {
            let ok = match key.as_str() {
                "paper" => set(&mut settings.paper, value),
                "clipboard_clear_seconds" => set_range(
                    &mut settings.clipboard_clear_seconds,
                    &value,
                    CLIPBOARD_CLEAR_SECONDS,
                ),
                "reveal_seconds" => set_range(&mut settings.reveal_seconds, &value, REVEAL_SECONDS),
                "idle_lock_minutes" => {
                    set_range(&mut settings.idle_lock_minutes, &value, IDLE_LOCK_MINUTES)
                }
                "theme" => set(&mut settings.theme, value),
                "copy_reminder" => set(&mut settings.copy_reminder, value),
                "rehearse_months" => {
                    set_range(&mut settings.rehearse_months, &value, REHEARSE_MONTHS)
                }
                _ => {
                    warnings.push(format!("unknown setting `{key}` ignored"));
                    true
                }
            };
            if !ok {
                warnings.push(format!(
                    "setting `{key}` has an invalid value; using the default"
                ));
            }
        }
        (settings, warnings)
    }

    /// Writes the settings durably.
    pub fn save(&self, path: &Path) -> Result<(), crate::vault::FileError> {
        let text = toml::to_string(self).unwrap_or_default();
        crate::vault::file::write_durably(path, text.as_bytes())
    }
}

fn set<T: serde::de::DeserializeOwned>(slot: &mut T, value: toml::Value) -> bool {
    value.try_into().map(|v| *slot = v).is_ok()
}

fn set_range(slot: &mut u32, value: &toml::Value, range: std::ops::RangeInclusive<u32>) -> bool {
    match value.as_integer().and_then(|i| u32::try_from(i).ok()) {
        Some(v) if range.contains(&v) => {
            *slot = v;
            true
        }
        _ => false,
    }
}

/// Runs the settings loader on untrusted bytes and checks what it yields: values
/// within their ranges that save and load back unchanged and without warnings.
/// Panics on a violation; for fuzzing and corpus replay.
#[doc(hidden)]
pub fn fuzz_parse(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (settings, _) = Settings::parse(text);
    assert!(CLIPBOARD_CLEAR_SECONDS.contains(&settings.clipboard_clear_seconds));
    assert!(REVEAL_SECONDS.contains(&settings.reveal_seconds));
    assert!(IDLE_LOCK_MINUTES.contains(&settings.idle_lock_minutes));
    let saved = toml::to_string(&settings).unwrap_or_default();
    let (again, warnings) = Settings::parse(&saved);
    assert!(warnings.is_empty(), "saved settings load with warnings");
    assert_eq!(toml::to_string(&again).unwrap_or_default(), saved);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_load_keeps_good_values_and_warns_about_bad_ones() {
        let (s, w) = Settings::parse(
            "paper = \"letter\"\nreveal_seconds = -4\ntheme = \"purple\"\nfoo = 1\n",
        );
        assert_eq!(s.paper, PaperSize::Letter);
        assert_eq!(s.reveal_seconds, Settings::default().reveal_seconds);
        assert_eq!(s.theme, Theme::System);
        assert_eq!(w.len(), 3, "{w:?}");
        let (s, w) = Settings::parse("not toml [");
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn an_endless_or_huge_settings_file_is_refused_without_reading_it_all() {
        // /dev/zero never ends: reading stops at the cap.
        let (s, w) = Settings::load(Path::new("/dev/zero"));
        assert_eq!(s, Settings::default());
        assert!(w[0].contains("larger than 64 KiB"), "{w:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        let big = format!("paper = \"letter\"\n#{}\n", "x".repeat(70_000));
        std::fs::write(&path, big).unwrap();
        let (s, w) = Settings::load(&path);
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        let s = Settings {
            idle_lock_minutes: 0,
            theme: Theme::Dark,
            ..Settings::default()
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), (s, vec![]));
    }
}
