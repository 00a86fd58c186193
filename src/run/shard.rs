//! Shards: a stable split of a run's documents over several machines (`--shard I/N`).
//!
//! A document belongs to shard `hash(name) mod N`, where the name is its output stem (the
//! name its outputs have in the run, unique within the run and the same wherever the
//! input folder is mounted). Hashing rather than taking every N-th document keeps a
//! document in the same shard when others are added or removed, and does not depend on
//! the order in which a machine lists its files.

use crate::ingest;
use std::fmt;
use std::str::FromStr;

/// One shard of a run: the `index`-th of `count` (0-based, as Kubernetes' completion index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u32,
    /// How many shards the run is split into.
    pub count: u32,
}

impl Shard {
    /// True when the document with this output stem belongs to this shard.
    pub fn keeps(&self, stem: &str) -> bool {
        shard_of(stem, self.count) == self.index
    }
}

/// The shard (`0..count`) that the document with output stem `stem` belongs to.
pub fn shard_of(stem: &str, count: u32) -> u32 {
    let hex = ingest::sha256_hex(stem.as_bytes());
    let h = u64::from_str_radix(&hex[..16], 16).unwrap_or(0);
    (h % u64::from(count.max(1))) as u32
}

impl FromStr for Shard {
    type Err = String;

    /// Reads `I/N` with `0 <= I < N`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard takes I/N with 0 <= I < N (e.g. 0/4 ... 3/4), not {s:?}");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["4/4", "1/0", "a/2", "3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_document_in_exactly_one_shard() {
        let stems: Vec<String> = (0..200).map(|i| format!("doc-{i}")).collect();
        let n = 5;
        let mut sizes = vec![0; n as usize];
        for s in &stems {
            let owners: Vec<u32> = (0..n)
                .filter(|&i| Shard { index: i, count: n }.keeps(s))
                .collect();
            assert_eq!(owners.len(), 1, "{s}");
            sizes[owners[0] as usize] += 1;
        }
        // A hash spreads 200 names over 5 shards: none empty, none holding half.
        assert!(sizes.iter().all(|&k| k > 10 && k < 100), "{sizes:?}");
    }
}
