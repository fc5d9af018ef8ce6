//! Unit tests of where one list ends and the next begins, and which site each is
//! filed under, in notes that mix lists with other things: table rows, headings in
//! Japanese or Chinese, headings of other codes, names beside a list.

use super::tests::{codes, sites};
use super::*;

/// The codes of `text` with the site each is filed under.
fn filed(text: &str, file: Option<&str>) -> Vec<(Option<String>, String)> {
    preview_text(text, file)
        .map(|p| {
            p.groups
                .into_iter()
                .flat_map(|g| {
                    let site = g.site;
                    g.codes
                        .into_iter()
                        .map(move |c| (site.clone(), c.code.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_line_that_names_a_list_s_site_beats_other_names_above_it() {
    // A row's own site, under a title that names another.
    let text = "My sites (Apple Notes table)\nGoogle | 8885 0158 | 7179 3021 | 8124 3055\n";
    assert_eq!(sites(text), [Some("Google".to_owned())]);
    // The nearest line that names a site and speaks of codes, under a note that
    // names another.
    let text = "Dropbox is full - upgrade?\n\nGoogle backup codes\n1. 9774 9328\n2. 8151 7501\n";
    assert_eq!(sites(text), [Some("Google".to_owned())]);
    // A list named by an address only keeps the file's site.
    let text = "anna@gmail.com: 5b6b0-016f3, a7f91-1e338, 0c4e2-98d1a\n";
    let p = preview_text(text, Some("github-recovery-codes.txt")).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("GitHub"));
}

#[test]
fn rows_of_a_site_s_form_under_a_header_of_other_columns_are_not_codes() {
    for text in [
        "Platform\tJan\tFeb\tMar\nInstagram\t12034567\t12456789\t12873456\n",
        "Company | Revenue | Profit\nGoogle | 3645 5000 | 1234 5678\n",
        "Service | Started | Renewed\nDropbox | 20230115 | 20240115\n",
        "GitHub | 49152-65535 | 32768-60999 | 10000-20000\n",
        "GitLab | 9355CF308C0757BB | 1F2A3B4C5D6E7F80 | 0A1B2C3D4E5F6071\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
    // Other rows of codes above, or a header of numbers, are no such header.
    let text = "Discord | jyphgwq4 | bsp3cw5s\nGoogle | 8885 0158 | 7179 3021\n";
    assert_eq!(codes(text).len(), 4);
}

#[test]
fn a_heading_of_other_codes_ends_the_list_above_it() {
    let text = "Microsoft recovery code\nMJV9E-TWSV2-707Y3-3WF7T-W9SER\n\nProduct key\nKCF3P-88QWX-3MV2D-PR4XR-B2DFT\n";
    assert_eq!(codes(text), ["MJV9E-TWSV2-707Y3-3WF7T-W9SER"]);
    let text = "微软恢复代码\nN0HUF-1TLCB-L2JCR-5QU3U-GHA2O\n\n激活码\n3ZWXK-8YW99-SD05Y\n";
    assert_eq!(codes(text), ["N0HUF-1TLCB-L2JCR-5QU3U-GHA2O"]);
    // A heading that names a site whose form every code has is that site's list.
    let text = "GitHub 2FA / SSH keys\n5b6b0-016f3\na7f91-1e338\n0c4e2-98d1a\n";
    assert_eq!(codes(text).len(), 3);
}

#[test]
fn site_names_in_japanese_or_chinese_inside_a_list_do_not_start_another() {
    // A note that names another site inside a list is not its heading.
    let text = "Googleのバックアップコード\n3184 1310\n5028 6484\n※アマゾンのパスワードとは別\n6765 8141\n2062 2004\n";
    assert_eq!(sites(text), [Some("Google".to_owned())]);
    // A site's name alone on its line is.
    let text = "グーグル\n2595 3067\n0360 3476\n\nギットハブ\nef8ac-0c012\ne2368-a73e2\n";
    assert_eq!(
        sites(text),
        [Some("Google".to_owned()), Some("GitHub".to_owned())]
    );
}

#[test]
fn names_and_notes_beside_a_list_of_letter_pairs_are_not_codes() {
    // A name above or below the list, in two words of letters alone.
    let text = "Dropbox backup codes\ngwen hale\nfnk6 5ckc\n6zwv i0xy\nw159 u6h6\nsven olaf\n";
    assert_eq!(codes(text), ["fnk6 5ckc", "6zwv i0xy", "w159 u6h6"]);
    // Between codes, a pair that no English word reads like is a code.
    let text = "Dropbox backup codes\nfnk6 5ckc\ncgep gkeh\nw159 u6h6\n";
    assert_eq!(codes(text), ["fnk6 5ckc", "cgep gkeh", "w159 u6h6"]);
}

#[test]
fn pieces_of_hexadecimal_and_dates_before_codes() {
    // Six groups of hexadecimal starting with letters, outside a Tuta list.
    assert!(codes("Firmware header\ncafe babe 0000 0034 0012 0008\n").is_empty());
    // A date before a colon is not a hex dump's offset.
    let text = "Google backup codes\n20250101: 3616 4784\n20250101: 9912 0458\n";
    assert_eq!(codes(text), ["3616 4784", "9912 0458"]);
}

#[test]
fn notes_under_a_heading_beside_a_table_of_other_things_are_not_codes() {
    let text = "Backup codes\n\nTicket\tSummary\nOPS-1234\tPrinter broken\nOPS-1299\tVPN slow\nOPS-1301\tNew laptop\n";
    assert!(codes(text).is_empty());
}

#[test]
fn a_label_list_goes_on_with_codes_of_its_kind() {
    let text = "Google: 3184 1310, 5028 6484,\n67658141, 20622004\n";
    assert_eq!(
        filed(text, None),
        [
            (Some("Google".to_owned()), "3184 1310".to_owned()),
            (Some("Google".to_owned()), "5028 6484".to_owned()),
            (Some("Google".to_owned()), "67658141".to_owned()),
            (Some("Google".to_owned()), "20622004".to_owned()),
        ]
    );
}

#[test]
fn a_name_in_brackets_after_the_site_before_its_codes_is_the_account() {
    for text in [
        "GitHub (anna): 5b6b0-016f3, a7f91-1e338, 0c4e2-98d1a\n",
        "GitHub (anna) | 5b6b0-016f3 | a7f91-1e338 | 0c4e2-98d1a\n",
    ] {
        let p = preview_text(text, None).unwrap();
        assert_eq!(p.groups[0].account.as_deref(), Some("anna"), "{text:?}");
    }
    // Not in a sentence.
    let text = "I use GitHub (anna) for work\n5b6b0-016f3\na7f91-1e338\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].account, None);
}

#[test]
fn a_name_of_several_words_before_its_colon_labels_codes_of_a_site_s_form() {
    // Long words (maybe-codes of letters) and brackets in the name.
    for text in [
        "Work laptop (Edge profile): e6b55-112fc, 6cb83-3d96c, f18b3-7d37a, d2ab0-52ad9\n",
        "Second account of the family: s0gd03f3, j124ofa5, lw0sxmzi, y7mth9qp\n",
        "Laptop: 8b1cf-0a4e2, 77c0d-9e1b3\n",
    ] {
        assert!(codes(text).len() >= 2, "{text:?}");
    }
    // Values of no site's form after a name that is no site's are not codes, nor
    // are names of other codes.
    for text in [
        "Invoices: INV-20240112, INV-20240212\n",
        "Passwords: hunter2024x, dragon99abc, monkey77xyz\n",
        "IBANs: DE89370400440532013000, DE89370400440532013001\n",
        "Tickets: TKT8H2K9Q, TKT9J3L0R, TKT0K4M1S\n",
        "Serial numbers of the routers: ABCD-1234-EFGH, ABCD-1234-EFGI\n",
        "Tracking numbers for both parcels: 1Z999AA10123456784, 1Z999AA10123456785\n",
        "The license keys for Office: VK7JG-NPHTM-C97JM-9MPGT-3V66T, W269N-WFGWX-YVC9B-4J6C9-T83GX\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
    // A site's name makes a short name's list of any form its codes.
    assert_eq!(codes("PyPI: 1a2b3c4d5e6f, 7a8b9c0d1e2f\n").len(), 2);
}

#[test]
fn codes_of_the_file_s_site_beat_a_site_named_whose_form_they_lack() {
    let text = "Xbox account too: 9273 4079, 1489 2727, 8705 8194, 0559 8172\n";
    let p = preview_text(text, Some("Backup-codes-alice.txt")).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("Google"));
    assert_eq!(p.groups[0].codes.len(), 4);
    // Codes of the named site's form stay that site's.
    let text = "PyPI: 6349419f8605026e, 867d3913807047ff, 59b7b9cbff40f056\n";
    let p = preview_text(text, Some("Backup-codes-alice.txt")).unwrap();
    assert_eq!(p.groups[0].site.as_deref(), Some("PyPI"));
}

#[test]
fn a_row_s_account_cell_and_last_note_cell_are_not_codes() {
    let text = "Site\tAccount\tCodes\tNotes\nDropbox\tanna@example.org\ttf0d w19u, nzw5 57af, cvo3 9kyb\tprinted\nGitHub\tanna\t1cc28-261a0, 82afb-c29c1, 6fb93-ba0c1\t\n";
    assert_eq!(
        filed(text, None),
        [
            (Some("Dropbox".to_owned()), "tf0d w19u".to_owned()),
            (Some("Dropbox".to_owned()), "nzw5 57af".to_owned()),
            (Some("Dropbox".to_owned()), "cvo3 9kyb".to_owned()),
            (Some("GitHub".to_owned()), "1cc28-261a0".to_owned()),
            (Some("GitHub".to_owned()), "82afb-c29c1".to_owned()),
            (Some("GitHub".to_owned()), "6fb93-ba0c1".to_owned()),
        ]
    );
    assert_eq!(
        codes("Google | 5706 2808 | 8604 8006 | 8786 9246 | main phone\n"),
        ["5706 2808", "8604 8006", "8786 9246"]
    );
    // A last cell of the codes' own shape is a code: no note.
    assert_eq!(
        codes("Discord\t3ebfpsse\t3243fnjz\tkb93cxb6\tb83mlogz\n").len(),
        4
    );
    // A code per row: one list per site.
    let text = "Site | Code\nGitHub | a739b-178b9\nGitHub | cfc62-87ea3\nGitLab | 5e4377a347712291\nGitLab | 105cd76bbdfe806f\n";
    assert_eq!(
        sites(text),
        [Some("GitHub".to_owned()), Some("GitLab".to_owned())]
    );
    assert_eq!(codes(text).len(), 4);
    // One number per row is no code: ports, years.
    for text in [
        "GitHub | 49152-65535\nGitHub | 20000-30000\n",
        "Google | 2024 2025\nGoogle | 2025 2026\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
    // A name and an account in a row of no codes.
    for text in [
        "Discord\tanna\tmember since 2019\n",
        "GitHub\tanna\n",
        "notes | x\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
}

#[test]
fn long_words_beside_codes_in_a_table_of_codes_are_notes() {
    let text = "Google backup codes\n\n| Code | Note |\n|---|---|\n| 2725 3201 | used at airport |\n| 8684 4782 | printed |\n| 3359 6019 | kitchen drawer |\n| 5743 6436 | |\n";
    let p = preview_text(text, None).unwrap();
    let got: Vec<(&str, bool)> = p.groups[0]
        .codes
        .iter()
        .map(|c| (c.code.as_str(), c.used))
        .collect();
    assert_eq!(
        got,
        [
            ("2725 3201", true),
            ("8684 4782", false),
            ("3359 6019", false),
            ("5743 6436", false)
        ]
    );
    // Barcodes under a heading that speaks of backups are no codes.
    let text = "Backup tapes (barcodes)\n\nBarcode\tContents\nA00123L8\tJanuary full backup\nA00124L8\tFebruary full backup\nA00125L8\tMarch incremental\n";
    assert!(matches!(
        preview_text(text, None),
        Err(ImportError::NoCodes)
    ));
}

#[test]
fn short_forms_of_words_between_a_list_s_codes_are_not_codes() {
    let text = "Dropbox\nwork acct\nkj9g 8xvu\ns825 f098\n8isq ig4h\nhome acct\n43ox uy5z\n5nlj rn6b\n0r8x h4fd\nwifi pswd\n";
    assert_eq!(
        codes(text),
        [
            "kj9g 8xvu",
            "s825 f098",
            "8isq ig4h",
            "43ox uy5z",
            "5nlj rn6b",
            "0r8x h4fd"
        ]
    );
}

#[test]
fn a_site_s_name_before_one_code_of_its_form_files_the_code() {
    for (text, site) in [
        ("Microsoft: 5JYV8-5ZT23-9SESV-3W4QN-73SKR\n", "Microsoft"),
        ("微软：5JYV8-5ZT23-9SESV-3W4QN-73SKR\n", "Microsoft"),
        (
            "Microsoft account: 5JYV8-5ZT23-9SESV-3W4QN-73SKR\n",
            "Microsoft",
        ),
    ] {
        assert_eq!(sites(text), [Some(site.to_owned())], "{text:?}");
        assert_eq!(codes(text).len(), 1, "{text:?}");
    }
    // Product keys, game codes and values of other forms.
    for text in [
        "Microsoft Office: VK7JG-NPHTM-C97JM-9MPGT-3V66T\n",
        "Xbox: VK7JG-NPHTM-C97JM-9MPGT-3V66T\n",
        "Office: VK7JG-NPHTM-C97JM-9MPGT-3V66T\n",
        "Microsoft: hunter2024\n",
        // Digits alone may be a phone number.
        "Support numbers (SG)\nGoogle: 6465 3560\n",
    ] {
        assert!(
            matches!(preview_text(text, None), Err(ImportError::NoCodes)),
            "{text:?}"
        );
    }
}

/// The codes of `text` and whether each is marked used.
fn used(text: &str) -> Vec<(String, bool)> {
    preview_text(text, None)
        .map(|p| {
            p.groups
                .iter()
                .flat_map(|g| &g.codes)
                .map(|c| (c.code.to_string(), c.used))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn used_marks_in_the_notes_beside_codes() {
    // A Japanese table: a word for codes above it, "used" in Japanese.
    let text = "Googleのバックアップコード\n\n| コード | メモ |\n|---|---|\n| 5427 7360 | 使用済み |\n| 0719 3249 | |\n| 4262 1990 | 未使用 |\n";
    assert_eq!(
        used(text),
        [
            ("5427 7360".to_owned(), true),
            ("0719 3249".to_owned(), false),
            ("4262 1990".to_owned(), false)
        ]
    );
    // A marker before a month.
    let text = "Discord backup codes\tnote\ncd34-yr9z\tdone\n3p4i-7ik7\t\nnx26-ysi1\tdone 2024-06\nwa1p-02kt\t\n";
    assert_eq!(
        used(text).iter().map(|(_, u)| *u).collect::<Vec<_>>(),
        [true, false, true, false]
    );
}

#[test]
fn a_list_goes_to_the_site_named_whose_form_its_codes_have() {
    for text in [
        "Note: heard about this on Discord. Below are the GitHub recovery codes\n088dc-521d5\n05527-8fc83\ncb4a7-96517\n5e4f8-4dd45\n",
        "メモ：Discordで聞いた話。以下はGitHubのリカバリーコード\n08026-42c81\n34463-73968\ncded2-5b50e\n52726-f697d\n",
    ] {
        assert_eq!(sites(text), [Some("GitHub".to_owned())], "{text:?}");
    }
    // A site without a form of its own keeps its list.
    let text = "npm recovery codes (stored like my GitLab ones)\n\te8165b3b3e748a8a\n\t99ead0e8ac49f7f7\n\tb30d812141a798c3\n";
    assert_eq!(sites(text), [Some("npm".to_owned())]);
}

#[test]
fn lists_after_names_one_line_after_another_are_under_the_heading_above() {
    for text in [
        "PyPI recovery codes\nOld phone: ec86c543fe3be147, 296b95614501780a, d858e27e35665d80\nNew phone: b9a41b9f23a6c47a, 52d11944f47cff0d, a4b2a8bb1cfd9a87\n",
        "GitLab recovery codes\nLaptop: f6f23bd61ac566b2; ef54e885baa5cc2d\nPhone: 75dc3cb6d8ddab2c; b5a2e48c7808fc45\nTablet: 1a2b3c4d5e6f7a8b; 9c0d1e2f3a4b5c6d\n",
    ] {
        let sites = sites(text);
        assert!(sites.len() >= 2, "{text:?}");
        assert!(
            sites.iter().all(|s| s == &sites[0] && s.is_some()),
            "{text:?}"
        );
    }
    // A blank line between them ends what the heading names.
    let text = "PyPI recovery codes\nOld phone: ec86c543fe3be147, 296b95614501780a\n\nNew phone: b9a41b9f23a6c47a, 52d11944f47cff0d\n";
    assert_eq!(sites(text), [Some("PyPI".to_owned()), None]);
}

#[test]
fn a_remark_between_a_list_s_codes_is_no_heading_of_other_codes() {
    let text = "GitHub recovery codes\n3f2a9-c41d8\n8e7b6-a5f4e\n(API keys are in Vault, not here)\nd2c1b-0a998\n87766-55443\n";
    assert_eq!(codes(text).len(), 4);
    // A short heading of them is one.
    let text = "GitHub recovery codes\n3f2a9-c41d8\n8e7b6-a5f4e\n\nAPI keys\nfcea2007b5862c3a\n437929ff4bfae57e\n5852ae308c179fdc\n";
    assert_eq!(codes(text).len(), 2);
}

#[test]
fn a_later_list_goes_to_the_file_s_site_when_the_site_named_gives_other_forms() {
    let text =
        "1. 9273 4079\n2. 1489 2727\nXbox account too:\n3. 8705 8194\n4. 0559 8172\n5. 3753 7248\n";
    let p = preview_text(text, Some("Backup-codes-alice.txt")).unwrap();
    let sites: Vec<Option<&str>> = p.groups.iter().map(|g| g.site.as_deref()).collect();
    assert!(sites.iter().all(|s| *s == Some("Google")), "{sites:?}");
}

#[test]
fn a_code_is_never_its_list_s_account_and_a_bullet_may_come_before_the_name() {
    for text in [
        "Microsoft account: 03HGK-EE100-2SVOH-P39KA-09GME\n",
        "- Microsoft account: 03HGK-EE100-2SVOH-P39KA-09GME\n",
        "* Microsoft: 03HGK-EE100-2SVOH-P39KA-09GME\n",
    ] {
        let p = preview_text(text, None).unwrap_or_else(|_| panic!("{text:?}"));
        assert_eq!(p.groups.len(), 1, "{text:?}");
        let group = &p.groups[0];
        assert_eq!(group.site.as_deref(), Some("Microsoft"), "{text:?}");
        assert_eq!(group.account, None, "{text:?}");
    }
    // The word after "account:" that is no code of the list stays its account.
    let text = "GitHub account: anna_k\n3f2a9-c41d8\n8e7b6-a5f4e\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].account.as_deref(), Some("anna_k"));
}

#[test]
fn labels_that_name_other_codes_and_the_end_of_a_dump_give_no_codes() {
    for text in [
        "Flat stuff\nWifi passwords: jirbdy65, ib9rwl2k, 2a8icv03\nBins go out Tuesday\n",
        "House\nGate codes: 8586 3457, 7450 8963, 9355 9496\nAlarm: call ADT first\n",
        "Deals\nPromo codes (Uber Eats): tg3odbqq, 8anhqm1a, 4mpr17pu, hp5oys1y\n",
        "od -x of the broken file:\n0000000 aa2e 06ba 464d 19af d3fb 291f eacb 854e\n0000020 87b3 1c74 1a3f e083 1116 1498 4fd6 58cb\n0000040\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
    // A short note of Wi-Fi between a list's codes ends nothing.
    let text = "Dropbox backup codes\njd61 678m\nz86j 50uq\nguest wifi\n3ybo 80w2\n32ov z40p\n";
    assert_eq!(codes(text).len(), 4);
    // After the dump, the codes below it are found.
    let text = "od -x of the broken file:\n0000000 aa2e 06ba 464d 19af d3fb 291f eacb 854e\n0000020\n\nDropbox backup codes\nnq5r 3ozw\n6tab gv5q\n88df r90g\n";
    assert_eq!(codes(text), ["nq5r 3ozw", "6tab gv5q", "88df r90g"]);
}

#[test]
fn a_spreadsheet_s_header_names_each_row_s_site_account_codes_and_used_mark() {
    let text = "Site\tAccount\tRecovery phone\tBackup codes\n\
                Google\talice\t+65 9054 7081\t8277 1614\t0072 7853\t2655 0006\n\
                \tbob\t+65 8123 4410\t7058 1270\t5444 9931\t7849 5664\n\
                Discord\tanna2792\t\tpn91h09m\t3alpiwrc\t5932u18o\n";
    let p = preview_text(text, None).unwrap();
    let lists: Vec<(Option<&str>, Option<&str>, usize)> = p
        .groups
        .iter()
        .map(|g| (g.site.as_deref(), g.account.as_deref(), g.codes.len()))
        .collect();
    assert_eq!(
        lists,
        [
            (Some("Google"), Some("alice"), 3),
            (Some("Google"), Some("bob"), 3),
            (Some("Discord"), Some("anna2792"), 3),
        ]
    );
    // The phone's digits and the account are no codes; each code keeps its row's line.
    assert!(
        p.codes()
            .all(|c| !c.code.contains("9054") && *c.code != "anna2792")
    );
    assert_eq!(p.groups[1].codes[0].line, 3);
    assert_eq!(p.groups[0].found.rule, Rule::TableColumns);
    // A code a row per line, a "used" column and a note that says "done".
    let text = "| Site | Backup code | Used | Note |\n|---|---|---|---|\n\
                | Google | 3724 7552 | yes | |\n| Google | 0499 1551 | | |\n\
                | Google | 8418 9690 | | done 2024-06 |\n| Google | 8418 9690 | | |\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups.len(), 1);
    let used: Vec<bool> = p.groups[0].codes.iter().map(|c| c.used).collect();
    assert_eq!(used, [true, false, true]);
    // The same code twice is kept once, and told.
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("line 6: the same code as on line 5"))
    );
    // A value in the codes' column that is no code is left out, and told.
    let text = "Site,Backup codes\nGitHub,\"3f2a9-c41d8, 8e7b6-a5f4e\"\nGitHub,n/a\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.codes().count(), 2);
    assert!(p.warnings.iter().any(|w| w.starts_with("line 3:")));
}

#[test]
fn a_table_of_plain_code_columns_or_of_prose_is_no_table_of_recovery_codes() {
    for text in [
        // `Code` alone, and rows that name no site whose form the codes have.
        "Name,Code\nAlice Smith,1431 2605\nBob Jones,9540 9366\n",
        "Title,Code\nIntro to Rust,CS1010-A\nAlgorithms,CS2040-B\n",
        "Platform,Game,Code\nXbox,Halo Infinite,URHO1-7M9IL-7G738-2YQP7-8J5Z5\nXbox,Forza Horizon 5,PZTGY-E3K6F-3DBOR-51XEG-BHEC6\n",
        // Prose where the codes should be, with a digit or not.
        "Site,Account,Backup codes\nGitHub,alice,in the safe\nDiscord,alice,see 1Password\nDropbox,al,box 12 in attic\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
    // `Code` alone under a site's column whose form every code has.
    let text = "Site,Code\nGitHub,3f2a9-c41d8\nGitHub,8e7b6-a5f4e\n";
    assert_eq!(codes(text), ["3f2a9-c41d8", "8e7b6-a5f4e"]);
    // Two of Google's codes in one cell, parted by a space.
    let text = "App,User,Backup codes\nGoogle,lee@gmail.com,7137 4132 0335 8547\n";
    assert_eq!(codes(text), ["7137 4132", "0335 8547"]);
}

#[test]
fn after_a_site_s_name_and_account_one_word_is_the_account_and_a_code_starts_the_list() {
    // A name of one word after "Discord account:" is the account, not a code.
    let mut text = String::from("Discord account: s7wfimdm\n");
    for code in ["49c37hly", "ldh3mytd", "l2y5otgs", "7xdrgcy1"] {
        text.push_str(code);
        text.push('\n');
    }
    let p = preview_text(&text, None).unwrap();
    assert_eq!(p.groups.len(), 1);
    assert_eq!(p.groups[0].site.as_deref(), Some("Discord"));
    assert_eq!(p.groups[0].account.as_deref(), Some("s7wfimdm"));
    assert_eq!(p.codes().count(), 4);
    // A code of groups after "GitHub account:" starts the list below it, and is
    // no account; nor is a group of a code (`790f`).
    for text in [
        "GitHub account: 5d3a1-b8e1d\nd85ed-9c2f8\n0c4e2-98d1a\n",
        "Dropbox account: 790f 7puv\n84mn o1vz\n6cx9 s1tz\n",
    ] {
        let p = preview_text(text, None).unwrap();
        assert_eq!(p.groups.len(), 1, "{text:?}");
        assert_eq!(p.groups[0].codes.len(), 3, "{text:?}");
        assert!(p.groups[0].site.is_some(), "{text:?}");
        assert_eq!(p.groups[0].account, None, "{text:?}");
    }
    // A list number before the name, an account in brackets after it.
    let text = "1. Microsoft account: 69849-JGQ47-S5QSV-7ZDU7-DOH5M\n\n2. Microsoft (work): M3CHH-39OX2-X72Z1-3IQW6-CJ7ON\n";
    let p = preview_text(text, None).unwrap();
    let lists: Vec<(Option<&str>, Option<&str>)> = p
        .groups
        .iter()
        .map(|g| (g.site.as_deref(), g.account.as_deref()))
        .collect();
    assert_eq!(
        lists,
        [(Some("Microsoft"), None), (Some("Microsoft"), Some("work"))]
    );
    // "account" and a word in brackets; a task's box, ticked or not.
    for text in [
        "Microsoft account (work): V54F2-7U7GD-OYRKN-NYJGN-UYE4U\n",
        "- [x] Microsoft: P1MIX-ML2SD-T8VMO-CZZXA-CHMQK\n",
        "- [ ] Microsoft (kids): 5J6NY-ECCG2-J6Q12-6S27N-9L1BX\n",
    ] {
        let p = preview_text(text, None).unwrap_or_else(|_| panic!("{text:?}"));
        assert_eq!(p.groups[0].site.as_deref(), Some("Microsoft"), "{text:?}");
        let ticked = text.contains("[x]");
        assert_eq!(p.groups[0].codes[0].used, ticked, "{text:?}");
    }
}

#[test]
fn digits_after_a_site_s_name_start_the_list_below_them() {
    // The first of Google's codes after its name, the rest on lines of their own.
    for text in [
        "Google: 3630 0251\n5370 4778\n8605 5466\n5550 1311\n",
        "Google account: 5698 8863\n7867 8139\n1493 5206\n8060 1288\n",
        "- Google: 3630 0251\n5370 4778\n8605 5466\n5550 1311\n",
    ] {
        let p = preview_text(text, None).unwrap_or_else(|_| panic!("{text:?}"));
        assert_eq!(p.groups.len(), 1, "{text:?}");
        assert_eq!(p.groups[0].site.as_deref(), Some("Google"), "{text:?}");
        assert_eq!(p.groups[0].codes.len(), 4, "{text:?}");
        assert_eq!(p.groups[0].codes[0].line, 1, "{text:?}");
    }
    // A blank line between; a mark after the first code, which is no account.
    let text = "Google account: 9650 1632\n\n4072 8658\n1773 6893\n7447 0993\n";
    assert_eq!(codes(text).len(), 4);
    for note in ["(spare)", "(printed)"] {
        let text = format!("- Google: 4821 0033 {note}\n- 1111 2222\n- 3333 4444\n- 5555 6666\n");
        let p = preview_text(&text, None).unwrap();
        assert_eq!(p.groups[0].codes.len(), 4, "{text:?}");
        assert!(!p.groups[0].codes[0].used, "{text:?}");
        assert_eq!(p.groups[0].account, None, "{text:?}");
    }
    let text = "Google: 8023 8192 (used)\n2475 2960\n9570 6646\n2279 6516\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.groups[0].codes.len(), 4);
    assert!(p.groups[0].codes[0].used);
    assert!(!p.groups[0].codes[1].used);
    assert_eq!(p.groups[0].account, None);
    // Alone, above codes of another shape, above one or two more numbers (a list of
    // phone numbers), or above a whole set of Google's ten codes, they may be a
    // phone number.
    assert!(codes("Google: 6465 3560\n").is_empty());
    let text = "- Mom: 0171 555 0101\n- Google: 6502 5300\n- 6502 5301\n- Dentist: 2125 5501\n";
    assert!(!codes(text).contains(&"6502 5300".to_owned()));
    let ten = "2538 1909\n1731 5143\n6908 6664\n5390 9217\n9239 0344\n\
               2439 7176\n5464 1962\n7850 1546\n6634 1509\n8374 6368\n";
    let text = format!("Google: 6465 3560\n{ten}");
    assert_eq!(codes(&text).len(), 10);
    assert!(!codes(&text).contains(&"6465 3560".to_owned()));
    let text =
        "Google: 6465 3560\n\nGitHub recovery codes\n5b6b0-016f3\na7f91-1e338\n0c4e2-98d1a\n";
    assert_eq!(codes(text).len(), 3);
    // Not after a name that is no site's (a card's number).
    let text = "Kreditkarte: 4929 1234\n5370 4778\n8605 5466\n5550 1311\n";
    assert!(!codes(text).contains(&"4929 1234".to_owned()));
}

#[test]
fn a_label_of_other_codes_before_one_code_and_the_end_of_a_dump_are_no_codes() {
    for text in [
        "Locker code: 3qcrw7d2\n",
        "Door code: ig3zl6bh\n",
        "od -x of the file:\n0000000 aa2e 06ba 464d 19af d3fb 291f eacb 854e\n0000020 214a cb8c\n0000024\n",
        "hexdump -C notes.bin\n00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 31 32 33  |Hello, world.123|\n0000003a\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
    // Dates and numbers before a colon are no dump.
    let text = "GitLab recovery codes\n00000001: 19eba226f12a6733\n00000002: 24b65a1a0dbc7501\n";
    assert_eq!(codes(text).len(), 2);
}

#[test]
fn cells_of_several_lines_under_a_header_of_other_codes_give_no_codes() {
    for text in [
        "Device,Serial numbers,Location\nSwitch rack A,\"2bc38b0dd3604f1d\n5080490c0c35a04d\n\
         499ab5a858f6c234\",Basement\n",
        "Product,License keys,Seats\nOffice 2021,\"ANLX3-4HHTI-XMV4W-946FK-15VUR\n\
         J6501-XYZZQ-WXN91-WCSD3-DFA9X\",3\nWindows 11 Pro,\"ATMAD-6WING-C7YQ6-ZW6BM-ZP04W\n\
         87O12-CDD6S-P26AR-FL1ZQ-FS89G\",2\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
}

#[test]
fn dumps_of_single_bytes_and_plain_hex_give_no_codes() {
    for text in [
        // `xxd -p`: 60 digits a line, and a shorter last line.
        "4769744c6162207265636f7665727920636f6465730a6630343130393866\n\
         64343431373936620a353036653835666133613134376239340a38336263\n\
         35393133343463633233300a\n",
        // `hexdump -C` with a line of zero bytes and `*` for repeated lines.
        "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n\
         00000040  44 69 73 63 6f 72 64 20  62 61 63 6b 75 70 20 63  |Discord backup c|\n\
         00000050  36 61 74 0a                                       |6at.|\n00000054\n",
        // `od -A x -t x1z`: offsets of six digits, characters between `>` and `<`.
        "000000 47 69 74 4c 61 62 20 72 65 63 6f 76 65 72 79 20  >GitLab recovery <\n\
         000010 63 6f 64 65 73 0a 66 30 34 31 30 39 38 66 64 34  >codes.f041098fd4<\n\
         000020 33 0a                                            >3.<\n0000c0\n",
        // `od -c`: a line break written `\n` leaves the line whole.
        "0000000   G   i   t   H   u   b       r   e   c   o   v   e   r   y    \n\
         0000040   2  \\n   7   a   2   6   7   -   5   2   9   0   e  \\n   5   8\n\
         0000060   1   5   a   -   a   b   c   d   c  \\n\n0000072\n",
    ] {
        assert!(codes(text).is_empty(), "{text:?}");
    }
    // GitLab's codes of 16 digits, and a list under a line of 60 that is no dump's.
    let text = "GitLab recovery codes\nf041098fd441796b\n506e85fa3a147b94\n83bcc512ca158f1e\n";
    assert_eq!(codes(text).len(), 3);
}

#[test]
fn a_spreadsheet_s_sites_accounts_and_used_marks_as_people_write_them() {
    let lists = |text: &str| -> Vec<(Option<String>, Option<String>, usize, usize)> {
        preview_text(text, None)
            .map(|p| {
                p.groups
                    .into_iter()
                    .map(|g| {
                        let used = g.codes.iter().filter(|c| c.used).count();
                        (g.site, g.account, g.codes.len(), used)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let list = |site: &str, account: Option<&str>, codes: usize, used: usize| {
        (
            Some(site.to_owned()),
            account.map(str::to_owned),
            codes,
            used,
        )
    };
    // A column of sites under a header of no site's column; `Google (work)`.
    let text =
        "Domain;Login;Recovery codes\ngithub.com;anna;3f2a9-c41d8\nGoogle (work);;1234 5678\n";
    assert_eq!(
        lists(text),
        [
            list("GitHub", Some("anna"), 1, 0),
            list("Google", Some("work"), 1, 0)
        ]
    );
    // A title names the site of rows without one; merged account cells.
    let text = "## Google\n\n| Account | Backup code |\n|---|---|\n| hd@gmail.com | 1234 5678 |\n|  | 2345 6789 |\n";
    assert_eq!(lists(text), [list("Google", Some("hd@gmail.com"), 2, 0)]);
    // `yes` in another column says something else; `WAHR` in a Used column, a
    // date in a "Date used" one, and a note after the code in its cell mark it.
    let text = "Site,Backup code,Printed,Used,Date used\n\
                GitHub,3f2a9-c41d8,yes,,\n\
                GitHub,8e7b6-a5f4e,yes,WAHR,\n\
                GitHub,d2c1b-0a998,,,2026-01-02\n\
                GitHub,87766-55443 (used on the new laptop),,,never\n\
                GitHub,=\"0a1b2-c3d4e\",,,n/a\n";
    assert_eq!(lists(text), [list("GitHub", None, 5, 3)]);
    // Italian header, codes parted by ` / `.
    let text = "Servizio\tCodice di backup\nDiscord\tjyphgwq4 / bsp3cw5s\n";
    assert_eq!(lists(text), [list("Discord", None, 2, 0)]);
}

#[test]
fn a_long_hexadecimal_code_after_gitlab_account_starts_its_list_and_a_number_is_no_account() {
    let text = "GitLab account: 19eba226f12a6733\n24b65a1a0dbc7501\n52d26e8809124d25\n";
    let p = preview_text(text, None).unwrap();
    assert_eq!(p.codes().count(), 3);
    assert_eq!(p.groups[0].account, None);
    let text = "Google account: 1234 5678\nBackup codes\n2345 6789\n3456 7890\n";
    let p = preview_text(text, None).unwrap();
    assert!(p.groups.iter().all(|g| g.account.is_none()));
}
