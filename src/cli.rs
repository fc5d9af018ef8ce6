//! The command line: `clap` definitions and one thin function per subcommand.
//! stdout carries data, stderr carries messages; every error says what to do next.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use age::secrecy::SecretString;
use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;
use serde::Serialize;

use crate::import;
use crate::paths::AppDirs;
use crate::pdf;
use crate::vault::keystore::{OsKeyring, PassphraseKeyFile};
use crate::vault::model::{CodeState, ImportRefusal, PrintState};
use crate::vault::{
    Account, Code, FileError, KeyStore, KeyStoreError, Vault, VaultError, VaultPaths,
};

/// Environment variable holding the key file passphrase, for scripts.
pub const PASSPHRASE_ENV: &str = "CODEKEEPER_PASSPHRASE";

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the message says what to do)
  2  invalid command line
  3  `use` printed a code but could not record it as used — mark it with `codekeeper mark`
  4  this computer's key is unavailable (keyring locked or missing, wrong passphrase)
  5  recovery needed: run `codekeeper restore` with your paper recovery key
  6  the vault is open in another Codekeeper";

/// Keeps two-factor backup / recovery codes in an encrypted vault.
#[derive(Debug, Parser)]
#[command(
    name = "codekeeper",
    version = concat!(env!("CARGO_PKG_VERSION"), " (vault format 1)"),
    about = "Keeps two-factor backup / recovery codes in an encrypted vault",
    long_about = "Keeps two-factor backup / recovery codes in an encrypted vault.\n\nThe vault opens with this computer's key (kept in the system keyring) or with your paper recovery key. Codes are printed on stdout, messages on stderr.",
    after_help = EXIT_CODES
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
        /// File holding the paper key, or `-` for stdin (default: ask)
        #[arg(long, value_name = "FILE|-")]
        recovery_key: Option<PathBuf>,
        /// Keep this computer's new key in a passphrase-protected file instead of the keyring
        #[arg(long)]
        passphrase_key_file: bool,
    },
    /// Make a new paper recovery key and re-encrypt the vault and its backups to it
    RotateRecoveryKey {
        /// Also write the new recovery kit (paper key, QR code, restore steps) as a PDF
        #[arg(long, value_name = "FILE.pdf")]
        recovery_kit: Option<PathBuf>,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to stdout
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout
    #[command(hide = true)]
    Manpage,
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

/// A failure ready to show: the message (already with its hint) and the exit code.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(message: impl Into<String>, code: u8) -> Self {
        Self {
            message: message.into(),
            code,
        }
    }
}

impl From<VaultError> for Failure {
    fn from(e: VaultError) -> Self {
        let code = match &e {
            VaultError::KeyStore(_) | VaultError::KeyReadBack(_) => 4,
            VaultError::RecoveryNeeded(_) | VaultError::WrongKey(_) => 5,
            VaultError::File(FileError::Busy(_)) => 6,
            _ => 1,
        };
        Self::new(e.to_string(), code)
    }
}

impl From<KeyStoreError> for Failure {
    fn from(e: KeyStoreError) -> Self {
        VaultError::from(e).into()
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
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
            ExitCode::from(f.code)
        }
    }
}

