//! Site families: how to recognise which site a code list belongs to, from the
//! downloaded file's name and from words in the text. Adding a site is one new file
//! here (its doc says where the format is described) plus a fixture in
//! `tests/fixtures/import/`. The scanner recognises codes by their form, whichever
//! site made them; a family's `codes` (the forms its site gives codes in, from its
//! doc) only confirm a site's name beside codes that no word calls codes (a table's
//! row `GitHub | xxxxx-xxxxx | …`).
//!
//! Software that sites build on, recognised by code shape alone (no site name to guess):
//! django-two-factor-auth (10 codes, 8 lower-case base32), devise-two-factor (16 hex),
//! Laravel Fortify / Jetstream (`Str::random(10)-Str::random(10)`, mixed case), ASP.NET Core
//! Identity (`XXXXX-XXXXX` from `23456789BCDFGHJKMNPQRTVWXY`, two per row with `&nbsp;`),
//! Ory Kratos (12 codes of 8 lower-case letters and digits, joined by ", "), better-auth
//! (10 codes `xxxxx-xxxxx`, mixed case, returned as JSON). Their fixtures are
//! `django_static_tokens`, `devise_backup_codes_html`, `laravel_fortify_page`,
//! `aspnet_identity_page`, `kratos_lookup_secrets`, `better_auth_json`.
//!
//! File names as the sites download them (see each fixture for the layout):
//! GitHub `github-recovery-codes.txt`, GitLab `gitlab-recovery-codes.txt`, Discord
//! `discord_backup_codes.txt`, Google `Backup-codes-<user>.txt`,
//! `PyPI` `PyPI-Recovery-Codes-<date>.txt`, Mozilla `<email> Backup authentication codes.txt`,
//! Keycloak `kc-download-recovery-codes.txt`, Nextcloud `Nextcloud-backup-codes.txt`.

mod amazon;
mod apple;
mod bitwarden;
mod discord;
mod dropbox;
mod facebook;
mod forgejo;
mod gitea;
mod github;
mod gitlab;
mod google;
mod instagram;
mod keycloak;
mod mastodon;
mod microsoft;
mod mozilla;
mod nextcloud;
mod npm;
mod proton;
mod pypi;
mod sentry;
mod tuta;
mod vaultwarden;
mod x;

use super::scan::Map;
use std::sync::OnceLock;

/// How a downloaded file name identifies a site, matched on the lower-cased name
/// without its extension.
pub struct FileName {
    /// The name starts with this.
    pub prefix: &'static str,
    /// The name ends with this.
    pub suffix: &'static str,
    /// What lies between prefix and suffix is the account (user name or e-mail).
    pub rest_is_account: bool,
}

/// One site (or server software) that hands out recovery codes.
pub struct Family {
    /// The name stored as the account's service.
    pub name: &'static str,
    /// Lower-case words that name it in text (in Chinese or Japanese letters, a
    /// name found inside a longer word).
    pub words: &'static [&'static str],
    /// The forms its codes come in (none where the site has no fixed form).
    pub codes: &'static [Form],
    /// File names its downloads use.
    pub files: &'static [FileName],
}

/// A form a site gives its codes in: the lengths of the groups it shows, and the
/// characters.
pub struct Form {
    /// Group lengths (`[5, 5]` for `xxxxx-xxxxx`).
    pub groups: &'static [u8],
    /// The characters, in either case.
    pub chars: Alphabet,
    /// The site gives one code of this form, not a list.
    pub alone: bool,
}

/// The characters of a site's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// Hexadecimal digits.
    Hex,
    /// Digits alone.
    Digits,
    /// Letters and digits.
    Alnum,
}

pub(crate) use Alphabet::{Alnum, Digits, Hex};

/// A form of the codes of a site's list.
pub(crate) const fn form(groups: &'static [u8], chars: Alphabet) -> Form {
    Form {
        groups,
        chars,
        alone: false,
    }
}

/// The form of the one code a site gives.
pub(crate) const fn alone(groups: &'static [u8], chars: Alphabet) -> Form {
    Form {
        groups,
        chars,
        alone: true,
    }
}

/// The characters of the form the site called `name` gives its codes in that a code
/// of `groups` (lengths as written) and `chars` has, if it has one: its groups, or
/// all of them written as one; hexadecimal in lower case. With `several` codes
/// beside it, a form the site gives one code in does not count (a row of
/// Microsoft's form is of product keys).
pub fn own_form(
    name: &str,
    groups: &[u8],
    chars: super::scan::Chars,
    several: bool,
) -> Option<Alphabet> {
    FAMILIES
        .iter()
        .find(|f| f.name == name)
        .and_then(|f| family_s_form(f, groups, chars, several))
}

