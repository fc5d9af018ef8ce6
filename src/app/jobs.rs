//! Slow work off the UI thread: one generic job type for the keyring unlock, vault
//! saves and PDF writing. A job runs on a named thread and reports back over a
//! channel; the window polls it each frame and asks for a repaint while it runs.
//! Tests run jobs inline so results arrive at once.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A job under way whose result is a `T`.
pub struct Job<T> {
    rx: Receiver<T>,
}

/// What polling a job found.
pub enum Poll<T> {
    /// Still running.
    Running,
    /// Finished with this result.
    Done(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

/// A job just started: running on its thread, or already done.
pub enum Started<T> {
    /// Running; poll it.
    Running(Job<T>),
    /// Done (inline, or the thread could not be started so it ran here).
    Done(T),
}

/// Runs `work` on a thread named `name`, or at once when `inline` (tests).
pub fn start<T: Send + 'static>(
    name: &str,
    inline: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Started<T> {
    if inline {
        return Started::Done(work());
    }
    let (tx, rx) = channel();
    // The closure is needed again if the thread cannot start.
    let work = std::sync::Arc::new(std::sync::Mutex::new(Some(work)));
    let thread_work = std::sync::Arc::clone(&work);
    let spawned = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let job = thread_work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(job) = job {
                let _ = tx.send(job());
            }
        });
    match spawned {
        Ok(_) => Started::Running(Job { rx }),
        Err(e) => {
            tracing::warn!("could not start {name}: {e}; running it here");
            let job = work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            match job {
                Some(job) => Started::Done(job()),
                // The thread took it after all; wait for its answer.
                None => Started::Running(Job { rx }),
            }
        }
    }
}

impl<T> Job<T> {
    /// Looks for the result without waiting.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(v) => Poll::Done(v),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Waits for the result (`None` if the thread died).
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_jobs_answer_at_once_and_threads_report_back() {
        assert!(matches!(start("t", true, || 7), Started::Done(7)));
        let Started::Running(job) = start("t", false, || 8) else {
            panic!("thread did not start")
        };
        assert_eq!(job.wait(), Some(8));
        let Started::Running(job) = start("t", false, || -> u8 { panic!("boom") }) else {
            panic!("thread did not start")
        };
        assert!(
            job.wait().is_none(),
            "a job whose thread died reports nothing"
        );
    }
}
