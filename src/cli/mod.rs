//! The command line: `clap` definitions here, one thin function per subcommand in
//! [`keys`], [`codes`], [`accounts`] and [`paper`], wording of results and errors in
//! [`output`]. Every operation itself is a call into [`crate::keeper`].
//! stdout carries data (codes, keys, JSON), stderr carries messages; every error
//! says what to do next, and the exit code says what kind of failure it was ([`Exit`]).

mod accounts;
mod codes;
mod heirs;
mod keys;
mod output;
mod paper;
mod sheets;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::paths::AppDirs;
use crate::vault::VaultPaths;

pub use output::{Exit, Failure};

/// Environment variable holding the key file passphrase, for scripts.
pub const PASSPHRASE_ENV: &str = "CODEKEEPER_PASSPHRASE";

/// Keeps two-factor backup / recovery codes in an encrypted vault.
#[derive(Debug, Parser)]
#[command(
    name = "codekeeper",
    version = concat!(env!("CARGO_PKG_VERSION"), " (vault format 2)"),
    about = "Keeps two-factor backup / recovery codes in an encrypted vault",
    long_about = "Keeps two-factor backup / recovery codes in an encrypted vault.\n\nThe vault opens with this computer's key (kept in the system keyring) or with your paper recovery key. Codes are printed on stdout, messages on stderr.",
    after_help = output::exit_code_table()
)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Args)]
struct GlobalArgs {
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "Directory holding the vault and its backups [env: CODEKEEPER_DATA_DIR]"
    )]
    data_dir: Option<PathBuf>,
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "Directory holding settings.toml [env: CODEKEEPER_CONFIG_DIR]"
    )]
    config_dir: Option<PathBuf>,
    /// Print diagnostic messages on stderr (never codes or keys)
    #[arg(short, long, global = true)]
    verbose: bool,
}