/// The sites that give their codes in forms of which each of `forms` (codes' shape
/// and characters) is one ([`own_form`]).
pub fn sites_of_forms(
    forms: &[(super::scan::Shape, super::scan::Chars)],
    several: bool,
) -> Vec<&'static str> {
    FAMILIES
        .iter()
        .filter(|f| {
            !f.codes.is_empty()
                && forms.iter().all(|(shape, chars)| {
                    family_s_form(f, shape.groups(), *chars, several).is_some()
                })
        })
        .map(|f| f.name)
        .collect()
}

/// [`own_form`] of one family.
fn family_s_form(
    family: &Family,
    groups: &[u8],
    chars: super::scan::Chars,
    several: bool,
) -> Option<Alphabet> {
    let letters = chars.lower || chars.upper;
    family
        .codes
        .iter()
        .filter(|form| !(several && form.alone))
        .find(|form| {
            let total: u32 = form.groups.iter().map(|&g| u32::from(g)).sum();
            let fits = match form.chars {
                Hex => !chars.non_hex && !chars.upper,
                Digits => !letters,
                Alnum => true,
            };
            fits && (groups == form.groups || matches!(groups, [one] if u32::from(*one) == total))
        })
        .map(|form| form.chars)
}

/// The site whose name `text` is and nothing more, perhaps before a word for
/// "account" (`Microsoft`, `microsoft account`, `微软`, `マイクロソフトアカウント`).
pub fn named_alone(text: &str) -> Option<&'static str> {
    named_alone_with_account(text).map(|(name, _)| name)
}

/// [`named_alone`], and whether a word for "account" followed the name.
pub fn named_alone_with_account(text: &str) -> Option<(&'static str, bool)> {
    let name = text.trim();
    let bare = ["account", "konto", "アカウント", "账户", "账号", "帐户"]
        .iter()
        .find_map(|word| {
            let cut = name.len().checked_sub(word.len())?;
            (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(word))
                .then(|| name[..cut].trim_end())
        });
    let account = bare.is_some();
    let name = bare.unwrap_or(name);
    FAMILIES
        .iter()
        .find(|f| {
            f.name.eq_ignore_ascii_case(name)
                || f.words.iter().any(|w| w.eq_ignore_ascii_case(name))
        })
        .map(|f| (f.name, account))
}

/// Whether the site called `name` gives one code rather than a list (Microsoft,
/// Apple): a form of its codes is that of one code alone.
pub fn gives_one_code(name: &str) -> bool {
    FAMILIES
        .iter()
        .any(|f| f.name == name && f.codes.iter().any(|form| form.alone))
}

/// How many codes the site called `name` gives in one set, where that is fixed (as
/// each site's module says; none for a site unknown here).
pub fn set_size(name: &str) -> Option<usize> {
    match name {
        "GitHub" => Some(16),
        "Keycloak" => Some(12),
        "Google" | "Discord" | "Dropbox" | "Facebook" | "GitLab" | "Mastodon" | "Nextcloud"
        | "Sentry" => Some(10),
        "PyPI" | "Mozilla account" => Some(8),
        "Instagram" => Some(5),
        _ => None,
    }
}

/// Whether the site called `name` gives its codes in forms of its own.
pub fn has_forms(name: &str) -> bool {
    FAMILIES
        .iter()
        .any(|f| f.name == name && !f.codes.is_empty())
}

/// Whether a code of `groups` and `chars` has a form some site gives a list of
/// codes in ([`own_form`], with several codes).
pub fn some_site_s_form(groups: &[u8], chars: super::scan::Chars) -> bool {
    FAMILIES
        .iter()
        .any(|f| own_form(f.name, groups, chars, true).is_some())
}

pub(crate) const fn exact(name: &'static str) -> FileName {
    FileName {
        prefix: name,
        suffix: "",
        rest_is_account: false,
    }
}

