//! Why a list was found and filed as it was: the rule that took its codes, where its
//! site's name came from, and what was changed in its lines before they were read
//! (the file's encoding, wide characters, spacing). The command line prints it under
//! each list ("how:", "normalised:") and puts it in the JSON preview as `found`; the
//! window shows it on each list's card. It names rules and line numbers, never a code.
//!
//! Changes are told by line as the file numbers its lines: the strings of a JSON
//! document are all its line 1, as are the lines of a file that ends them with a
//! lone carriage return, so each list there is told every change of that line.

use serde::Serialize;

use super::normalize::{Changed, Counts, Normalisation};

/// Why one list was found and filed as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The rule that took its codes.
    pub rule: Rule,
    /// The kind of password-manager export it was read from, if any.
    pub export: Option<&'static str>,
    /// Where its site's name came from, if it was told.
    pub site_from: Option<SiteFrom>,
    /// The encoding the file was read as, when it was not Unicode.
    pub encoding: Option<&'static str>,
    /// What was changed on the lines its codes stand on before they were read, and
    /// how often: wide and invisible characters, spacing inside codes.
    pub normalised: Vec<Normalisation>,
}

/// The rule that took a list's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Codes standing on lines of their own (numbered, ticked, in columns or a
    /// table, perhaps after a short "Recovery code:" label).
    CodeLines,
    /// Several codes on one line, perhaps after a label: "Backup codes: a; b; c".
    OneLine,
    /// Several codes after a name and a colon on one line: "PyPI: a, b, c".
    AfterName,
    /// A table's row of codes after the site's name: `Discord | a | b | c`.
    TableRow,
    /// A spreadsheet's columns named by its header: `Site | Account | Backup codes`.
    TableColumns,
    /// Strings of a JSON document (a site's API answer, a saved response).
    JsonStrings,
    /// The one unmistakable code of a text, next to words that say it is one.
    LoneCode,
}

/// Where a list's site name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum SiteFrom {
    /// The name the site gives its download (`github-recovery-codes.txt`).
    FileName,
    /// A site's name in the text before the list, on this line.
    Text {
        /// The line, numbered as the codes' lines are.
        line: usize,
    },
    /// The name of the export's item.
    ExportItem,
}

/// What joining a code's groups that stood apart is called in a list's
/// normalisations ([`Found::normalised`]): several, one.
pub const SPACING: (&str, &str) = (
    "codes whose groups stood more than one space apart, joined with one space",
    "code whose groups stood more than one space apart, joined with one space",
);

/// `count` codes each wrapped over two or more lines and joined, in a list's
/// normalisations ([`Found::normalised`]).
pub fn wrapped(count: usize) -> Normalisation {
    Normalisation {
        what: "codes wrapped over lines, each joined into one",
        one: "code wrapped over lines, joined into one",
        count,
    }
}

impl Found {
    /// A list found by `rule`, its site told by `site_from`; nothing changed yet.
    pub(crate) fn new(rule: Rule, site_from: Option<SiteFrom>) -> Self {
        Self {
            rule,
            export: None,
            site_from,
            encoding: None,
            normalised: Vec::new(),
        }
    }

    /// How the list of `codes` codes was found, in words: "codes on lines of their
    /// own; the site named on line 3".
    pub fn how(&self, codes: usize) -> String {
        let rule = match self.rule {
            Rule::CodeLines if codes == 1 => "a code on a line of its own",
            Rule::CodeLines => "codes on lines of their own",
            Rule::OneLine => "several codes on one line",
            Rule::AfterName if codes == 1 => "a code after words that say what it is",
            Rule::AfterName => "codes after a name and a colon, on one line",
            Rule::TableRow => "codes in a table's row, after the site's name",
            Rule::TableColumns => "codes in a table's columns, as its header names them",
            Rule::JsonStrings => "strings of a JSON document",
            Rule::LoneCode => "the one code in the text, with words that say what it is",
        };
        let site = match self.site_from {
            Some(SiteFrom::FileName) => "the site from the file name".to_owned(),
            Some(SiteFrom::Text { line }) => format!("the site named on line {line}"),
            Some(SiteFrom::ExportItem) => "the site from the item's name".to_owned(),
            None => "no site named".to_owned(),
        };
        match self.export {
            Some(export) => format!("an item of a {export}: {rule}; {site}"),
            None => format!("{rule}; {site}"),
        }
    }

