//! Order-preserving parallel map for batches, on rayon's pool. Small
//! inputs stay on the calling thread, so a single `verify` starts no pool.

use rayon::prelude::*;

/// Below this many items a batch is mapped on the calling thread.
const SERIAL_BELOW: usize = 1024;

/// Map `items` through `f` on every core, keeping their order.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < SERIAL_BELOW {
        return items.into_iter().map(f).collect();
    }
    items.into_par_iter().map(f).collect()
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
