//! Password-manager exports, read by their structure rather than as text: item ids,
//! UUIDs, revision dates, hashes, passwords and TOTP secrets are structure, never
//! codes. Only an item's notes and custom fields are searched for codes, and the
//! item's name is the site (its user name the account).
//!
//! Formats (as their apps write them):
//! - Bitwarden / Vaultwarden JSON: `{"items": [{"name", "notes", "fields": [{"name",
//!   "value"}], "login": {"username", …}}]}`;
//! - 1Password 1PIF: one JSON object per item (`title`, `secureContents.notesPlain`,
//!   `secureContents.sections[].fields[].{t,v}`), separated by `***…***` lines;
//! - KeePass 2 XML: `<KeePassFile>…<Entry><String><Key>Title</Key><Value>…`;
//! - CSV with a header row, as Bitwarden, 1Password, KeePass and KeePassXC write
//!   it: a name column (`name`, `title`, `account`), a notes column (`notes`,
//!   `comments`), and optionally a user column and Bitwarden's `fields` column.

use serde_json::Value;

/// One item of an export: where codes may be, and whose they are.
pub struct Item {
    /// The item's name: the site.
    pub name: String,
    /// The item's user name, if any: the account.
    pub username: Option<String>,
    /// Notes and custom fields, one field per paragraph (`name` line, then value).
    pub text: String,
}

/// The kind of export and its items when `text` is a password-manager export,
/// `None` otherwise.
pub fn items(text: &str) -> Option<(&'static str, Vec<Item>)> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return bitwarden(trimmed)
            .map(|items| ("Bitwarden JSON export", items))
            .or_else(|| one_pif(trimmed).map(|items| ("1Password 1PIF export", items)));
    }
    if trimmed.starts_with('<') {
        return keepass_xml(trimmed).map(|items| ("KeePass XML export", items));
    }
    csv_export(trimmed).map(|items| ("password-manager CSV export", items))
}

fn string_at<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// Appends a field (its name, then its value) to an item's text.
fn push_field(text: &mut String, name: Option<&str>, value: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        text.push_str(name.trim());
        text.push('\n');
    }
    text.push_str(value);
}

fn bitwarden(text: &str) -> Option<Vec<Item>> {
    let root: Value = serde_json::from_str(text).ok()?;
    let list = root.get("items")?.as_array()?;
    let mut items = Vec::new();
    for item in list {
        let Some(name) = string_at(item, "name") else {
            continue;
        };
        let mut body = String::new();
        if let Some(notes) = string_at(item, "notes") {
            push_field(&mut body, None, notes);
        }
        for field in item
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // Type 1 is a hidden field: a password or PIN, unless its name says it
            // holds codes ("Recovery codes": hidden from onlookers).
            if field.get("type").and_then(Value::as_u64) == Some(1)
                && !string_at(field, "name").is_some_and(super::says_codes_in)
            {
                continue;
            }
            if let Some(value) = string_at(field, "value") {
                push_field(&mut body, string_at(field, "name"), value);
            }
        }
        let username = item
            .get("login")
            .and_then(|l| string_at(l, "username"))
            .map(str::to_owned);
        items.push(Item {
            name: name.to_owned(),
            username,
            text: body,
        });
    }
    Some(items)
}

fn one_pif(text: &str) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    for chunk in text.lines().filter(|l| l.trim_start().starts_with('{')) {
        let item: Value = serde_json::from_str(chunk).ok()?;
        let Some(name) = string_at(&item, "title") else {
            continue;
        };
        let contents = item.get("secureContents")?;
        let mut body = String::new();
        if let Some(notes) = string_at(contents, "notesPlain") {
            push_field(&mut body, None, notes);
        }
        let mut username = None;
        for field in contents
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if string_at(field, "designation") == Some("username") {
                username = string_at(field, "value").map(str::to_owned);
            }
        }
        let sections = contents.get("sections").and_then(Value::as_array);
        for field in sections
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("fields").and_then(Value::as_array))
            .flatten()
        {
            // `concealed` fields are passwords; `totp` ones are authenticator secrets.
            if matches!(string_at(field, "k"), Some("concealed" | "totp")) {
                continue;
            }
            if let Some(value) = string_at(field, "v") {
                push_field(&mut body, string_at(field, "t"), value);
            }
        }
        items.push(Item {
            name: name.to_owned(),
            username,
            text: body,
        });
    }
    (!items.is_empty()).then_some(items)
}

