//! Where Codekeeper keeps its files: the data directory (vault, backups, lock)
//! and the config directory (settings). Both can be overridden from the command
//! line or the environment so tests and portable setups never touch the
//! user's real files.

use std::path::PathBuf;

use crate::APP_ID;

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "CODEKEEPER_DATA_DIR";
/// Environment variable that overrides the config directory.
pub const CONFIG_DIR_ENV: &str = "CODEKEEPER_CONFIG_DIR";

/// Errors while working out where files live.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    /// The platform reported no home directory, so no default location exists.
    #[error(
        "could not find a home directory for Codekeeper's files; pass --data-dir and --config-dir (or set {DATA_DIR_ENV} and {CONFIG_DIR_ENV})"
    )]
    NoHome,
}

/// The directories Codekeeper uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    /// Vault, backups and lock file.
    pub data_dir: PathBuf,
    /// `settings.toml`.
    pub config_dir: PathBuf,
}

impl AppDirs {
    /// Resolves directories: explicit arguments win, then environment variables,
    /// then the platform default for the app id.
    pub fn resolve(
        data_dir: Option<PathBuf>,
        config_dir: Option<PathBuf>,
    ) -> Result<Self, PathsError> {
        let env_path = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let data_dir = data_dir.or_else(|| env_path(DATA_DIR_ENV));
        let config_dir = config_dir.or_else(|| env_path(CONFIG_DIR_ENV));
        let (data_dir, config_dir) = match (data_dir, config_dir) {
            (Some(d), Some(c)) => (d, c),
            (d, c) => {
                let project = project_dirs().ok_or(PathsError::NoHome)?;
                (
                    d.unwrap_or_else(|| project.data_dir().to_path_buf()),
                    c.unwrap_or_else(|| project.config_dir().to_path_buf()),
                )
            }
        };
        Ok(Self {
            data_dir,
            config_dir,
        })
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.toml")
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    // APP_ID is reverse-DNS: qualifier "io", organisation "github.codekeeper", app "Codekeeper".
    let mut parts = APP_ID.splitn(2, '.');
    let qualifier = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default();
    let (org, app) = rest.rsplit_once('.').unwrap_or(("", rest));
    directories::ProjectDirs::from(qualifier, org, app)
}