/// How `list` orders accounts.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ListSort {
    /// By site, then account (case-insensitive).
    Name,
    /// Fewest unused codes first.
    Left,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the vault and print the paper recovery key (shown only this once)
    Init {
        /// Keep this computer's key in a passphrase-protected file instead of the system keyring
        /// (for machines without a keyring service)
        #[arg(long)]
        passphrase_key_file: bool,
        /// Also write the recovery kit (paper key, QR code, restore steps) as a PDF
        #[arg(long, value_name = "FILE.pdf")]
        recovery_kit: Option<PathBuf>,
    },
    /// Find the recovery codes in a file or pasted text and store them
    ///
    /// Reads the file a site downloaded (github-recovery-codes.txt, Backup-codes-….txt, …)
    /// or any text holding codes: prose, numbering, HTML and JSON are skipped.
    Import {
        /// File with the codes, or `-` for stdin
        #[arg(value_name = "FILE|-", default_value = "-")]
        file: PathBuf,
        /// The site or service, for example GitHub (default: guessed from the file)
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        /// Your user name or e-mail at that site (default: guessed from the file)
        #[arg(long, value_name = "LABEL")]
        account: Option<String>,
        /// Replace the account's current codes (after generating new ones on the site);
        /// the old set is kept as history
        #[arg(long)]
        replace: bool,
        /// Only show what was found: codes on stdout, one per line; guesses and warnings
        /// on stderr. Needs no vault.
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: print the whole preview as JSON
        #[arg(long, requires = "dry_run")]
        json: bool,
        /// Delete FILE (a plaintext copy of every code) once the codes are safely stored
        #[arg(long, conflicts_with = "dry_run")]
        remove_source: bool,
    },
    /// List accounts with how many codes are left
    List {
        /// Print JSON instead of tab-separated lines
        #[arg(long)]
        json: bool,
        /// List archived accounts instead
        #[arg(long)]
        archived: bool,
        /// Only accounts with few codes left
        #[arg(long)]
        low: bool,
        /// Only accounts whose codes are on no printed sheet
        #[arg(long)]
        unprinted: bool,
        /// Only accounts whose sheet misses codes used since it was printed
        #[arg(long)]
        stale: bool,
        /// Order: by name, or fewest codes left first
        #[arg(long, value_enum, default_value = "name")]
        sort: ListSort,
    },
    /// Show an account's codes (masked unless --reveal)
    Show {
        /// Service name, or service:label
        account: String,
        /// Show the codes themselves
        #[arg(long)]
        reveal: bool,
        /// Print JSON (codes masked unless --reveal)
        #[arg(long)]
        json: bool,
    },
    /// Print the next unused code and mark it used
    Use {
        /// Service name, or service:label
        account: String,
    },
    /// Mark one code used or unused (to undo), optionally with a note
    Mark {
        /// Service name, or service:label
        account: String,
        /// Code number as shown by `show` (1 = first)
        number: usize,
        /// Mark it used
        #[arg(long, conflicts_with = "unused", required_unless_present = "unused")]
        used: bool,
        /// Mark it unused
        #[arg(long)]
        unused: bool,
        /// Note to keep with the code (an empty note removes it)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Open the vault with the paper recovery key and re-enrol this computer
    Restore {
        /// On a new computer: take this copy of the vault (the folder `backup` wrote, or
        /// its vault.age) as this computer's vault first
        #[arg(long, value_name = "FOLDER|FILE")]
        from: Option<PathBuf>,
        /// File holding the paper key, or `-` for stdin (default: ask)
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
        /// Use heir shares instead of the paper key: a file with one share per line, `-`
        /// for stdin, or nothing to be asked for each share
        #[arg(long, value_name = "FILE|-", num_args = 0..=1, conflicts_with = "recovery_key")]
        shares: Option<Option<PathBuf>>,
        /// Keep this computer's new key in a passphrase-protected file instead of the keyring
        #[arg(long)]
        passphrase_key_file: bool,
        /// Add this computer beside the ones that open the vault now, instead of replacing
        /// them: for a second computer sharing the vault through a synced folder
        /// (Syncthing, Nextcloud, Dropbox). Leave it out when a computer was lost.
        #[arg(long)]
        keep_other_computers: bool,
    },
    /// Type the paper recovery key back to prove it opens the vault
    ///
    /// Codekeeper compares the key's public part with the vault's and records the date;
    /// nothing secret is kept. `list` says when the key was last proven.
    Rehearse {
        /// File holding the paper key, or `-` for stdin (default: ask)
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
    },
    /// Split the paper key into heir shares (SLIP-0039), one printed page per share
    ///
    /// Any THRESHOLD of the shares open the vault (with a copy of it); fewer reveal
    /// nothing. The shares also recombine with the SLIP-0039 reference tool
    /// (`shamir recover`), as each page explains. Asks for the paper key to split.
    HeirKit {
        /// How many shares (pages) to make
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(2..=16))]
        shares: u8,
        /// How many shares open the vault
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=16))]
        threshold: u8,
        /// The PDF to write
        #[arg(
            short,
            long,
            value_name = "FILE.pdf",
            required_unless_present = "dismiss_old"
        )]
        output: Option<PathBuf>,
        /// File holding the paper key, or `-` for stdin (default: ask)
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
        /// Only stop the warnings about heir kits of an earlier paper key (their shares
        /// were destroyed, or no kit is wanted now)
        #[arg(long, conflicts_with_all = ["output", "recovery_key"])]
        dismiss_old: bool,
    },
    /// Make a new paper recovery key and re-encrypt the vault and its backups to it
    RotateRecoveryKey {
        /// Also write the new recovery kit (paper key, QR code, restore steps) as a PDF
        #[arg(long, value_name = "FILE.pdf")]
        recovery_kit: Option<PathBuf>,
    },
    /// Check printed sheets from photos or scans (PNG, JPEG) against the vault
    ///
    /// Reads each sheet's encrypted QR code and says whether the sheet holds the active
    /// codes, which codes to tick because they were used since it was printed, or that
    /// it holds replaced codes and can be shredded. A picture may hold several sheets.
    CheckSheet {
        /// Photos or scans of printed sheets
        #[arg(required = true, value_name = "IMAGE")]
        images: Vec<PathBuf>,
        /// Also try the paper key (file or `-`) on sheets this computer's key does not open
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
    },
    /// Print the codes held in printed sheets' QR codes (photos or scans)
    ///
    /// With --recovery-key no vault is needed: the paper key alone reads every sheet.
    ReadSheet {
        /// Photos or scans of printed sheets
        #[arg(required = true, value_name = "IMAGE")]
        images: Vec<PathBuf>,
        /// File holding the paper key, or `-` for stdin (default: this computer's vault)
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout
    #[command(hide = true)]
    Manpage,
    /// Save an encrypted copy of the vault in a folder (a USB stick, another disk)
    ///
    /// Writes FOLDER/vault.age (opens with the paper key, or the stock age CLI) and a
    /// README.txt on how to restore. `list` reminds you when the vault changed since.
    Backup {
        /// The folder to write the copy into (created if missing)
        #[arg(value_name = "FOLDER")]
        folder: PathBuf,
    },
    /// Rename an account (site and label)
    Rename {
        /// The account: service or service:label
        account: String,
        /// The new name: service or service:label
        #[arg(value_name = "NEW-NAME")]
        new_name: String,
    },
    /// Merge one account into another (a duplicate), or another copy of the vault
    ///
    /// `merge FROM INTO`: every code set of account FROM and its history move to INTO;
    /// where both hold the same codes, a code used in either stays used.
    ///
    /// `merge FILE`: merge another copy of this vault (another computer's vault.age, a
    /// sync tool's conflict copy, a backup) into it: a code used in either copy stays
    /// used, accounts and codes added on either side are kept, and renames follow the
    /// newer change. The file is left as it is. Conflict copies that Syncthing,
    /// Dropbox or Nextcloud leave beside the vault are merged by themselves whenever the
    /// vault is opened.
    Merge {
        /// The account to merge (it disappears), or a copy of the vault to merge
        #[arg(value_name = "FROM|FILE")]
        from: String,
        /// The account that receives everything (leave out to merge a file)
        into: Option<String>,
    },
    /// Archive an account: hidden from lists and printing, kept encrypted, restorable
    Archive {
        /// The account: service or service:label
        account: String,
    },
    /// Put an archived account back in the list
    Unarchive {
        /// The archived account: service or service:label
        account: String,
    },
    /// Delete an archived account and its codes for good
    Purge {
        /// The archived account: service or service:label
        account: String,
        /// Confirm that the codes are to be deleted (they cannot be recovered)
        #[arg(long)]
        yes: bool,
    },
    /// Print recovery sheets (one per account) to a PDF
    Print {
        /// Accounts to print (service or service:label); default: all
        accounts: Vec<String>,
        /// Print every account with active codes
        #[arg(long, conflicts_with = "accounts")]
        all: bool,
        /// Paper size (default: from settings, else A4)
        #[arg(long, value_enum)]
        paper: Option<PaperArg>,
        /// Leave account labels off the sheets
        #[arg(long)]
        anonymous: bool,
        /// Printer-blind sheets: code numbers and tick boxes only; the codes are only in
        /// the encrypted QR code (read with `read-sheet`, or zbarimg + age)
        #[arg(long)]
        blind: bool,
        /// The PDF to write
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

/// Paper sizes on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    /// ISO A4
    A4,
    /// US Letter
    Letter,
}

impl From<PaperArg> for crate::settings::PaperSize {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => Self::A4,
            PaperArg::Letter => Self::Letter,
        }
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::Usage as u8
            } else {
                Exit::Ok as u8
            });
        }
    };
    init_logging(cli.global.verbose);
    // Debug builds keep dumps so developers can debug crashes; users run release builds.
    if !cfg!(debug_assertions) {
        crate::hardening::disable_core_dumps();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.exit as u8)
        }
    }
}

