//! Fuzzes the picture reader: any bytes as a photo or scan of a sheet give QR texts or
//! a reason, never a panic, a hang or an allocation past the limits.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = codekeeper::photo::qr_texts(data);
});
