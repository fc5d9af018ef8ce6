//! Unit tests of the whole import pipeline on small inline inputs; the fixture
//! corpus in `tests/fixtures/import/` covers real layouts.

use super::*;

pub(super) fn codes(text: &str) -> Vec<String> {
    preview_text(text, None)
        .map(|p| p.codes().map(|c| c.code.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn plain_list() {
    assert_eq!(
        codes("abcde-12345\nfghij-67890\n"),
        ["abcde-12345", "fghij-67890"]
    );
}

#[test]
fn prose_around_codes_is_ignored() {
    let text = "Your two-factor authentication recovery codes are:\n\n119135e5a3ebce8e\n11f6a2a498810dcd\n\nDuring sign in, use one of the codes above when prompted for your two-factor code.";
    assert_eq!(codes(text), ["119135e5a3ebce8e", "11f6a2a498810dcd"]);
}

#[test]
fn letter_only_codes_join_a_list_of_the_same_shape() {
    let text = "These are your backup codes for account alice#1234. Keep them safe!\n * 1a2b3c4d\n * abcdefgh\n * 9z8y7x6w\n";
    assert_eq!(codes(text), ["1a2b3c4d", "abcdefgh", "9z8y7x6w"]);
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].account.as_deref(), Some("alice#1234"));
}

#[test]
fn used_markers() {
    let p = preview_text(
        "~~k3j9x2m4~~\np7q2w8e1 (used)\n[x] z5x3c8v2\nb6n4m1q9 ✓\nr2t7y5u3\nh8g4f2d6\tyes\n",
        None,
    )
    .unwrap();
    let used: Vec<bool> = p.codes().map(|c| c.used).collect();
    assert_eq!(used, [true, true, true, true, false, true]);
}

#[test]
fn nothing_found() {
    assert!(matches!(
        preview_text(
            "Hello there, nothing to see.\nCall 555-123-4567 on 2026-11-24.",
            None
        ),
        Err(ImportError::NoCodes)
    ));
}

#[test]
fn lone_code_in_a_note() {
    assert_eq!(
        codes("My X backup code is 4f7a9k2m1x0q, keep it"),
        ["4f7a9k2m1x0q"]
    );
}

#[test]
fn notes_file_splits_by_site() {
    let p = preview_text(
        "GitHub\n12ab3-45cd6\n78ef9-01ab2\n\nGoogle (alice@gmail.com)\n1234 5678\n2345 6789\n",
        None,
    )
    .unwrap();
    assert_eq!(p.groups.len(), 2);
    assert_eq!(p.groups[0].site.as_deref(), Some("GitHub"));
    assert_eq!(p.groups[1].site.as_deref(), Some("Google"));
    assert_eq!(p.groups[1].account.as_deref(), Some("alice@gmail.com"));
}

#[test]
fn duplicates_are_reported() {
    let p = preview_text("abcd-1234\nABCD-1234\nefgh-5678\n", None).unwrap();
    assert_eq!(p.codes().count(), 2);
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
}

#[test]
fn lookalike_letters_are_flagged_not_changed() {
    let p = preview_text("abcd-12О4\nefgh-5678\n", None).unwrap();
    assert_eq!(p.codes().next().unwrap().code.as_str(), "abcd-12О4");
    assert!(p.warnings[0].contains("U+041E"), "{:?}", p.warnings);
}

#[test]
fn comments_after_codes_and_used_notes() {
    let p = preview_text(
        "abcd-1234  # laptop\nefgh-5678 (used on 2026-01-02)\nijkl-9012 // spare\n",
        None,
    )
    .unwrap();
    let got: Vec<(String, bool)> = p.codes().map(|c| (c.code.to_string(), c.used)).collect();
    assert_eq!(
        got,
        [
            ("abcd-1234".into(), false),
            ("efgh-5678".into(), true),
            ("ijkl-9012".into(), false)
        ]
    );
}

#[test]
fn lists_after_a_name_are_filed_under_that_name() {
    let text = "My 2FA notes\n\nPyPI: 1a2b3c4d5e6f7a8b, 3c4d5e6f7a8b9c0d, 5e6f7a8b9c0d1e2f\n\
                GitHub: 4f3e2-1d0c9, 8b7a6-5f4e3\nWifi: summer2024\nPIN: 483920\n";
    let p = preview_text(text, None).unwrap();
    let sites: Vec<(Option<&str>, usize)> = p
        .groups
        .iter()
        .map(|g| (g.site.as_deref(), g.codes.len()))
        .collect();
    assert_eq!(sites, [(Some("PyPI"), 3), (Some("GitHub"), 2)]);
    // A lone value after a name is a password or a PIN, not a list of codes.
    assert!(preview_text("Wifi: summer2024\n", None).is_err());
}

#[test]
fn many_duplicates_are_summarised_in_one_warning() {
    let list: String = (0..10)
        .map(|i| format!("{i:05x}-{:05x}\n", i * 77 + 4099))
        .collect();
    let p = preview_text(&format!("{list}\n{list}\n{list}"), None).unwrap();
    assert_eq!(p.codes().count(), 10);
    let dups: Vec<&String> = p
        .warnings
        .iter()
        .filter(|w| w.contains("kept once"))
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert!(
        dups[0].starts_with("20 duplicate codes kept once (lines 12, 13, 14, and 17 more)"),
        "{}",
        dups[0]
    );
    let p = preview_text(&format!("{list}{}", list.lines().next().unwrap()), None).unwrap();
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.contains("kept once"))
            .count(),
        1
    );
}

/// A large text is unwrapped and scanned in two pieces: the pieces' lines are the
/// whole text's lines, numbered as in the file, whatever the line endings and markup
/// around the cut.
#[test]
fn a_large_text_cut_in_two_reads_as_one() {
    let block = "Some prose, with a date 2026-11-24.\r\n> quoted abcd-1234\r\n<p>x</p>\n\\tescaped\\nline\n\n";
    let mut text = String::new();
    while text.len() < TWO_PIECES_FROM * 2 {
        text.push_str(block);
    }
    for extra in ["", "a", "ab\r", "\n", "\n\n"] {
        let text = format!("{extra}{text}");
        let pieces = cut_in_two(&text);
        assert_eq!(pieces.len(), 2);
        let cut: Vec<(usize, String)> = pieces
            .iter()
            .flat_map(|&(piece, first)| markup::plain_lines(piece, first))
            .map(|l| (l.number, l.text.into_owned()))
            .collect();
        let whole: Vec<(usize, String)> = markup::logical_lines(&text)
            .into_iter()
            .map(|l| (l.number, l.text.into_owned()))
            .collect();
        assert!(cut == whole, "the cut changed the lines (prefix {extra:?})");
    }
    assert_eq!(cut_in_two("short\ntext").len(), 1);
    // No line break after the middle: one piece.
    assert_eq!(cut_in_two(&"x".repeat(TWO_PIECES_FROM * 2)).len(), 1);
}

/// A list that stands across the cut comes out whole, in order, on its lines.
#[test]
fn a_list_across_the_cut_is_found_whole() {
    let prose = "Notes about the garden and the weather this week.\n";
    let mut text = String::new();
    while text.len() < TWO_PIECES_FROM {
        text.push_str(prose);
    }
    let first_code_line = text.lines().count() + 4;
    text.push_str("\nGitHub recovery codes\n\n");
    let list_start = text.len();
    let list: Vec<String> = (0..16)
        .map(|i| format!("{:05x}-{:05x}", 0xa1b2c + i, 0x3d4e5 + i * 7))
        .collect();
    for code in &list {
        text.push_str(code);
        text.push('\n');
    }
    let list_end = text.len();
    text.push('\n');
    while text.len() < list_start + list_end {
        text.push_str(prose);
    }
    // The cut falls inside the list.
    let middle = text.len() / 2;
    assert!(text[..middle].contains(&list[0]) && text[middle..].contains(&list[15]));
    let preview = preview_text(&text, None).unwrap();
    let found: Vec<(String, usize)> = preview
        .codes()
        .map(|c| (c.code.to_string(), c.line))
        .collect();
    let expected: Vec<(String, usize)> = list
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), first_code_line + i))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(preview.groups.len(), 1);
    assert_eq!(preview.groups[0].site.as_deref(), Some("GitHub"));
}

