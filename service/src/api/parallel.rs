//! An ordered map over a batch on every core: a payroll batch for a whole
//! organization is many independent statements. Results come back in
//! request order and the error reported is the first by index, so the
//! answer is the same whatever the scheduling.
//!
//! One batch runs at a time: it already takes every core, so a second batch
//! beside it would only share them, and both would hold their statements in
//! memory for twice as long. The next batch waits for the cores (it is
//! already admitted and counted by the server's concurrency limits, so the
//! wait is bounded).

use core::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};
use std::thread;

/// Held by the batch that has the cores.
static CORES: Mutex<()> = Mutex::new(());

use salesphysics_core::ErrorKind;

use crate::convert;
use crate::status::{ApiError, Context as _};

/// `work(item)` for every item of `items`, in order, errors naming
/// `field[i]`; contiguous chunks run on one thread per core.
pub fn map<P: Sync, T: Send>(
    items: &[P],
    field: &str,
    work: impl Fn(&P) -> Result<T, ApiError> + Sync,
) -> Result<Vec<T>, ApiError> {
    let workers = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len());
    if workers <= 1 {
        return convert::list(items, field, work);
    }
    // A panic while holding the cores poisons nothing that the next batch
    // reads: the lock guards no data.
    let _cores = CORES.lock().unwrap_or_else(PoisonError::into_inner);
    let chunk = items.len().div_ceil(workers);
    let work = &work;
    let run = move |(part, slice): (usize, &[P])| -> Result<Vec<T>, ApiError> {
        let first = part.saturating_mul(chunk);
        slice
            .iter()
            .enumerate()
            .map(|(i, item)| work(item).at_index(field, first.saturating_add(i)))
            .collect()
    };
    let parts: Vec<Result<Vec<T>, ApiError>> = thread::scope(|scope| {
        let mut chunks = items.chunks(chunk).enumerate();
        let here = chunks.next();
        let spawned: Vec<_> = chunks
            .map(|job| {
                thread::Builder::new()
                    .spawn_scoped(scope, move || run(job))
                    // No thread to be had: work it here instead.
                    .map_err(|_| job)
            })
            .collect();
        let mut parts = Vec::with_capacity(workers);
        parts.push(here.map_or_else(|| Ok(Vec::new()), run));
        for handle in spawned {
            parts.push(match handle {
                Ok(handle) => handle.join().unwrap_or_else(|_| Err(worker_died())),
                Err(job) => run(job),
            });
        }
        parts
    });
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// A worker thread panicked: a fault of the service (`INTERNAL`).
fn worker_died() -> ApiError {
    ApiError::internal(ErrorKind::Invalid("a batch worker failed"))
}
