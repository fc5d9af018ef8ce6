//! Fuzzes the settings loader: any text gives settings within their ranges that
//! save and load back unchanged.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codekeeper::settings::fuzz_parse(data);
});
