//! The `codekeeper` binary: parses the command line and hands over to the library.
//!
//! Every heap block is wiped when it is freed (a zeroizing wrapper around the
//! system allocator): decrypted codes, pasted text, the paper key shown at first run
//! and the window's own copies of what it drew do not linger in freed memory after
//! they are dropped. Its cost is in `cargo bench --bench frame`.

#![forbid(unsafe_code)]

#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> std::process::ExitCode {
    codekeeper::cli::main()
}
