//! Two pieces of work at once on the machine's cores, for the vault, the engine and
//! the importer. Where no thread can be made, both are done on the calling thread;
//! a panic on the other thread comes back as `None`, for the caller to handle.

/// Runs `first` here and `second` on another thread at the same time, or both here,
/// one after the other, when no thread can be made. `second`'s answer is `None` if
/// it panicked.
pub(crate) fn at_once<A, B>(
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send + Copy,
) -> (A, Option<B>)
where
    B: Send,
{
    std::thread::scope(
        |s| match std::thread::Builder::new().spawn_scoped(s, second) {
            Ok(handle) => {
                let a = first();
                (a, handle.join().ok())
            }
            Err(_) => {
                let a = first();
                (a, Some(second()))
            }
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_answers_come_back_in_order() {
        let data = [1, 2, 3, 4];
        let (a, b) = super::at_once(|| data[..2].iter().sum::<i32>(), || data[2..].iter().sum());
        assert_eq!((a, b), (3, Some(7)));
    }

    #[test]
    fn a_panic_on_the_other_thread_is_none() {
        let (a, b): (i32, Option<i32>) = super::at_once(|| 1, || panic!("on purpose"));
        assert_eq!((a, b), (1, None));
    }
}
