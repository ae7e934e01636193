//! The gazetteer index: a compact binary file of places and their names, read in place.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! header   "DGZ1" n_entries n_keys n_slots n_postings strings_len      (6 × u32)
//! entries  n_entries × 32 bytes: geonames_id u32, lat f32, lon f32, population u32,
//!          name_off u32, name_len u16, country [u8; 2], admin1 u32 (entry index or MAX),
//!          feature u8, 3 bytes padding
//! keys     n_keys × 12 bytes: str_off u32, post_off u32, str_len u16, n_post u16
//! postings n_postings × u32 entry indexes, each key's list best prior first
//! slots    n_slots × u32 (key index + 1, 0 = empty); open addressing, FNV-1a, n_slots = 2^k
//! strings  UTF-8 names and keys
//! ```
//!
//! Loading checks the header and section sizes only (no parsing, no allocation), so the
//! embedded index is ready in microseconds.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::{Error, Result};

const MAGIC: &[u8; 4] = b"DGZ1";
const HEADER: usize = 24;
const ENTRY: usize = 32;
const KEY: usize = 12;
/// Marker for "no admin-1 region".
pub const NO_ADMIN: u32 = u32::MAX;
/// High bit of a posting: the key is an alternate name of the entry.
const ALT_BIT: u32 = 1 << 31;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    Country = 0,
    Admin1 = 1,
    Admin2 = 2,
    City = 3,
    Capital = 4,
    AdminSeat = 5,
    Continent = 6,
    Region = 7,
    Water = 8,
    Mountain = 9,
    Island = 10,
    Facility = 11,
}

impl Feature {
    const ALL: [Feature; 12] = [
        Feature::Country,
        Feature::Admin1,
        Feature::Admin2,
        Feature::City,
        Feature::Capital,
        Feature::AdminSeat,
        Feature::Continent,
        Feature::Region,
        Feature::Water,
        Feature::Mountain,
        Feature::Island,
        Feature::Facility,
    ];

    fn from_u8(b: u8) -> Feature {
        Feature::ALL.get(b as usize).copied().unwrap_or(Feature::City)
    }

    /// The schema's `feature` string: `country`, `admin1`, `admin2`, `city`, `continent`,
    /// `region`, `water`, `mountain`, `island` or `facility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Admin1 => "admin1",
            Feature::Admin2 => "admin2",
            Feature::City | Feature::Capital | Feature::AdminSeat => "city",
            Feature::Continent => "continent",
            Feature::Region => "region",
            Feature::Water => "water",
            Feature::Mountain => "mountain",
            Feature::Island => "island",
            Feature::Facility => "facility",
        }
    }

    /// Parse the type column of `features.tsv` (the schema strings plus `capital`).
    pub fn parse(s: &str) -> Option<Feature> {
        Some(match s {
            "country" => Feature::Country,
            "admin1" => Feature::Admin1,
            "admin2" => Feature::Admin2,
            "city" => Feature::City,
            "capital" => Feature::Capital,
            "continent" => Feature::Continent,
            "region" => Feature::Region,
            "water" => Feature::Water,
            "mountain" => Feature::Mountain,
            "island" => Feature::Island,
            "facility" => Feature::Facility,
            _ => return None,
        })
    }

    /// True for populated places (cities, towns, capitals).
    pub fn is_settlement(self) -> bool {
        matches!(self, Feature::City | Feature::Capital | Feature::AdminSeat)
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// GeoNames id (0 for curated features without one).
    pub geonames_id: u32,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub name: String,
    /// ISO 3166-1 alpha-2, or empty.
    pub country: String,
    /// Index of the admin-1 region entry, or [`NO_ADMIN`].
    pub admin1: u32,
    pub feature: Feature,
}

/// A read-only view of one entry in the index.
#[derive(Debug, Clone, Copy)]
pub struct Place<'g> {
    gaz: &'g Gazetteer,
    /// Index of the entry.
    pub index: u32,
}

