//! Process hardening at start-up: no core dumps, so decrypted codes and keys in
//! memory never end up in a crash dump on disk (security rules §5).

/// Disables core dumps for this process. Failures are logged, never fatal: the
/// app still works, it only loses this extra protection.
pub fn disable_core_dumps() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{
            DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit,
        };
        if let Err(e) = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        ) {
            tracing::debug!("could not set RLIMIT_CORE to 0: {e}");
        }
        if let Err(e) = set_dumpable_behavior(DumpableBehavior::NotDumpable) {
            tracing::debug!("could not clear PR_SET_DUMPABLE: {e}");
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_afterwards() {
        super::disable_core_dumps();
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!(limit.current, Some(0));
        assert_eq!(
            rustix::process::dumpable_behavior().ok(),
            Some(rustix::process::DumpableBehavior::NotDumpable)
        );
    }
}