fn init_logging(verbose: bool) {
    let level = if verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::WARN
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

fn run(cli: Cli) -> Result<(), Failure> {
    let dirs = AppDirs::resolve(cli.global.data_dir, cli.global.config_dir)
        .map_err(|e| Failure::new(e.to_string(), 1))?;
    let paths = VaultPaths::new(&dirs.data_dir);
    tracing::debug!(data_dir = %dirs.data_dir.display(), "using data directory");
    let Some(command) = cli.command else {
        return crate::desktop::run_window(dirs).map_err(|e| Failure::new(e, 1));
    };
    match command {
        Command::Init {
            passphrase_key_file,
            recovery_kit,
        } => init(&paths, passphrase_key_file, recovery_kit.as_deref(), &dirs),
        Command::Print {
            accounts,
            all: _,
            paper,
            anonymous,
            output,
        } => print_sheets(&paths, &dirs, &accounts, paper, anonymous, &output),
        Command::Import {
            file,
            service,
            account,
            replace,
            dry_run,
            json,
            remove_source,
        } => {
            let (bytes, source) = read_input(&file)?;
            let file_name = (source != PASTED).then_some(source.as_str());
            let preview =
                import::preview(&bytes, file_name).map_err(|e| Failure::new(e.to_string(), 1))?;
            if dry_run {
                return import_dry_run(&preview, json);
            }
            let target = ImportTarget {
                service: service.as_deref(),
                account: account.as_deref(),
                replace,
            };
            import_store(&paths, &preview, &source, &target)?;
            if remove_source && file_name.is_some() {
                std::fs::remove_file(&file).map_err(|e| {
                    Failure::new(format!("the codes are stored, but {} could not be deleted ({e}); delete it yourself", file.display()), 1)
                })?;
                eprintln!(
                    "Deleted {}: the codes are safe in the vault now.",
                    file.display()
                );
            }
            Ok(())
        }
        Command::List { json } => list(&paths, json),
        Command::Show {
            account,
            reveal,
            json,
        } => show(&paths, &account, reveal, json),
        Command::Use { account } => use_code(&paths, &account),
        Command::Mark {
            account,
            number,
            used,
            unused: _,
            note,
        } => mark(&paths, &account, number, used, note),
        Command::Restore {
            recovery_key,
            passphrase_key_file,
        } => restore(&paths, recovery_key, passphrase_key_file),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "codekeeper", &mut std::io::stdout());
            Ok(())
        }
        Command::Manpage => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Failure::new(format!("could not write the man page: {e}"), 1))?;
            std::io::Write::write_all(&mut std::io::stdout(), &out)
                .map_err(|e| Failure::new(format!("could not write to stdout: {e}"), 1))
        }
        Command::RotateRecoveryKey { recovery_kit } => {
            rotate(&paths, recovery_kit.as_deref(), &dirs)
        }
    }
}

// ---- key stores ---------------------------------------------------------------

fn existing_store(paths: &VaultPaths) -> Result<Box<dyn KeyStore>, Failure> {
    if PassphraseKeyFile::exists(paths) {
        let passphrase = ask_passphrase("Passphrase for this computer's vault key: ", false)?;
        Ok(Box::new(PassphraseKeyFile::new(paths, passphrase)))
    } else {
        Ok(Box::new(OsKeyring::new()))
    }
}

fn new_store(paths: &VaultPaths, passphrase_key_file: bool) -> Result<Box<dyn KeyStore>, Failure> {
    if passphrase_key_file {
        let passphrase = ask_passphrase("New passphrase for this computer's vault key: ", true)?;
        Ok(Box::new(PassphraseKeyFile::new(paths, passphrase)))
    } else {
        Ok(Box::new(OsKeyring::new()))
    }
}

fn ask_passphrase(prompt: &str, confirm: bool) -> Result<SecretString, Failure> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return check_passphrase(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(KeyStoreError::PassphraseNeeded.into());
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| Failure::new(format!("could not read the passphrase: {e}"), 1))
    };
    let first = zeroize::Zeroizing::new(read(prompt)?);
    if confirm {
        let second = zeroize::Zeroizing::new(read("Type it again: ")?);
        if *first != *second {
            return Err(Failure::new(
                "the two passphrases differ; nothing was changed. Try again",
                1,
            ));
        }
    }
    check_passphrase(first.to_string())
}

fn check_passphrase(p: String) -> Result<SecretString, Failure> {
    if p.chars().count() < 8 {
        return Err(Failure::new(
            "the passphrase is shorter than 8 characters; choose a longer one",
            1,
        ));
    }
    Ok(SecretString::from(p))
}

fn open(paths: &VaultPaths) -> Result<Vault, Failure> {
    let store = existing_store(paths)?;
    let vault = Vault::open(paths, store.as_ref())?;
    if let Some(r) = vault.restored_from_backup() {
        let moved = r
            .damaged_moved_to
            .as_ref()
            .map(|p| format!("; the damaged file was kept as {}", p.display()))
            .unwrap_or_default();
        eprintln!(
            "warning: the vault file could not be used ({}). Restored the newest backup that opens (generation {}){moved}. Changes made after that backup are missing.",
            r.reason, r.generation
        );
    }
    Ok(vault)
}

