//! Toponym resolution: from place mentions in a document to gazetteer entries.
//!
//! Each mention's candidates (every entry that bears the name) are scored in two passes:
//! first by their priors alone (feature type and population), which gives a provisional
//! reading of the document; then again with the document's context: the countries the
//! document mentions and the one it is about (its *focus*), the admin-1 regions it names,
//! "Springfield, Illinois" and "Khabarovsk in Russia" patterns, distance to the other places
//! it names, and "300 km east of X" expressions as a consistency check.

use std::collections::HashMap;

use crate::fold::{fold_into, variant_key};
use crate::gazetteer::{Feature, Gazetteer, Hit, Place};

/// The prior of a gazetteer entry: how likely a news mention of its name means it, before
/// context. Countries outrank regions, which outrank cities; larger places outrank smaller.
pub fn prior(feature: Feature, population: u32) -> f32 {
    let lp = ((population as f32) + 1.0).log10();
    match feature {
        Feature::Country => 10.0 + 0.1 * lp,
        Feature::Continent => 9.5,
        Feature::Admin1 => 6.5 + 0.25 * lp,
        Feature::Region
        | Feature::Water
        | Feature::Mountain
        | Feature::Island
        | Feature::Facility => 8.0,
        Feature::Admin2 => 4.0,
        Feature::City => 1.0 + 0.9 * lp,
        Feature::Capital => 2.5 + 0.9 * lp,
        Feature::AdminSeat => 1.7 + 0.9 * lp,
    }
}

/// Words that name a part of a place ("North Dallas") or its whole area ("Greater Mumbai").
const AREA_WORDS: &[&str] =
    &["north", "south", "east", "west", "northern", "southern", "eastern", "western", "greater"];

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// A span of the text (bytes) to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
}

/// The reading chosen for one mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The entry chosen.
    pub index: u32,
    /// Confidence in [0, 1] (share of the candidates' evidence held by the winner).
    pub score: f32,
    /// Another candidate far from the winner came close: the reading is ambiguous.
    pub ambiguous: bool,
    /// The runner-up's entry, when there was one.
    pub runner_up: Option<u32>,
}

/// Extra document context from other stages.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// ISO alpha-2 codes of countries the document refers to other than by place names
    /// (nationalities of entities); each occurrence counts.
    pub countries: Vec<String>,
    /// Host name of the document's source (`www.parisbeacon.com`), when known. A local
    /// paper names its home town in its host name; a country-code domain names its country.
    pub host: Option<String>,
}

impl Context {
    /// The host's labels without `www` and the public suffix, lower-cased letters only
    /// (`www.parisbeacon.com` → `parisbeacon`), and the country of a country-code domain
    /// (`.co.uk` → GB, `.ca` → CA; generic domains give none).
    fn home(&self) -> (String, Option<String>) {
        let Some(host) = self.host.as_deref() else { return (String::new(), None) };
        let labels: Vec<String> =
            host.trim_end_matches('.').split('.').map(str::to_lowercase).collect();
        let tld = labels.last().cloned().unwrap_or_default();
        let country = (tld.len() == 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| match tld.as_str() {
                "uk" => "GB".to_string(),
                // generic in practice
                "tv" | "io" | "co" | "me" | "fm" | "ly" | "us" | "eu" => String::new(),
                t => t.to_uppercase(),
            })
            .filter(|c| !c.is_empty());
        let skip = ["www", "com", "co", "org", "net", "news", "edu", "gov", "ac"];
        let home = labels[..labels.len().saturating_sub(1)]
            .iter()
            .filter(|l| !skip.contains(&l.as_str()))
            .flat_map(|l| l.chars().filter(char::is_ascii_alphabetic))
            .collect();
        (home, country)
    }
}

/// Letters of a mention, lower-cased ASCII ("St. Paris" → "stparis").
fn letters(s: &str) -> String {
    crate::fold::fold(s).chars().filter(char::is_ascii_alphabetic).collect()
}

