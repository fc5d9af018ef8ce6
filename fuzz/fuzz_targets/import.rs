//! Fuzzes the import pipeline: any bytes, with and without a file name.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = codekeeper::import::preview(data, None);
    let _ = codekeeper::import::preview(data, Some("github-recovery-codes.txt"));
});