// ---- commands -----------------------------------------------------------------

fn init(
    paths: &VaultPaths,
    passphrase_key_file: bool,
    kit: Option<&std::path::Path>,
    dirs: &AppDirs,
) -> Result<(), Failure> {
    let store = new_store(paths, passphrase_key_file)?;
    let (vault, paper) = Vault::create(paths, store.as_ref())?;
    eprintln!("Created a new vault in {}.", paths.dir.display());
    eprintln!("This computer's key is kept in {}.", store.name());
    eprintln!();
    eprintln!(
        "Your paper recovery key is printed below. Write it down or print it now and keep it"
    );
    eprintln!("somewhere safe: it opens every code in the vault, even without this computer.");
    eprintln!("It is shown only now; Codekeeper does not store it.");
    eprintln!();
    print_stdout(&format!("{}\n", paper.expose()))?;
    kit.map_or(Ok(()), |path| {
        write_recovery_kit(&vault, paper.expose(), path, dirs)
    })
}

/// Where `import` stores codes: flags given by the user, or the importer's guesses.
struct ImportTarget<'a> {
    service: Option<&'a str>,
    account: Option<&'a str>,
    replace: bool,
}

const PASTED: &str = "pasted";

fn describe_group(g: &import::Group) -> String {
    let site = g.site.as_deref().unwrap_or("an unknown site");
    let account = g
        .account
        .as_deref()
        .map(|a| format!(", account {a}"))
        .unwrap_or_default();
    let used = g.codes.iter().filter(|c| c.used).count();
    let used = if used > 0 {
        format!(" ({used} marked as used)")
    } else {
        String::new()
    };
    format!("{} codes for {site}{account}{used}", g.codes.len())
}

fn report_preview(preview: &import::Preview, found: bool) {
    for g in preview.groups.iter().filter(|_| found) {
        eprintln!("Found {}.", describe_group(g));
    }
    for n in &preview.normalisations {
        eprintln!("note: {} {}", n.count, n.what);
    }
    for w in &preview.warnings {
        eprintln!("warning: {w}");
    }
}

fn import_dry_run(preview: &import::Preview, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(preview);
    }
    report_preview(preview, true);
    let mut out = zeroize::Zeroizing::new(String::new());
    for code in preview.codes() {
        out.push_str(&code.code);
        out.push('\n');
    }
    print_stdout(&out)
}

fn import_store(
    paths: &VaultPaths,
    preview: &import::Preview,
    source: &str,
    target: &ImportTarget<'_>,
) -> Result<(), Failure> {
    let several = preview.groups.len() > 1;
    if several && target.service.is_some() {
        let sites: Vec<String> = preview.groups.iter().map(describe_group).collect();
        return Err(Failure::new(
            format!(
                "this text holds several lists ({}); leave out --service to store each under its own site, or import them one at a time",
                sites.join("; ")
            ),
            1,
        ));
    }
    let mut plan = Vec::new();
    for g in &preview.groups {
        let Some(service) = target.service.or(g.site.as_deref()) else {
            return Err(Failure::new(
                format!(
                    "could not tell which site {} are for; pass --service NAME",
                    describe_group(g)
                ),
                1,
            ));
        };
        let account = target.account.or(g.account.as_deref()).unwrap_or("");
        let codes: Vec<Code> = g
            .codes
            .iter()
            .map(|c| Code::imported(&c.code, c.used))
            .collect();
        plan.push((service, account, codes));
    }
    report_preview(preview, false);
    let mut vault = open(paths)?;
    let before = vault.payload().clone();
    let now = Timestamp::now();
    let mut stored = Vec::new();
    for (service, account, codes) in plan {
        match vault
            .payload_mut()
            .import_set(service, account, source, codes, target.replace, now)
        {
            Ok(outcome) => stored.push(outcome),
            Err(e) => {
                *vault.payload_mut() = before;
                return Err(Failure::new(
                    match e {
                        ImportRefusal::Invalid(inner) => inner.to_string(),
                        other => other.to_string(),
                    },
                    1,
                ));
            }
        }
    }
    vault.save()?;
    for outcome in stored {
        let name = vault.payload().accounts[outcome.account].display_name();
        eprintln!("Stored {} codes for {name}.", outcome.count);
        if outcome.superseded {
            eprintln!(
                "The previous set is kept as history and marked superseded; its codes no longer work at the site."
            );
        }
    }
    Ok(())
}

