//! Stable 64-bit hashing for feature ids and lexicon keys (no per-process randomness, so the
//! model file means the same thing on every machine).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Finalizer of MurmurHash3: spreads every input bit over the output.
#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Combines two hashes (order matters).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    fmix(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// FNV-1a over the bytes of `s`, finalized.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix(h)
}

/// Seed of the hash of a token sequence.
pub(crate) const SEQ_SEED: u64 = 0x5eed_0f5e_9000_0001;

/// Hash of a sequence of token hashes (used for multi-word gazetteer names).
pub(crate) fn hash_seq(hashes: impl IntoIterator<Item = u64>) -> u64 {
    hashes.into_iter().fold(SEQ_SEED, mix)
}

/// A hasher for keys that are already good 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type Map64<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
pub(crate) type Set64 = HashSet<u64, BuildHasherDefault<IdHasher>>;
