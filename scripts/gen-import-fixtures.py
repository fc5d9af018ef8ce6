#!/usr/bin/env python3
"""Writes tests/fixtures/import/: one folder per case holding the input file (named as
the site names it) and expected.txt. Codes are fresh random values made here, never real
ones. Layouts follow each site's own download / page text. Re-running replaces the codes.

expected.txt: optional `# site: NAME` and `# account: NAME` lines, then one code per line
as displayed, followed by a tab and `used` for codes marked used in the source. For a
`fail_` case, expected.txt holds a part of the error message instead.
"""
import json
import os
import random
import shutil
import string

ROOT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "import")
rng = random.Random(20261124)

HEX = "0123456789abcdef"
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
MIXED = string.ascii_letters + string.digits


def rand(alphabet, n, need_digit=True):
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(n))
        if not need_digit or any(c.isdigit() for c in s) or not any(c.isdigit() for c in alphabet):
            return s


def grouped(alphabet, groups, sep="-"):
    while True:
        parts = [rand(alphabet, g, need_digit=False) for g in groups]
        code = sep.join(parts)
        if any(c.isdigit() for c in code):
            return code


cases = {}


def case(name, file_name, content, codes, site=None, account=None, used=(), encoding="utf-8"):
    cases[name] = (file_name, content, codes, site, account, set(used), encoding)


def fail(name, file_name, content, error):
    cases[name] = (file_name, content, None, None, None, error, None)


# --- sites -------------------------------------------------------------------------------
gh = [grouped(HEX, [5, 5]) for _ in range(16)]
case("github_download", "github-recovery-codes.txt", "\n".join(gh) + "\n", gh, site="GitHub")
case(
    "github_settings_page_paste",
    "pasted",
    "Two-factor recovery codes\n"
    "Recovery codes can be used to access your account in the event you lose access to your device and cannot receive two-factor authentication codes.\n\n"
    "Keep your recovery codes as safe as your password. We recommend saving them with a password manager such as 1Password, Authy, or Keeper.\n\n"
    + "".join(f"• {c}\n" for c in gh)
    + "\nDownload\tPrint\tCopy\n\nPut these in a safe spot.\nIf you lose your device and don't have the recovery codes you will lose access to your GitHub account.\n\n"
    "Generate new recovery codes\nWhen you generate new recovery codes, you must download or print the new codes. Your old codes won't work anymore.\n",
    gh,
    site="GitHub",
)

gl = [rand(HEX, 16) for _ in range(10)]
gl[1] = gl[1][:4] + "v" + gl[1][5:]  # the docs' own example has a non-hex letter
case("gitlab_download", "gitlab-recovery-codes.txt", "\n".join(gl) + "\n", gl, site="GitLab")
case(
    "gitlab_ssh_transcript",
    "pasted",
    "$ ssh git@gitlab.com 2fa_recovery_codes\n"
    "Are you sure you want to generate new two-factor recovery codes?\n"
    "Any existing recovery codes you saved will be invalidated. (yes/no)\n"
    "yes\n\nYour two-factor authentication recovery codes are:\n\n"
    + "\n".join(gl)
    + "\n\nDuring sign in, use one of the codes above when prompted for\n"
    "your two-factor code. Then, visit your Profile Settings and add\n"
    "a new device so you do not lose access to your account again.\n",
    gl,
    site="GitLab",
)

gg = [f"{rand(string.digits, 4)} {rand(string.digits, 4)}" for _ in range(10)]
google_rows = "".join(f"    {i + 1}. {gg[i]}        {i + 6:>2}. {gg[i + 5]}\n" for i in range(5))
# Codes come out in the site's numbering (1–10), not in reading order across the columns.
google_order = gg
case(
    "google_download",
    "Backup-codes-alice.smith.txt",
    "SAVE YOUR BACKUP CODES\nKeep these backup codes somewhere safe but accessible.\n\n"
    + google_rows
    + "\n    (alice.smith@gmail.com)\n\n    * You can only use each backup code once.\n    * Need more? Visit https://g.co/2sv\n    * These codes were generated on: Nov 24, 2026.\n",
    google_order,
    site="Google",
    account="alice.smith@gmail.com",
)
case(
    "google_single_spaced_columns",
    "Backup-codes-bob.txt",
    "SAVE YOUR BACKUP CODES\n\n" + "".join(f"{i + 1}. {gg[i]} {i + 6}. {gg[i + 5]}\n" for i in range(5)),
    google_order,
    site="Google",
    account="bob",
)

