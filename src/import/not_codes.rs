//! What looks like codes but is not: lines of a hex dump (`od`, `hexdump`, `xxd`)
//! and a key's fingerprint, and lists under a heading or label that names codes of
//! another kind (gift vouchers, licence keys, promo, gate or Wi-Fi codes), in
//! English, German, French, Spanish, Japanese and Chinese ([`OTHER_CODES`],
//! [`OTHER_CODES_CJK`]), unless a word beside them says they are recovery codes.

use super::scan::{ScannedLine, Word};
use super::{says_codes_in, sites};

/// Whether `line` goes on a hex dump: it starts with an offset (six to eight
/// hexadecimal digits) as the line above does, which holds more after its offset
/// (`od`, `hexdump` and `xxd` lines): the dump's last, short line
/// (`0000140 214a cb8c`) and the offset alone that ends it (`0000100`, `0000056`,
/// `0000c0`, the length, as `od` and `hexdump` print it); or the last, shorter
/// line of `xxd -p` under one of its 60 digits.
pub(super) fn end_of_dump(line: &ScannedLine<'_>) -> bool {
    // The last, shorter line of `xxd -p` (60 digits a line, in lower case).
    let plain = |t: &str| t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let text = line.text().trim();
    if text.len() < 60
        && text.len().is_multiple_of(2)
        && line.lines_before().next().is_some_and(|above| {
            let above = above.text().trim();
            above.len() == 60 && plain(above)
        })
        && plain(text)
    {
        return true;
    }
    // Read as bytes: most lines are turned away by their first few.
    let offset = |text: &str| {
        let bytes = text.as_bytes().trim_ascii_start();
        let digits = bytes.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        (matches!(digits, 6..=8)
            && bytes
                .get(digits)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b':'))
        .then_some(digits)
    };
    let Some(len) = offset(line.text()) else {
        return false;
    };
    // The line above is a dump's: `od -x`, `xxd`, `hexdump` (groups of four), or
    // `od -c`, `hexdump -C` (bytes and characters of three letters at most) after
    // an offset that is a multiple of 16 (not `20250101: …`, `00000001: …`).
    let dump = |text: &str| {
        let mut words = text.split_whitespace();
        let small = words
            .next()
            .is_some_and(|o| o.trim_end_matches(':').ends_with('0'))
            && words.clone().count() >= 4
            // (`hexdump -C` ends with the characters between bars.)
            && words
                .take_while(|w| !w.starts_with(['|', '>']))
                .all(|w| w.chars().count() <= 3);
        offset(text) == Some(len) && (dump_or_fingerprint(text) || small)
    };
    // The line above, or the one above a short last line (`0000020 214a cb8c`
    // before `0000024`).
    let mut above = line.lines_before().map(|l| l.text());
    match above.next() {
        Some(text) if dump(text) => true,
        Some(text) if offset(text) == Some(len) => above.next().is_some_and(dump),
        _ => false,
    }
}

/// Whether `text` is a PGP key's fingerprint (`6650 D63E … 35C6  0DD4 … 58B8`:
/// ten groups of four hexadecimal digits, two spaces after the fifth, as
/// `gpg --fingerprint` prints it, perhaps after a label) or a line of a hex dump
/// (`00000010: 9829 38a0 …`, as `xxd` prints it, `0000020 bb69 9bf7 …` as
/// `hexdump` and `od -x` do, a dump of single bytes or characters
/// ([`byte_dump_line`]), or a line of `xxd -p`: 60 hexadecimal digits): not codes.
pub(super) fn dump_or_fingerprint(text: &str) -> bool {
    let bytes = text.as_bytes().trim_ascii();
    // Most lines are shorter than a dump's offset and first group.
    if bytes.len() < 14 {
        return false;
    }
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    // `xxd -p` writes 30 bytes a line, in lower case: no site's code is that long.
    if bytes.len() == 60 && bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return true;
    }
    if byte_dump_line(bytes) {
        return true;
    }
    // A dump's line starts with its offset (seven or eight digits, a multiple of 16:
    // not a date, `20250101: …`) and four groups at least; `xxd` writes a colon
    // after it, `hexdump` and `od -x` write seven digits and no colon.
    for (len, colon) in [(7, true), (8, true), (7, false)] {
        let after = if colon { Some(&b':') } else { Some(&b' ') };
        if bytes.get(len) == after
            && hex(&bytes[..len])
            && bytes[len - 1] == b'0'
            && bytes.get(len + usize::from(colon)..).is_some_and(|rest| {
                rest.chunks(5)
                    .take(4)
                    .filter(|g| g.len() >= 5 && g[0] == b' ' && hex(&g[1..]))
                    .count()
                    == 4
            })
        {
            return true;
        }
    }
    // The fingerprint ends the line: five groups, two spaces, five groups (50 bytes).
    let Some(start) = bytes.len().checked_sub(FINGERPRINT.len()) else {
        return false;
    };
    let (before, print) = bytes.split_at(start);
    let fits = print.iter().zip(FINGERPRINT).all(|(&b, &f)| match f {
        b'x' => b.is_ascii_hexdigit(),
        _ => b == b' ',
    });
    // Nothing before it, or a label: not more groups of a longer code.
    let label = before.trim_ascii_end();
    let group_before = label.len() >= 4
        && hex(&label[label.len() - 4..])
        && (label.len() == 4 || label[label.len() - 5] == b' ');
    fits && (before.is_empty() || (before.ends_with(b" ") && !group_before))
}