fn read_input(file: &PathBuf) -> Result<(zeroize::Zeroizing<Vec<u8>>, String), Failure> {
    let limit = import::MAX_IMPORT_BYTES as u64;
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    if file.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::new(format!("could not read stdin: {e}"), 1))?;
        if bytes.len() as u64 > limit {
            return Err(Failure::new(
                import::DecodeError::TooLarge(bytes.len() as u64).to_string(),
                1,
            ));
        }
        return Ok((bytes, PASTED.to_owned()));
    }
    let open_err =
        |e: std::io::Error| Failure::new(format!("could not read {}: {e}", file.display()), 1);
    let f = std::fs::File::open(file).map_err(open_err)?;
    let size = f.metadata().map_err(open_err)?.len();
    if size > limit {
        return Err(Failure::new(
            import::DecodeError::TooLarge(size).to_string(),
            1,
        ));
    }
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(open_err)?;
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((bytes, source))
}

#[derive(Serialize)]
struct AccountSummary<'a> {
    service: &'a str,
    label: &'a str,
    unused: usize,
    total: usize,
    low: bool,
    printed: Option<PrintState>,
}

fn summary<'a>(payload: &crate::vault::Payload, a: &'a Account) -> AccountSummary<'a> {
    let (unused, total) = a
        .active_set()
        .map_or((0, 0), |s| (s.unused_count(), s.codes.len()));
    AccountSummary {
        service: &a.service,
        label: &a.label,
        unused,
        total,
        low: a.is_low(),
        printed: payload.print_state(a),
    }
}

fn list(paths: &VaultPaths, json: bool) -> Result<(), Failure> {
    let vault = open(paths)?;
    let accounts = &vault.payload().accounts;
    if json {
        let list: Vec<_> = accounts
            .iter()
            .map(|a| summary(vault.payload(), a))
            .collect();
        return print_json(&list);
    }
    if accounts.is_empty() {
        eprintln!("No accounts yet. Add codes with `codekeeper import FILE --service NAME`.");
    }
    let mut out = String::new();
    for a in accounts {
        let s = summary(vault.payload(), a);
        let low = if s.low { "\tlow" } else { "" };
        let printed = match s.printed {
            Some(PrintState::Unprinted) => "\tunprinted",
            Some(PrintState::Stale) => "\tstale",
            Some(PrintState::Current) | None => "",
        };
        out.push_str(&format!(
            "{}\t{}\t{}/{}{low}{printed}\n",
            one_line(s.service),
            one_line(s.label),
            s.unused,
            s.total
        ));
    }
    print_stdout(&out)
}

/// Keeps tabs and newlines in user text from breaking line-oriented output.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn find_account(vault: &Vault, query: &str) -> Result<usize, Failure> {
    let matches = vault.payload().find(query);
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => {
            let known: Vec<String> = vault
                .payload()
                .accounts
                .iter()
                .map(Account::display_name)
                .collect();
            let hint = if known.is_empty() {
                "the vault is empty".to_owned()
            } else {
                format!("accounts: {}", known.join(", "))
            };
            Err(Failure::new(
                format!(
                    "no account matches `{query}` ({hint}); use the service name or service:label"
                ),
                1,
            ))
        }
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|&i| vault.payload().accounts[i].display_name())
                .collect();
            Err(Failure::new(
                format!(
                    "`{query}` matches several accounts: {}; name one as service:label",
                    names.join(", ")
                ),
                1,
            ))
        }
    }
}

fn local_time(ts: Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

#[derive(Serialize)]
struct CodeView {
    number: usize,
    code: String,
    used: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    used_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize)]
struct SetView {
    status: crate::vault::SetStatus,
    imported_at: Timestamp,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_at: Option<Timestamp>,
    codes: Vec<CodeView>,
}

#[derive(Serialize)]
struct AccountView {
    service: String,
    label: String,
    notes: String,
    unused: usize,
    total: usize,
    low: bool,
    code_sets: Vec<SetView>,
}

