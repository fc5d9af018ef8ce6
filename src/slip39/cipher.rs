//! The master secret's encryption before it is split: a four-round Feistel network with
//! PBKDF2-HMAC-SHA256 as round function (SLIP-0039, "Encryption of the master
//! secret"). Codekeeper always uses the empty passphrase, so the shares alone open it.

use sha2::Sha256;
use zeroize::Zeroizing;

const ROUNDS: u8 = 4;
/// PBKDF2 iterations per round at exponent 0 (10 000 over the four rounds).
const BASE_ITERATIONS: u32 = 2500;

fn round_function(i: u8, r: &[u8], passphrase: &[u8], e: u8, salt: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut password = Zeroizing::new(Vec::with_capacity(passphrase.len() + 1));
    password.push(i);
    password.extend_from_slice(passphrase);
    let mut full_salt = Zeroizing::new(salt.to_vec());
    full_salt.extend_from_slice(r);
    let mut out = Zeroizing::new(vec![0u8; r.len()]);
    pbkdf2::pbkdf2_hmac::<Sha256>(&password, &full_salt, BASE_ITERATIONS << e, &mut out);
    out
}

fn salt_prefix(id: u16, extendable: bool) -> Vec<u8> {
    if extendable {
        Vec::new()
    } else {
        let mut s = b"shamir".to_vec();
        s.extend_from_slice(&id.to_be_bytes());
        s
    }
}

fn feistel(
    input: &[u8],
    passphrase: &[u8],
    e: u8,
    id: u16,
    extendable: bool,
    order: impl Iterator<Item = u8>,
) -> Zeroizing<Vec<u8>> {
    let half = input.len() / 2;
    let mut l = Zeroizing::new(input[..half].to_vec());
    let mut r = Zeroizing::new(input[half..].to_vec());
    let salt = salt_prefix(id, extendable);
    for i in order {
        let f = round_function(i, &r, passphrase, e, &salt);
        let mut next_r = Zeroizing::new(l.to_vec());
        for (a, b) in next_r.iter_mut().zip(f.iter()) {
            *a ^= b;
        }
        l = std::mem::replace(&mut r, next_r);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(input.len()));
    out.extend_from_slice(&r);
    out.extend_from_slice(&l);
    out
}

/// The encrypted master secret (EMS) for `master` (an even number of bytes).
pub fn encrypt(
    master: &[u8],
    passphrase: &[u8],
    e: u8,
    id: u16,
    extendable: bool,
) -> Zeroizing<Vec<u8>> {
    feistel(master, passphrase, e, id, extendable, 0..ROUNDS)
}

/// The master secret back from `ems`.
pub fn decrypt(
    ems: &[u8],
    passphrase: &[u8],
    e: u8,
    id: u16,
    extendable: bool,
) -> Zeroizing<Vec<u8>> {
    feistel(ems, passphrase, e, id, extendable, (0..ROUNDS).rev())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrypting_undoes_encrypting_and_the_id_matters_only_when_not_extendable() {
        let ms: Vec<u8> = (0..32).collect();
        for ext in [false, true] {
            let ems = encrypt(&ms, b"", 0, 7, ext);
            assert_ne!(ems.as_slice(), ms.as_slice());
            assert_eq!(decrypt(&ems, b"", 0, 7, ext).as_slice(), ms.as_slice());
            let other_id = encrypt(&ms, b"", 0, 8, ext);
            assert_eq!(ext, other_id == ems);
        }
    }
}
