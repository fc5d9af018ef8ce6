//! Two pieces of work at once on the machine's cores, for the vault, the engine and
//! the importer: two tasks, one task on each of two parts, or wiping a large value
//! beside other work. Where no thread can be made, everything is done on the calling
//! thread.

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

/// `work` on each of one or two items, the second on another thread; the answers in
/// the items' order.
pub(crate) fn each_at_once<'t, T: Sync, R: Send>(
    items: &'t [T],
    work: impl Fn(&'t T) -> R + Sync,
) -> Vec<R> {
    match items {
        [first, second] => {
            let work = &work;
            let (a, b) = at_once(|| work(first), || work(second));
            // Work that panicked on the other thread is done again here, so that its
            // panic reaches the caller as any other would.
            vec![a, b.unwrap_or_else(|| work(second))]
        }
        _ => items.iter().map(work).collect(),
    }
}

/// [`each_at_once`] for work that fills its item in place: the answers may borrow
/// from the items for as long as the items are lent (a piece of text's lines, kept
/// in the item, and their scan, which borrows them).
pub(crate) fn each_in_place<'t, T: Send, R: Send>(
    items: &'t mut [T],
    work: impl Fn(&'t mut T) -> R + Sync,
) -> Vec<R> {
    match items {
        [first, second] => {
            // The second item is taken out by the other thread, or, where no thread
            // can be made, here.
            let second = std::sync::Mutex::new(Some(second));
            let take = || {
                second
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
            };
            let work = &work;
            std::thread::scope(|s| {
                let other = std::thread::Builder::new().spawn_scoped(s, || take().map(work));
                let a = work(first);
                let b = match other {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => take().map(work),
                };
                std::iter::once(a).chain(b).collect()
            })
        }
        _ => items.iter_mut().map(work).collect(),
    }
}

/// Drops (and so wipes) `value` on another thread while `work` runs here; both are
/// done when this returns. Where no thread can be made, `value` is dropped here first.
pub(crate) fn drop_beside<T: Send, R>(value: T, work: impl FnOnce() -> R) -> R {
    std::thread::scope(|s| {
        // On failure the closure, and `value` in it, is dropped by `spawn_scoped`.
        let _ = std::thread::Builder::new().spawn_scoped(s, move || drop(value));
        work()
    })
}

/// [`drop_beside`] for a value of `size` bytes from 1 MiB up; a smaller one is
/// dropped here first (a thread would cost more than it saves).
pub(crate) fn drop_large_beside<T: Send, R>(value: T, size: usize, work: impl FnOnce() -> R) -> R {
    if size < 1 << 20 {
        drop(value);
        work()
    } else {
        drop_beside(value, work)
    }
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

    #[test]
    fn work_in_place_fills_each_item_and_answers_in_order() {
        // Each item is filled on its own thread, and the answer borrows what was
        // put in it.
        for count in [0, 1, 2, 3] {
            let mut items: Vec<(usize, String)> = (0..count).map(|i| (i, String::new())).collect();
            let answers = super::each_in_place(&mut items, |(i, text)| {
                *text = format!("item {i}");
                let text: &String = text;
                (text.as_str(), std::thread::current().id())
            });
            let texts: Vec<&str> = answers.iter().map(|(t, _)| *t).collect();
            let expected: Vec<String> = (0..count).map(|i| format!("item {i}")).collect();
            assert_eq!(texts, expected);
            if count == 2 {
                assert_ne!(answers[0].1, answers[1].1, "the second item has a thread");
            }
        }
    }

    #[test]
    fn a_panic_in_place_on_the_other_thread_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            let mut items = [1, 2];
            super::each_in_place(&mut items, |n| {
                assert!(*n != 2, "on purpose");
                *n
            })
        });
        assert!(caught.is_err());
    }
}