fn code_views(codes: &[Code], reveal: bool) -> Vec<CodeView> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| CodeView {
            number: i + 1,
            code: if reveal {
                c.value.expose().to_owned()
            } else {
                c.value.masked()
            },
            used: c.is_used(),
            used_at: c.used_at,
            note: c.note.clone(),
        })
        .collect()
}

fn show(paths: &VaultPaths, query: &str, reveal: bool, json: bool) -> Result<(), Failure> {
    let vault = open(paths)?;
    let account = &vault.payload().accounts[find_account(&vault, query)?];
    if json {
        let s = summary(vault.payload(), account);
        let view = AccountView {
            service: account.service.clone(),
            label: account.label.clone(),
            notes: account.notes.clone(),
            unused: s.unused,
            total: s.total,
            low: s.low,
            code_sets: account
                .code_sets
                .iter()
                .map(|set| SetView {
                    status: set.status,
                    imported_at: set.imported_at,
                    source: set.source.clone(),
                    superseded_at: set.superseded_at,
                    codes: code_views(&set.codes, reveal),
                })
                .collect(),
        };
        return print_json(&view);
    }
    let Some(set) = account.active_set() else {
        eprintln!(
            "{} has no active codes. Import new ones with `codekeeper import`.",
            account.display_name()
        );
        return Ok(());
    };
    eprintln!(
        "{}: {} of {} codes unused (imported {} from {})",
        account.display_name(),
        set.unused_count(),
        set.codes.len(),
        local_time(set.imported_at),
        set.source
    );
    let history = account.code_sets.len() - 1;
    if history > 0 {
        eprintln!("{history} older superseded set(s) kept as history (see --json).");
    }
    let mut out = String::new();
    for view in code_views(&set.codes, reveal) {
        let mut line = format!(
            "{:>2}  {}  {}",
            view.number,
            view.code,
            if view.used { "used" } else { "unused" }
        );
        if let Some(at) = view.used_at {
            line.push_str(&format!(" {}", local_time(at)));
        }
        if let Some(note) = view.note {
            line.push_str(&format!("  ({})", one_line(&note)));
        }
        line.push('\n');
        out.push_str(&line);
    }
    print_stdout(&out)
}

fn use_code(paths: &VaultPaths, query: &str) -> Result<(), Failure> {
    let mut vault = open(paths)?;
    let index = find_account(&vault, query)?;
    let account = &mut vault.payload_mut().accounts[index];
    let name = account.display_name();
    let Some(set) = account.active_set_mut() else {
        return Err(Failure::new(
            format!("{name} has no active codes; import a new set with `codekeeper import`"),
            1,
        ));
    };
    let Some(n) = set.next_unused() else {
        return Err(Failure::new(
            format!(
                "every code of {name} is used; generate new codes on the site and store them with `codekeeper import --replace`"
            ),
            1,
        ));
    };
    let code = zeroize::Zeroizing::new(set.codes[n].value.expose().to_owned());
    set.codes[n].state = CodeState::Used;
    set.codes[n].used_at = Some(Timestamp::now());
    let left = set.unused_count();
    let saved = vault.save();
    print_stdout(&format!("{}\n", code.as_str()))?;
    match saved {
        Ok(()) => {
            eprintln!("Code {} of {name} is now marked used; {left} left.", n + 1);
            if left <= crate::vault::model::LOW_THRESHOLD {
                eprintln!(
                    "Only {left} left: generate new codes on the site soon and import them with --replace."
                );
            }
            Ok(())
        }
        Err(e) => Err(Failure::new(
            format!(
                "THE CODE ABOVE WAS NOT RECORDED AS USED: {e}\nIt is still valid at the site if you have not used it. After fixing the problem, run `codekeeper mark {query} {} --used`.",
                n + 1
            ),
            3,
        )),
    }
}