ms = grouped(UPPER_ALNUM, [5, 5, 5, 5, 5])
case(
    "microsoft_recovery_code",
    "pasted",
    "Your new recovery code\nWrite down or print this code and keep it somewhere safe. You'll need it if you can't sign in to your Microsoft account.\n\n"
    + ms
    + "\n\nYou can replace it at any time on the Security page.\n",
    [ms],
    site="Microsoft",
)

apple = grouped(UPPER_ALNUM, [4] * 7)
case("apple_recovery_key", "pasted", f"Apple Account recovery key\n\n{apple}\n\nKeep it in a safe place.\n", [apple], site="Apple")

dc = [rand(LOWER_ALNUM, 8) for _ in range(10)]
case(
    "discord_current_file",
    "discord_backup_codes.txt",
    "These are your Discord backup codes for account alice#4821. Keep them safe!\n" + "".join(f" * {c}\n" for c in dc),
    dc,
    site="Discord",
    account="alice#4821",
)
dco = [f"{rand(LOWER_ALNUM, 4, False)}-{rand(LOWER_ALNUM, 4, False)}" for _ in range(10)]
dco = [c if any(ch.isdigit() for ch in c) else c[:-1] + "7" for c in dco]
case(
    "discord_older_file",
    "discord_backup_codes.txt",
    "Discord backup codes\nUse one of these if you lose access to your authenticator app.\n\n" + "\n".join(dco) + "\n",
    dco,
    site="Discord",
)

tw = rand(LOWER_ALNUM, 12)
case("x_single_code_note", "pasted", f"X (Twitter) backup code: {tw}\n", [tw], site="X")

fb = [f"{rand(string.digits, 4)} {rand(string.digits, 4)}" for _ in range(10)]
case(
    "facebook_page_paste",
    "pasted",
    "Recovery codes\nYou can use each recovery code once to log in to Facebook when you don't have your phone.\n\n"
    + "\n".join(fb)
    + "\n\nGet new codes\n",
    fb,
    site="Facebook",
)

ig = [f"{rand(string.digits, 4)} {rand(string.digits, 4)}" for _ in range(5)]
case("instagram_codes", "pasted", "Instagram backup codes\n" + "\n".join(ig) + "\n", ig, site="Instagram")

py = [rand(HEX, 16) for _ in range(8)]
case("pypi_download", "PyPI-Recovery-Codes-alice-2026-11-24T10_21_08.140030.txt", "\n".join(py), py, site="PyPI", account="alice")
case("pypi_copy_button", "pasted", " ".join(py) + "\n", py)

npm_codes = [rand(HEX, 16) for _ in range(5)]
case(
    "npm_cli_output",
    "pasted",
    "$ npm profile enable-2fa auth-and-writes\nnpm password: \nScan into your authenticator app:\n(QR code)\n Or enter code: JBSWY3DPEHPK3PXP\n"
    "And an OTP code from your authenticator: 123456\n"
    "2FA successfully enabled. Below are your recovery codes, please print these out.\n"
    "You will need these to recover access to your account if you lose your authentication device.\n"
    + "".join(f"\t{c}\n" for c in npm_codes),
    npm_codes,
    site="npm",
)

moz = [rand(LOWER_ALNUM, 10) for _ in range(8)]
case(
    "mozilla_download",
    "alice@example.org Backup authentication codes.txt",
    "\r\n".join(moz),
    moz,
    site="Mozilla account",
    account="alice@example.org",
)

