//! Unit tests of the save protocol, fallback to backups, re-enrolment and rotation,
//! with the in-memory key store.

use super::*;
use crate::vault::keystore::MemoryKeyStore;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

fn add_codes(vault: &mut Vault, service: &str, n: usize) {
    let codes = (0..n)
        .map(|i| Code::unused(&format!("{service}-{i:04}")))
        .collect();
    vault
        .payload_mut()
        .import_set(service, "", "pasted", codes, false, now())
        .unwrap();
}

fn setup() -> (tempfile::TempDir, VaultPaths, MemoryKeyStore) {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("data"));
    (dir, paths, MemoryKeyStore::default())
}

#[test]
fn create_save_reopen_with_either_key() {
    let (_d, paths, store) = setup();
    let (mut vault, paper) = Vault::create(&paths, &store).unwrap();
    add_codes(&mut vault, "GitHub", 16);
    vault.save().unwrap();
    assert_eq!(vault.payload().generation, 2);
    drop(vault);

    let vault = Vault::open(&paths, &store).unwrap();
    assert_eq!(
        vault.payload().accounts[0]
            .active_set()
            .unwrap()
            .codes
            .len(),
        16
    );
    drop(vault);
    let vault = Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
    assert_eq!(vault.payload().accounts.len(), 1);
    assert!(vault.restored_from_backup().is_none());
    // Generation 1 is backed up.
    assert_eq!(
        paths
            .list_backups()
            .unwrap()
            .iter()
            .map(|b| b.0)
            .collect::<Vec<_>>(),
        vec![1]
    );
}

#[test]
fn plaintext_never_reaches_disk() {
    let (_d, paths, store) = setup();
    let (mut vault, paper) = Vault::create(&paths, &store).unwrap();
    add_codes(&mut vault, "SecretSite", 3);
    vault.save().unwrap();
    let mut stack = vec![paths.dir.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("SecretSite"),
                "plaintext in {}",
                path.display()
            );
            assert!(
                !text.contains("AGE-SECRET-KEY"),
                "key in {}",
                path.display()
            );
            assert!(
                !text.contains(&paper.expose()[20..40]),
                "paper key in {}",
                path.display()
            );
        }
    }
}

#[test]
fn second_instance_is_refused() {
    let (_d, paths, store) = setup();
    let (_vault, _paper) = Vault::create(&paths, &store).unwrap();
    assert!(matches!(
        Vault::open(&paths, &store),
        Err(VaultError::File(FileError::Busy(_)))
    ));
}

#[test]
fn init_refuses_existing_vault_and_keeps_key() {
    let (_d, paths, store) = setup();
    drop(Vault::create(&paths, &store).unwrap());
    let before = store.len();
    assert!(matches!(
        Vault::create(&paths, &store),
        Err(VaultError::AlreadyExists(_))
    ));
    assert_eq!(store.len(), before);
    Vault::open(&paths, &store).unwrap();
}

#[test]
fn missing_key_means_recovery_mode_and_no_new_key() {
    let (_d, paths, store) = setup();
    let (vault, paper) = Vault::create(&paths, &store).unwrap();
    drop(vault);
    store.clear();
    assert!(matches!(
        Vault::open(&paths, &store),
        Err(VaultError::RecoveryNeeded(_))
    ));
    assert_eq!(
        store.len(),
        0,
        "no key may be generated over an existing vault"
    );

    let mut vault = Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
    let report = vault.reenroll(&store, false, || Ok(())).unwrap();
    assert!(report.rewritten >= 1 && report.skipped.is_empty());
    assert!(vault.payload().recipients.old_devices.is_empty());
    drop(vault);
    let vault = Vault::open(&paths, &store).unwrap();
    drop(vault);
    // The paper key still works after re-enrolment.
    Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
}

#[test]
fn a_vault_written_meanwhile_by_a_sync_tool_is_merged_at_save() {
    let (_d, paths, store) = setup();
    let (mut vault, paper) = Vault::create(&paths, &store).unwrap();
    add_codes(&mut vault, "GitHub", 4);
    vault.save().unwrap();
    // Another computer used code 1 and its vault file arrived through the sync tool.
    let mut theirs = vault.payload().clone();
    theirs.accounts[0].code_sets[0].codes[0].mark_used(now());
    theirs.generation += 1;
    file::write_durably(&paths.vault(), &seal(&theirs, &vault.key).unwrap()).unwrap();
    // Here, code 2 is used and saved.
    vault.payload_mut().accounts[0].code_sets[0].codes[1].mark_used(now());
    vault.save().unwrap();
    let report = vault.take_merged_on_save().unwrap();
    assert_eq!(report.codes_marked_used(), 1);
    drop(vault);
    let vault = Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
    let codes = &vault.payload().accounts[0].code_sets[0].codes;
    assert!(codes[0].is_used() && codes[1].is_used() && !codes[2].is_used());
    assert_eq!(vault.payload().generation, 4);
}

