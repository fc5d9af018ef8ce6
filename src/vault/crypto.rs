//! age encryption of the vault: X25519 keys, encrypt to several recipients in
//! memory, decrypt fully before anything is parsed, and the scrypt-wrapped key
//! file for machines without a keyring.

use std::io::{Read, Write};

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// Highest scrypt work factor (log2 N) we accept when opening a key file; bounds
/// the memory and time an attacker-supplied file can make us spend.
pub const MAX_SCRYPT_WORK_FACTOR: u8 = 20;
/// Work factor used when writing a key file (about a second on a laptop).
pub const SCRYPT_WORK_FACTOR: u8 = 18;

/// Encryption and decryption failures.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// None of the given keys opens the file.
    #[error("none of the available keys opens this file")]
    WrongKey,
    /// The file is truncated, bit-flipped or not an age file.
    #[error("the file is damaged or is not a Codekeeper vault ({0})")]
    Damaged(String),
    /// The passphrase does not open the key file.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// The key file asks for more scrypt work than we allow.
    #[error(
        "the key file demands too much work to open (scrypt work factor above {MAX_SCRYPT_WORK_FACTOR}); it was not made by Codekeeper"
    )]
    ExcessiveWork,
    /// A key or recipient string does not parse.
    #[error("{0} is not a valid age key")]
    BadKey(&'static str),
    /// Encryption itself failed (out of memory, invalid recipient set).
    #[error("encryption failed: {0}")]
    Encrypt(String),
}

/// Makes a new X25519 identity.
pub fn generate_identity() -> age::x25519::Identity {
    age::x25519::Identity::generate()
}

/// The identity's secret string `AGE-SECRET-KEY-1…`.
pub fn identity_secret(identity: &age::x25519::Identity) -> SecretString {
    identity.to_string()
}

/// The identity's public recipient string `age1…`.
pub fn recipient_of(identity: &age::x25519::Identity) -> String {
    identity.to_public().to_string()
}

/// Parses `AGE-SECRET-KEY-1…`, tolerating surrounding white space, spaces or
/// dashes inside (people copy it in groups), and lower case.
pub fn parse_identity(text: &str) -> Result<age::x25519::Identity, CryptoError> {
    let cleaned: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect(),
    );
    // Dashes were removed above; the prefix has them, so put them back.
    let Some(data) = cleaned.strip_prefix("AGESECRETKEY1") else {
        return Err(CryptoError::BadKey("the recovery key"));
    };
    let candidate = Zeroizing::new(format!("AGE-SECRET-KEY-1{data}"));
    candidate
        .parse::<age::x25519::Identity>()
        .map_err(|_| CryptoError::BadKey("the recovery key"))
}

/// The 32 secret bytes of a paper key (for splitting it into heir shares).
pub fn paper_key_bytes(
    identity: &age::x25519::Identity,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    use age::secrecy::ExposeSecret;
    use bech32::FromBase32;
    let text = identity_secret(identity);
    let (_, data, _) = bech32::decode(text.expose_secret())
        .map_err(|_| CryptoError::BadKey("the recovery key"))?;
    let bytes = Zeroizing::new(
        Vec::<u8>::from_base32(&data).map_err(|_| CryptoError::BadKey("the recovery key"))?,
    );
    if bytes.len() == 32 {
        Ok(bytes)
    } else {
        Err(CryptoError::BadKey("the recovery key"))
    }
}

/// The paper key `AGE-SECRET-KEY-1…` whose secret is `bytes` (32 bytes, as recombined
/// from heir shares): Bech32 with the prefix `age-secret-key-`, in upper case.
pub fn paper_key_from_bytes(bytes: &[u8]) -> Result<age::x25519::Identity, CryptoError> {
    use bech32::ToBase32;
    if bytes.len() != 32 {
        return Err(CryptoError::BadKey("the recovery key"));
    }
    let text = bech32::encode(
        "age-secret-key-",
        bytes.to_base32(),
        bech32::Variant::Bech32,
    )
    .map_err(|_| CryptoError::BadKey("the recovery key"))?;
    let upper = Zeroizing::new(text.to_uppercase());
    drop(Zeroizing::new(text));
    parse_identity(&upper)
}