KC = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789"
kc = [grouped(KC, [4, 4, 4]) for _ in range(12)]
case(
    "keycloak_download",
    "kc-download-recovery-codes.txt",
    "Keep these recovery codes somewhere safe.\n\n" + "".join(f"{i + 1}: {c}\r\n" for i, c in enumerate(kc))
    + "\nRecovery codes are single-use passcodes that allow you to sign in to your account if you do not have access to your authenticator.\n\n"
    " These codes were generated on  May 3, 2026, 10:15 AM UTC",
    kc,
    site="Keycloak",
)

NC = "abcdefgijkmnopqrstwxyzABCDEFGHJKLMNPQRSTWXYZ23456789"
nc = [rand(NC, 16) for _ in range(10)]
case(
    "nextcloud_download",
    "Nextcloud-backup-codes.txt",
    "".join(c + "\r\n" for c in nc),
    nc,
    site="Nextcloud",
)

lv = [f"{rand(MIXED, 10, False)}-{rand(MIXED, 10, False)}" for _ in range(8)]
case("laravel_fortify_page", "pasted", "Store these recovery codes in a secure password manager.\n\n" + "\n".join(lv) + "\n", lv)

asp_alpha = "23456789BCDFGHJKMNPQRTVWXY"
asp = [f"{rand(asp_alpha, 5, False)}-{rand(asp_alpha, 5, False)}" for _ in range(10)]
asp = [c if any(ch.isdigit() for ch in c) else "2" + c[1:] for c in asp]
case(
    "aspnet_identity_page",
    "pasted",
    "Recovery codes\nPut these codes in a safe place.\nIf you lose your device and don't have the recovery codes you will lose access to your account.\n\n"
    + "".join(f'<code class="recovery-code">{asp[i]}</code>&nbsp;<code class="recovery-code">{asp[i + 1]}</code><br />\n' for i in range(0, 10, 2)),
    asp,
)

kr = [rand(LOWER_ALNUM, 8) for _ in range(12)]
case(
    "kratos_lookup_secrets",
    "pasted",
    "Recovery codes\nThese are your back up recovery codes. Please keep them in a safe place!\n\n" + ", ".join(kr) + "\n",
    kr,
)

ba = [f"{rand(MIXED, 5, False)}-{rand(MIXED, 5, False)}" for _ in range(10)]
case("better_auth_json", "pasted", json.dumps({"status": True, "backupCodes": ba}, indent=2) + "\n", ba)

tuta = " ".join(rand(HEX, 4, False) for _ in range(16))
case("tuta_recovery_code", "pasted", f"Tuta recovery code\n\n{tuta}\n", [tuta], site="Tuta")

bw = rand(UPPER_ALNUM, 32)
case("bitwarden_recovery_code", "bitwarden_recovery_code.txt", f"Bitwarden two-step login recovery code:\n{bw}\n", [bw], site="Bitwarden")

mast = [rand(HEX, 10) for _ in range(10)]
case("mastodon_page", "pasted", "Recovery codes\nStore these codes somewhere safe. You can use them to regain access to your Mastodon account.\n\n" + "".join(f"<li><samp>{c}</samp></li>\n" for c in mast), mast, site="Mastodon")

sentry = [rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 8) for _ in range(10)]
case("sentry_download", "sentry-recovery-codes.txt", " \n".join(sentry), sentry, site="Sentry")
case(
    "sentry_page_paste",
    "pasted",
    "Recovery Codes\nUnused Codes\n" + "\n".join(sentry) + "\nMake sure to save a copy of your recovery codes and store them in a safe place.\n",
    sentry,
)