#[test]
fn a_vault_written_meanwhile_with_another_paper_key_is_not_overwritten() {
    let (_d, paths, store) = setup();
    let (mut vault, _paper) = Vault::create(&paths, &store).unwrap();
    add_codes(&mut vault, "GitHub", 4);
    vault.save().unwrap();
    let mut theirs = vault.payload().clone();
    theirs.recipients.paper = crypto::recipient_of(&crypto::generate_identity());
    let written = seal(&theirs, &vault.key).unwrap();
    file::write_durably(&paths.vault(), &written).unwrap();
    vault.payload_mut().accounts[0].code_sets[0].codes[1].mark_used(now());
    assert!(matches!(vault.save(), Err(VaultError::ChangedOnDisk)));
    assert_eq!(std::fs::read(paths.vault()).unwrap(), written);
}

#[test]
fn changed_on_disk_refuses_save() {
    let (_d, paths, store) = setup();
    let (mut vault, _paper) = Vault::create(&paths, &store).unwrap();
    let before = std::fs::read(paths.vault()).unwrap();
    let mut other = before.clone();
    other.push(b'\n');
    std::fs::write(paths.vault(), &other).unwrap();
    add_codes(&mut vault, "GitHub", 2);
    assert!(matches!(vault.save(), Err(VaultError::ChangedOnDisk)));
    assert_eq!(
        std::fs::read(paths.vault()).unwrap(),
        other,
        "the foreign file must be left alone"
    );
    assert_eq!(
        vault.payload().generation,
        1,
        "a failed save must not advance the generation"
    );
}

#[test]
fn damaged_vault_falls_back_to_newest_backup_and_is_kept() {
    for damage in ["truncate", "flip", "wrong-key", "delete"] {
        let (_d, paths, store) = setup();
        let (mut vault, _paper) = Vault::create(&paths, &store).unwrap();
        add_codes(&mut vault, "GitHub", 10);
        vault.save().unwrap(); // generation 2, backup of 1
        add_codes(&mut vault, "GitLab", 10);
        vault.save().unwrap(); // generation 3, backup of 2
        drop(vault);
        let good = std::fs::read(paths.vault()).unwrap();
        let damaged: Option<Vec<u8>> = match damage {
            "truncate" => Some(good[..good.len() / 2].to_vec()),
            "flip" => {
                let mut b = good.clone();
                let n = b.len() - 20;
                b[n] ^= 0x40;
                Some(b)
            }
            "wrong-key" => {
                let other = crypto::generate_identity();
                Some(crypto::encrypt(b"format = 1", &[other.to_public()]).unwrap())
            }
            _ => None,
        };
        match &damaged {
            Some(bytes) => std::fs::write(paths.vault(), bytes).unwrap(),
            None => std::fs::remove_file(paths.vault()).unwrap(),
        }
        let vault = Vault::open(&paths, &store).unwrap();
        let restored = vault.restored_from_backup().expect(damage).clone();
        assert_eq!(restored.generation, 2, "{damage}");
        assert_eq!(vault.payload().generation, 2);
        assert_eq!(
            vault.payload().accounts.len(),
            1,
            "{damage}: GitHub is in generation 2"
        );
        match damaged {
            Some(bytes) => {
                let moved = restored.damaged_moved_to.expect("damaged file moved aside");
                assert_eq!(
                    std::fs::read(moved).unwrap(),
                    bytes,
                    "{damage}: damaged file kept intact"
                );
            }
            None => assert!(restored.damaged_moved_to.is_none()),
        }
    }
}

#[test]
fn nothing_opens_means_a_clear_error_and_nothing_moved() {
    let (_d, paths, store) = setup();
    let (vault, _paper) = Vault::create(&paths, &store).unwrap();
    drop(vault);
    std::fs::write(paths.vault(), b"garbage").unwrap();
    assert!(matches!(
        Vault::open(&paths, &store),
        Err(VaultError::Damaged { .. })
    ));
    assert_eq!(std::fs::read(paths.vault()).unwrap(), b"garbage");

    let stranger = crypto::identity_secret(&crypto::generate_identity());
    let (_d2, paths2, store2) = setup();
    let (mut vault, _paper) = Vault::create(&paths2, &store2).unwrap();
    vault.save().unwrap();
    drop(vault);
    assert!(matches!(
        Vault::open_with_paper_key(&paths2, stranger.expose_secret()),
        Err(VaultError::WrongKey(_))
    ));
}

