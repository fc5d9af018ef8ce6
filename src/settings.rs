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
        }
    }
}

impl Settings {
    /// Loads settings; any problem yields defaults for the affected values and a warning.
    pub fn load(path: &Path) -> (Self, Vec<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text),
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
                "clipboard_clear_seconds" => {
                    set_range(&mut settings.clipboard_clear_seconds, &value, 5..=600)
                }
                "reveal_seconds" => set_range(&mut settings.reveal_seconds, &value, 3..=600),
                "idle_lock_minutes" => set_range(&mut settings.idle_lock_minutes, &value, 0..=1440),
                "theme" => set(&mut settings.theme, value),
                "copy_reminder" => set(&mut settings.copy_reminder, value),
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
