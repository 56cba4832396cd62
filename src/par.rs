//! Order-preserving parallel map over the machine's cores, for batches.

use std::num::NonZeroUsize;

/// Below this many items a batch is mapped on the calling thread.
const SERIAL_BELOW: usize = 1024;
/// At most this many threads.
const MAX_THREADS: usize = 8;

/// How many threads a batch of `n` items uses.
fn threads_for(n: usize) -> usize {
    if n < SERIAL_BELOW {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .clamp(1, MAX_THREADS)
}

/// Map `items` through `f` on up to [`MAX_THREADS`] threads, keeping order.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let mut chunks = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > per {
        let tail = rest.split_off(per);
        chunks.push(rest);
        rest = tail;
    }
    chunks.push(rest);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::new();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                // A panic in `f` is a bug; let it surface as one.
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_at_every_size() {
        for n in [0, 1, 5, 1023, 1024, 1025, 4099] {
            let v: Vec<usize> = (0..n).collect();
            let out = super::map(v, |x| x * 2);
            assert_eq!(out, (0..n).map(|x| x * 2).collect::<Vec<_>>(), "n = {n}");
        }
    }
}
