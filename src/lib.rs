//! Codekeeper keeps two-factor backup / recovery codes in an encrypted vault.
//!
//! The vault is a single [age](https://age-encryption.org) file encrypted to two
//! X25519 recipients: a key held in the operating system's keyring and a paper
//! recovery key that only the user keeps. Either opens the vault on its own.
//!
//! Core modules ([`vault`], [`import`], [`pdf`], [`photo`], [`paths`], [`settings`], [`slip39`]) and the engine
//! ([`keeper`], which owns every user operation) never depend on
//! the GUI; the command line ([`cli`]) is a thin layer over them.

#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod cli;
pub mod desktop;
pub mod hardening;
pub mod import;
pub mod keeper;
pub(crate) mod parallel;
pub mod paths;
pub mod pdf;
pub mod photo;
pub mod settings;
pub mod slip39;
pub mod ui;
pub mod vault;

/// The application id: keyring service name, window app id and packaging file names.
pub const APP_ID: &str = "io.github.codekeeper.Codekeeper";

/// The product name as users see it.
pub const APP_NAME: &str = "Codekeeper";

/// The crate version, as built.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