/// Every known family, one file each. Order matters where names overlap: more specific first.
pub const FAMILIES: &[Family] = &[
    github::FAMILY,
    gitlab::FAMILY,
    google::FAMILY,
    microsoft::FAMILY,
    apple::FAMILY,
    discord::FAMILY,
    x::FAMILY,
    facebook::FAMILY,
    instagram::FAMILY,
    dropbox::FAMILY,
    amazon::FAMILY,
    pypi::FAMILY,
    npm::FAMILY,
    mozilla::FAMILY,
    proton::FAMILY,
    tuta::FAMILY,
    bitwarden::FAMILY,
    vaultwarden::FAMILY,
    nextcloud::FAMILY,
    keycloak::FAMILY,
    sentry::FAMILY,
    mastodon::FAMILY,
    forgejo::FAMILY,
    gitea::FAMILY,
];

/// The site and account a file name points to.
pub fn from_file_name(name: &str) -> Option<(&'static str, Option<String>)> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s).trim();
    let lower = stem.to_lowercase();
    for family in FAMILIES {
        for f in family.files {
            if lower.starts_with(f.prefix)
                && lower.ends_with(f.suffix)
                && lower.len() >= f.prefix.len() + f.suffix.len()
            {
                let rest = &stem[f.prefix.len()..stem.len() - f.suffix.len()];
                if f.rest_is_account {
                    let rest =
                        rest.trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace());
                    return Some((family.name, (!rest.is_empty()).then(|| rest.to_owned())));
                }
                if rest.is_empty() || !rest.starts_with(|c: char| c.is_alphabetic()) {
                    return Some((family.name, user_before_timestamp(rest)));
                }
            }
        }
    }
    // Any file name that mentions a site.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    FAMILIES
        .iter()
        .find(|f| f.words.iter().any(|w| words.contains(w)))
        .map(|f| (f.name, None))
}

/// Alias words of every family, indexed by their first word (lower case): the
/// alias split into words, and the family's name.
struct AliasIndex {
    by_first: Map<String, Vec<(Vec<String>, &'static str)>>,
    /// Names in Chinese or Japanese letters, and their family's name: found
    /// anywhere in a word of such letters, which has no spaces between its words
    /// (`マイクロソフトアカウント`).
    cjk: Vec<(&'static str, &'static str)>,
    /// For each ASCII first letter, bit `n` set when some first word of that letter
    /// is `n` bytes long: most words of a text are turned away by this alone.
    lengths: [u16; 128],
}

impl AliasIndex {
    /// Whether `word` may be a first word of an alias (false only when it cannot).
    fn may_start(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&b) if word.is_ascii() => {
                let mask = self.lengths[usize::from(b.to_ascii_lowercase())];
                word.len() < 16 && mask & (1 << word.len()) != 0
            }
            _ => true,
        }
    }
}

fn alias_index() -> &'static AliasIndex {
    static INDEX: OnceLock<AliasIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = AliasIndex {
            by_first: Map::default(),
            cjk: Vec::new(),
            lengths: [0; 128],
        };
        for family in FAMILIES {
            for alias in family.words {
                if alias.starts_with(is_cjk) {
                    index.cjk.push((alias, family.name));
                    continue;
                }
                let words: Vec<String> = alias
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect();
                if let Some(first) = words.first() {
                    if let Some(&b) = first.as_bytes().first()
                        && b.is_ascii()
                        && first.len() < 16
                    {
                        index.lengths[usize::from(b.to_ascii_lowercase())] |= 1 << first.len();
                    }
                    index
                        .by_first
                        .entry(first.clone())
                        .or_default()
                        .push((words, family.name));
                }
            }
        }
        index
    })
}

/// `-alice-2026-11-24T10_21_08.140030` (`PyPI`'s download) → `alice`.
fn user_before_timestamp(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix(['-', '_', ' '])?;
    let bytes = rest.as_bytes();
    let at = (0..bytes.len().saturating_sub(5)).find(|&i| {
        bytes[i] == b'-'
            && bytes[i + 1..i + 5].iter().all(u8::is_ascii_digit)
            && bytes.get(i + 5) == Some(&b'-')
    })?;
    let user = &rest[..at];
    (!user.is_empty()).then(|| user.to_owned())
}

/// The words of a text: its runs of letters and digits, as
/// `text.split(|c: char| !c.is_alphanumeric())` without the empty pieces, with ASCII
/// (most of any text) tested a byte at a time. Chinese and Japanese letters end a
/// run of other letters and digits and start one of their own, as they do before
/// and after a site's name written without spaces (`GitHubのリカバリーコード`).
#[derive(Clone)]
struct Words<'t> {
    text: &'t str,
    /// Where the next word is looked for.
    at: usize,
}

