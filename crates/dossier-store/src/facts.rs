//! What the library keeps of one analyzed document besides its JSON: its entities grouped by
//! cluster, quotes, places grouped by place, and dated expressions with their sentence.

use std::collections::BTreeMap;

use dossier_core::{Document, TimexType};

/// One entity of the document (all mentions of a cluster).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityFact {
    pub cluster: String,
    pub canonical: String,
    pub label: &'static str,
    pub subtype: Option<String>,
    pub country: Option<String>,
    pub mentions: u32,
    /// Distinct surface forms with their counts.
    pub aliases: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuoteFact {
    pub text: String,
    pub kind: &'static str,
    pub stance: String,
    pub cue: Option<String>,
    pub speaker_text: Option<String>,
    pub speaker_canonical: Option<String>,
    pub speaker_type: Option<&'static str>,
    pub speaker_cluster: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceFact {
    pub key: String,
    pub geonames_id: Option<u64>,
    pub name: String,
    pub feature: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimexFact {
    pub day: i64,
    pub value: String,
    pub text: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFacts {
    pub entities: Vec<EntityFact>,
    pub quotes: Vec<QuoteFact>,
    pub places: Vec<PlaceFact>,
    pub timexes: Vec<TimexFact>,
}

/// Longest sentence kept beside a dated expression, in characters.
const MAX_SENTENCE_CHARS: usize = 400;

/// The facts of `doc` (byte offsets, as the pipeline produces and `from_json_str` gives).
pub fn of(doc: &Document) -> DocFacts {
    DocFacts {
        entities: entities(doc),
        quotes: doc.quotes.iter().map(quote).collect(),
        places: places(doc),
        timexes: timexes(doc),
    }
}

fn entities(doc: &Document) -> Vec<EntityFact> {
    let mut by_cluster: BTreeMap<&str, EntityFact> = BTreeMap::new();
    for e in &doc.entities {
        let cluster = if e.cluster.is_empty() { e.canonical.as_str() } else { e.cluster.as_str() };
        let fact = by_cluster.entry(cluster).or_insert_with(|| EntityFact {
            cluster: cluster.to_string(),
            canonical: e.canonical.clone(),
            label: e.label.as_str(),
            subtype: e.subtype.clone(),
            country: None,
            mentions: 0,
            aliases: BTreeMap::new(),
        });
        fact.mentions += 1;
        if better_name(&e.canonical, &fact.canonical) {
            fact.canonical = e.canonical.clone();
        }
        if better_name(&e.text, &fact.canonical)
            && e.text.to_lowercase() == fact.canonical.to_lowercase()
        {
            // "TALLINN" in a dateline, "Tallinn" in the body: the body's spelling.
            fact.canonical = e.text.clone();
        }
        if fact.subtype.is_none() {
            fact.subtype = e.subtype.clone();
        }
        let country = e.country.clone().or_else(|| {
            doc.places
                .iter()
                .find(|p| p.start == e.start && p.end == e.end)
                .and_then(|p| p.country.clone())
        });
        if fact.country.is_none() {
            fact.country = country;
        }
        *fact.aliases.entry(e.text.clone()).or_default() += 1;
    }
    by_cluster.into_values().filter(|f| !f.canonical.trim().is_empty()).collect()
}

/// Whether `a` names an entity better than `b`: longer, or as long and not in capitals.
pub fn better_name(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    la > lb || (la == lb && is_shouted(b) && !is_shouted(a))
}

/// All letters upper case (a dateline or a headline in capitals).
pub fn is_shouted(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

fn quote(q: &dossier_core::Quote) -> QuoteFact {
    QuoteFact {
        text: q.text.clone(),
        kind: q.kind.as_str(),
        stance: q.stance.clone(),
        cue: q.cue.as_ref().map(|c| c.lemma.clone()),
        speaker_text: q.speaker.as_ref().map(|s| s.text.clone()),
        speaker_canonical: q.speaker.as_ref().map(|s| s.canonical.clone()),
        speaker_type: q.speaker.as_ref().map(|s| s.kind.as_str()),
        speaker_cluster: q.speaker.as_ref().and_then(|s| s.cluster.clone()),
    }
}

fn places(doc: &Document) -> Vec<PlaceFact> {
    let mut by_key: BTreeMap<String, PlaceFact> = BTreeMap::new();
    for p in &doc.places {
        let key = match p.geonames_id {
            Some(id) => id.to_string(),
            None => format!("name:{}", p.name),
        };
        by_key
            .entry(key.clone())
            .or_insert_with(|| PlaceFact {
                key,
                geonames_id: p.geonames_id,
                name: p.name.clone(),
                feature: p.feature.clone(),
                country: p.country.clone(),
                lat: p.lat.filter(|v| v.is_finite()),
                lon: p.lon.filter(|v| v.is_finite()),
                mentions: 0,
            })
            .mentions += 1;
    }
    by_key.into_values().collect()
}

/// The first day a TIMEX3 date value covers: `2023-09-12`, `2023-09` (its first day), `2023`
/// (1 January); values with a time part keep their date. Weeks, quarters, seasons, decades and
/// references (`PRESENT_REF`) have no single first day and are left out.
pub fn first_day(value: &str) -> Option<i64> {
    let date = value.split('T').next()?;
    let b = date.as_bytes();
    let full = match b.len() {
        4 if b.iter().all(u8::is_ascii_digit) => format!("{date}-01-01"),
        7 if b[4] == b'-' => format!("{date}-01"),
        10 => date.to_string(),
        _ => return None,
    };
    let year: i32 = full[..4].parse().ok()?;
    if !(1000..=2999).contains(&year) {
        return None;
    }
    crate::day_number(&full)
}

fn timexes(doc: &Document) -> Vec<TimexFact> {
    let mut out = Vec::new();
    for t in &doc.timexes {
        if t.kind != TimexType::Date && t.kind != TimexType::Time {
            continue;
        }
        let Some(day) = first_day(&t.value) else { continue };
        let sentence = doc
            .sentences
            .iter()
            .find(|s| s.start <= t.start && t.end <= s.end)
            .and_then(|s| doc.text.get(s.start..s.end))
            .unwrap_or(t.text.as_str());
        let sentence: String = sentence.chars().take(MAX_SENTENCE_CHARS).collect();
        out.push(TimexFact { day, value: t.value.clone(), text: t.text.clone(), sentence });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_days() {
        let d = |s| crate::day_number(s);
        assert_eq!(first_day("2023-09-12"), d("2023-09-12"));
        assert_eq!(first_day("2023-09-14TEV"), d("2023-09-14"));
        assert_eq!(first_day("2023-09"), d("2023-09-01"));
        assert_eq!(first_day("2023"), d("2023-01-01"));
        for v in ["PRESENT_REF", "2023-W37", "2023-Q3", "199", "XXXX-09-12", "P2M", "0012"] {
            assert_eq!(first_day(v), None, "{v}");
        }
    }
}