/// The shortest name that can be matched in a host name: shorter ones ("Mass", "Erie")
/// occur inside ordinary words.
const MIN_HOME_NAME: usize = 5;
/// How close (km) another mention's reading must be to count as a neighbour.
const NEAR_KM: f32 = 150.0;

/// How far a region's seat of the same name is lifted above the region's prior when the text
/// does not call the name an area ("Odesa" the city, "Odesa region").
const SEAT_OVER_REGION: f32 = 0.25;
/// Score added to the readings inside the country named last in the passage before a mention
/// (within `LOCAL_WINDOW` bytes).
const LOCAL_COUNTRY: f32 = 1.5;
const LOCAL_WINDOW: usize = 300;
/// A town (below this population) read in a country nothing else in the document points
/// to gets no reading when the other names carry at least `STRAY_CONTEXT` of country weight.
const STRAY_TOWN_POP: u32 = 100_000;
const STRAY_CONTEXT: f32 = 1.0;
/// Candidates of each other mention used as proximity anchors.
const ANCHORS_PER_NAME: usize = 12;

/// Resolves mentions against a gazetteer.
pub struct Resolver<'g> {
    gaz: &'g Gazetteer,
}

struct Cand {
    index: u32,
    base: f32,
    score: f32,
}

const MAX_CANDIDATES: usize = 400;