/// Parses a recipient `age1…`.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, CryptoError> {
    text.trim()
        .parse::<age::x25519::Recipient>()
        .map_err(|_| CryptoError::BadKey("a vault recipient"))
}

/// Encrypts `plaintext` in memory to every recipient.
pub fn encrypt(
    plaintext: &[u8],
    recipients: &[age::x25519::Recipient],
) -> Result<Vec<u8>, CryptoError> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .write_all(plaintext)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Decrypts the whole of `ciphertext` with `identity`. Nothing is returned unless
/// every chunk authenticated, so a truncated file never yields partial plaintext.
///
/// A large file is decrypted in two halves at once. age's payload is a stream of
/// 64 KiB chunks, each sealed on its own with its number and the last one marked as
/// the last, so a second reader can start at a chunk in the middle; the two halves
/// together check every chunk, the last one as the last.
pub fn decrypt(
    ciphertext: &[u8],
    identity: &(dyn age::Identity + Sync),
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    const SPLIT_ABOVE: usize = 1 << 20;
    if ciphertext.len() < SPLIT_ABOVE {
        let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(map_decrypt_error)?;
        return decrypt_whole(decryptor, identity, ciphertext.len());
    }
    decrypt_in_halves(ciphertext, identity)
}

fn decrypt_in_halves(
    ciphertext: &[u8],
    identity: &(dyn age::Identity + Sync),
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    use std::io::{Cursor, Seek, SeekFrom};
    const CHUNK: u64 = 64 * 1024;
    let damaged = |e: std::io::Error| CryptoError::Damaged(e.to_string());
    let open = || {
        let decryptor =
            age::Decryptor::new_buffered(Cursor::new(ciphertext)).map_err(map_decrypt_error)?;
        payload_reader(decryptor, identity)
    };
    let mut first = open()?;
    // The plaintext's length, from the ciphertext's once its last chunk decrypted as
    // the last.
    let len = first.seek(SeekFrom::End(0)).map_err(damaged)?;
    first.seek(SeekFrom::Start(0)).map_err(damaged)?;
    let middle = usize::try_from(len / 2 / CHUNK * CHUNK)
        .map_err(|_| CryptoError::Damaged("too large".into()))?;
    let len = usize::try_from(len).map_err(|_| CryptoError::Damaged("too large".into()))?;
    // Each half is decrypted straight into its place.
    let mut out = Zeroizing::new(vec![0u8; len]);
    let second_half = |into: &mut [u8]| {
        let mut second = open()?;
        second
            .seek(SeekFrom::Start(middle as u64))
            .map_err(damaged)?;
        read_exactly(&mut second, into)
    };
    let (head, tail) = out.split_at_mut(middle);
    let (first_done, second_done) = std::thread::scope(|s| {
        match std::thread::Builder::new().spawn_scoped(s, || second_half(tail)) {
            Ok(handle) => {
                let first_done = read_exactly(&mut (&mut first).take(middle as u64), head);
                (first_done, handle.join().ok())
            }
            Err(_) => (
                read_exactly(&mut (&mut first).take(middle as u64), head),
                None,
            ),
        }
    });
    first_done?;
    match second_done {
        Some(done) => done?,
        // No thread (or it failed): the second half is read here.
        None => read_exactly(&mut first, &mut out[middle..])?,
    }
    Ok(out)
}

/// Reads all of a decryptor's plaintext with `identity` (refusing passphrase files).
fn decrypt_whole<R: Read>(
    decryptor: age::Decryptor<R>,
    identity: &dyn age::Identity,
    capacity: usize,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut reader = payload_reader(decryptor, identity)?;
    let mut out = Zeroizing::new(Vec::with_capacity(capacity));
    reader
        .read_to_end(&mut out)
        .map_err(|e| CryptoError::Damaged(e.to_string()))?;
    Ok(out)
}