impl<'t> Words<'t> {
    /// Whether the character at `i` is a letter or digit, its length in bytes, and
    /// whether it is Chinese or Japanese (from U+2E80 on, radicals to full-width forms).
    fn letter_at(&self, i: usize) -> Option<(bool, usize, bool)> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some((b.is_ascii_alphanumeric(), 1, false));
        }
        let c = self.text.get(i..)?.chars().next()?;
        Some((c.is_alphanumeric(), c.len_utf8(), is_cjk(c)))
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // Whether the word is of Chinese or Japanese letters.
        let cjk = loop {
            // Runs of ASCII are read a byte at a time without decoding.
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
            {
                i += 1;
            }
            let (letter, len, cjk) = self.letter_at(i)?;
            if letter {
                break cjk;
            }
            i += len;
        };
        let start = i;
        loop {
            if !cjk {
                while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
            }
            match self.letter_at(i) {
                Some((true, len, other)) if other == cjk => i += len,
                _ => break,
            }
        }
        self.at = i;
        self.text.get(start..i)
    }
}

/// Whether `c` is a Chinese or Japanese letter (from U+2E80 on, radicals to
/// full-width forms), as [`Words`] tells them.
fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}'
}

/// Which of `items` has its name (in Chinese or Japanese letters) found first in
/// `text`, by its place among them. Only the places of such letters are compared,
/// three bytes first (`str::contains` would set up a search for each name).
pub(crate) fn find_cjk<T>(text: &str, items: &[T], name: impl Fn(&T) -> &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.char_indices()
        .filter(|&(_, c)| is_cjk(c))
        .find_map(|(i, _)| {
            let rest = &bytes[i..];
            items.iter().position(|item| {
                let name = name(item).as_bytes();
                rest.get(..3) == name.get(..3) && rest.starts_with(name)
            })
        })
}

/// The words of lines one after another (a word never spans two lines).
#[derive(Clone)]
struct LineWords<'t, I> {
    /// The lines not yet begun.
    lines: I,
    /// The words of the line being read.
    words: Words<'t>,
    /// How many lines were begun: the line being read is the one before.
    begun: usize,
}

impl<'t, I: Iterator<Item = &'t str>> Iterator for LineWords<'t, I> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        loop {
            if let Some(word) = self.words.next() {
                return Some(word);
            }
            self.words = Words {
                text: self.lines.next()?,
                at: 0,
            };
            self.begun += 1;
        }
    }
}

/// The first site named in `text`, as whole words.
pub fn from_text(text: &str) -> Option<&'static str> {
    from_lines(std::iter::once(text))
}

/// The first site named in `lines`, as whole words: as [`from_text`] of the lines
/// joined with line breaks, without joining them.
pub fn from_lines<'t>(lines: impl Iterator<Item = &'t str> + Clone) -> Option<&'static str> {
    from_lines_at(lines).map(|(name, _)| name)
}

/// The site a heading names ([`from_text`]); a name in Chinese or Japanese letters
/// counts only beside a word for codes (`コード`, `码`) or as most of the line
/// (`ギットハブ`, `マイクロソフトアカウント`): a note in a list,
/// `※アマゾンのパスワードとは別`, is no heading.
pub fn named_by_heading(text: &str) -> Option<&'static str> {
    let found = from_text(text)?;
    if text.is_ascii() || says_codes_cjk(text) {
        return Some(found);
    }
    let latin = find(std::iter::once(text), false).map(|(name, _)| name);
    // The name is most of the line (`ギットハブ`, `マイクロソフトアカウント`).
    let index = alias_index();
    let short = find_cjk(text, &index.cjk, |(alias, _)| alias)
        .is_some_and(|at| text.trim().chars().count() <= index.cjk[at].0.chars().count() + 6);
    latin.or(short.then_some(found))
}

/// Whether `text` holds a word for codes in Japanese or Chinese (`コード`, `码`).
pub(crate) fn says_codes_cjk(text: &str) -> bool {
    !text.is_ascii() && ["コード", "码", "碼"].iter().any(|w| text.contains(w))
}

/// [`from_lines`], with the index of the line the name starts on.
pub fn from_lines_at<'t>(
    lines: impl Iterator<Item = &'t str> + Clone,
) -> Option<(&'static str, usize)> {
    find(lines, true)
}

/// The first of the sites called `names` that `text` names (as [`from_text`] finds
/// names).
pub fn named_among(text: &str, names: &[&str]) -> Option<&'static str> {
    find_where(std::iter::once(text), true, |name| names.contains(&name)).map(|(name, _)| name)
}