impl<'g> Place<'g> {
    fn field(&self, at: usize) -> usize {
        self.gaz.entries + self.index as usize * ENTRY + at
    }
    pub fn geonames_id(&self) -> Option<u64> {
        match self.gaz.u32_at(self.field(0)) {
            0 => None,
            id => Some(id as u64),
        }
    }
    pub fn lat(&self) -> f32 {
        f32::from_bits(self.gaz.u32_at(self.field(4)))
    }
    pub fn lon(&self) -> f32 {
        f32::from_bits(self.gaz.u32_at(self.field(8)))
    }
    pub fn population(&self) -> u32 {
        self.gaz.u32_at(self.field(12))
    }
    pub fn name(&self) -> &'g str {
        let off = self.gaz.u32_at(self.field(16)) as usize;
        let len = self.gaz.u16_at(self.field(20)) as usize;
        self.gaz.str_at(off, len)
    }
    /// ISO 3166-1 alpha-2 code, or `None`.
    pub fn country(&self) -> Option<&'g str> {
        let at = self.field(22);
        let cc = std::str::from_utf8(&self.gaz.bytes[at..at + 2]).ok()?;
        (cc != "\0\0" && !cc.is_empty()).then_some(cc)
    }
    /// The admin-1 region this place lies in.
    pub fn admin1(&self) -> Option<Place<'g>> {
        match self.gaz.u32_at(self.field(24)) {
            NO_ADMIN => None,
            i => Some(Place { gaz: self.gaz, index: i }),
        }
    }
    pub fn feature(&self) -> Feature {
        Feature::from_u8(self.gaz.bytes[self.field(28)])
    }
}

/// The gazetteer index (see the module docs for the layout).
pub struct Gazetteer {
    // (Debug is implemented by hand: the bytes are not worth printing.)
    bytes: Cow<'static, [u8]>,
    n_entries: usize,
    n_keys: usize,
    n_slots: usize,
    entries: usize,
    keys: usize,
    postings: usize,
    slots: usize,
    strings: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.n_entries)
            .field("keys", &self.n_keys)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// FNV-1a, 64-bit.
fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Gazetteer {
    /// Open an index held in memory.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Gazetteer> {
        let bad = |m: &str| Error::BadIndex(m.to_string());
        if bytes.len() < HEADER || &bytes[0..4] != MAGIC {
            return Err(bad("not a dossier gazetteer index (magic DGZ1 missing)"));
        }
        let h = |i: usize| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()) as usize;
        let (n_entries, n_keys, n_slots, n_post, str_len) = (h(1), h(2), h(3), h(4), h(5));
        let entries = HEADER;
        let keys = entries + n_entries * ENTRY;
        let postings = keys + n_keys * KEY;
        let slots = postings + n_post * 4;
        let strings = slots + n_slots * 4;
        if strings + str_len != bytes.len() || !n_slots.is_power_of_two() {
            return Err(bad("section sizes do not add up (truncated or corrupt index)"));
        }
        Ok(Gazetteer { bytes, n_entries, n_keys, n_slots, entries, keys, postings, slots, strings })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.n_entries
    }

    /// True when the index holds no place.
    pub fn is_empty(&self) -> bool {
        self.n_entries == 0
    }

    /// Number of distinct name keys.
    pub fn key_count(&self) -> usize {
        self.n_keys
    }

    /// The place at `index`.
    pub fn place(&self, index: u32) -> Place<'_> {
        Place { gaz: self, index }
    }

    /// Size of the index in bytes.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    fn u32_at(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().unwrap())
    }
    fn u16_at(&self, at: usize) -> u16 {
        u16::from_le_bytes(self.bytes[at..at + 2].try_into().unwrap())
    }
    fn str_at(&self, off: usize, len: usize) -> &str {
        let at = self.strings + off;
        std::str::from_utf8(&self.bytes[at..at + len]).unwrap_or("")
    }

    /// Entry indexes for an exact key (already folded: see [`crate::fold`]), best prior first.
    pub fn lookup_key(&self, key: &str) -> Postings<'_> {
        let mask = self.n_slots - 1;
        let mut slot = hash(key) as usize & mask;
        loop {
            let k = self.u32_at(self.slots + slot * 4) as usize;
            if k == 0 {
                return Postings { gaz: self, at: 0, left: 0 };
            }
            let rec = self.keys + (k - 1) * KEY;
            let off = self.u32_at(rec) as usize;
            let len = self.u16_at(rec + 8) as usize;
            if self.str_at(off, len) == key {
                let post = self.u32_at(rec + 4) as usize;
                let n = self.u16_at(rec + 10) as usize;
                return Postings { gaz: self, at: self.postings + post * 4, left: n };
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Entry indexes for a name as written: its folded key, or for a short name in capitals
    /// its abbreviation key first.
    pub fn lookup(&self, name: &str) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        if name.len() < 12 && name.bytes().any(|b| b.is_ascii_uppercase()) {
            let mut exact = String::with_capacity(name.len() + 1);
            exact.push('=');
            exact.push_str(name);
            out.extend(self.lookup_key(&exact));
        }
        if let Some(abbr) = crate::fold::abbreviation_key(name) {
            for h in self.lookup_key(&abbr) {
                if !out.iter().any(|o| o.index == h.index) {
                    out.push(h);
                }
            }
        }
        let mut buf = String::new();
        crate::fold::fold_into(name, &mut buf);
        for h in self.lookup_key(&buf) {
            if !out.iter().any(|o| o.index == h.index) {
                out.push(h);
            }
        }
        out
    }
}