/// Whether `line` is a line of a dump of single bytes or characters: an offset (six
/// to eight hexadecimal or octal digits, a multiple of 16: it ends in 0), perhaps
/// with a colon, then eight words or more of three characters at most before the
/// column of characters (`|…|`, `>…<`): `hexdump -C`, `od -A x -t x1z`, `xxd -g1`,
/// `od -c`.
pub(super) fn byte_dump_line(line: &[u8]) -> bool {
    // (An offset and eight words with spaces between: 22 bytes at least.)
    if line.len() < 22 {
        return false;
    }
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if !(6..=8).contains(&digits) || line[digits - 1] != b'0' {
        return false;
    }
    let rest = line[digits..].strip_prefix(b":").unwrap_or(&line[digits..]);
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return false;
    }
    let words = rest
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.starts_with(b"|") && !w.starts_with(b">"));
    let mut count = 0;
    for word in words {
        // Three characters at most (a byte's two digits, `\n`, `nul`, `G`).
        if std::str::from_utf8(word).map_or(true, |w| w.chars().count() > 3) {
            return false;
        }
        count += 1;
    }
    count >= 8
}

/// Where a PGP key's fingerprint has hexadecimal digits (`x`) and spaces.
const FINGERPRINT: &[u8] = b"xxxx xxxx xxxx xxxx xxxx  xxxx xxxx xxxx xxxx xxxx";