/// [`from_lines_at`]; names in Chinese or Japanese letters only with `cjk`.
fn find<'t>(
    lines: impl Iterator<Item = &'t str> + Clone,
    cjk: bool,
) -> Option<(&'static str, usize)> {
    find_where(lines, cjk, |_| true)
}

/// [`find`] of the sites whose names `accept` takes.
fn find_where<'t>(
    lines: impl Iterator<Item = &'t str> + Clone,
    cjk: bool,
    accept: impl Fn(&str) -> bool,
) -> Option<(&'static str, usize)> {
    let index = alias_index();
    let mut words = LineWords {
        lines,
        words: Words { text: "", at: 0 },
        begun: 0,
    };
    let mut lower = String::new();
    // An ASCII word (of 12 bytes at most, see below) is lower-cased on the stack; it
    // may be part of a code, so the buffer is wiped when done.
    let mut ascii = zeroize::Zeroizing::new([0u8; 16]);
    while let Some(word) = words.next() {
        if !word.is_ascii() && word.starts_with(is_cjk) {
            // A site not taken has no alias to be found by.
            if cjk
                && let Some(found) =
                    find_cjk(
                        word,
                        &index.cjk,
                        |(alias, name)| {
                            if accept(name) { alias } else { "" }
                        },
                    )
            {
                return Some((index.cjk[found].1, words.begun.saturating_sub(1)));
            }
            continue;
        }
        if word.len() > 12 || !index.may_start(word) {
            continue;
        }
        let key = match ascii.get_mut(..word.len()) {
            Some(buffer) if word.is_ascii() => {
                buffer.copy_from_slice(word.as_bytes());
                buffer.make_ascii_lowercase();
                std::str::from_utf8(buffer).unwrap_or_default()
            }
            _ => {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                lower.as_str()
            }
        };
        let Some(candidates) = index.by_first.get(key) else {
            continue;
        };
        for (alias, name) in candidates.iter().filter(|(_, name)| accept(name)) {
            let mut ahead = words.clone();
            if alias[1..]
                .iter()
                .all(|a| ahead.next().is_some_and(|w| w.eq_ignore_ascii_case(a)))
            {
                return Some((name, words.begun.saturating_sub(1)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            from_file_name("PyPI-Recovery-Codes-alice-2026-11-24T10_21_08.140030.txt"),
            Some(("PyPI", Some("alice".into())))
        );
        assert_eq!(
            from_file_name("github-recovery-codes.txt"),
            Some(("GitHub", None))
        );
        assert_eq!(
            from_file_name("/home/a/Downloads/github-recovery-codes (1).txt"),
            Some(("GitHub", None))
        );
        assert_eq!(
            from_file_name("Backup-codes-alice.txt"),
            Some(("Google", Some("alice".into())))
        );
        assert_eq!(
            from_file_name("alice@example.com Backup authentication codes.txt"),
            Some(("Mozilla account", Some("alice@example.com".into())))
        );
        assert_eq!(
            from_file_name("PyPI-Recovery-Codes-2026-11-24.txt"),
            Some(("PyPI", None))
        );
        assert_eq!(
            from_file_name("kc-download-recovery-codes.txt"),
            Some(("Keycloak", None))
        );
        assert_eq!(from_file_name("my codes.txt"), None);
        assert_eq!(from_file_name("dropbox codes.txt"), Some(("Dropbox", None)));
    }

    #[test]
    fn text_names() {
        assert_eq!(
            from_text("These are your Discord backup codes"),
            Some("Discord")
        );
        assert_eq!(
            from_text("ssh git@gitlab.com 2fa_recovery_codes"),
            Some("GitLab")
        );
        assert_eq!(from_text("legit hubs"), None);
        assert_eq!(from_text("Größe: GitHub—codes"), Some("GitHub"));
    }

    #[test]
    fn lines_are_read_as_the_text_they_make() {
        for lines in [
            &[][..],
            &[""],
            &["", "GitHub"],
            &["the Python", "Package Index"],
            &["Microsoft", "", "GitHub"],
            &["legit", "hub"],
            &["ssh git@gitlab.com", "2fa_recovery_codes"],
        ] {
            assert_eq!(
                from_lines(lines.iter().copied()),
                from_text(&lines.join("\n")),
                "{lines:?}"
            );
        }
        // A name may run over a line break; it starts on the line of its first word.
        assert_eq!(
            from_lines_at(["", "the Python", "Package", "Index"].into_iter()),
            Some(("PyPI", 1))
        );
        assert_eq!(
            from_lines_at(["notes", "", "2FA for GitHub:"].into_iter()),
            Some(("GitHub", 2))
        );
    }

    #[test]
    fn a_site_s_own_forms() {
        use crate::import::scan::Chars;
        let hex = Chars {
            digit: true,
            lower: true,
            ..Chars::default()
        };
        let digits = Chars {
            digit: true,
            ..Chars::default()
        };
        let upper = Chars {
            digit: true,
            upper: true,
            non_hex: true,
            ..Chars::default()
        };
        assert_eq!(own_form("GitHub", &[5, 5], hex, true), Some(Hex));
        assert_eq!(own_form("GitHub", &[10], hex, true), Some(Hex));
        assert_eq!(own_form("GitHub", &[4, 6], hex, true), None);
        // Not in upper case, nor with letters past `f`.
        let upper_hex = Chars {
            upper: true,
            lower: false,
            ..hex
        };
        assert_eq!(own_form("GitLab", &[16], upper_hex, true), None);
        assert_eq!(
            own_form(
                "GitHub",
                &[5, 5],
                Chars {
                    non_hex: true,
                    ..hex
                },
                true
            ),
            None
        );
        assert_eq!(own_form("Google", &[4, 4], digits, true), Some(Digits));
        assert_eq!(own_form("Google", &[4, 4], hex, true), None);
        // Microsoft gives one code: alone it is of Microsoft's form, beside others not.
        assert_eq!(own_form("Microsoft", &[5; 5], upper, false), Some(Alnum));
        assert_eq!(own_form("Microsoft", &[5; 5], upper, true), None);
        // npm has no fixed form, and an unknown name none at all.
        assert_eq!(own_form("npm", &[16], hex, true), None);
        assert_eq!(own_form("Nowhere", &[5, 5], hex, true), None);
    }

    #[test]
    fn names_in_chinese_or_japanese_letters_are_found_inside_words() {
        assert_eq!(from_text("マイクロソフトアカウント"), Some("Microsoft"));
        assert_eq!(from_text("私のグーグルアカウント 2026"), Some("Google"));
        assert_eq!(from_text("谷歌备份验证码"), Some("Google"));
        assert_eq!(from_text("アカウントのコード"), None);
        // A heading in such letters names its site beside a word for codes.
        assert_eq!(
            named_by_heading("グーグルのバックアップコード"),
            Some("Google")
        );
        assert_eq!(named_by_heading("谷歌备份验证码"), Some("Google"));
        assert_eq!(named_by_heading("※アマゾンのパスワードとは別"), None);
        assert_eq!(named_by_heading("GitHubのメモ"), Some("GitHub"));
        assert_eq!(named_by_heading("ギットハブ"), Some("GitHub"));
        assert_eq!(
            named_by_heading("マイクロソフトアカウント"),
            Some("Microsoft")
        );
        assert_eq!(named_by_heading("（グーグルアカウントでログイン）"), None);
        assert_eq!(find_cjk("abc ギフト券", &["券", "ギフト"], |n| n), Some(1));
        assert_eq!(find_cjk("abc ギフ", &["ギフト"], |n| n), None);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        for text in [
            "",
            "  ",
            "one two",
            " lead, trail. ",
            "ssh git@gitlab.com 2fa_recovery_codes",
            "Größe: naïve—café ２０２６ 日本語 x",
            "a\u{300}b",
            "…",
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(
                Words { text, at: 0 }.collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
        // Chinese and Japanese letters are words of their own beside other letters.
        for (text, expected) in [
            (
                "GitHubのリカバリーコード",
                &["GitHub", "のリカバリーコード"][..],
            ),
            ("2024年5月3日", &["2024", "年", "5", "月", "3", "日"]),
            ("これはGitLab2の", &["これは", "GitLab2", "の"]),
            ("Größe日本", &["Größe", "日本"]),
        ] {
            assert_eq!(Words { text, at: 0 }.collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn a_name_glued_to_japanese_is_found() {
        assert_eq!(from_text("PyPIのリカバリーコード"), Some("PyPI"));
        assert_eq!(
            from_text("Discordのバックアップコード（アカウント: たなか）"),
            Some("Discord")
        );
        assert_eq!(from_text("これはGitHubの"), Some("GitHub"));
        // Not inside a word of Latin letters.
        assert_eq!(from_text("myGitHubの"), None);
    }
}