gitea = rand(LOWER_ALNUM, 12)
gitea = rand("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10)
case("gitea_scratch_token", "pasted", f"Your single-use recovery key is now {gitea}. Store it in a safe place, as it will never be shown again.\n", [gitea])

dj = [rand("abcdefghijklmnopqrstuvwxyz234567", 8) for _ in range(10)]
case("django_static_tokens", "pasted", "Backup Tokens\n\n" + "\n".join(dj) + "\n\nPrint these tokens and keep them somewhere safe.\n", dj)

dv = [rand(HEX, 16) for _ in range(10)]
case("devise_backup_codes_html", "pasted", "<h2>Backup codes</h2>\n<ul>\n" + "".join(f"  <li><code>{c}</code></li>\n" for c in dv) + "</ul>\n", dv)

# --- messy -------------------------------------------------------------------------------
mx = [grouped(LOWER_ALNUM, [5, 5]) for _ in range(11)]
markers = ["1.", "2)", "03.", "#4", "(5)", "6:", "7 -", "*", "-", "•", "\t"]
case("messy_numbering_and_bullets", "pasted", "My codes\n" + "".join(f"{m} {c}\n" if m != "\t" else f"\t{c}\n" for m, c in zip(markers, mx)), mx)

sp = [grouped(UPPER_ALNUM, [4, 4, 4]) for _ in range(6)]
case(
    "messy_spreadsheet_used_column",
    "codes.tsv",
    "#\tCode\tUsed?\tDate\n" + "".join(f"{i + 1}\t{c}\t{'yes' if i in (1, 3) else ''}\t{'2026-10-0' + str(i) if i in (1, 3) else ''}\n" for i, c in enumerate(sp)),
    sp,
    used={sp[1], sp[3]},
)

um = [rand(LOWER_ALNUM, 10) for _ in range(7)]
case(
    "messy_used_markers",
    "pasted",
    f"~~{um[0]}~~\n{um[1]} (used)\n[x] {um[2]}\n{um[3]} ✓\n{um[4]} ✔\n[ ] {um[5]}\n{um[6]}\n",
    um,
    used={um[0], um[1], um[2], um[3], um[4]},
)

qq = [grouped(HEX, [5, 5]) for _ in range(6)]
case(
    "messy_quoted_email",
    "pasted",
    "On Mon, 24 Nov 2026 at 10:00, Alice <alice@example.com> wrote:\n> Here are the GitHub codes you asked for:\n>\n" + "".join(f"> {c}\n" for c in qq) + ">\n> Cheers, Alice\n",
    qq,
    site="GitHub",
    account="alice@example.com",
)

inv = [f"{rand(string.digits, 4)}-{rand(string.digits, 4)}" for _ in range(5)]
fw = lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)
case(
    "messy_invisible_characters",
    "pasted",
    inv[0] + "\u200b\n" + inv[1].replace("-", "\u2013") + "\n\u00a0" + inv[2] + "\u00a0\n" + fw(inv[3]) + "\n\ufeff" + inv[4].replace("-", "\u2011") + "\n",
    inv,
)

u16 = [grouped(HEX, [5, 5]) for _ in range(4)]
case("messy_utf16_notepad_crlf", "github-recovery-codes.txt", "\r\n".join(u16) + "\r\n", u16, site="GitHub", encoding="utf-16")

dd = [rand(LOWER_ALNUM, 10) for _ in range(8)]
case(
    "messy_decoys_dates_urls_phones",
    "pasted",
    "Recovery codes for your account, generated 2026-11-24 at 10:42 (version 2.4.1)\n"
    "Questions? Call +1 555 123 4567 or visit https://example.com/help/2fa?id=8f3a9c2b1d or mail support@example.com\n"
    "Order reference: 4471-2290-1183\n\n"
    + "\n".join(dd)
    + "\n\nPrinted on 24/11/2026 10:42:11. Copyright 2026.\n",
    dd,
)

mc = [rand(HEX, 16) for _ in range(12)]
case("messy_three_columns", "pasted", "".join(f"{mc[i]}   {mc[i + 1]}   {mc[i + 2]}\n" for i in range(0, 12, 3)), mc)