impl<'g> Resolver<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Self {
        Resolver { gaz }
    }

    /// Candidate entries of a surface name: exact, then without "the", then the loose
    /// administrative variant ("Khabarovsky Krai"), then without a possessive.
    pub fn candidates(&self, surface: &str) -> Vec<Hit> {
        let surface = surface.trim();
        let mut hits = self.gaz.lookup(surface);
        let mut key = String::new();
        fold_into(surface, &mut key);
        // a nationality given as a place mention ("Russian" forces) means the country
        if surface.chars().next().is_some_and(char::is_uppercase) {
            let demonym = format!("@{key}");
            for h in self.gaz.lookup_key(&demonym) {
                if !hits.iter().any(|o| o.index == h.index) {
                    hits.insert(0, h);
                }
            }
        }
        if hits.is_empty() {
            if let Some(rest) = key.strip_prefix("the ") {
                hits.extend(self.gaz.lookup_key(rest));
            }
        }
        if hits.is_empty() {
            if let Some(v) = variant_key(&key) {
                hits.extend(self.gaz.lookup_key(&v));
            }
        }
        // "North Dallas", "Western Kasai", "Greater Mumbai": a part or the whole area of a
        // place the gazetteer names without the word
        if hits.is_empty() {
            if let Some((first, rest)) = key.split_once(' ') {
                let rest_first = rest.split(' ').next().unwrap_or("");
                if AREA_WORDS.contains(&first) && !AREA_WORDS.contains(&rest_first) {
                    // only a region or a large city: "West Side" is not Side, Turkey
                    hits.extend(self.gaz.lookup_key(rest).filter(|h| {
                        let p = self.gaz.place(h.index);
                        !h.alternate
                            && match p.feature() {
                                Feature::Admin1 | Feature::Admin2 => true,
                                f => f.is_settlement() && p.population() >= 100_000,
                            }
                    }));
                }
            }
        }
        if hits.is_empty() {
            for suffix in ["'s", "’s"] {
                if let Some(s) = surface.strip_suffix(suffix) {
                    return self.candidates(s);
                }
            }
        }
        hits.truncate(MAX_CANDIDATES);
        hits
    }

    /// Resolve every mention of `text`, using the others as context.
    pub fn resolve(
        &self,
        text: &str,
        mentions: &[Mention],
        context: &Context,
    ) -> Vec<Option<Resolution>> {
        let (home, home_country) = context.home();
        let cands: Vec<Vec<Cand>> = mentions
            .iter()
            .map(|m| {
                let surface = text.get(m.start..m.end).unwrap_or("");
                // written as an abbreviation ("US", "U.S.", "SC"), not a capitalized
                // dateline such as "KYIV"
                let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
                let all_caps =
                    surface.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
                        && (letters <= 3 || surface.contains('.'));
                let name = self::letters(surface);
                let is_home = name.len() >= MIN_HOME_NAME && home.contains(&name);
                let area_named = names_area(text, m);
                let mut cs: Vec<Cand> = self
                    .candidates(surface)
                    .into_iter()
                    .map(|h| {
                        let p = self.gaz.place(h.index);
                        let mut base = prior(p.feature(), p.population());
                        // the paper's home town ("Paris" in parisbeacon.com): a town,
                        // and any town of the name, whatever its size
                        if is_home {
                            if p.feature().is_settlement() {
                                let lp = ((p.population() as f32) + 1.0).log10();
                                base = 4.0 + 0.3 * lp;
                            } else {
                                base -= 6.0;
                            }
                        }
                        if h.alternate {
                            base -= if p.feature().is_settlement() { 1.5 } else { 0.5 };
                        }
                        // "US" written in capitals: an abbreviation, not a town's name, and
                        // a code ("SC") is a weaker reading than a written alias ("S.C.")
                        if all_caps && surface.len() <= 5 && p.feature().is_settlement() {
                            base -= 3.0;
                        }
                        if all_caps && surface.len() <= 6 && h.alternate {
                            base -= 2.0;
                        }
                        Cand { index: h.index, base, score: base }
                    })
                    .collect();
                if !area_named {
                    self.prefer_seat(&mut cs);
                }
                cs
            })
            .collect();

        // Pass 1: priors only.
        let best1: Vec<Option<u32>> = cands.iter().map(|c| best(c).map(|i| c[i].index)).collect();

        // Document context: countries (weighted), admin-1 regions, anchor points. Each
        // distinct name votes once, and never for its own readings.
        let surfaces: Vec<String> = mentions
            .iter()
            .map(|m| crate::fold::fold(text.get(m.start..m.end).unwrap_or("")))
            .collect();
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (m, s) in surfaces.iter().enumerate() {
            first_of.entry(s.as_str()).or_insert(m);
        }
        let mut weight: HashMap<&str, f32> = HashMap::new();
        let mut admins: HashMap<u32, f32> = HashMap::new();
        let mut votes: Vec<Option<(&str, f32, u32, f32)>> = vec![None; mentions.len()];
        for (m, (cs, b)) in cands.iter().zip(&best1).enumerate() {
            let Some(b) = *b else { continue };
            if first_of.get(surfaces[m].as_str()) != Some(&m) {
                continue;
            }
            let p = self.gaz.place(b);
            // confidence of the provisional reading: its share of the evidence
            let top = cs.iter().map(|c| c.base).fold(f32::MIN, f32::max);
            let conf = 1.0 / cs.iter().map(|c| (c.base - top).exp()).sum::<f32>();
            let w = conf
                * match p.feature() {
                    Feature::Country => 2.0,
                    Feature::Admin1 => 1.5,
                    Feature::Continent => 0.0,
                    _ => 1.0,
                };
            if let Some(cc) = p.country() {
                *weight.entry(cc).or_default() += w;
            }
            let (admin, aw) = if p.feature() == Feature::Admin1 {
                (b, 1.0)
            } else if let Some(a) = p.admin1() {
                (a.index, 0.5 * conf)
            } else {
                (u32::MAX, 0.0)
            };
            *admins.entry(admin).or_default() += aw;
            votes[m] = Some((p.country().unwrap_or(""), w, admin, aw));
        }
        for demonym_cc in self
            .demonym_countries(text)
            .iter()
            .chain(context.countries.iter())
            .chain(home_country.iter())
        {
            if let Some(i) = self.country_entry(demonym_cc) {
                if let Some(cc) = self.gaz.place(i).country() {
                    *weight.entry(cc).or_default() += 0.7;
                }
            }
        }
        let total: f32 = weight.values().sum();
        let max_share =
            if total > 0.0 { weight.values().fold(0.0f32, |a, &w| a.max(w)) / total } else { 0.0 };

        // Anchors for proximity: the plausible point readings of each distinct name (its
        // best ones, weighted by their prior relative to the name's best), so that two
        // ambiguous names ("Paris" and "Henry County") pull each other's nearby readings.
        let mut anchors: Vec<(usize, f32, f64, f64)> = Vec::new();
        for (m, cs) in cands.iter().enumerate() {
            if first_of.get(surfaces[m].as_str()) != Some(&m) {
                continue;
            }
            let top = cs.iter().map(|c| c.base).fold(f32::MIN, f32::max);
            let mut order: Vec<&Cand> = cs.iter().filter(|c| c.base > top - 3.0).collect();
            order.sort_by(|a, b| b.base.total_cmp(&a.base));
            for c in order.into_iter().take(ANCHORS_PER_NAME) {
                let p = self.gaz.place(c.index);
                if matches!(
                    p.feature(),
                    Feature::City
                        | Feature::Capital
                        | Feature::AdminSeat
                        | Feature::Admin2
                        | Feature::Facility
                ) {
                    anchors.push((m, (c.base - top).exp(), p.lat() as f64, p.lon() as f64));
                }
            }
        }

        // Pass 2: context; then once more with the readings chosen as anchors too, so
        // that a name settled by context pulls its neighbours (pass 3).
        let mut out = Vec::with_capacity(mentions.len());
        // each mention's plausible readings (within 3 of its best prior)
        let cands_snapshot: Vec<Vec<u32>> = cands
            .iter()
            .map(|cs| {
                let top = cs.iter().map(|c| c.base).fold(f32::MIN, f32::max);
                cs.iter().filter(|c| c.base > top - 3.0).map(|c| c.index).collect()
            })
            .collect();
        let mut cands = cands;
        for round in 0..2 {
            if round == 1 {
                for (m, r) in out.drain(..).enumerate() {
                    let Some(r): Option<Resolution> = r else { continue };
                    let p = self.gaz.place(r.index);
                    if p.feature().is_settlement() || p.feature() == Feature::Admin2 {
                        anchors.push((m, 1.0, p.lat() as f64, p.lon() as f64));
                    }
                }
            }
            for (m, cs) in cands.iter_mut().enumerate() {
                let own = first_of.get(surfaces[m].as_str()).and_then(|&f| votes[f]);
                // the country the rest of the document is about
                let focus = weight
                    .iter()
                    .map(|(cc, w)| (*cc, w - own.filter(|o| o.0 == *cc).map_or(0.0, |o| o.1)))
                    .filter(|(_, w)| *w > 0.0)
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(cc, _)| cc);
                let next = self.following_container(text, mentions, m, &best1);
                let offset = self.offset_anchor(text, mentions, m, &best1);
                let listed = listed_areas(self.gaz, text, mentions, m, &best1);
                let prev = self.preceding_contained(text, mentions, m, &cands_snapshot);
                let local = self
                    .local_country(mentions, m, &best1)
                    .filter(|&j| surfaces[j] != surfaces[m])
                    .and_then(|j| self.gaz.place(best1[j]?).country());
                for c in cs.iter_mut() {
                    let p = self.gaz.place(c.index);
                    let mut s = c.base;
                    // a name listed among countries ("Mexico, China, Japan") is a country,
                    // among states a state, and among areas of either kind an area
                    for &f in &listed {
                        if f == p.feature() {
                            s += LIST_BONUS;
                        } else if p.feature() == Feature::Country {
                            s += LIST_BONUS / 2.0;
                        }
                    }
                    // "Atlanta, Georgia": the name after a comma contains the one before
                    if prev.iter().any(|&k| contains(&self.gaz.place(k), p)) {
                        s += 4.0;
                    }
                    match p.feature() {
                        // a sea or continent spans countries: it fits any country context
                        // as well as the best-supported country does
                        Feature::Continent
                        | Feature::Water
                        | Feature::Region
                        | Feature::Mountain
                            if p.country().is_none() =>
                        {
                            s += 4.0 * max_share + 1.0;
                        }
                        // a region is supported by the places named inside it
                        Feature::Admin1 => {
                            if let Some(w) = admins.get(&c.index) {
                                let mine = own.filter(|o| o.2 == c.index).map_or(0.0, |o| o.3);
                                s += 2.0 * (w - mine).clamp(0.0, 2.0);
                            }
                        }
                        _ => {}
                    }
                    if let Some(cc) = p.country() {
                        let mine = own.filter(|o| o.0 == cc).map_or(0.0, |o| o.1);
                        let rest = total - own.map_or(0.0, |o| o.1);
                        if rest > 0.0 {
                            let share =
                                ((weight.get(cc).copied().unwrap_or(0.0) - mine).max(0.0)) / rest;
                            s += 4.0 * share;
                        }
                        if focus == Some(cc) {
                            s += 1.0;
                        }
                        if local == Some(cc) {
                            s += LOCAL_COUNTRY;
                        }
                    }
                    if let Some(a) = p.admin1() {
                        if let Some(w) = admins.get(&a.index) {
                            let mine = own.filter(|o| o.2 == a.index).map_or(0.0, |o| o.3);
                            s += 2.0 * (w - mine).clamp(0.0, 2.0);
                        }
                    }
                    if let Some(container) = &next {
                        if container.iter().any(|&k| contains(&p, self.gaz.place(k))) {
                            s += 6.0;
                        }
                    }
                    if p.feature().is_settlement() || p.feature() == Feature::Admin2 {
                        let mut near = 0.0f32;
                        for &(am, w, lat, lon) in &anchors {
                            if surfaces[am] == surfaces[m] || w <= near {
                                continue;
                            }
                            let d = distance_km(p.lat() as f64, p.lon() as f64, lat, lon) as f32;
                            near = near.max(w * (-d / NEAR_KM).exp());
                        }
                        s += 2.0 * near;
                    }
                    if let Some((lat, lon, km)) = offset {
                        let d = distance_km(p.lat() as f64, p.lon() as f64, lat, lon);
                        let err = ((d - km).abs() / km.max(20.0)) as f32;
                        s += if err < 0.5 { 3.0 } else { -1.0 };
                    }
                    c.score = s;
                }
                out.push(best(cs).and_then(|b| self.choose(cs, b)));
            }
        }
        // One sense per document: the mentions of one name share the reading with the most
        // votes, each mention voting with its confidence in each reading ("services in
        // Ontario ... women in Ontario").
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (m, s) in surfaces.iter().enumerate() {
            groups.entry(s.as_str()).or_default().push(m);
        }
        for group in groups.values().filter(|g| g.len() > 1) {
            let mut sum: HashMap<u32, f32> = HashMap::new();
            for &m in group {
                let top = cands[m].iter().map(|c| c.score).fold(f32::MIN, f32::max);
                let z: f32 = cands[m].iter().map(|c| (c.score - top).exp()).sum();
                for c in &cands[m] {
                    *sum.entry(c.index).or_default() += (c.score - top).exp() / z;
                }
            }
            let Some((&index, _)) = sum.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            for &m in group {
                if out[m].as_ref().is_some_and(|r| r.index != index) {
                    if let Some(b) = cands[m].iter().position(|c| c.index == index) {
                        out[m] = self.choose(&cands[m], b);
                    }
                }
            }
        }
        // A town named once, read in a country that nothing else in the document points to
        // while the other names point elsewhere ("Karo" in a report from Sumatra is not a
        // village in India): the place meant is most likely one the gazetteer lacks, so it
        // gets no reading. A name the document repeats is its subject and keeps its reading.
        for (m, r) in out.iter_mut().enumerate() {
            let Some(p) = r.as_ref().map(|r| self.gaz.place(r.index)) else { continue };
            let Some(cc) = p.country() else { continue };
            if !p.feature().is_settlement()
                || p.population() >= STRAY_TOWN_POP
                || groups.get(surfaces[m].as_str()).is_some_and(|g| g.len() > 1)
            {
                continue;
            }
            let own = first_of.get(surfaces[m].as_str()).and_then(|&f| votes[f]);
            let rest = total - own.map_or(0.0, |o| o.1);
            let support = weight.get(cc).copied().unwrap_or(0.0)
                - own.filter(|o| o.0 == cc).map_or(0.0, |o| o.1);
            if rest >= STRAY_CONTEXT && support < 0.05 {
                *r = None;
            }
        }
        out
    }

    /// "the port of Odesa", "traders in Geneva": a region named after its seat ("Odesa
    /// Oblast", "the canton of Geneva") is meant only when the text says so, otherwise the
    /// name is the city. The seat's prior is lifted just above its region's.
    fn prefer_seat(&self, cs: &mut [Cand]) {
        for r in 0..cs.len() {
            let region = self.gaz.place(cs[r].index);
            if region.feature() != Feature::Admin1 {
                continue;
            }
            let lifted = cs[r].base + SEAT_OVER_REGION;
            for c in cs.iter_mut() {
                let p = self.gaz.place(c.index);
                if matches!(p.feature(), Feature::AdminSeat | Feature::Capital)
                    && p.admin1().is_some_and(|a| a.index == region.index)
                    && c.base < lifted
                {
                    c.base = lifted;
                    c.score = lifted;
                }
            }
        }
    }

    /// The resolution reading candidate `b` of `cs`.
    fn choose(&self, cs: &[Cand], b: usize) -> Option<Resolution> {
        let top = cs[b].score;
        let z: f32 = cs.iter().map(|c| (c.score - top).exp()).sum();
        let score = 1.0 / z;
        let mut runner: Option<&Cand> = None;
        for (i, c) in cs.iter().enumerate() {
            if i != b && runner.is_none_or(|r| c.score > r.score) {
                runner = Some(c);
            }
        }
        let winner = self.gaz.place(cs[b].index);
        let ambiguous = runner.is_some_and(|r| {
            let q = self.gaz.place(r.index);
            top - r.score < 1.0
                && distance_km(
                    winner.lat() as f64,
                    winner.lon() as f64,
                    q.lat() as f64,
                    q.lon() as f64,
                ) > 100.0
        });
        Some(Resolution {
            index: cs[b].index,
            score,
            ambiguous,
            runner_up: runner.map(|r| r.index),
        })
    }

    /// For "Springfield, Illinois" / "Khabarovsk in Russia": the entries the mention after
    /// `m` may denote, when it follows directly after a comma or "in".
    fn following_container(
        &self,
        text: &str,
        mentions: &[Mention],
        m: usize,
        best1: &[Option<u32>],
    ) -> Option<Vec<u32>> {
        let end = mentions[m].end;
        let rest = text.get(end..)?;
        let gap = [", ", " in ", " , ", " near "].iter().find(|g| rest.starts_with(*g))?;
        let at = end + gap.len();
        if let Some((j, _)) = mentions.iter().enumerate().find(|(_, n)| n.start == at) {
            // "cases in Washington, Pennsylvania and California": the name after the comma
            // opens a list of areas of one kind, not the container of the one before
            let kind =
                |k: usize| best1.get(k).copied().flatten().map(|b| self.gaz.place(b).feature());
            if *gap == ", " && list_link(text, mentions, j) > 0 && kind(j) == kind(j + 1) {
                return None;
            }
            return best1[j].map(|b| vec![b]);
        }
        // Not itself a mention ("Springfield, Ill."): look the next words up.
        let word_end = text[at..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '.' || *c == ' '))
            .map(|(i, _)| at + i)
            .unwrap_or(text.len());
        let words = text[at..word_end].trim_end();
        let first = words.split(' ').next().unwrap_or("");
        if !first.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        for cand in [words, first] {
            let hits: Vec<u32> = self
                .candidates(cand)
                .into_iter()
                .map(|h| h.index)
                .filter(|&i| {
                    matches!(self.gaz.place(i).feature(), Feature::Country | Feature::Admin1)
                })
                .collect();
            if !hits.is_empty() {
                return Some(hits);
            }
        }
        None
    }

    /// The country named last before mention `m` within [`LOCAL_WINDOW`] bytes ("the country
    /// of Chile ... the Institute of Public Health in Santiago"): in a document about many
    /// countries, the one the passage is about.
    fn local_country(
        &self,
        mentions: &[Mention],
        m: usize,
        best1: &[Option<u32>],
    ) -> Option<usize> {
        let start = mentions[m].start;
        (0..m)
            .rev()
            .take_while(|&j| mentions[j].end + LOCAL_WINDOW >= start)
            .find(|&j| best1[j].is_some_and(|b| self.gaz.place(b).feature() == Feature::Country))
    }

    /// For "Atlanta, Georgia": the plausible readings of the mention just before `m` when
    /// only a comma separates them.
    fn preceding_contained<'a>(
        &self,
        text: &str,
        mentions: &[Mention],
        m: usize,
        plausible: &'a [Vec<u32>],
    ) -> &'a [u32] {
        let start = mentions[m].start;
        let Some(j) = m.checked_sub(1) else { return &[] };
        let (a, b) = (mentions[j].end, start);
        if a <= b && matches!(text.get(a..b), Some(", " | ",")) {
            &plausible[j]
        } else {
            &[]
        }
    }

    /// "… about 300 km east of X": the expected point of mention `m` (lat, lon, distance).
    fn offset_anchor(
        &self,
        text: &str,
        mentions: &[Mention],
        m: usize,
        best1: &[Option<u32>],
    ) -> Option<(f64, f64, f64)> {
        let after = text.get(mentions[m].end..)?;
        let window: String = after.chars().take(60).collect();
        let lower = window.to_lowercase();
        let of_at = lower.find(" of ")?;
        let phrase = &lower[..of_at];
        let mut km = None;
        let mut words = phrase.split([' ', ',']).filter(|w| !w.is_empty()).peekable();
        while let Some(w) = words.next() {
            let num: String = w.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            if let (Ok(n), Some(unit)) = (num.parse::<f64>(), words.peek()) {
                let n = if w.ends_with("km") {
                    Some(n)
                } else {
                    match *unit {
                        "km" | "kilometers" | "kilometres" => Some(n),
                        "miles" | "mi" | "mile" => Some(n * 1.609),
                        _ => None,
                    }
                };
                if n.is_some() {
                    km = n;
                }
            }
        }
        let km = km?;
        if !["north", "south", "east", "west"].iter().any(|d| phrase.contains(d)) {
            return None;
        }
        let anchor_start = mentions[m].end + of_at + 4;
        let j = mentions.iter().position(|n| n.start == anchor_start)?;
        let p = self.gaz.place(best1[j]?);
        Some((p.lat() as f64, p.lon() as f64, km))
    }

    fn demonym_countries(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut key = String::from("@");
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.len() < 4 || !word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            key.truncate(1);
            key.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(h) = self.gaz.lookup_key(&key).next() {
                if let Some(cc) = self.gaz.place(h.index).country() {
                    out.push(cc.to_string());
                }
            }
        }
        out
    }

    fn country_entry(&self, cc: &str) -> Option<u32> {
        let key = format!("#{}", cc.to_uppercase());
        self.gaz
            .lookup_key(&key)
            .map(|h| h.index)
            .chain(self.gaz.lookup_key(&crate::fold::fold(cc)).map(|h| h.index))
            .find(|&i| {
                self.gaz.place(i).feature() == Feature::Country
                    && self.gaz.place(i).country() == Some(cc)
            })
    }
}

