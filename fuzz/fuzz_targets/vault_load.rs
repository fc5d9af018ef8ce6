//! Fuzzes the vault loader: age decryption and the payload parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codekeeper::vault::fuzz_load(data);
});