jn = [grouped(HEX, [5, 5]) for _ in range(5)]
case("messy_json_escaped_newlines", "pasted", '{"codes": "' + "\\n".join(jn) + '\\n"}', jn)
case("messy_escaped_newlines_not_json", "pasted", '"codes": "' + "\\n".join(jn) + '\\n",', jn)

n_gh = [grouped(HEX, [5, 5]) for _ in range(4)]
n_go = [f"{rand(string.digits, 4)} {rand(string.digits, 4)}" for _ in range(4)]
n_py = [rand(HEX, 16) for _ in range(3)]
case(
    "notes_file_several_sites",
    "my-2fa-notes.md",
    "# 2FA backup codes\n\n## GitHub (alice)\n" + "".join(f"- {c}\n" for c in n_gh)
    + "\n## Google\n" + "".join(f"- {c}\n" for c in n_go)
    + "\n## PyPI\n" + "".join(f"- {c}\n" for c in n_py),
    n_gh + n_go + n_py,
)

ansi = [rand(HEX, 16) for _ in range(5)]
case(
    "messy_terminal_colours",
    "pasted",
    "\x1b[1m$ ssh git@gitlab.com 2fa_recovery_codes\x1b[0m\nYour two-factor authentication recovery codes are:\n\n"
    + "".join(f"\x1b[32m{c}\x1b[0m\n" for c in ansi),
    ansi,
    site="GitLab",
)

cm = [grouped(HEX, [5, 5]) for _ in range(4)]
case(
    "messy_comments_and_notes",
    "pasted",
    f"{cm[0]}  # used on the old laptop\n{cm[1]} (used on 2026-03-02)\n{cm[2]} // spare\n{cm[3]}\n",
    cm,
    used={cm[1]},
)

gn = [grouped(UPPER_ALNUM, [4, 4]) for _ in range(5)]
case("messy_glued_numbering", "pasted", "".join(f"{i + 1}.{c}\n" for i, c in enumerate(gn)), gn)

mt = [rand(LOWER_ALNUM, 10) for _ in range(5)]
case(
    "messy_markdown_table",
    "codes.md",
    "| # | Code | Used |\n|---|------|------|\n" + "".join(f"| {i + 1} | `{c}` | {'✓' if i == 0 else ' '} |\n" for i, c in enumerate(mt)),
    mt,
    used={mt[0]},
)

ol = [f"{rand(string.digits, 4)} {rand(string.digits, 4)}" for _ in range(4)]
case("messy_google_codes_on_one_line", "pasted", "Backup codes: " + " ".join(ol) + "\n", ol)

# --- must be rejected ----------------------------------------------------------------------
fail("fail_binary_png", "screenshot.png", bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) + bytes(range(256)), "this file is not text")
fail("fail_invalid_utf8", "codes.txt", b"abcd-1234\n\xff\xfe\xfd efgh-5678\n\xc3\x28\n", "this file is not text")
fail("fail_prose_only", "readme.txt", "Two-factor authentication\n\nTurn it on in Settings. Backup codes appear after 2026-11-24.\nCall +1 555 123 4567.\n", "no recovery codes found")
fail("fail_empty", "empty.txt", "", "no recovery codes found")
fail("fail_zip_archive", "codes.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "this file is not text")

shutil.rmtree(ROOT, ignore_errors=True)
for name, (file_name, content, codes, site, account, extra, encoding) in sorted(cases.items()):
    d = os.path.join(ROOT, name)
    os.makedirs(d)
    data = content if isinstance(content, bytes) else content.encode(encoding or "utf-8")
    with open(os.path.join(d, file_name), "wb") as f:
        f.write(data)
    with open(os.path.join(d, "expected.txt"), "w", encoding="utf-8") as f:
        if codes is None:
            f.write(extra + "\n")
            continue
        if site:
            f.write(f"# site: {site}\n")
        if account:
            f.write(f"# account: {account}\n")
        for c in codes:
            f.write(c + ("\tused" if c in extra else "") + "\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(ROOT)}")
