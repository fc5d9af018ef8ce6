//! Fuzzes what a sheet's QR code holds once decrypted: any text through the record
//! parser and the check against a vault, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codekeeper::keeper::sheets::fuzz_record(data);
});