/// Encrypts `plaintext` to every recipient as ASCII-armored age text (`-----BEGIN AGE
/// ENCRYPTED FILE-----`), the form a QR code on a printed sheet holds: stock tools read
/// it as text and `age -d` opens it.
pub fn encrypt_armored(
    plaintext: &[u8],
    recipients: &[age::x25519::Recipient],
) -> Result<String, CryptoError> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let fail = |e: std::io::Error| CryptoError::Encrypt(e.to_string());
    let armor = age::armor::ArmoredWriter::wrap_output(Vec::new(), age::armor::Format::AsciiArmor)
        .map_err(fail)?;
    let mut writer = encryptor
        .wrap_output(armor)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer.write_all(plaintext).map_err(fail)?;
    let out = writer
        .finish()
        .and_then(age::armor::ArmoredWriter::finish)
        .map_err(fail)?;
    String::from_utf8(out).map_err(|e| CryptoError::Encrypt(e.to_string()))
}

/// Decrypts armored (or binary) age text with `identity`, whole or not at all.
pub fn decrypt_armored(
    text: &[u8],
    identity: &dyn age::Identity,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let reader = age::armor::ArmoredReader::new(text);
    let decryptor = age::Decryptor::new(reader).map_err(map_decrypt_error)?;
    decrypt_whole(decryptor, identity, text.len())
}

/// The payload of a file encrypted to keys (a passphrase file is refused), read with
/// `identity`.
fn payload_reader<R: Read>(
    decryptor: age::Decryptor<R>,
    identity: &dyn age::Identity,
) -> Result<age::stream::StreamReader<R>, CryptoError> {
    if decryptor.is_scrypt() {
        return Err(CryptoError::Damaged(
            "protected by a passphrase, not by keys".into(),
        ));
    }
    decryptor
        .decrypt(std::iter::once(identity))
        .map_err(map_decrypt_error)
}

/// Fills `into` from `reader`, which must then be at its end (a longer stream than
/// its length said is damaged).
fn read_exactly(reader: &mut impl Read, into: &mut [u8]) -> Result<(), CryptoError> {
    let damaged = |e: std::io::Error| CryptoError::Damaged(e.to_string());
    reader.read_exact(into).map_err(damaged)?;
    match reader.read(&mut [0u8; 1]).map_err(damaged)? {
        0 => Ok(()),
        _ => Err(CryptoError::Damaged(
            "the file is longer than it says".into(),
        )),
    }
}

fn map_decrypt_error(e: age::DecryptError) -> CryptoError {
    match e {
        age::DecryptError::NoMatchingKeys => CryptoError::WrongKey,
        age::DecryptError::ExcessiveWork { .. } => CryptoError::ExcessiveWork,
        other => CryptoError::Damaged(other.to_string()),
    }
}