fn mark(
    paths: &VaultPaths,
    query: &str,
    number: usize,
    used: bool,
    note: Option<String>,
) -> Result<(), Failure> {
    let mut vault = open(paths)?;
    let index = find_account(&vault, query)?;
    let account = &mut vault.payload_mut().accounts[index];
    let name = account.display_name();
    let Some(set) = account.active_set_mut() else {
        return Err(Failure::new(format!("{name} has no active codes"), 1));
    };
    let total = set.codes.len();
    let Some(code) = number.checked_sub(1).and_then(|i| set.codes.get_mut(i)) else {
        return Err(Failure::new(
            format!("{name} has codes 1 to {total}; there is no code {number}"),
            1,
        ));
    };
    if used {
        if !code.is_used() {
            code.state = CodeState::Used;
            code.used_at = Some(Timestamp::now());
        }
    } else {
        code.state = CodeState::Unused;
        code.used_at = None;
    }
    if let Some(note) = note {
        let note = note.trim().to_owned();
        if note.chars().count() > crate::vault::model::MAX_NAME_CHARS {
            return Err(Failure::new(
                "the note is too long (limit 1000 characters)",
                1,
            ));
        }
        code.note = (!note.is_empty()).then_some(note);
    }
    vault.save()?;
    eprintln!(
        "Code {number} of {name} is now marked {}.",
        if used { "used" } else { "unused" }
    );
    Ok(())
}

fn read_paper_key(source: Option<PathBuf>) -> Result<SecretString, Failure> {
    let mut text = zeroize::Zeroizing::new(String::new());
    match source {
        Some(path) if path.as_os_str() != "-" => {
            let f = std::fs::File::open(&path)
                .map_err(|e| Failure::new(format!("could not read {}: {e}", path.display()), 1))?;
            f.take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(format!("could not read {}: {e}", path.display()), 1))?;
        }
        None if std::io::stdin().is_terminal() => {
            let typed = rpassword::prompt_password("Paper recovery key (AGE-SECRET-KEY-1…): ")
                .map_err(|e| Failure::new(format!("could not read the key: {e}"), 1))?;
            text.push_str(&typed);
        }
        _ => {
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(format!("could not read stdin: {e}"), 1))?;
        }
    }
    // age key files may carry `# created: …` comment lines.
    let key: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("");
    Ok(SecretString::from(key))
}

fn restore(
    paths: &VaultPaths,
    recovery_key: Option<PathBuf>,
    passphrase_key_file: bool,
) -> Result<(), Failure> {
    use age::secrecy::ExposeSecret;
    let paper = read_paper_key(recovery_key)?;
    let mut vault = Vault::open_with_paper_key(paths, paper.expose_secret()).map_err(|e| match e {
        VaultError::Crypto(_) => Failure::new(
            "that is not a valid paper recovery key (it starts with AGE-SECRET-KEY-1 and has a checksum); check every character and try again",
            5,
        ),
        other => other.into(),
    })?;
    if let Some(r) = vault.restored_from_backup() {
        eprintln!(
            "warning: the vault file could not be used ({}); restored backup generation {}.",
            r.reason, r.generation
        );
    }
    let store = new_store(paths, passphrase_key_file)?;
    let report = vault.reenroll(store.as_ref())?;
    if !passphrase_key_file && PassphraseKeyFile::exists(paths) {
        // The old key file no longer opens anything; the keyring is used from now on.
        PassphraseKeyFile::new(paths, SecretString::from(String::new())).delete("")?;
    }
    eprintln!(
        "Vault opened with your paper key. This computer is enrolled again: the vault and {} backup(s) are now encrypted to a new key in {} and to your paper key, which is unchanged.",
        report.rewritten,
        store.name()
    );
    warn_skipped(&report);
    Ok(())
}

fn warn_skipped(report: &crate::vault::BackupRewrite) {
    for path in &report.skipped {
        eprintln!(
            "warning: backup {} could not be opened and was left as it was.",
            path.display()
        );
    }
}

fn rotate(
    paths: &VaultPaths,
    kit: Option<&std::path::Path>,
    dirs: &AppDirs,
) -> Result<(), Failure> {
    let mut vault = open(paths)?;
    // The new key is printed right here, so it counts as shown.
    vault.payload_mut().paper_key_confirmed = true;
    let (paper, report) = vault.rotate_recovery_key()?;
    eprintln!(
        "Made a new paper recovery key; the vault and {} backup(s) are re-encrypted to it.",
        report.rewritten
    );
    warn_skipped(&report);
    eprintln!("Write the new key down or print it now; it is shown only this once.");
    eprintln!(
        "Your OLD paper key no longer opens this vault, but it still opens any copy of the vault made before now (old backups elsewhere, synced copies): destroy the old paper and such copies."
    );
    eprintln!();
    print_stdout(&format!("{}\n", paper.expose()))?;
    kit.map_or(Ok(()), |path| {
        write_recovery_kit(&vault, paper.expose(), path, dirs)
    })
}