/// Whether the last line that is not blank in `before` (the lines between a list
/// and the list before it) names codes that are not recovery codes, and no word on
/// it says they are: "Gift vouchers", "Office licence keys", "Promo codes:". The
/// names are whole words (`license server`, `promoted` and `SerialGamer` name
/// nothing), and a line with a code of its own is not a heading. A heading that
/// names a site whose form every one of `codes` has is that site's list.
pub(super) fn heading_names_other_codes(
    before: &[ScannedLine<'_>],
    codes: &[super::extract::Taken<'_>],
) -> bool {
    let Some(heading) = before.iter().rev().find(|l| !l.words().is_empty()) else {
        return false;
    };
    // A heading holds no code itself (a line `Netflix gift card 4839-…` is one of a
    // list); a short name that looks like one is not (`SHA-256 checksums`).
    let holds_code = |k: u32| {
        let code = heading.code(k);
        code.strong && code.text.bytes().filter(u8::is_ascii_alphanumeric).count() >= 8
    };
    // A site named on it whose form every code has (`GitHub 2FA / SSH keys`).
    let site_s_codes = || {
        let several = codes.len() > 1;
        sites::from_text(heading.text()).is_some_and(|site| {
            codes
                .iter()
                .all(|(c, ..)| sites::own_form(site, c.shape.groups(), c.chars, several).is_some())
        })
    };
    if sheet_of_other_codes(heading) {
        return true;
    }
    heads_other_codes(heading.text())
        && !heading
            .words()
            .iter()
            .any(|w| matches!(w, Word::Code(k) if holds_code(*k)))
        && !site_s_codes()
}

/// Whether `row` opens a spreadsheet's cell of several lines (the list below it is
/// that cell's lines) in a table whose header, the first line of its block, names
/// codes of another kind (`Device,Serial numbers,Location`, `Product,License keys`).
fn sheet_of_other_codes(row: &ScannedLine<'_>) -> bool {
    if !row.text().contains('"') || !super::tables::ends_in_cell(row.text(), false) {
        return false;
    }
    row.lines_before()
        .take(super::tables::CELL_LINES)
        .take_while(|l| !l.words().is_empty())
        .last()
        .is_some_and(|top| names_other_codes(top.text()))
}

/// Whether `text` is a heading of codes of another kind ([`names_other_codes`]): a
/// few words, not a remark in brackets or a sentence between a list's codes
/// (`(API keys are in Vault, not here)`).
pub(super) fn heads_other_codes(text: &str) -> bool {
    let text = text.trim();
    !text.starts_with('(') && text.split_whitespace().nth(5).is_none() && names_other_codes(text)
}

/// Whether `text` (a heading, a table's header) names codes of another kind than
/// recovery codes ([`OTHER_CODES`], whole words) and no word on it says they are
/// recovery codes.
pub(super) fn names_other_codes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let letter = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
    // Compared in place at the start of each word (in any case): a heading may be
    // a line of codes, of which no copy is made.
    let names_other = text.len() <= 80
        && (0..bytes.len()).any(|i| {
            let (from, to) = OTHER_BY_FIRST
                .get(usize::from(bytes[i] | 0x20))
                .copied()
                .unwrap_or_default();
            // The second letter turns most words away before any comparison.
            let second = bytes.get(i + 1).map_or(0, |b| b | 0x20);
            from < to
                && (i == 0 || !letter(i - 1))
                && OTHER_SECOND[usize::from(bytes[i] | 0x20) & 127] & second_bit(second) != 0
                && OTHER_CODES[from..to].iter().any(|w| {
                    let end = i + w.len();
                    bytes
                            .get(i..end)
                            .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
                        // The word, or its plural (`vouchers`, `Gutscheine`), ends there.
                        && ["", "s", "es", "e"].iter().any(|plural| {
                            bytes
                                .get(end..end + plural.len())
                                .is_some_and(|b| b.eq_ignore_ascii_case(plural.as_bytes()))
                                && !letter(end + plural.len())
                        })
                })
        });
    // Japanese and Chinese write their words without spaces between them.
    let names_other = names_other
        || (!text.is_ascii()
            && text.len() <= 120
            && sites::find_cjk(text, OTHER_CODES_CJK, |name| name).is_some());
    names_other && !says_codes_in(text)
}

/// Names of codes of other kinds than recovery codes, lower-case, in order (those
/// with one first letter together: [`OTHER_BY_FIRST`]).
const OTHER_CODES: &[&str] = &[
    "access key",
    "access token",
    "activation key",
    "alarm code",
    "api key",
    "api token",
    "barcode",
    "cd key",
    "checksum",
    "coupon",
    "device id",
    "discount code",
    "door code",
    "fingerprint",
    "game key",
    "garage code",
    "gate code",
    "gift card",
    "gift code",
    "gpg key",
    "gutschein",
    "gutscheincode",
    "hash",
    "invoice",
    "licence key",
    "license key",
    "lizenzschlüssel",
    "lock code",
    "locker code",
    "md5",
    "order number",
    "pgp key",
    "product key",
    "promo code",
    "redeem code",
    "serial key",
    "serial number",
    "sha-1",
    "sha-256",
    "sha-512",
    "sha1",
    "sha256",
    "sha512",
    "ssh key",
    "steam key",
    "tracking number",
    "voucher",
    "wi-fi key",
    "wi-fi password",
    "wifi key",
    "wifi password",
    "wlan key",
    "wlan password",
];

/// Where the names of [`OTHER_CODES`] that start with each ASCII letter are: a word
/// is compared with those of its first letter alone.
const OTHER_BY_FIRST: [(usize, usize); 128] = {
    let mut ranges = [(0, 0); 128];
    let mut i = 0;
    while i < OTHER_CODES.len() {
        let first = OTHER_CODES[i].as_bytes()[0] as usize;
        if ranges[first].1 == 0 {
            ranges[first].0 = i;
        }
        ranges[first].1 = i + 1;
        i += 1;
    }
    ranges
};

/// For each ASCII first letter of [`OTHER_CODES`], the second bytes its names have
/// (bit [`second_bit`]).
const OTHER_SECOND: [u64; 128] = {
    let mut seconds = [0; 128];
    let mut i = 0;
    while i < OTHER_CODES.len() {
        let name = OTHER_CODES[i].as_bytes();
        seconds[name[0] as usize] |= second_bit(name[1]);
        i += 1;
    }
    seconds
};

/// The bit of a name's second byte (lower-cased) in [`OTHER_SECOND`]: letters,
/// digits and `-` have bits of their own, other bytes share one.
const fn second_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        b'-' => 1 << 36,
        _ => 1 << 37,
    }
}

/// [`OTHER_CODES`] in Japanese and Chinese: gift cards and vouchers, coupons,
/// serial numbers, product and licence keys, activation and redemption codes.
const OTHER_CODES_CJK: &[&str] = &[
    "ギフト券",
    "ギフトカード",
    "商品券",
    "クーポン",
    "シリアル",
    "プロダクトキー",
    "ライセンスキー",
    "礼品卡",
    "礼品码",
    "兑换码",
    "优惠券",
    "激活码",
    "序列号",
    "产品密钥",
    "京东E卡",
    "京东卡",
    "卡密",
    "充值卡",
    "购物卡",
];