/// Score added per listed neighbour read as an area of the same kind, half of it for the
/// other kind of area (see [`listed_areas`]).
const LIST_BONUS: f32 = 3.0;

/// The kinds of area (country, admin-1 region) of the provisional readings of the mentions
/// listed right before and after mention `m` ("Georgia, Oklahoma, Pennsylvania and Wisconsin"). A list is a run of
/// mentions separated by a comma, "and" or "or" with at least three members, or two joined
/// by "and"/"or": two names joined by a comma alone are more often a place and its
/// container ("Atlanta, Georgia").
fn listed_areas(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    m: usize,
    best1: &[Option<u32>],
) -> Vec<Feature> {
    let link = |j: usize| list_link(text, mentions, j);
    let before = m.checked_sub(1).map_or(0, link);
    let after = link(m);
    if before == 0 && after == 0 {
        return Vec::new();
    }
    // the run of listed mentions around m
    let mut first = m;
    while first > 0 && link(first - 1) > 0 {
        first -= 1;
    }
    let mut last = m;
    while link(last) > 0 {
        last += 1;
    }
    let joined = (first..last).any(|j| link(j) == 2);
    if last - first < 2 && !joined {
        return Vec::new();
    }
    // only areas listed together say what kind a name is: "New York City and Florida"
    // lists a city and a state
    let area = |j: usize| {
        best1[j]
            .map(|b| gaz.place(b).feature())
            .filter(|f| matches!(f, Feature::Country | Feature::Admin1))
    };
    let mut out = Vec::new();
    if before > 0 {
        out.extend(area(m - 1));
    }
    if after > 0 {
        out.extend(area(m + 1));
    }
    out
}

