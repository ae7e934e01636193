//! Wire copies: the same agency story on many sites, found by SimHash over word shingles.
//!
//! Two bodies are copies when their content ids are equal (the same words, white space
//! folded), or — for bodies of at least [`MIN_NEAR_WORDS`] words — when the 64-bit SimHashes
//! of their word 3-shingles differ in at most [`MAX_DISTANCE`] bits (a changed byline, an
//! added sentence, a different dateline). Lookups split the hash into six bands: two hashes
//! within 5 bits share at least one band exactly (pigeonhole), so only those are compared.

use std::collections::HashMap;

/// Bodies shorter than this are only matched exactly (a short text's SimHash is too coarse).
pub const MIN_NEAR_WORDS: usize = 40;
/// The largest Hamming distance between the SimHashes of near-identical bodies.
pub const MAX_DISTANCE: u32 = 5;
/// The hash is cut into `MAX_DISTANCE + 1` bands (of 11 or 10 bits): two hashes within
/// `MAX_DISTANCE` bits agree exactly on at least one band.
const BANDS: [(u32, u32); 6] = [(0, 11), (11, 11), (22, 11), (33, 11), (44, 10), (54, 10)];

fn band(hash: u64, i: usize) -> (u8, u16) {
    let (shift, bits) = BANDS[i];
    (i as u8, ((hash >> shift) & ((1u64 << bits) - 1)) as u16)
}

/// What identifies a body for duplicate detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The document's content id.
    pub id: String,
    /// SimHash of the body's word 3-shingles; `None` for short bodies.
    pub simhash: Option<u64>,
}

impl Fingerprint {
    /// The fingerprint of a body with content id `id`; `None` for an empty body.
    pub fn of(id: &str, text: &str) -> Option<Fingerprint> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return None;
        }
        let simhash = (words.len() >= MIN_NEAR_WORDS).then(|| simhash(&words));
        Some(Fingerprint { id: id.to_string(), simhash })
    }
}

fn simhash(words: &[String]) -> u64 {
    let mut weights = [0i32; 64];
    for shingle in words.windows(3) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in shingle {
            for b in w.bytes().chain(std::iter::once(b' ')) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        // Mix the FNV hash so that its bits are independent enough for SimHash.
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    weights.iter().enumerate().fold(0u64, |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc })
}

/// Bodies seen so far, each under a key that orders them (input order).
#[derive(Debug, Default)]
pub struct DuplicateIndex<K> {
    exact: HashMap<String, (K, String)>,
    bands: HashMap<(u8, u16), Vec<usize>>,
    near: Vec<(K, u64, String)>,
}

impl<K: Copy + Ord> DuplicateIndex<K> {
    pub fn new() -> Self {
        DuplicateIndex { exact: HashMap::new(), bands: HashMap::new(), near: Vec::new() }
    }

    /// The id of the earliest body before `key` that `fp` copies, if any.
    pub fn find_before(&self, fp: &Fingerprint, key: K) -> Option<String> {
        let mut best: Option<(K, &str)> = None;
        fn consider<'a, K: Copy + Ord>(best: &mut Option<(K, &'a str)>, key: K, k: K, id: &'a str) {
            if k < key && best.is_none_or(|(b, _)| k < b) {
                *best = Some((k, id));
            }
        }
        if let Some((k, id)) = self.exact.get(&fp.id) {
            consider(&mut best, key, *k, id);
        }
        if let Some(hash) = fp.simhash {
            for b in 0..BANDS.len() {
                for &i in self.bands.get(&band(hash, b)).into_iter().flatten() {
                    let (k, other, id) = &self.near[i];
                    if (hash ^ other).count_ones() <= MAX_DISTANCE {
                        consider(&mut best, key, *k, id);
                    }
                }
            }
        }
        best.map(|(_, id)| id.to_string())
    }

    /// Remember `fp` under `key` (the first key seen for an exact body is kept).
    pub fn insert(&mut self, fp: &Fingerprint, key: K) {
        let entry = self.exact.entry(fp.id.clone()).or_insert((key, fp.id.clone()));
        if key < entry.0 {
            entry.0 = key;
        }
        if let Some(hash) = fp.simhash {
            let i = self.near.len();
            self.near.push((key, hash, fp.id.clone()));
            for b in 0..BANDS.len() {
                self.bands.entry(band(hash, b)).or_default().push(i);
            }
        }
    }

    /// Bodies remembered.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    /// Whether nothing was remembered.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Finance ministers from the eurozone agreed on Monday to extend the emergency credit line for another six months, officials said after talks in Brussels that lasted late into the night. The agreement still needs the approval of several national parliaments, and two governments said they would put it to a vote next week. Markets rose slightly after the announcement. The credit line was first opened two years ago, when borrowing costs for several member states rose above seven percent, and it has been extended three times since then. Economists said the new extension would calm investors but warned that the underlying debt problems remained unsolved, pointing to weak growth forecasts for the coming year.";

    fn fp(text: &str) -> Fingerprint {
        Fingerprint::of(&dossier_core::content_id(text), text).unwrap()
    }

    #[test]
    fn exact_and_near_copies() {
        let mut index = DuplicateIndex::new();
        index.insert(&fp(STORY), 1u64);
        // The same words with other white space.
        let spaced = STORY.replace(". ", ".\n\n");
        assert_eq!(index.find_before(&fp(&spaced), 2), Some(dossier_core::content_id(STORY)));
        // A wire copy with a dateline and one changed word.
        let edited = format!("BRUSSELS (Reuters) — {}", STORY.replace("slightly", "sharply"));
        assert_eq!(index.find_before(&fp(&edited), 3), Some(dossier_core::content_id(STORY)));
        // Only earlier copies count.
        assert_eq!(index.find_before(&fp(&edited), 0), None);
        // A different story on the same topic is not a copy.
        let other = "Finance ministers from the eurozone failed on Monday to agree on the emergency credit line, and officials said talks in Brussels would resume next month after several national parliaments objected. Two governments threatened to leave the talks, and markets fell sharply after the news. Analysts said a deal was now unlikely before the summer, when the current line runs out.";
        assert_eq!(index.find_before(&fp(other), 4), None);
        assert!(Fingerprint::of("x", " \n ").is_none());
    }
}
