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