/// The entry indexes of one key.
pub struct Postings<'g> {
    gaz: &'g Gazetteer,
    at: usize,
    left: usize,
}

/// One posting: an entry matched by a key, and whether the key came from an alternate name
/// (rather than the place's main name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: u32,
    pub alternate: bool,
}

impl Iterator for Postings<'_> {
    type Item = Hit;
    fn next(&mut self) -> Option<Hit> {
        if self.left == 0 {
            return None;
        }
        let v = self.gaz.u32_at(self.at);
        self.at += 4;
        self.left -= 1;
        Some(Hit { index: v & !ALT_BIT, alternate: v & ALT_BIT != 0 })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Postings<'_> {}

/// Collects places and names, then writes the index.
#[derive(Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    /// key → (entry index | alternate flag, rank); rank orders the postings (higher first).
    names: HashMap<String, Vec<(u32, f32)>>,
}

/// Maximum postings kept per key (the best by prior).
const MAX_POSTINGS: usize = 400;

impl GazetteerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a place; returns its index.
    pub fn add_entry(&mut self, entry: Entry) -> u32 {
        self.entries.push(entry);
        (self.entries.len() - 1) as u32
    }

    /// The entry at `index`.
    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// Mutable access to the entry at `index`.
    pub fn entry_mut(&mut self, index: u32) -> &mut Entry {
        &mut self.entries[index as usize]
    }

    /// Number of entries so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entry was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add an exact key (already folded, or `#ABBR`, `~variant`, `@demonym`) for an entry.
    pub fn add_key(&mut self, key: String, index: u32, rank: f32, alternate: bool) {
        if key.is_empty() || key.len() > 200 {
            return;
        }
        let list = self.names.entry(key).or_default();
        match list.iter_mut().find(|(i, _)| *i & !ALT_BIT == index) {
            // a main name wins over an alternate spelling of the same entry
            Some(p) => {
                if !alternate {
                    p.0 = index;
                }
            }
            None => list.push((index | if alternate { ALT_BIT } else { 0 }, rank)),
        }
    }

    /// Add a name as written: its folded key, its abbreviation key when written in capitals
    /// (if `abbreviations`), and for regions its loose variant key.
    pub fn add_name(
        &mut self,
        name: &str,
        index: u32,
        rank: f32,
        alternate: bool,
        abbreviations: bool,
    ) {
        if let Some(abbr) = crate::fold::abbreviation_key(name) {
            if abbreviations {
                self.add_key(abbr, index, rank, alternate);
            }
            return;
        }
        let key = crate::fold::fold(name);
        if key.len() < 2 {
            return;
        }
        let feature = self.entries[index as usize].feature;
        if matches!(feature, Feature::Admin1 | Feature::Admin2 | Feature::Country) {
            if let Some(v) = crate::fold::variant_key(&key) {
                self.add_key(v, index, rank, alternate);
            }
        }
        self.add_key(key, index, rank, alternate);
    }

    /// Write the index.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut strings: Vec<u8> = Vec::new();
        let mut entries: Vec<u8> = Vec::with_capacity(self.entries.len() * ENTRY);
        for e in &self.entries {
            let off = strings.len() as u32;
            let name = truncate(&e.name, u16::MAX as usize);
            strings.extend_from_slice(name.as_bytes());
            entries.extend_from_slice(&e.geonames_id.to_le_bytes());
            entries.extend_from_slice(&e.lat.to_bits().to_le_bytes());
            entries.extend_from_slice(&e.lon.to_bits().to_le_bytes());
            entries.extend_from_slice(&e.population.to_le_bytes());
            entries.extend_from_slice(&off.to_le_bytes());
            entries.extend_from_slice(&(name.len() as u16).to_le_bytes());
            let cc = e.country.as_bytes();
            entries.extend_from_slice(if cc.len() == 2 { cc } else { b"\0\0" });
            entries.extend_from_slice(&e.admin1.to_le_bytes());
            entries.extend_from_slice(&[e.feature as u8, 0, 0, 0]);
        }
        let mut keys: Vec<(&String, &Vec<(u32, f32)>)> = self.names.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        let n_slots = (keys.len() * 3 / 2 + 1).next_power_of_two();
        let mut slots = vec![0u32; n_slots];
        let mut key_recs: Vec<u8> = Vec::with_capacity(keys.len() * KEY);
        let mut postings: Vec<u8> = Vec::new();
        for (k, (key, list)) in keys.iter().enumerate() {
            let mut list: Vec<(u32, f32)> = (*list).clone();
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then((a.0 & !ALT_BIT).cmp(&(b.0 & !ALT_BIT))));
            list.truncate(MAX_POSTINGS);
            let off = strings.len() as u32;
            strings.extend_from_slice(key.as_bytes());
            let post = (postings.len() / 4) as u32;
            for (i, _) in &list {
                postings.extend_from_slice(&i.to_le_bytes());
            }
            key_recs.extend_from_slice(&off.to_le_bytes());
            key_recs.extend_from_slice(&post.to_le_bytes());
            key_recs.extend_from_slice(&(key.len() as u16).to_le_bytes());
            key_recs.extend_from_slice(&(list.len() as u16).to_le_bytes());
            let mask = n_slots - 1;
            let mut slot = hash(key) as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = k as u32 + 1;
        }
        let mut out = Vec::with_capacity(
            HEADER + entries.len() + key_recs.len() + postings.len() + n_slots * 4 + strings.len(),
        );
        out.extend_from_slice(MAGIC);
        for n in [self.entries.len(), keys.len(), n_slots, postings.len() / 4, strings.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        out.extend_from_slice(&entries);
        out.extend_from_slice(&key_recs);
        out.extend_from_slice(&postings);
        for s in slots {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&strings);
        out
    }

    /// Write and open the index.
    pub fn finish(&self) -> Gazetteer {
        Gazetteer::from_bytes(Cow::Owned(self.to_bytes())).expect("builder writes a valid index")
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, cc: &str, feature: Feature, pop: u32, lat: f32, lon: f32) -> Entry {
        Entry {
            geonames_id: pop + 1,
            lat,
            lon,
            population: pop,
            name: name.into(),
            country: cc.into(),
            admin1: NO_ADMIN,
            feature,
        }
    }

    #[test]
    fn round_trip_and_lookup() {
        let mut b = GazetteerBuilder::new();
        let fr = b.add_entry(entry("France", "FR", Feature::Country, 67_000_000, 46.0, 2.0));
        let paris = b.add_entry(entry("Paris", "FR", Feature::Capital, 2_100_000, 48.85, 2.35));
        let ptx = b.add_entry(entry("Paris", "US", Feature::City, 25_000, 33.66, -95.55));
        b.entry_mut(paris).admin1 = fr;
        b.add_name("France", fr, 10.0, false, true);
        b.add_name("FR", fr, 10.0, false, true);
        b.add_name("Paris", ptx, 1.0, false, true);
        b.add_name("Paris", paris, 5.0, false, true);
        b.add_name("Paname", paris, 5.0, true, true);
        let g = b.finish();
        let idx = |name: &str| g.lookup(name).iter().map(|h| h.index).collect::<Vec<_>>();
        assert_eq!(g.len(), 3);
        assert_eq!(idx("paris"), vec![paris, ptx]);
        assert_eq!(idx("PARIS"), vec![paris, ptx]);
        assert_eq!(idx("FR"), vec![fr]);
        assert!(idx("Fr").is_empty());
        assert_eq!(g.lookup("Paname"), vec![Hit { index: paris, alternate: true }]);
        assert!(g.lookup("Lyon").is_empty());
        let p = g.place(paris);
        assert_eq!(p.name(), "Paris");
        assert_eq!(p.country(), Some("FR"));
        assert_eq!(p.feature(), Feature::Capital);
        assert_eq!(p.admin1().map(|a| a.index), Some(fr));
        assert_eq!(p.geonames_id(), Some(2_100_001));
        assert!((p.lat() - 48.85).abs() < 1e-4);
        assert!(g.place(ptx).admin1().is_none());
    }

    #[test]
    fn rejects_garbage() {
        assert!(Gazetteer::from_bytes(Cow::Borrowed(b"nope")).is_err());
        let mut bytes = GazetteerBuilder::new().to_bytes();
        bytes.push(0);
        assert!(Gazetteer::from_bytes(Cow::Owned(bytes)).is_err());
    }
}
