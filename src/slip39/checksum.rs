//! The RS1024 checksum of a share: a Reed-Solomon code over GF(1024) whose three
//! check words catch any three wrong words (SLIP-0039, "Checksum").

const GEN: [u32; 10] = [
    0x00e0_e040,
    0x01c1_c080,
    0x0383_8100,
    0x0707_0200,
    0x0e0e_0009,
    0x1c0c_2412,
    0x3808_6c24,
    0x3090_fc48,
    0x21b1_f890,
    0x03f3_f120,
];

/// The customisation string: `shamir_extendable` for extendable sets, else `shamir`.
pub fn customization(extendable: bool) -> &'static [u8] {
    if extendable {
        b"shamir_extendable"
    } else {
        b"shamir"
    }
}

fn polymod(values: impl IntoIterator<Item = u32>) -> u32 {
    let mut chk: u32 = 1;
    for v in values {
        let b = chk >> 20;
        chk = ((chk & 0xf_ffff) << 10) ^ v;
        for (i, g) in GEN.iter().enumerate() {
            if (b >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn with_prefix<'a>(cs: &'a [u8], words: &'a [u16]) -> impl Iterator<Item = u32> + 'a {
    cs.iter()
        .map(|c| u32::from(*c))
        .chain(words.iter().map(|w| u32::from(*w)))
}

/// The three check words for `data` (every word before them).
pub fn create(extendable: bool, data: &[u16]) -> [u16; 3] {
    let pm = polymod(with_prefix(customization(extendable), data).chain([0, 0, 0])) ^ 1;
    [0, 1, 2].map(|i| ((pm >> (10 * (2 - i))) & 1023) as u16)
}

/// Whether `words` (data and check words) carry a valid checksum.
pub fn verify(extendable: bool, words: &[u16]) -> bool {
    polymod(with_prefix(customization(extendable), words)) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_checksums_verify_and_any_one_or_three_changed_words_are_caught() {
        let data: Vec<u16> = (0..30).map(|i| (i * 37 + 5) % 1024).collect();
        for ext in [false, true] {
            let mut all = data.clone();
            all.extend(create(ext, &data));
            assert!(verify(ext, &all));
            assert!(!verify(!ext, &all), "the customisation string matters");
            for i in 0..all.len() {
                let mut bad = all.clone();
                bad[i] ^= 1 + (i as u16 % 1000);
                assert!(!verify(ext, &bad), "word {i}");
                if i + 2 < all.len() {
                    bad[i + 1] ^= 0x155;
                    bad[i + 2] ^= 0x2aa;
                    assert!(!verify(ext, &bad), "words {i}..{}", i + 2);
                }
            }
        }
    }
}