/// Diagnostics go to stderr: warnings by default, debug with `-v`, or the level
/// named by `RUST_LOG` (`error`, `warn`, `info`, `debug`, `trace`). No log line
/// carries a code or a key at any level (`tests/secrets.rs` checks at `trace`).
fn init_logging(verbose: bool) {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.trim().parse::<tracing::Level>().ok());
    let level = match (from_env, verbose) {
        (Some(level), _) => level,
        (None, true) => tracing::Level::DEBUG,
        (None, false) => tracing::Level::WARN,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

/// What every command gets: where the vault lives and the directories.
struct Ctx {
    paths: VaultPaths,
    dirs: AppDirs,
}

impl Ctx {
    fn settings(&self) -> crate::settings::Settings {
        let (settings, warnings) = crate::settings::Settings::load(&self.dirs.settings_file());
        for w in warnings {
            eprintln!("warning: {w}");
        }
        settings
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let dirs = AppDirs::resolve(cli.global.data_dir, cli.global.config_dir)
        .map_err(|e| Failure::new(e.to_string(), Exit::Error))?;
    tracing::debug!(data_dir = %dirs.data_dir.display(), "using data directory");
    let Some(command) = cli.command else {
        return crate::desktop::run_window(dirs).map_err(|e| Failure::new(e, Exit::Error));
    };
    let ctx = Ctx {
        paths: VaultPaths::new(&dirs.data_dir),
        dirs,
    };
    match command {
        Command::Init {
            passphrase_key_file,
            recovery_kit,
        } => keys::init(&ctx, passphrase_key_file, recovery_kit.as_deref()),
        Command::Restore {
            from,
            recovery_key,
            shares,
            passphrase_key_file,
            keep_other_computers,
        } => {
            let key = match shares {
                Some(source) => keys::KeySource::Shares(source),
                None => keys::KeySource::PaperKey(recovery_key),
            };
            keys::restore(
                &ctx,
                from.as_deref(),
                &key,
                passphrase_key_file,
                keep_other_computers,
            )
        }
        Command::Rehearse { recovery_key } => heirs::rehearse(&ctx, recovery_key.as_deref()),
        Command::HeirKit {
            shares,
            threshold,
            output,
            recovery_key,
            dismiss_old,
        } => match output {
            Some(output) if !dismiss_old => {
                heirs::heir_kit(&ctx, shares, threshold, &output, recovery_key.as_deref())
            }
            _ => heirs::dismiss_old(&ctx),
        },
        Command::RotateRecoveryKey { recovery_kit } => keys::rotate(&ctx, recovery_kit.as_deref()),
        Command::Import {
            file,
            service,
            account,
            replace,
            dry_run,
            json,
            remove_source,
        } => codes::import(
            &ctx,
            &file,
            &codes::ImportFlags {
                service,
                account,
                replace,
                dry_run,
                json,
                remove_source,
            },
        ),
        Command::List {
            json,
            archived,
            low,
            unprinted,
            stale,
            sort,
        } => {
            let query = crate::keeper::accounts::ListQuery {
                text: String::new(),
                archived,
                low,
                unprinted,
                stale,
                sort: match sort {
                    ListSort::Name => crate::keeper::accounts::Sort::Name,
                    ListSort::Left => crate::keeper::accounts::Sort::CodesLeft,
                },
            };
            codes::list(&ctx, json, &query)
        }
        Command::Show {
            account,
            reveal,
            json,
        } => codes::show(&ctx, &account, reveal, json),
        Command::Use { account } => codes::use_code(&ctx, &account),
        Command::Mark {
            account,
            number,
            used,
            unused: _,
            note,
        } => codes::mark(&ctx, &account, number, used, note.as_deref()),
        Command::Rename { account, new_name } => accounts::rename(&ctx, &account, &new_name),
        Command::Merge {
            from,
            into: Some(into),
        } => accounts::merge(&ctx, &from, &into),
        Command::Merge { from, into: None } => accounts::merge_copy(&ctx, Path::new(&from)),
        Command::Archive { account } => accounts::archive(&ctx, &account),
        Command::Unarchive { account } => accounts::unarchive(&ctx, &account),
        Command::Purge { account, yes } => accounts::purge(&ctx, &account, yes),
        Command::Print {
            accounts,
            all: _,
            paper,
            anonymous,
            blind,
            output,
        } => paper::print(
            &ctx,
            &accounts,
            paper.map(Into::into),
            paper::Style { anonymous, blind },
            &output,
        ),
        Command::CheckSheet {
            images,
            recovery_key,
        } => sheets::check_sheet(&ctx, &images, recovery_key.as_deref()),
        Command::ReadSheet {
            images,
            recovery_key,
        } => sheets::read_sheet(&ctx, &images, recovery_key.as_deref()),
        Command::Backup { folder } => paper::backup(&ctx, &folder),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "codekeeper", &mut std::io::stdout());
            Ok(())
        }
        Command::Manpage => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out).map_err(|e| {
                Failure::new(format!("could not write the man page: {e}"), Exit::Error)
            })?;
            output::print_stdout(&String::from_utf8_lossy(&out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_names_the_vault_format() {
        let cmd = <Cli as clap::CommandFactory>::command();
        let version = cmd.get_version().unwrap_or_default();
        assert!(
            version.ends_with(&format!(
                "(vault format {})",
                crate::vault::model::FORMAT_VERSION
            )),
            "{version}"
        );
        cmd.debug_assert();
    }

    #[test]
    fn help_lists_every_exit_code() {
        let table = output::exit_code_table();
        for exit in Exit::ALL {
            assert!(table.contains(&format!("  {}  ", exit as u8)), "{table}");
        }
    }
}