/// Wraps an identity's secret with a passphrase (age scrypt), for the opt-in key file.
pub fn encrypt_with_passphrase(
    secret: &SecretString,
    passphrase: &SecretString,
) -> Result<Vec<u8>, CryptoError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(SCRYPT_WORK_FACTOR);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    let mut out = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .write_all(secret.expose_secret().as_bytes())
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| CryptoError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Opens a passphrase-protected key file, refusing work factors above the bound.
pub fn decrypt_with_passphrase(
    ciphertext: &[u8],
    passphrase: &SecretString,
) -> Result<SecretString, CryptoError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(map_decrypt_error)?;
    if !decryptor.is_scrypt() {
        return Err(CryptoError::Damaged(
            "not a passphrase-protected key file".into(),
        ));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_SCRYPT_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                CryptoError::WrongPassphrase
            }
            other => map_decrypt_error(other),
        })?;
    let mut out = Zeroizing::new(String::new());
    reader
        .read_to_string(&mut out)
        .map_err(|e| CryptoError::Damaged(e.to_string()))?;
    Ok(SecretString::from(out.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_files_are_decrypted_in_halves_with_every_chunk_checked() {
        const ENCRYPTED_CHUNK: usize = 64 * 1024 + 16;
        let k = generate_identity();
        for len in [
            1 << 20,
            (1 << 20) + 1,
            20 * 64 * 1024,
            20 * 64 * 1024 - 1,
            2_500_000,
        ] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 7 + i / 251) as u8).collect();
            let ct = encrypt(&plain, &[k.to_public()]).unwrap();
            assert!(ct.len() >= 1 << 20);
            assert!(
                decrypt(&ct, &k).unwrap().as_slice() == plain.as_slice(),
                "{len}"
            );
            // A flipped byte in either half, a cut anywhere, a cut at a chunk's end.
            for at in [ct.len() / 10, ct.len() / 2, ct.len() * 9 / 10, ct.len() - 1] {
                let mut bad = ct.clone();
                bad[at] ^= 1;
                assert!(decrypt(&bad, &k).is_err(), "{len} flipped at {at}");
            }
            for cut in [
                ct.len() - 1,
                ct.len() - 100,
                ct.len() - ENCRYPTED_CHUNK,
                ct.len() * 3 / 4,
            ] {
                assert!(decrypt(&ct[..cut], &k).is_err(), "{len} cut at {cut}");
            }
            assert!(matches!(
                decrypt(&ct, &generate_identity()),
                Err(CryptoError::WrongKey)
            ));
        }
    }

    #[test]
    fn either_recipient_opens_and_others_do_not() {
        let k = generate_identity();
        let p = generate_identity();
        let stranger = generate_identity();
        let ct = encrypt(b"hello", &[k.to_public(), p.to_public()]).unwrap();
        assert_eq!(&decrypt(&ct, &k).unwrap()[..], b"hello");
        assert_eq!(&decrypt(&ct, &p).unwrap()[..], b"hello");
        assert!(matches!(
            decrypt(&ct, &stranger),
            Err(CryptoError::WrongKey)
        ));
    }

    #[test]
    fn truncated_and_flipped_files_are_damaged_and_release_nothing() {
        let k = generate_identity();
        let plaintext = vec![b'x'; 200_000];
        let ct = encrypt(&plaintext, &[k.to_public()]).unwrap();
        let truncated = &ct[..ct.len() - 100];
        assert!(matches!(
            decrypt(truncated, &k),
            Err(CryptoError::Damaged(_))
        ));
        let mut flipped = ct.clone();
        let n = flipped.len() - 10;
        flipped[n] ^= 1;
        assert!(matches!(
            decrypt(&flipped, &k),
            Err(CryptoError::Damaged(_))
        ));
        assert!(matches!(
            decrypt(b"not age at all", &k),
            Err(CryptoError::Damaged(_))
        ));
    }

    #[test]
    fn paper_key_parses_with_groups_and_lower_case() {
        let p = generate_identity();
        let s = identity_secret(&p);
        let text = s.expose_secret();
        let grouped: String = text
            .chars()
            .collect::<Vec<_>>()
            .chunks(8)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let back = parse_identity(&format!("  {grouped}\n")).unwrap();
        assert_eq!(recipient_of(&back), recipient_of(&p));
        let bytes = paper_key_bytes(&p).unwrap();
        assert_eq!(bytes.len(), 32);
        let again = paper_key_from_bytes(&bytes).unwrap();
        assert_eq!(recipient_of(&again), recipient_of(&p));
        assert!(paper_key_from_bytes(&bytes[..31]).is_err());
        assert!(parse_identity("AGE-SECRET-KEY-1QQQ").is_err());
        assert!(parse_identity("").is_err());
    }

    #[test]
    fn passphrase_key_file_round_trip() {
        let secret = SecretString::from("AGE-SECRET-KEY-1EXAMPLE".to_owned());
        let ct = encrypt_with_passphrase(&secret, &SecretString::from("correct horse".to_owned()))
            .unwrap();
        let back =
            decrypt_with_passphrase(&ct, &SecretString::from("correct horse".to_owned())).unwrap();
        assert_eq!(back.expose_secret(), "AGE-SECRET-KEY-1EXAMPLE");
        assert!(matches!(
            decrypt_with_passphrase(&ct, &SecretString::from("wrong".to_owned())),
            Err(CryptoError::WrongPassphrase)
        ));
    }
}