#[test]
fn rotate_recovery_key_reencrypts_vault_and_backups() {
    let (_d, paths, store) = setup();
    let (mut vault, old_paper) = Vault::create(&paths, &store).unwrap();
    for i in 0..3 {
        add_codes(&mut vault, &format!("Site{i}"), 4);
        vault.save().unwrap();
    }
    let (new_paper, report) = vault.begin_rotation().unwrap();
    assert_eq!(report.rewritten, 4);
    let report = vault.commit_rotation().unwrap();
    assert!(report.rewritten >= 5, "{}", report.rewritten);
    assert!(report.skipped.is_empty());
    drop(vault);
    for (_, backup) in paths.list_backups().unwrap() {
        let bytes = std::fs::read(&backup).unwrap();
        let new = crypto::parse_identity(new_paper.expose()).unwrap();
        let old = crypto::parse_identity(old_paper.expose()).unwrap();
        assert!(
            crypto::decrypt(&bytes, &new).is_ok(),
            "{}",
            backup.display()
        );
        assert!(matches!(
            crypto::decrypt(&bytes, &old),
            Err(CryptoError::WrongKey)
        ));
    }
    assert!(matches!(
        Vault::open_with_paper_key(&paths, old_paper.expose()),
        Err(VaultError::WrongKey(_))
    ));
    let vault = Vault::open_with_paper_key(&paths, new_paper.expose()).unwrap();
    assert_eq!(vault.payload().accounts.len(), 3);
}

#[test]
fn only_ten_backups_are_kept() {
    let (_d, paths, store) = setup();
    let (mut vault, _paper) = Vault::create(&paths, &store).unwrap();
    for _ in 0..15 {
        vault.save().unwrap();
    }
    let gens: Vec<u64> = paths
        .list_backups()
        .unwrap()
        .into_iter()
        .map(|b| b.0)
        .collect();
    assert_eq!(gens, (6..=15).rev().collect::<Vec<_>>());
}

#[test]
fn copies_kept_after_merging_open_with_a_new_paper_key() {
    let (_d, paths, store) = setup();
    let (mut vault, _paper) = Vault::create(&paths, &store).unwrap();
    vault.confirm_paper_key().unwrap();
    add_codes(&mut vault, "GitHub", 4);
    vault.save().unwrap();
    std::fs::create_dir_all(paths.merged_dir()).unwrap();
    let copy = paths
        .merged_dir()
        .join("vault.sync-conflict-20261126-101500-ABCDEFG.age");
    std::fs::write(&copy, seal(vault.payload(), &vault.key).unwrap()).unwrap();
    let (new_paper, _) = vault.begin_rotation().unwrap();
    vault.commit_rotation().unwrap();
    let key = crypto::parse_identity(new_paper.expose()).unwrap();
    assert!(crypto::decrypt(&std::fs::read(&copy).unwrap(), &key).is_ok());
}

#[test]
fn a_large_text_is_read_back_in_two_halves_and_a_damaged_half_is_caught() {
    let mut p = Payload::new("v".into(), Recipients::new("age1d".into(), "age1p".into()));
    for i in 0..4_000 {
        let codes = (0..16)
            .map(|j| Code::unused(&format!("c{i:05}-{j:04}")))
            .collect();
        p.import_set(&format!("Site {i}"), "me", "pasted", codes, false, now())
            .unwrap();
    }
    p.generation = 7;
    let text = p.to_toml().unwrap();
    let (_, tail) = Payload::halves(&text).expect("large enough to be cut in two");
    assert!(reads_back(&text, &p));
    // The wrong generation, and damage in either half, are refused.
    let mut other = p.clone();
    other.generation = 8;
    assert!(!reads_back(&text, &other));
    let cut = text.len() - tail.len();
    // The last code set's id given twice: invalid TOML, at the very end.
    let damaged_tail = format!("{}id = \"twice\"\n", &text[..]);
    assert!(!reads_back(&damaged_tail, &p));
    let damaged_head = text.replacen("[[accounts]]", "[[accounts]", 1);
    assert!(!reads_back(&damaged_head, &p));
    // A static `accounts` array beside the `[[accounts]]` sections, and the wrong format.
    let both_kinds = text.replacen(
        "generation = 7\n",
        "generation = 7\naccounts = [{ id = \"x\", service = \"S\" }]\n",
        1,
    );
    assert_ne!(both_kinds, *text);
    assert!(!reads_back(&both_kinds, &p));
    let mut newer = p.clone();
    newer.format += 1;
    assert!(!reads_back(&text, &newer));
    assert!(cut > text.len() / 2);
}