/// KeePass fields that hold no codes: the password and the authenticator set-up.
const KEEPASS_SKIPPED: &[&str] = &[
    "Title",
    "UserName",
    "Password",
    "URL",
    "otp",
    "TOTP Seed",
    "TOTP Settings",
    "TimeOtp-Secret-Base32",
    "HmacOtp-Secret-Base32",
];

fn keepass_xml(text: &str) -> Option<Vec<Item>> {
    let doc = roxmltree::Document::parse(text).ok()?;
    if !doc.root_element().has_tag_name("KeePassFile") {
        return None;
    }
    let mut items = Vec::new();
    // Entries inside <History> are old versions of an entry, not entries.
    for entry in doc
        .descendants()
        .filter(|n| n.has_tag_name("Entry") && !n.ancestors().any(|a| a.has_tag_name("History")))
    {
        let mut name = None;
        let mut username = None;
        let mut body = String::new();
        let mut notes = None;
        for string in entry.children().filter(|n| n.has_tag_name("String")) {
            let child = |tag: &str| {
                string
                    .children()
                    .find(|n| n.has_tag_name(tag))
                    .and_then(|n| n.text())
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
            };
            let (Some(key), Some(value)) = (child("Key"), child("Value")) else {
                continue;
            };
            match key {
                "Title" => name = Some(value.to_owned()),
                "UserName" => username = Some(value.to_owned()),
                "Notes" => notes = Some(value.to_owned()),
                _ if KEEPASS_SKIPPED.contains(&key) => {}
                _ => push_field(&mut body, Some(key), value),
            }
        }
        if let Some(notes) = notes {
            let fields = std::mem::take(&mut body);
            push_field(&mut body, None, &notes);
            if !fields.is_empty() {
                push_field(&mut body, None, &fields);
            }
        }
        if let Some(name) = name {
            items.push(Item {
                name,
                username,
                text: body,
            });
        }
    }
    Some(items)
}

fn csv_export(text: &str) -> Option<Vec<Item>> {
    // Every notes column's name holds "note" or "comment": text without either is
    // no export, and needs no CSV reader (building one is most of the cost of
    // looking at a short text).
    let has = |word: &[u8]| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !has(b"note") && !has(b"comment") {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let name_at = column(&["name", "title", "account"])?;
    let notes_at = column(&["notes", "comments", "note", "notesplain"])?;
    let user_at = column(&["username", "login_username", "login name", "user name"]);
    let fields_at = column(&["fields"]);
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        let get = |i: usize| record.get(i).map(str::trim).filter(|v| !v.is_empty());
        let Some(name) = get(name_at) else {
            continue;
        };
        let mut body = String::new();
        if let Some(notes) = get(notes_at) {
            push_field(&mut body, None, notes);
        }
        if let Some(fields) = fields_at.and_then(get) {
            push_field(&mut body, None, fields);
        }
        items.push(Item {
            name: name.to_owned(),
            username: user_at.and_then(get).map(str::to_owned),
            text: body,
        });
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_other_json_are_not_exports() {
        assert!(items("abcde-12345\nfghij-67890\n").is_none());
        assert!(items(r#"{"recovery_codes": ["abcde-12345"]}"#).is_none());
        assert!(items("<html><body>codes</body></html>").is_none());
        assert!(items("site,code\nGitHub,abcde-12345\n").is_none());
    }

    #[test]
    fn keepass_history_entries_are_not_items() {
        let xml = "<KeePassFile><Root><Group><Entry>\
            <String><Key>Title</Key><Value>GitHub</Value></String>\
            <String><Key>Notes</Key><Value>abcde-12345</Value></String>\
            <History><Entry><String><Key>Title</Key><Value>Old</Value></String></Entry></History>\
            </Entry></Group></Root></KeePassFile>";
        let (_, items) = items(xml).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].name, "GitHub");
        assert_eq!(items[0].text, "abcde-12345");
    }
}