fn write_recovery_kit(
    vault: &Vault,
    paper_key: &str,
    path: &std::path::Path,
    dirs: &AppDirs,
) -> Result<(), Failure> {
    let (settings, _) = crate::settings::Settings::load(&dirs.settings_file());
    let kit = pdf::RecoveryKit {
        paper_key,
        vault_id: &vault.payload().vault_id,
        made_at: Timestamp::now(),
        vault_path: &vault.paths().vault().display().to_string(),
    };
    let rendered = pdf::render_recovery_kit(&kit, paper_of(None, settings.paper))
        .map_err(|e| Failure::new(e.to_string(), 1))?;
    crate::vault::file::write_durably(path, &rendered.bytes).map_err(|e| {
        Failure::new(format!("{e}. The key above is still valid: write it down, or make a kit later with `codekeeper rotate-recovery-key --recovery-kit FILE.pdf`"), 1)
    })?;
    eprintln!(
        "Wrote the recovery kit to {}. Print it, then delete the file.",
        path.display()
    );
    Ok(())
}

fn paper_of(arg: Option<PaperArg>, setting: crate::settings::PaperSize) -> pdf::Paper {
    match (arg, setting) {
        (Some(PaperArg::A4), _) | (None, crate::settings::PaperSize::A4) => pdf::Paper::A4,
        (Some(PaperArg::Letter), _) | (None, crate::settings::PaperSize::Letter) => {
            pdf::Paper::Letter
        }
    }
}

fn print_sheets(
    paths: &VaultPaths,
    dirs: &AppDirs,
    queries: &[String],
    paper: Option<PaperArg>,
    anonymous: bool,
    output: &std::path::Path,
) -> Result<(), Failure> {
    let (settings, setting_warnings) = crate::settings::Settings::load(&dirs.settings_file());
    for w in setting_warnings {
        eprintln!("warning: {w}");
    }
    let mut vault = open(paths)?;
    let indices: Vec<usize> = if queries.is_empty() {
        (0..vault.payload().accounts.len()).collect()
    } else {
        let mut chosen = Vec::new();
        for q in queries {
            let i = find_account(&vault, q)?;
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen
    };
    for &i in &indices {
        let account = &vault.payload().accounts[i];
        if account.active_set().is_none() && !queries.is_empty() {
            eprintln!(
                "warning: {} has no active codes; skipped.",
                account.display_name()
            );
        }
    }
    let now = Timestamp::now();
    let (sheets, records) = pdf::sheets_for(vault.payload(), &indices, anonymous, now);
    let opts = pdf::SheetOptions {
        paper: paper_of(paper, settings.paper),
        anonymous,
        printed_at: now,
    };
    let rendered =
        pdf::render_sheets(&sheets, &opts).map_err(|e| Failure::new(e.to_string(), 1))?;
    drop(sheets);
    crate::vault::file::write_durably(output, &rendered.bytes)
        .map_err(|e| Failure::new(e.to_string(), 1))?;
    for w in &rendered.warnings {
        eprintln!("warning: {w}");
    }
    let count = records.len();
    vault.payload_mut().sheets.extend(records);
    eprintln!(
        "Wrote {count} sheet(s) on {} page(s) to {}.",
        rendered.pages,
        output.display()
    );
    vault.save().map_err(|e| {
        Failure::new(format!("the sheets were written, but the vault could not record that they were printed: {e}"), 1)
    })?;
    eprintln!(
        "Print it, keep the paper somewhere safe, then delete the PDF: it holds every code in plain text."
    );
    Ok(())
}

fn print_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::new(format!("could not write to stdout: {e}"), 1))
}

fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = zeroize::Zeroizing::new(
        serde_json::to_string_pretty(value)
            .map_err(|e| Failure::new(format!("could not write JSON: {e}"), 1))?,
    );
    print_stdout(&format!("{}\n", text.as_str()))
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
}