/// A table whose header stands before the cut and its rows after it reads as it
/// does whole: a row looks back at its header across the cut.
#[test]
fn a_table_across_the_cut_reads_as_one() {
    let prose = "Notes about the garden and the weather this week.\n";
    let mut text = String::new();
    while text.len() < TWO_PIECES_FROM {
        text.push_str(prose);
    }
    text.push_str("\nSite | Codes\n");
    let header_end = text.len();
    text.push_str("Discord | jyphgwq4 | bsp3cw5s | udt2jvvk | vouz58wu\n\n");
    // As long as to have its middle on the header's line break.
    let length = 2 * header_end - 1;
    while text.len() + prose.len() < length {
        text.push_str(prose);
    }
    text.push_str(&"z".repeat(length - text.len()));
    let pieces = cut_in_two(&text);
    assert!(
        pieces[0].0.ends_with("Site | Codes"),
        "the cut is after the header"
    );
    assert_eq!(
        codes(&text),
        ["jyphgwq4", "bsp3cw5s", "udt2jvvk", "vouz58wu"]
    );
    assert_eq!(sites(&text), [Some("Discord".to_owned())]);
}

/// A notes file with many lists: they are finished in two halves at once, and come
/// out in the file's order with their own codes, accounts and warnings.
#[test]
fn many_lists_keep_their_order_codes_and_warnings() {
    let mut text = String::new();
    let mut line = 0;
    let mut expected = Vec::new();
    let mut duplicate_lines = Vec::new();
    for n in 0..90 {
        text.push_str(&format!("# GitHub (user{n})\n"));
        line += 1;
        let codes: Vec<String> = (0..3)
            .map(|i| format!("{:04x}-{:04x}", 0x1000 + n, 0x2000 + n * 3 + i))
            .collect();
        for code in &codes {
            text.push_str(code);
            text.push('\n');
            line += 1;
        }
        if n % 20 == 19 {
            // The list's first code again: kept once, with a warning.
            text.push_str(&codes[0]);
            text.push('\n');
            line += 1;
            duplicate_lines.push(line);
        }
        text.push('\n');
        line += 1;
        expected.push((format!("user{n}"), codes));
    }
    let preview = preview_text(&text, None).unwrap();
    let found: Vec<(String, Vec<String>)> = preview
        .groups
        .iter()
        .map(|g| {
            (
                g.account.clone().unwrap_or_default(),
                g.codes.iter().map(|c| c.code.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    let first: Vec<String> = duplicate_lines[..3]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        preview.warnings,
        [format!(
            "4 duplicate codes kept once (lines {}, and 1 more)",
            first.join(", ")
        )]
    );
}

/// Terminal colour codes before the cut of a large text, even one that reaches
/// across lines (and so joins them) or past the cut: the text reads as it does
/// once normalised whole, with the same codes, marks, lines and warnings.
#[test]
fn colour_codes_before_the_cut_read_as_the_text_normalised_whole() {
    let summary = |preview: &Preview| {
        let codes: Vec<(String, bool, usize)> = preview
            .codes()
            .map(|c| (c.code.to_string(), c.used, c.line))
            .collect();
        let groups: Vec<(Option<String>, Option<String>)> = preview
            .groups
            .iter()
            .map(|g| (g.site.clone(), g.account.clone()))
            .collect();
        (codes, groups, preview.warnings.clone())
    };
    // Not a text that may be JSON, which is normalised whole anyway.
    let mut text = String::from("My codes, copied out of a terminal\n\n");
    let mut k = 0;
    while text.len() < TWO_PIECES_FROM * 2 {
        text.push_str(&format!(
            "\u{1b}[1mGitHub recovery codes\u{1b}[0m\n\u{1b}[32m{:05x}-{:05x}\u{1b}[0m\n\u{1b}[9m{:05x}-{:05x}\u{1b}[0m ✓\nSome prose about the weather today.\n\n",
            0xa0000 + k,
            0xb0000 + k,
            0xc0000 + k,
            0xd0000 + k
        ));
        k += 1;
    }
    // Where the cut would fall, and a line start a little before it.
    let cut = text.len() / 2 + text[text.len() / 2..].find('\n').unwrap();
    let before = text[..cut - 300].rfind('\n').unwrap() + 1;
    for (at, inserted) in [
        (before, ""),
        (before, "\u{1b}[31m"),
        // Two line breaks inside one sequence: two lines fewer once normalised.
        (before, "\u{1b}[\n\n5m"),
        // A sequence begun right before the cut runs on past it.
        (cut, "\u{1b}["),
    ] {
        let mut text = text.clone();
        text.insert_str(at, inserted);
        let whole = normalize::normalise(&text).0;
        let read = preview_text(&text, None).unwrap();
        let expected = preview_text(&whole, None).unwrap();
        assert!(read.codes().count() > 1000);
        assert!(
            summary(&read) == summary(&expected),
            "{inserted:?} changed what was read"
        );
    }
}

/// A text that becomes a JSON document once normalised (an ideographic space or a
/// zero-width character before it, a full-width brace) is read as JSON, as the same
/// document written plainly is.
#[test]
fn a_text_that_is_json_once_normalised_is_read_as_json() {
    let body = "\"codes\": [\n\"abcd1-efgh2\",\n\"ijkl3-mnop4\",\n\"qrst5-uvwx6\"\n]\n}\n";
    let lines = |text: &str| -> Vec<usize> {
        preview_text(text, None)
            .unwrap()
            .codes()
            .map(|c| c.line)
            .collect()
    };
    // Read as JSON, every code is on the document's first line.
    assert_eq!(lines(&format!("{{\n{body}")), [1, 1, 1]);
    for start in ["\u{3000}{", "\u{200b}{", "\u{ff5b}", " \u{00a0}{"] {
        assert_eq!(lines(&format!("{start}\n{body}")), [1, 1, 1], "{start:?}");
    }
    // Plain text that only looks like the inside of a document is read by lines.
    for start in ["Codes", "コード", "\u{3000}• codes", "\u{feff}Codes"] {
        assert_eq!(lines(&format!("{start}\n{body}")), [3, 4, 5], "{start:?}");
    }
}

/// Many lines are classified in two halves at once, and whether a prose line is a
/// heading is told only where it can start a new list: each heading after a list
/// still starts the next one, in either half and right at the cut.
#[test]
fn headings_start_new_lists_in_either_half() {
    let mut text = String::new();
    let mut expected = Vec::new();
    // Five lines a list and an even number of lists: the second half starts on a
    // heading, before any code line of its own.
    for n in 0..1000 {
        let site = if n % 2 == 0 { "GitHub" } else { "GitLab" };
        text.push_str(site);
        text.push('\n');
        let codes: Vec<String> = (0..3)
            .map(|i| format!("{:04x}-{:04x}", 0x1000 + n, 0x5000 + n * 3 + i))
            .collect();
        for code in &codes {
            text.push_str(code);
            text.push('\n');
        }
        text.push_str("Kept in the safe.\n");
        expected.push((Some(site.to_owned()), codes));
    }
    let preview = preview_text(&text, None).unwrap();
    let got: Vec<(Option<String>, Vec<String>)> = preview
        .groups
        .iter()
        .map(|g| {
            let codes = g.codes.iter().map(|c| c.code.to_string()).collect();
            (g.site.clone(), codes)
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "the lists were not split at their headings"
    );
}

#[test]
fn many_decoys_are_summarised_in_one_warning() {
    // A list of five codes of one shape with a lone value of another shape after
    // its third code (line 6 of its nine lines), under its own site's heading.
    let list = |k: usize| -> String {
        let site = ["GitHub", "GitLab", "PyPI", "npm", "Discord"][k];
        let mut s = format!("{site} recovery codes\n\n");
        for i in 0..5 {
            s.push_str(&format!(
                "{:04x}-{:04x}\n",
                k * 97 + i * 13 + 4096,
                i * 7919 + 4099
            ));
            if i == 2 {
                s.push_str(&format!("{:08x}{k:02}\n", 0x9a3f_0000 + k));
            }
        }
        s.push('\n');
        s
    };
    let decoy = "ignored a value that does not look like the other codes in the list";
    for lists in 1..=5 {
        let text: String = (0..lists).map(list).collect();
        let p = preview_text(&text, None).unwrap();
        assert_eq!(p.groups.len(), lists);
        assert!(
            p.groups
                .iter()
                .all(|g| g.codes.len() == 5 && g.codes.iter().all(|c| c.code.contains('-')))
        );
        let lines: Vec<usize> = (0..lists).map(|k| 6 + 9 * k).collect();
        let expected: Vec<String> = if lists <= 3 {
            lines.iter().map(|l| format!("line {l}: {decoy}")).collect()
        } else {
            vec![format!(
                "ignored {lists} values that do not look like the other codes in their lists (lines 6, 15, 24, and {} more)",
                lists - 3
            )]
        };
        assert_eq!(p.warnings, expected, "{lists} lists");
    }
    // Values left out are told first, then look-alike letters, then duplicates.
    let text: String = (0..4).map(list).collect::<String>()
        + "Tuta recovery codes\n\n3c1d-2e4f\n5a6b-7\u{441}8d\n9e0f-1a2b\n3c1d-2e4f\n";
    let p = preview_text(&text, None).unwrap();
    assert_eq!(p.warnings.len(), 3, "{:?}", p.warnings);
    assert!(
        p.warnings[0].starts_with("ignored 4 values"),
        "{}",
        p.warnings[0]
    );
    assert!(
        p.warnings[1].starts_with("line 40: a code contains 'с' (U+0441)"),
        "{}",
        p.warnings[1]
    );
    assert_eq!(
        p.warnings[2],
        "line 42: the same code as on line 39; it is kept once"
    );
}

/// Each list says how it was found: the rule that took its codes, where its site's
/// name came from, and what was changed on its own lines (not on other lists' lines
/// or on prose).
#[test]
fn each_list_says_how_it_was_found() {
    let text = "My notes\n\nGitHub\n12ab3-45cd6\n78ef9\u{2013}01ab2\n\nGoogle\n\u{ff11}\u{ff12}\u{ff13}\u{ff14} \u{ff15}\u{ff16}\u{ff17}\u{ff18}\n2345  6789\n\n\u{ff30}yPI: 1a2b3c4d5e6f7a8b, 3c4d5e6f7a8b9c0d\n";
    let p = preview_text(text, None).unwrap();
    let what = |g: &Group| -> Vec<(&str, usize)> {
        g.found
            .normalised
            .iter()
            .map(|n| (n.what, n.count))
            .collect()
    };
    let sites: Vec<(Option<&str>, Rule, Option<SiteFrom>)> = p
        .groups
        .iter()
        .map(|g| (g.site.as_deref(), g.found.rule, g.found.site_from))
        .collect();
    assert_eq!(
        sites,
        [
            (
                Some("GitHub"),
                Rule::CodeLines,
                Some(SiteFrom::Text { line: 3 })
            ),
            (
                Some("Google"),
                Rule::CodeLines,
                Some(SiteFrom::Text { line: 7 })
            ),
            (
                Some("PyPI"),
                Rule::AfterName,
                Some(SiteFrom::Text { line: 11 })
            ),
        ]
    );
    assert_eq!(
        what(&p.groups[0]),
        [("typographic dashes replaced by '-'", 1)]
    );
    assert_eq!(
        what(&p.groups[1]),
        [
            ("full-width characters replaced by their ASCII form", 8),
            (found::SPACING.0, 1)
        ]
    );
    assert_eq!(
        what(&p.groups[2]),
        [("full-width characters replaced by their ASCII form", 1)]
    );
    assert_eq!(
        p.groups[1].found.changes().as_deref(),
        Some(
            "8 full-width characters replaced by their ASCII form; 1 code whose groups stood more than one space apart, joined with one space"
        )
    );
    // The same codes with nothing to change, under a name from the file name.
    let p = preview_text(
        "abcde-12345\nfghij-67890\n",
        Some("github-recovery-codes.txt"),
    )
    .unwrap();
    assert_eq!(
        p.groups[0].found,
        Found::new(Rule::CodeLines, Some(SiteFrom::FileName))
    );
    assert_eq!(
        p.groups[0].found.how(2),
        "codes on lines of their own; the site from the file name"
    );
    // Lines that share a number in the file (ended by a lone carriage return, or
    // HTML on one line) are still lines of their own.
    for text in [
        "GitHub\r12ab3-45cd6\r78ef9-01ab2\r",
        "<ul><li>12ab3-45cd6</li><li>78ef9-01ab2</li></ul>",
    ] {
        let p = preview_text(text, None).unwrap();
        assert_eq!(p.groups[0].found.rule, Rule::CodeLines, "{text:?}");
    }
    assert_eq!(
        preview_text("Backup codes: 12ab3-45cd6; 78ef9-01ab2\n", None)
            .unwrap()
            .groups[0]
            .found
            .rule,
        Rule::OneLine
    );
    let p = preview_text("My backup code is 4f7a9k2m1x0q, keep it\n", None).unwrap();
    assert_eq!(p.groups[0].found.rule, Rule::LoneCode);
    assert_eq!(p.groups[0].found.site_from, None);
}

/// What was changed is found on the right lines in either piece of a large text,
/// and in a JSON document (whose lines are all its first).
#[test]
fn changes_are_told_per_list_in_either_piece_and_in_json() {
    let prose = "Notes about the garden, the weather and \u{ff21}\u{ff22}\u{ff23} this week.\n";
    let list = |site: &str, seed: usize, wide: usize| {
        let mut out = format!("\n{site} recovery codes\n");
        for i in 0..10 {
            let code = format!("{:05x}-{:05x}", 0xa1b2c + seed + i, 0x3d4e5 + i * 7);
            if i < wide {
                // The first letter or digit written full-width.
                let first = code.chars().next().unwrap();
                let wide = char::from_u32(u32::from(first) + 0xFEE0).unwrap();
                out.push(wide);
                out.push_str(&code[1..]);
            } else {
                out.push_str(&code);
            }
            out.push('\n');
        }
        out.push('\n');
        out
    };
    let mut text = list("GitHub", 0x100, 2);
    while text.len() < TWO_PIECES_FROM * 2 {
        text.push_str(prose);
    }
    text.push_str(&list("GitLab", 0x200, 3));
    text.push_str(&list("Sentry", 0x300, 0));
    let p = preview_text(&text, None).unwrap();
    let wide: Vec<(Option<&str>, usize)> = p
        .groups
        .iter()
        .map(|g| {
            let n = g.found.normalised.iter().map(|n| n.count).sum();
            (g.site.as_deref(), n)
        })
        .collect();
    assert_eq!(
        wide,
        [
            (Some("GitHub"), 2),
            (Some("GitLab"), 3),
            (Some("Sentry"), 0)
        ]
    );
    // Every prose line's three full-width letters are in the file's notes.
    let total = p.normalisations.iter().map(|n| n.count).sum::<usize>();
    assert!(total > 3 * 1000, "{total}");
    let json = "{\"codes\": [\"\u{ff41}bcd1-efgh2\", \"ijkl3-mnop4\", \"qrst5-uvwx6\"]}";
    let p = preview_text(json, None).unwrap();
    assert_eq!(p.groups[0].found.normalised.len(), 1);
    assert_eq!(p.groups[0].found.normalised[0].count, 1);
}

/// Three or more maybe-codes of one shape (letters only, or a word and a number)
/// are a list of codes only when words say so: "backup codes", `recovery_codes`,
/// "Wiederherstellungscodes" on the few lines before them (blank lines aside), on
/// their lines or in the file's name, and no list of other codes between them.
/// Word lists, ticked shopping lists, passwords and a notes file's headings are not
/// codes.
#[test]
fn maybe_codes_of_one_shape_need_words_that_say_they_are_codes() {
    let words = "qwertyui\nasdfghjk\nzxcvbnmq\n";
    let found = ["qwertyui", "asdfghjk", "zxcvbnmq"];
    for heading in [
        "Game account backup codes\n\n",
        // A heading with a reference number in it, or a line of it below.
        "Backup codes (ref A1B2-C3D4)\n",
        "Acme backup codes\nAccount ID: 48213377\n\n",
        // Double-spaced, as copied out of a PDF.
        "Acme backup codes\n\nAlice Smith\n\nalice@example.com\n\nKeep them safe\n\n",
        "Acme account recovery codes\nKeep them safe.\nEach works once.\nUse one if you lose your phone.\nMade 2024-05-01.\nPrint this page.\n\n",
        "Wiederherstellungscodes\n",
        "Códigos de respaldo\n",
        "{\"recovery_codes\": [\n",
    ] {
        let text = if heading.starts_with('{') {
            "{\"recovery_codes\": [\"qwertyui\", \"asdfghjk\", \"zxcvbnmq\"]}".to_owned()
        } else {
            format!("{heading}{words}")
        };
        let got = codes(&text);
        assert!(
            found.iter().all(|c| got.iter().any(|g| g == c)),
            "{heading:?}: {got:?}"
        );
    }
    // Letters in groups need nothing more than their number, as before.
    assert_eq!(
        codes("abcd-efgh\nijkl-mnop\nqrst-uvwx\n"),
        ["abcd-efgh", "ijkl-mnop", "qrst-uvwx"]
    );
    // The file's name says so.
    let p = preview_text(words, Some("acme-backup-codes.txt")).unwrap();
    assert_eq!(p.codes().count(), 3);
    for text in [
        words.to_owned(),
        format!("Keyboard rows\n{words}"),
        "Shopping\n\nbananas\noranges\ncherries\nlettuce\n".to_owned(),
        "- [x] bananas\n- [x] oranges\n- [ ] lettuce\n- [ ] peaches\n".to_owned(),
        "~~bananas~~\noranges\ncherries\n".to_owned(),
        "Old wifi passwords\nsummer2024\nwinter2023\nautumn2022\n".to_owned(),
        "Backup wifi passwords\nsummer2024\nwinter2023\nautumn2022\n".to_owned(),
        "Promo codes to try\nSPRING\nSUMMER\nWINTER\n".to_owned(),
        "Disaster recovery plan\n\nPersonal\nBusiness\nArchived\n".to_owned(),
        // Words that say so, but too far above…
        format!("Backup codes\n{}{words}", "a line of notes\n".repeat(8)),
    ] {
        assert!(
            matches!(preview_text(&text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
    // …or above another list's codes.
    assert_eq!(
        codes("GitHub backup codes\n1a2b3-4c5d6\n\nShopping\nbananas\noranges\ncherries\n"),
        ["1a2b3-4c5d6"]
    );
    let p = preview_text(
        "Personal\n1a2b3-4c5d6\n2a2b3-4c5d6\n\nBusiness\n3a2b3-4c5d6\n4a2b3-4c5d6\n\nArchived\n5a2b3-4c5d6\n6a2b3-4c5d6\n",
        None,
    )
    .unwrap();
    assert_eq!(p.codes().count(), 6);
    assert!(p.codes().all(|c| c.code.contains('-')));
}

#[test]
fn words_of_a_codes_shape_under_their_own_note_are_not_codes() {
    let discord = "Discord backup codes\nk3v9x2pa\nm4q8zt1r\nqwhvbnek\np7d2s9lf\nx1c5v8bn\n";
    let list = ["k3v9x2pa", "m4q8zt1r", "qwhvbnek", "p7d2s9lf", "x1c5v8bn"];
    for (before, after) in [
        ("", "\nWi-Fi at the cabin\npassword\nsunshine\n"),
        ("Things to buy\nbroccoli\nzucchini\n\n", ""),
        ("", "\nThe PIN of the door:\ndoorcode\n"),
        (
            "Einkaufsliste\nzwiebeln\n\n",
            "\nWLAN-Passwort für Oma\nsonnig12\n",
        ),
        ("", "\n## Errands\n- [ ] pharmacy\n- [x] dentists\n"),
    ] {
        let text = format!("{before}{discord}{after}");
        assert_eq!(codes(&text), list, "{text:?}");
        // One list, under its site.
        let p = preview_text(&text, None).unwrap();
        assert_eq!(p.groups.len(), 1, "{text:?}");
        assert_eq!(p.groups[0].site.as_deref(), Some("Discord"));
    }
}

#[test]
fn a_code_of_letters_alone_stays_in_its_list() {
    // Among the list's codes, across blank lines, list numbers and page numbers.
    for text in [
        "Discord backup codes\n\nk3v9x2pa\n\nqwhvbnek\n\nm4q8zt1r\n\ntyzmwqcv\n",
        "BACKUP CODES\n\nPage 1 of 2\n\n1. k3v9x2pa\n2. m4q8zt1r\n3. p7d2s9lf\n\nPage 2 of 2\n\n4. qwhvbnek\n",
        "Backup codes\nk3v9x2pa\nm4q8zt1r\n3.\nqwhvbnek\nSeite 2 von 2\ntyzmwqcv\n",
    ] {
        let got = codes(text);
        assert!(got.iter().any(|c| c == "qwhvbnek"), "{text:?}: {got:?}");
    }
    // Letter codes under their own heading, beside a shopping list of their shape.
    let text = "- Groceries:\n    - cucumber\n    - radishes\n    - pancakes\n\n## Game backup codes\n\n    omtgmsne\n    aajrxren\n    htcoouqx\n";
    assert_eq!(codes(text), ["omtgmsne", "aajrxren", "htcoouqx"]);
}

#[test]
fn a_heading_of_code_words_ends_a_stretch() {
    // "Backup codes" or a table's header is no line between a list's codes: the
    // shopping list above it stays out.
    for heading in ["Backup codes\n", "| Code | Used |\n|---|---|\n"] {
        let codes_part = if heading.starts_with('|') {
            "| k3v9x2pa | |\n| m4q8zt1r | yes |\n| p7d2s9lf | |\n"
        } else {
            "k3v9x2pa\nm4q8zt1r\np7d2s9lf\n"
        };
        let text = format!("Things to buy\nbroccoli\nzucchini\ncucumber\n\n{heading}{codes_part}");
        assert_eq!(
            codes(&text),
            ["k3v9x2pa", "m4q8zt1r", "p7d2s9lf"],
            "{text:?}"
        );
    }
}

#[test]
fn a_word_list_beside_letter_codes_is_read_alike_wherever_a_large_text_is_cut() {
    // A large text is read in two pieces: wherever the cut falls in the note, the
    // grocery list stays out and the game's letter codes are found.
    let note = "- Groceries:\n    - cucumber\n    - radishes\n    - pancakes\n\n## Game backup codes\n\n    omtgmsne\n    aajrxren\n    htcoouqx\n\nSome prose after the note, to end it.\n";
    let filler = "Some prose between notes, nothing to see here.\n";
    let half = TWO_PIECES_FROM / 2 / filler.len() + 1;
    for shift in 0..=note.lines().count() + 1 {
        let text = format!(
            "{}{note}{}",
            filler.repeat(half - shift),
            filler.repeat(half + shift)
        );
        assert!(text.len() >= TWO_PIECES_FROM);
        assert_eq!(
            codes(&text),
            ["omtgmsne", "aajrxren", "htcoouqx"],
            "shift {shift}"
        );
    }
}

#[test]
fn words_under_a_heading_of_their_own_after_text_about_codes_are_not_codes() {
    // Text about codes ends a site's page; a note of the user's comes next. Three or
    // more of its words have one length, and the sentences above once made them a
    // list of codes (and a lone code then lost its place to them).
    let page = "Two-factor recovery codes\n\n1a2b3-4c5d6\n7e8f9-0a1b2\n3c4d5-6e7f8\n9a0b1-2c3d4\n\nKeep your recovery codes in a safe place.\nEach code can be used once.\n";
    let list = ["1a2b3-4c5d6", "7e8f9-0a1b2", "3c4d5-6e7f8", "9a0b1-2c3d4"];
    for note in [
        "\nShopping\nbananas\nspinach\ncarrots\nbutter\nyoghurt\n",
        "\nThings to buy:\nbroccoli\nzucchini\ntortilla\n",
        "\nGarden\ntomatoes\nlettuce\ncourgette\nrhubarb\nradishes\nparsley\n",
        "\nGift ideas for Mum\nscarf\ncandles\nteapot\njigsaw\norchid\nslippers\ncookbook\nperfume\n",
    ] {
        let text = format!("{page}{note}");
        assert_eq!(codes(&text), list, "{text:?}");
        // A file named for codes does not make them codes either.
        let p = preview_text(&text, Some("github-recovery-codes.txt")).unwrap();
        let got: Vec<String> = p.codes().map(|c| c.code.to_string()).collect();
        assert_eq!(got, list, "{text:?}");
    }
    // The one code of a note keeps its place.
    let text = "X (Twitter) backup code: xf731ogy9953\n\nGarden\ntomatoes\nlettuce\ncourgette\nrhubarb\nradishes\nparsley\nshallot\n";
    assert_eq!(codes(text), ["xf731ogy9953"]);
}

#[test]
fn letter_codes_under_a_site_or_after_words_about_codes_are_still_a_list() {
    // Codes of letters alone, told by the words around them: a site's name as their
    // heading, a heading that says what they are, or words about codes just above.
    let letters = ["qwhvbnek", "tyzmwqcv", "mpxkrfdl"];
    for text in [
        "My backup codes\n\nDiscord\nqwhvbnek\ntyzmwqcv\nmpxkrfdl\n",
        "Notes\n\nBackup codes for the forum\nqwhvbnek\ntyzmwqcv\nmpxkrfdl\n",
        "Recovery codes for the forum, keep them safe\nqwhvbnek\ntyzmwqcv\nmpxkrfdl\n",
        "Forum backup codes\n\nqwhvbnek\ntyzmwqcv\nmpxkrfdl\n",
    ] {
        assert_eq!(codes(text), letters, "{text:?}");
    }
    // Words with digits are not read as a note's words: a heading alone does not
    // turn away codes such as `summer22` beside their site's other codes.
    let text = "Backup codes\n\nForum\nsummer22\nwinter33\nautumn44\n";
    assert_eq!(codes(text), ["summer22", "winter33", "autumn44"]);
}

#[test]
fn a_word_list_above_codes_with_a_blank_line_between_stays_a_note() {
    // Ten-letter words of the codes' own shape, under a heading of their own, with a
    // blank line between them and a list with no heading: once the first codes of it.
    let list = [
        "did4rxvjtf",
        "16shpok99w",
        "a3wlhjj0xw",
        "w02hr9irof",
        "7iehjdhgnx",
    ];
    let codes_text = "did4rxvjtf\n16shpok99w (used)\na3wlhjj0xw\nw02hr9irof ✓\n7iehjdhgnx\n";
    for note in [
        "Things to buy\nwatermelon\nstrawberry\nblackberry\n",
        "Garden\nsunflowers\nsnapdragon\ndelphinium\n",
        "Packing list:\n- sunglasses\n- toothpaste\n- headphones\n",
    ] {
        let text = format!("{note}\n{codes_text}");
        assert_eq!(codes(&text), list, "{text:?}");
    }
    // Not a note's list: one code of letters alone first (a list with a blank line
    // after each code), codes of letters under a site's name or words about codes,
    // or a list of letters alone by itself with codes of another shape below.
    let text = "Old laptop\nqwhvbnekpd\n\ndid4rxvjtf\n\n16shpok99w\n\na3wlhjj0xw\n";
    assert_eq!(
        codes(text),
        ["qwhvbnekpd", "did4rxvjtf", "16shpok99w", "a3wlhjj0xw"]
    );
    for heading in ["Discord", "Backup codes", "Recovery codes for the forum"] {
        let text = format!("{heading}\nqwhvbnekpd\ntyzmwqcvab\n\n{codes_text}");
        let mut want = vec!["qwhvbnekpd", "tyzmwqcvab"];
        want.extend(list);
        assert_eq!(codes(&text), want, "{text:?}");
    }
}

/// The sites of `text`'s lists, in order.
pub(super) fn sites(text: &str) -> Vec<Option<String>> {
    preview_text(text, None)
        .map(|p| p.groups.into_iter().map(|g| g.site).collect())
        .unwrap_or_default()
}

#[test]
fn several_codes_after_a_label_of_several_words_a_bullet_or_an_account() {
    let github = ["d537c-d0805", "67db7-96dd4", "44f67-0d976"];
    for text in [
        "GitHub backup codes: d537c-d0805; 67db7-96dd4; 44f67-0d976",
        "GitHub backup codes: d537c-d0805, 67db7-96dd4, 44f67-0d976",
        "My GitHub recovery codes: d537c-d0805; 67db7-96dd4; 44f67-0d976",
    ] {
        assert_eq!(codes(text), github, "{text:?}");
        assert_eq!(sites(text), [Some("GitHub".to_owned())], "{text:?}");
    }
    let discord = ["qzmbv7b1", "ckybsri2", "t1grv70q"];
    for text in [
        "- Discord: qzmbv7b1, ckybsri2, t1grv70q",
        "* Discord: qzmbv7b1, ckybsri2, t1grv70q",
        "2. Discord: qzmbv7b1, ckybsri2, t1grv70q",
    ] {
        assert_eq!(codes(text), discord, "{text:?}");
        assert_eq!(sites(text), [Some("Discord".to_owned())], "{text:?}");
    }
    let gitlab = ["daf91936fd085371", "794fd1fee19f48ec", "6167bdf42e208439"];
    let text = "GitLab (work): daf91936fd085371, 794fd1fee19f48ec, 6167bdf42e208439";
    assert_eq!(codes(text), gitlab);
    assert_eq!(sites(text), [Some("GitLab".to_owned())]);
    // Typed with an input method: a full-width colon and ideographic commas, no spaces.
    let pypi = ["da7999633f189897", "94a000ed1c28f5f0", "fa2ae981f1bc51e1"];
    for text in [
        "PyPI：da7999633f189897、94a000ed1c28f5f0、fa2ae981f1bc51e1",
        "PyPI:da7999633f189897,94a000ed1c28f5f0,fa2ae981f1bc51e1",
    ] {
        assert_eq!(codes(text), pypi, "{text:?}");
        assert_eq!(sites(text), [Some("PyPI".to_owned())], "{text:?}");
    }
}

#[test]
fn bullets_and_numbers_glued_to_codes() {
    let discord = ["ig2q750u", "samq17th", "xj9cpapu"];
    for text in [
        "Discord バックアップコード\n・ig2q750u\n・samq17th\n・xj9cpapu\n",
        "Discord バックアップコード\n① ig2q750u\n② samq17th\n③ xj9cpapu\n",
        "Discord バックアップコード\n①ig2q750u\n②samq17th\n③xj9cpapu\n",
        "Discord backup codes\n(1)ig2q750u\n(2)samq17th\n(3)xj9cpapu\n",
        "Discord backup codes\n•ig2q750u\n•samq17th\n•xj9cpapu\n",
        "Discord backup codes\n-ig2q750u\n-samq17th\n-xj9cpapu\n",
    ] {
        assert_eq!(codes(text), discord, "{text:?}");
    }
}

#[test]
fn codes_in_spaced_groups_keep_a_group_of_letters_alone() {
    // A group of letters alone at either end of a code of letters and digits.
    let text = "Dropbox backup codes\n\nfnk6 5ckc\nrcwv m605\nw159 u6h6\ncedj 0tqe\n";
    assert_eq!(
        codes(text),
        ["fnk6 5ckc", "rcwv m605", "w159 u6h6", "cedj 0tqe"]
    );
    let text = "Dropbox backup codes\n\nfnk6 5ckc   rcwv m605\nw159 u6h6   cedj 0tqe\n";
    assert_eq!(
        codes(text),
        ["fnk6 5ckc", "rcwv m605", "w159 u6h6", "cedj 0tqe"]
    );
    for key in [
        "YZTD EN15 NDQY EH69 28CI I88Z KKM7",
        "EN15 NDQY EH69 28CI I88Z KKM7 YZTD",
    ] {
        let text = format!("Apple recovery key\n{key}\n");
        assert_eq!(codes(&text), [key], "{text:?}");
    }
    // A used mark after the code is still a mark.
    let text = "Dropbox backup codes\nfnk6 5ckc used\nrcwv m605\nw159 u6h6\n";
    let p = preview_text(text, None).unwrap();
    let got: Vec<(String, bool)> = p.codes().map(|c| (c.code.to_string(), c.used)).collect();
    assert_eq!(
        got,
        [
            ("fnk6 5ckc".to_owned(), true),
            ("rcwv m605".to_owned(), false),
            ("w159 u6h6".to_owned(), false)
        ]
    );
}

#[test]
fn a_wifi_key_or_a_card_number_after_a_name_is_not_a_code() {
    for text in [
        "Home network\nSSID: FRITZ!Box 7590 XY\nKey: 53bfdfb31cf9c0cd\n",
        "WPA key: 53bfdfb31cf9c0cd",
        "Product key 53bfdfb31cf9c0cd",
        "Kreditkarte: 4929 1234 5678 9012",
        "Gift card: 6006 4912 3456 7890",
    ] {
        assert_eq!(codes(text), Vec::<String>::new(), "{text:?}");
    }
    // A recovery key, and a site's codes of digits after its name, still are.
    assert_eq!(
        codes("Recovery key: 53bfdfb31cf9c0cd"),
        ["53bfdfb31cf9c0cd"]
    );
    assert_eq!(
        codes("Google: 4929 1234 5678 9012"),
        ["4929 1234", "5678 9012"]
    );
}

#[test]
fn the_site_named_above_codes_beats_an_address_at_another_site() {
    let text = "me@gmail.com\n\nDiscord\nc9fgx8hh\n3ron4bej\nqvuoldv1\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("Discord"));
    assert_eq!(p.groups[0].account.as_deref(), Some("me@gmail.com"));
    // A Google list, the address, then a Discord list: two sites.
    let text = "Google\n1234 5678\n2345 6789\n3456 7890\n\nme@gmail.com\n\nDiscord\nc9fgx8hh\n3ron4bej\nqvuoldv1\n";
    assert_eq!(
        sites(text),
        [Some("Google".to_owned()), Some("Discord".to_owned())]
    );
    // An address alone still tells the site.
    let text = "Backup codes for me@gmail.com\n1234 5678\n2345 6789\n3456 7890\n";
    assert_eq!(sites(text), [Some("Google".to_owned())]);
}

#[test]
fn codes_in_a_hidden_field_named_for_them() {
    let export = r#"{"encrypted": false, "items": [{"id": "3f1c2b7a-9d4e-4b8a-a1c2-5e6f7a8b9c0d",
        "type": 1, "name": "PyPI", "notes": null, "fields": [
        {"name": "recovery codes", "value": "02ff6a9aaa8ee3b0\n26121890b417c40d\n07ea3cd433f29c9a", "type": 1},
        {"name": "PIN", "value": "83749261", "type": 1}],
        "login": {"username": "alice", "password": "pw"},
        "revisionDate": "2024-05-01T10:00:00.000Z"}]}"#;
    let p = preview(export.as_bytes(), Some("bitwarden_export.json")).unwrap();
    let got: Vec<String> = p.codes().map(|c| c.code.to_string()).collect();
    assert_eq!(
        got,
        ["02ff6a9aaa8ee3b0", "26121890b417c40d", "07ea3cd433f29c9a"]
    );
    assert_eq!(p.groups[0].site.as_deref(), Some("PyPI"));
}

#[test]
fn a_code_of_two_groups_of_letters_alone_stays_in_its_list() {
    // One of Dropbox's codes in about fourteen is `xxxx xxxx` in letters alone.
    let text = "Dropbox backup codes\n\nfnk6 5ckc\n6zwv i0xy\nhzkt adcw\nw159 u6h6\nctmh n80i\n";
    assert_eq!(
        codes(text),
        [
            "fnk6 5ckc",
            "6zwv i0xy",
            "hzkt adcw",
            "w159 u6h6",
            "ctmh n80i"
        ]
    );
    // In two columns it no longer takes the code beside it down with it.
    let text = "Dropbox backup codes\nfnk6 5ckc   rcwv m605\n6zwv i0xy   hzkt adcw\nw159 u6h6   cedj 0tqe\n";
    assert_eq!(
        codes(text),
        [
            "fnk6 5ckc",
            "rcwv m605",
            "6zwv i0xy",
            "hzkt adcw",
            "w159 u6h6",
            "cedj 0tqe"
        ]
    );
    // A pair that reads as two words is words, beside codes of its shape or under
    // words about codes; pairs are not codes by their number alone.
    let text = "Dropbox backup codes\nfnk6 5ckc\ncooh lijx\nw159 u6h6\nkeep safe\n\ngood luck\ncall anna\n";
    assert_eq!(codes(text), ["fnk6 5ckc", "cooh lijx", "w159 u6h6"]);
    // Pairs that sound like words but start, end or run their letters as no
    // English word does.
    let text =
        "Dropbox backup codes\njq3e vb4a\nrkcl gvwq\niuao rlyu\naymk tyue\ncgep gkeh\n7w25 b41t\n";
    assert_eq!(codes(text).len(), 6);
    for text in [
        "todo\ngood food\nnice view\nlong walk\nwarm coat\n",
        "Google backup codes\n1234 5678\n2345 6789\nkeep safe\n3456 7890\n",
        "home page\nlast used\nkeep safe\n",
        "Backup codes are stored in:\nhome safe\nwork desk\nblue file\n",
    ] {
        assert!(!codes(text).iter().any(|c| c.contains("keep")), "{text:?}");
        assert!(!codes(text).iter().any(|c| c.contains("good")), "{text:?}");
    }
}

#[test]
fn a_note_beside_a_code_in_a_table_of_codes() {
    // A second column of notes, under a header or heading that speaks of codes.
    for text in [
        "Dropbox backup codes          notes\nw0bp qrt8                     home wifi\nvz65 c32z                     next time\nqty1 xl9i\nuhy7 t2k0\n",
        "Dropbox backup codes\n\n| code | note |\n|---|---|\n| w0bp qrt8 | home wifi |\n| vz65 c32z |  |\n| qty1 xl9i | next time |\n| uhy7 t2k0 |  |\n",
    ] {
        assert_eq!(
            codes(text),
            ["w0bp qrt8", "vz65 c32z", "qty1 xl9i", "uhy7 t2k0"],
            "{text:?}"
        );
    }
    // Not in a table of other numbers, nor where only "code" is said, nor under
    // a heading further up.
    for text in [
        "Item code\tItem\nAB12-CD34\tChair\nXY98-ZQ76\tDesk\nQW45-ER67\tLamp\n",
        "Dropbox backup codes\n\nnotes\n\nInvoices\nAB12-CD34\tChair\nXY98-ZQ76\tDesk\nQW45-ER67\tLamp\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
}

#[test]
fn a_code_wrapped_over_two_lines_is_one_code() {
    // Tuta's code of sixteen groups, wrapped by a narrow window or a PDF copy.
    let text = "Tuta recovery code\n\ndd66 3eea 9d2f cfd1 7f7b 0ff4 b1bf 7911\n9e45 5b58 2098 4e37 47e7 3b63 fd73 a09d\n\nPage 1 of 1\n";
    let p = preview_text(text, None).unwrap();
    let got: Vec<String> = p.codes().map(|c| c.code.to_string()).collect();
    assert_eq!(
        got,
        ["dd66 3eea 9d2f cfd1 7f7b 0ff4 b1bf 7911 9e45 5b58 2098 4e37 47e7 3b63 fd73 a09d"]
    );
    assert_eq!(p.groups[0].site.as_deref(), Some("Tuta"));
    assert!(p.groups[0].found.normalised.contains(&found::wrapped(1)));
    // Over three lines (a line may start with a group of letters alone), with a
    // PDF copy's blank line between the pieces, and two codes of two accounts.
    let whole = "80d6 f097 022c 20e7 ddff 0bf4 afef 8253 a5f7 d9d0 13b7 560f ae4f 800c 9957 bff5";
    let other = "365b 3673 31c6 e449 1b29 fb56 0a5d 9b41 1279 f060 0c1b c44c 51be 906c 0462 7e50";
    for (text, want) in [
        (
            "Tuta recovery code\n80d6 f097 022c 20e7 ddff 0bf4\nafef 8253 a5f7 d9d0 13b7 560f\nae4f 800c 9957 bff5\n",
            vec![whole],
        ),
        (
            "Tuta recovery code\n80d6 f097 022c 20e7 ddff 0bf4 afef 8253\n\na5f7 d9d0 13b7 560f ae4f 800c 9957 bff5\n",
            vec![whole],
        ),
        (
            "Tuta recovery codes\n80d6 f097 022c 20e7 ddff 0bf4 afef 8253\na5f7 d9d0 13b7 560f ae4f 800c 9957 bff5\n\n365b 3673 31c6 e449 1b29 fb56 0a5d 9b41\n1279 f060 0c1b c44c 51be 906c 0462 7e50\n",
            vec![whole, other],
        ),
    ] {
        let p = preview_text(text, None).unwrap();
        let got: Vec<String> = p.codes().map(|c| c.code.to_string()).collect();
        assert_eq!(got, want, "{text:?}");
        assert!(
            p.groups[0]
                .found
                .normalised
                .contains(&found::wrapped(want.len())),
            "{text:?}"
        );
    }
    // Pieces far apart, of fewer groups in all, or not Tuta's (a checksum), stay
    // as they are.
    for text in [
        "Tuta\ndd66 3eea 9d2f cfd1 7f7b 0ff4 b1bf 7911\n\n\n9e45 5b58 2098 4e37 47e7 3b63 fd73 a09d\n",
        "Tuta\ndd66 3eea 9d2f cfd1\n9e45 5b58 2098 4e37\n",
        "SHA-256 of backup codes.zip:\ndd66 3eea 9d2f cfd1 7f7b 0ff4 b1bf 7911\n9e45 5b58 2098 4e37 47e7 3b63 fd73 a09d\n",
    ] {
        assert!(codes(text).len() != 1, "{text:?}");
    }
}

#[test]
fn a_label_list_wrapped_onto_the_next_line_stays_one_list() {
    let text = "PyPI recovery codes: 2968f8043e7210f6, f083d92a6104808c, e8bd4b0b6f30bdfc,\n    e02516523c7539a6, c69141145ff93a3d, 5553131f5ac81348\n";
    assert_eq!(codes(text).len(), 6);
    assert_eq!(sites(text), [Some("PyPI".to_owned())]);
    // Without a comma at the end, or after a blank line or a heading, the next list
    // is a list of its own.
    for text in [
        "PyPI: 2968f8043e7210f6, f083d92a6104808c\nGitLab: e02516523c7539a6, c69141145ff93a3d\n",
        "PyPI: 2968f8043e7210f6, f083d92a6104808c,\nGitLab: e02516523c7539a6, c69141145ff93a3d\n",
        "PyPI: 2968f8043e7210f6, f083d92a6104808c,\n\nGitLab\ne02516523c7539a6, c69141145ff93a3d\n",
        "PyPI: 2968f8043e7210f6, f083d92a6104808c,\nGitLab recovery codes\ne02516523c7539a6\nc69141145ff93a3d\n",
    ] {
        assert_eq!(
            sites(text),
            [Some("PyPI".to_owned()), Some("GitLab".to_owned())],
            "{text:?}"
        );
        assert_eq!(codes(text).len(), 4, "{text:?}");
    }
    // Codes of another shape on the next line are a list of their own.
    let text = "PyPI: cfda444d7ed36dd4, 2d89c11deea5b336, 3ae6773fe9514f76,\n0593 0020, 9524 9969, 9073 0872\n";
    assert_eq!(sites(text), [Some("PyPI".to_owned()), None]);
}

#[test]
fn a_list_that_names_its_site_beats_the_file_name() {
    // The first list names its own site: the file's name does not change it, and
    // the file's user name is not its account.
    let text = "PyPI: 6349419f8605026e, 867d3913807047ff, 59b7b9cbff40f056,\nGitLab: 4508054b184b3de7, 0e047aeb00ad14f3\n";
    for file in [
        "notes-gitlab.txt",
        "Backup-codes-alice.txt",
        "github-recovery-codes.txt",
    ] {
        let p = preview_text(text, Some(file)).unwrap();
        let got: Vec<(Option<&str>, Option<&str>)> = p
            .groups
            .iter()
            .map(|g| (g.site.as_deref(), g.account.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(Some("PyPI"), None), (Some("GitLab"), None)],
            "{file}"
        );
    }
    // A list under a heading, or naming the file's own site, keeps the file's guess.
    let p = preview_text(
        "Codes\n1. 9774 9328\n2. 8151 7501\n",
        Some("Backup-codes-alice.txt"),
    )
    .unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("Google"));
    assert_eq!(p.groups[0].account.as_deref(), Some("alice"));
    let p = preview_text(
        "Google: 9774 9328, 8151 7501\n",
        Some("Backup-codes-alice.txt"),
    )
    .unwrap();
    assert_eq!(p.groups[0].account.as_deref(), Some("alice"));
}

#[test]
fn table_rows_with_a_site_in_the_first_cell() {
    let text = "site\tcodes\nPyPI\te5a47fcc57646003\t649ee08cc671816a\t8a471ea8d09e6583\n";
    assert_eq!(codes(text).len(), 3);
    assert_eq!(sites(text), [Some("PyPI".to_owned())]);
    let text = "Service,Codes\nGitLab,\"4ef31a5573237f6b d8aa464e28440d8d 05d86557e19d926d\"\nPyPI,\"90eaa48808558e8e a80e69abaeb887cb\"\n";
    assert_eq!(codes(text).len(), 5);
    assert_eq!(
        sites(text),
        [Some("GitLab".to_owned()), Some("PyPI".to_owned())]
    );
    let text = "Site | Codes\n---|---\nDiscord | jyphgwq4 | bsp3cw5s | udt2jvvk | vouz58wu\n";
    assert_eq!(codes(text).len(), 4);
    assert_eq!(sites(text), [Some("Discord".to_owned())]);
    // Without a header that speaks of codes, codes of the form the named site gives
    // make the row a list: with an account in brackets or an address in a cell of
    // its own, and in a Markdown table.
    for (text, site, count) in [
        ("Discord | jyphgwq4 | bsp3cw5s | udt2jvvk\n", "Discord", 3),
        (
            "Google | 8885 0158 | 7179 3021 | 8124 3055 | 1657 1263\n",
            "Google",
            4,
        ),
        (
            "GitLab\tanna@example.org\t73443b02fa1ea7d8\t0e5568b036fa29ab\t85e6a68dc75b974d\n",
            "GitLab",
            3,
        ),
        (
            "GitHub (anna) | b54b3-49f8c | ccf1b-a2fc5 | b554c-ee553\n",
            "GitHub",
            3,
        ),
        (
            "| Site | 1 | 2 | 3 |\n|---|---|---|---|\n| GitHub | da855-9b172 | b0bae-e09f7 | 19be3-34044 |\n",
            "GitHub",
            3,
        ),
    ] {
        assert_eq!(codes(text).len(), count, "{text:?}");
        assert_eq!(sites(text), [Some(site.to_owned())], "{text:?}");
    }
    let p = preview_text(
        "GitLab\tanna@example.org\t73443b02fa1ea7d8\t0e5568b036fa29ab\n",
        None,
    )
    .unwrap();
    assert_eq!(p.groups[0].account.as_deref(), Some("anna@example.org"));
    // An address in the brackets of a name.
    let text = "GitLab (me@example.org): 0ac0e21256923e0c, f0471c0ee2ac1e2a, e8014c6cb92bd855";
    assert_eq!(codes(text).len(), 3);
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("GitLab"));
    assert_eq!(p.groups[0].account.as_deref(), Some("me@example.org"));
    // A row whose first cell is not a site, with other words in it, in a table that
    // does not speak of codes or speaks of other codes, is not a list.
    for text in [
        "Codes\nNotes | jyphgwq4 | bsp3cw5s | udt2jvvk\n",
        "Codes\nDiscord | login | hunter22 | bsp3cw5s\n",
        "GitHub | jyphgwq4 | bsp3cw5s | udt2jvvk\n",
        // Microsoft gives one code of this form: a row of them is of product keys.
        "Microsoft | 8LJJ7-916OY-8PQVI-27TCI-QZW9R | SWZIU-BPZJF-TM5SI-18KTI-W3ALF | 9ZDIE-0WHWZ-P5OTC-UOBYU-NLCBR\n",
        "Gift cards\nGoogle | 8885 0158 | 7179 3021 | 8124 3055\n",
        "Amazon\t302-4856392-1938475\t114-4856392-1938475\t113-4856392-1938475\n",
        "Discord | 123456789012345678 | 223456789012345678 | 323456789012345678\n",
        "Store,Gift card codes\nAmazon,AQ7K-PL9XRT-2MZD,B8QW-ZK4LMN-77PA\n",
    ] {
        assert!(codes(text).len() < 3, "{text:?}");
    }
}

#[test]
fn a_list_under_a_heading_of_other_codes_is_not_recovery_codes() {
    for text in [
        "Gift vouchers\n87LB-9IFJ-VOOK\n1GBK-AEA7-YIWA\n",
        "Office licence keys\n\nMJV9E-TWSV2-707Y3-3WF7T-W9SER\nKCF3P-88QWX-3MV2D-PR4XR-B2DFT\n",
        "Promo codes for the shop:\nsave-20off-now4\nfree-ship-2024\n",
        "Steam keys\nF19A1-W9PV0-Y268U-1ES9T-EV94A\n0OWDW-8J4ZT-UEXC6-03627-A13QW\n",
        "Amazonギフト券\nAQ7K-PL9XRT-2MZD\nB8QW-ZK4LMN-77PA\n",
        "Google Playギフトカード\nK7PQ 2MZX 8RLT 4WQA\nZP2K 9QML 7TXA 3KDE\n",
        "Device IDs\nf995 2f80 f668 b2a4 8a9f 8936 12fe 7416\n2927 162d a1de 8520 dad2 efeb b1f2 3d4d\n",
        // A short name that looks like a code does not make the heading a line of
        // codes.
        "SHA-256 checksum of backup.zip:\n3a0f f43a e452 9160 d737 6a01 aeb1 46bb\n8093 6e50 e2a8 3745 f070 2573 dda1 82d7\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
    // A name of other codes must be a whole word of a heading without codes of its own.
    for heading in [
        "GitLab - license server",
        "GitLab (jane@promo-agency.com)",
        "Discount Tire work account - GitHub",
        "Discord — SerialGamer#0420",
        "Netflix gift card 4839-2938-1029 expires 12/25",
    ] {
        let text = format!("{heading}\n87lb-9ifj-vook\n1gbk-aea7-yiwa\n");
        assert_eq!(codes(&text).len(), 2, "{text:?}");
    }
    assert!(codes("Gutscheincodes Weihnachten\nX7KD-99PL-QM2A\nR2D2-LLQ9-ZZ7K\n").is_empty());
    // Words that say they are recovery codes win; a list further down is still read.
    assert_eq!(
        codes("Licence server recovery codes\n87LB-9IFJ-VOOK\n1GBK-AEA7-YIWA\n").len(),
        2
    );
    assert_eq!(
        codes(
            "Gift vouchers\n87LB-9IFJ-VOOK\n1GBK-AEA7-YIWA\n\nGitHub\n5b6b0-016f3\na7f91-1e338\n"
        ),
        ["5b6b0-016f3", "a7f91-1e338"]
    );
}

#[test]
fn japanese_headings_name_their_site_and_long_vowel_marks_are_hyphens() {
    let text = "GitHubのリカバリーコード\nf70aaー80a42\n38cf8ーa7b32\n2c873ー88138\n";
    let p = preview_text(text, None).unwrap();
    let got: Vec<String> = p.codes().map(|c| c.code.to_string()).collect();
    assert_eq!(got, ["f70aa-80a42", "38cf8-a7b32", "2c873-88138"]);
    assert_eq!(p.groups[0].site.as_deref(), Some("GitHub"));
    // A date in brackets after the name is when, not whose.
    let text =
        "GitLabのリカバリーコード（2026年11月26日）\n1. 9209dcb468e07e03\n2. 2fd0db161b56bb9a\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("GitLab"));
    assert_eq!(p.groups[0].account, None);
    // A label list typed with full-width punctuation and no spaces.
    let text = "Google：2351 7191、5774 1330、8305 6195、7171 6540\n";
    assert_eq!(codes(text).len(), 4);
    assert_eq!(sites(text), [Some("Google".to_owned())]);
    // A site's name in katakana or Chinese, inside a longer word.
    for (text, site) in [
        (
            "マイクロソフトアカウント 回復コード：\nＭＪＶ９Ｅ－ＴＷＳＶ２－７０７Ｙ３－３ＷＦ７Ｔ－Ｗ９ＳＥＲ\n",
            "Microsoft",
        ),
        (
            "ギットハブのリカバリーコード（PyPIとは別）\n02920-5cd47\n1c91a-5cebb\n",
            "GitHub",
        ),
        (
            "谷歌备份验证码\n4526 0678\n4841 6342\n8519 7149\n",
            "Google",
        ),
    ] {
        assert_eq!(sites(text), [Some(site.to_owned())], "{text:?}");
    }
}

#[test]
fn fingerprints_and_hex_dumps_are_not_codes() {
    for text in [
        "My GPG keys\nwork:\n6650 D63E 7EB0 952C 35C6  0DD4 BEDC 962D 8465 58B8\nhome:\n213D A35C 45F9 10A6 B631  235A B5E1 96D3 C427 046B\n",
        "Fingerprint: 6650 D63E 7EB0 952C 35C6  0DD4 BEDC 962D 8465 58B8\n",
        "key.bin:\n00000000: e691 2745 2a5d 1965 6823 91bc ff66 b1de  ................\n00000010: 9829 38a0 ebc8 8372 181e 013f 340c 2957  ................\n",
        // `hexdump` and `od -x`: no colon after the offset.
        "hexdump firmware.bin\n0000000 57f8 abe3 ad2f 0392 78af 3714 9def a971\n0000020 bb69 9bf7 efe5 a461 3985 acc5 6eb6 932f\n0000040 c94d c0b8 7d9b f32a 4a81 9ad8 ca15 ee0e\n",
        // Forty hexadecimal digits: a fingerprint or a commit, never a code.
        "pub   ed25519 2023-01-01 [SC]\n      26E2C2E91EC1AD6166F884D22A7705FC8D19441F\nuid   Anna\n",
        "Commits\n3f2a9c41d8e7b6a5f4e3d2c1b0a9988776655443\n9c41d8e7b6a5f4e3d2c1b0a99887766554433f2a\n",
        // Headings of hashes, keys and invoices.
        "SHA-256 (backup.zip)\nf6a4 a3f2 9b42 ab57 1d2d e2b9 1f3f 45c3\ne988 289f b041 1606 9126 530f 0b79 8ead\n",
        "API keys\nfcea2007b5862c3a\n437929ff4bfae57e\n5852ae308c179fdc\n",
        "Invoice\tDate\tAmount\nINV-20240112\t2024-01-12\t49.00\nINV-20240212\t2024-02-12\t49.00\n",
        "京东E卡\nXC91-MLY8-KE46-2IZX\nMIR6-63G6-D8ZW-339A\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
    // A code's groups with two spaces between them are still codes.
    assert_eq!(
        codes("Recovery codes\n1.  4816   2037\n2.  9981   0273\n").len(),
        2
    );
}