    /// What was changed before the list's codes were read, in words, if anything:
    /// "read as Windows-1252 (Western European); 16 full-width characters replaced
    /// by their ASCII form".
    pub fn changes(&self) -> Option<String> {
        let parts: Vec<String> = self
            .encoding
            .map(|e| format!("read as {e}"))
            .into_iter()
            .chain(self.normalised.iter().map(ToString::to_string))
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// What normalising changed on the lines of a list's codes, `lines` (in any order,
/// perhaps repeated), from `changed` (in line order), with the number of codes whose
/// groups were joined anew.
pub(crate) fn normalised_on(
    lines: impl Iterator<Item = usize> + Clone,
    changed: &[Changed],
    respaced: usize,
) -> Vec<Normalisation> {
    let lowest = lines.clone().min().unwrap_or(0);
    let highest = lines.clone().max().unwrap_or(0);
    // Nothing changed between its first and last line (nearly every list): its lines
    // need not be looked at one by one.
    let mut on = Vec::new();
    if changed
        .get(changed.partition_point(|c| c.line < lowest))
        .is_some_and(|c| c.line <= highest)
    {
        let mut sorted: Vec<usize> = lines.collect();
        sorted.sort_unstable();
        sorted.dedup();
        for line in sorted {
            let from = changed.partition_point(|c| c.line < line);
            on.extend(changed[from..].iter().take_while(|c| c.line == line));
        }
    }
    let mut normalised = Counts::of(on.into_iter()).report();
    if respaced > 0 {
        normalised.push(Normalisation {
            what: SPACING.0,
            one: SPACING.1,
            count: respaced,
        });
    }
    normalised
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(line: usize, kind: usize, count: usize) -> Changed {
        Changed { line, kind, count }
    }

    #[test]
    fn only_the_lists_own_lines_count() {
        let all = [
            changed(1, 4, 3),
            changed(2, 3, 1),
            changed(2, 4, 2),
            changed(5, 0, 1),
            changed(9, 4, 7),
        ];
        let on = normalised_on([2, 2, 5, 6].into_iter(), &all, 0);
        let words: Vec<(&str, usize)> = on.iter().map(|n| (n.what, n.count)).collect();
        assert_eq!(
            words,
            [
                ("no-break or unusual spaces replaced by a space", 1),
                ("typographic dashes replaced by '-'", 1),
                ("full-width characters replaced by their ASCII form", 2),
            ]
        );
        assert!(normalised_on([3, 4].into_iter(), &all, 0).is_empty());
        assert_eq!(
            normalised_on([3].into_iter(), &all, 2),
            [Normalisation {
                what: SPACING.0,
                one: SPACING.1,
                count: 2
            }]
        );
    }

    #[test]
    fn how_and_changes_in_words() {
        let mut found = Found::new(Rule::CodeLines, Some(SiteFrom::Text { line: 3 }));
        assert_eq!(
            found.how(2),
            "codes on lines of their own; the site named on line 3"
        );
        assert_eq!(
            found.how(1),
            "a code on a line of its own; the site named on line 3"
        );
        assert_eq!(found.changes(), None);
        found.encoding = Some("Windows-1252 (Western European)");
        found.normalised = normalised_on([1].into_iter(), &[changed(1, 4, 16)], 1);
        assert_eq!(
            found.changes().as_deref(),
            Some(
                "read as Windows-1252 (Western European); 16 full-width characters replaced by their ASCII form; 1 code whose groups stood more than one space apart, joined with one space"
            )
        );
        found.export = Some("Bitwarden JSON export");
        found.site_from = Some(SiteFrom::ExportItem);
        assert_eq!(
            found.how(2),
            "an item of a Bitwarden JSON export: codes on lines of their own; the site from the item's name"
        );
    }
}