/// How mention `j` is joined to mention `j + 1` in a list: 0 not listed, 1 by a comma, 2 by
/// "and" / "or".
fn list_link(text: &str, mentions: &[Mention], j: usize) -> u8 {
    let (Some(a), Some(b)) = (mentions.get(j), mentions.get(j + 1)) else { return 0 };
    let gap = text.get(a.end..b.start).unwrap_or("");
    // "China, Japan, and the United Kingdom"
    let gap = gap.strip_suffix("the ").unwrap_or(gap);
    match gap {
        ", " | "; " if a.end <= b.start => 1,
        " and " | ", and " | " or " | ", or " if a.end <= b.start => 2,
        _ => 0,
    }
}

/// Does the text call mention `m` an area ("Odesa region", "the province of Quebec")?
fn names_area(text: &str, m: &Mention) -> bool {
    let is_unit = |w: String| crate::fold::is_unit_word(w.trim_end_matches('s'));
    let lower = |cs: &mut dyn Iterator<Item = char>| -> String {
        cs.take_while(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect()
    };
    let after = text.get(m.end..).unwrap_or("").trim_start_matches([' ', '\u{a0}']);
    if is_unit(lower(&mut after.chars())) {
        return true;
    }
    let before = text.get(..m.start).unwrap_or("").trim_end();
    let Some(before) = before.strip_suffix(" of").or_else(|| before.strip_suffix(" Of")) else {
        return false;
    };
    is_unit(lower(&mut before.chars().rev()).chars().rev().collect())
}

/// Does `container` (a country or admin-1 region) contain `p`?
fn contains(p: &Place<'_>, container: Place<'_>) -> bool {
    match container.feature() {
        Feature::Country => p.country() == container.country() && p.index != container.index,
        Feature::Admin1 => p.admin1().is_some_and(|a| a.index == container.index),
        _ => false,
    }
}

fn best(cs: &[Cand]) -> Option<usize> {
    let mut b: Option<usize> = None;
    for (i, c) in cs.iter().enumerate() {
        if b.is_none_or(|j| c.score > cs[j].score) {
            b = Some(i);
        }
    }
    b
}
