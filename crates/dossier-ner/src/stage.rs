//! The entity stage: tags the document's tokens, tidies the spans (titles, possessives),
//! adds subtypes (nationalities, countries, designations) and links mentions of one entity.

use std::collections::HashMap;

use dossier_core::{Document, Entity, Label, Stage};

use crate::features::{gaz, gaz_lookup, unpack_iso};
use crate::model::NerModel;
use crate::tokens::split_word;

/// Sentences longer than this are tagged in pieces.
const MAX_PIECE: usize = 400;

/// Words that come before a name but are not part of it ("President", "Deputy Prime Minister").
const TITLES: &[&str] = &[
    "president",
    "vice",
    "deputy",
    "prime",
    "minister",
    "foreign",
    "defence",
    "defense",
    "finance",
    "interior",
    "secretary",
    "general",
    "gen",
    "gen.",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "sen",
    "sen.",
    "senator",
    "rep",
    "rep.",
    "representative",
    "gov",
    "gov.",
    "governor",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "executive",
    "ceo",
    "judge",
    "justice",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "leader",
    "lt",
    "lt.",
    "lieutenant",
    "col",
    "col.",
    "colonel",
    "captain",
    "capt",
    "capt.",
    "commander",
    "sgt",
    "sgt.",
    "sergeant",
    "admiral",
    "adm",
    "adm.",
    "marshal",
    "field",
    "coach",
    "premier",
    "president-elect",
    "speaker",
    "senior",
    "former",
    "acting",
    "new",
    "state",
    "opposition",
    "party",
    "major",
    "maj.",
    "cardinal",
    "bishop",
    "archbishop",
    "rabbi",
    "imam",
    "ayatollah",
    "sheriff",
    "detective",
    "officer",
    "inspector",
    "attorney",
    "lawyer",
    "economy",
    "trade",
    "health",
    "justice",
    "education",
    "energy",
    "agriculture",
    "labour",
    "labor",
    "commerce",
    "transport",
    "security",
    "national",
];

/// Runs the tagger over `doc.tokens` / `doc.sentences` and fills `doc.entities`.
pub struct EntityStage {
    model: &'static NerModel,
}

impl EntityStage {
    /// A stage using `model` (usually [`NerModel::embedded`]).
    pub fn new(model: &'static NerModel) -> Self {
        EntityStage { model }
    }
}

impl Default for EntityStage {
    fn default() -> Self {
        EntityStage::new(NerModel::embedded())
    }
}

/// Byte ranges of the tagger's tokens, grouped by sentence.
fn pieces(doc: &Document) -> Vec<Vec<(usize, usize)>> {
    let text = &doc.text;
    let split = |range: &mut dyn Iterator<Item = (usize, usize)>| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (s, e) in range {
            if s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) {
                split_word(&text[s..e], s, &mut out);
            }
        }
        out
    };
    let mut sentences: Vec<Vec<(usize, usize)>> = Vec::new();
    if doc.tokens.is_empty() {
        // No tokenizer ran: white-space words of the text, one sentence per line.
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let mut words = Vec::new();
            let mut ws = None;
            for (i, c) in line.char_indices() {
                if c.is_whitespace() {
                    if let Some(s) = ws.take() {
                        words.push((start + s, start + i));
                    }
                } else if ws.is_none() {
                    ws = Some(i);
                }
            }
            if let Some(s) = ws {
                words.push((start + s, start + line.len()));
            }
            sentences.push(split(&mut words.into_iter()));
            start += line.len();
        }
    } else if doc.sentences.is_empty() {
        sentences.push(split(&mut doc.tokens.iter().map(|t| (t.start, t.end))));
    } else {
        for s in &doc.sentences {
            let toks = doc.tokens.get(s.tokens.clone()).unwrap_or(&[]);
            sentences.push(split(&mut toks.iter().map(|t| (t.start, t.end))));
        }
    }
    let mut out = Vec::new();
    for s in sentences {
        for chunk in s.chunks(MAX_PIECE) {
            if !chunk.is_empty() {
                out.push(chunk.to_vec());
            }
        }
    }
    out
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

fn is_designation(w: &str) -> bool {
    // Letters (1-4, starting upper case), a hyphen, 1-4 digits, optional letters: F-16, Su-57.
    let Some((head, tail)) = w.split_once('-') else { return false };
    let hl = head.chars().count();
    let head_ok = (1..=4).contains(&hl)
        && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && head.chars().all(|c| c.is_ascii_alphabetic())
        && head != "G";
    let digits = tail.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &tail[digits..];
    head_ok
        && (1..=4).contains(&digits)
        && rest.len() <= 3
        && rest.chars().all(|c| c.is_ascii_alphabetic())
}

/// A mention before linking.
struct Mention {
    start: usize,
    end: usize,
    label: Label,
    subtype: Option<&'static str>,
    country: Option<String>,
    score: f32,
    words: Vec<String>,
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut Document) {
        let text = doc.text.clone();
        let sents = pieces(doc);
        let words: Vec<Vec<&str>> =
            sents.iter().map(|s| s.iter().map(|&(a, b)| &text[a..b]).collect()).collect();
        let tagged = self.model.decode_document(&words, true);
        let lex = &self.model.lex;
        let mut mentions = Vec::new();
        for ((spans, probs), (offs, ws)) in tagged.into_iter().zip(sents.iter().zip(&words)) {
            let mut covered = vec![false; ws.len()];
            let mut found: Vec<(usize, usize, Label, f32)> = Vec::new();
            for (mut s, mut e, label) in spans {
                let score = probs[s..e].iter().sum::<f32>() / (e - s) as f32;
                // Possessives and trailing punctuation are not part of the name.
                while e > s
                    && (is_possessive(ws[e - 1]) || !ws[e - 1].chars().any(char::is_alphanumeric))
                {
                    e -= 1;
                }
                if label == Label::Per {
                    while s < e && TITLES.contains(&ws[s].to_lowercase().as_str()) {
                        s += 1;
                    }
                }
                while s < e && !ws[s].chars().any(char::is_alphanumeric) {
                    s += 1;
                }
                if s < e {
                    found.push((s, e, label, score));
                    covered[s..e].iter_mut().for_each(|c| *c = true);
                }
            }
            // Nationalities and designations the tagger missed.
            for (i, w) in ws.iter().enumerate() {
                if covered[i] || !w.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                let demonym = gaz_lookup(lex, w).is_some_and(|v| v & gaz::DEMONYM != 0);
                if demonym || is_designation(w) {
                    found.push((i, i + 1, Label::Misc, 0.5));
                }
            }
            found.sort_by_key(|f| f.0);
            for (s, e, mut label, score) in found {
                let (start, end) = (offs[s].0, offs[e - 1].1);
                let surface = &text[start..end];
                let mut subtype = None;
                let mut country = None;
                if e - s == 1 && is_designation(surface) {
                    label = Label::Misc;
                    subtype = Some("PRODUCT");
                } else if let Some(v) = gaz_lookup(lex, surface) {
                    if v & gaz::DEMONYM != 0 && label != Label::Per && label != Label::Org {
                        label = Label::Misc;
                        subtype = Some("NORP");
                        country = unpack_iso(v >> 16);
                    } else if label == Label::Loc && v & gaz::COUNTRY != 0 {
                        subtype = Some("GPE");
                        country = unpack_iso(v >> 16);
                    } else if label == Label::Loc
                        && v & (gaz::CITY_BIG | gaz::CITY | gaz::CITY_SMALL | gaz::ADMIN1) != 0
                    {
                        subtype = Some("GPE");
                    }
                }
                mentions.push(Mention {
                    start,
                    end,
                    label,
                    subtype,
                    country,
                    score: if score.is_finite() { score.clamp(0.0, 1.0) } else { 0.0 },
                    words: ws[s..e].iter().map(|w| w.to_lowercase()).collect(),
                });
            }
        }
        let mentions = split_name_pairs(&text, mentions);
        link(&text, mentions, &mut doc.entities);
    }
}

/// "The Smith-Jones talks": a hyphenated mention whose parts are each the name of a person
/// mentioned elsewhere in the document becomes one PER mention per part (linked to them later).
/// Hyphenated names that are not pairs of known people ("Stratford-upon-Avon", "Rolls-Royce",
/// "Lloyd-Webber" when no "Lloyd" and "Webber" are named) are left whole.
fn split_name_pairs(text: &str, mentions: Vec<Mention>) -> Vec<Mention> {
    let is_hyphen = |c: char| c == '-' || c == '\u{2013}';
    if !mentions.iter().any(|m| m.words.len() == 1 && m.words[0].contains(is_hyphen)) {
        return mentions;
    }
    // Surnames (last words) and single-word names of people in the document, in lowercase.
    let people: std::collections::HashSet<String> = mentions
        .iter()
        .filter(|m| m.label == Label::Per && !m.words[0].contains(is_hyphen))
        .filter_map(|m| m.words.last().cloned())
        .collect();
    let mut out = Vec::with_capacity(mentions.len() + 2);
    for m in mentions {
        let surface = &text[m.start..m.end];
        let parts: Vec<&str> = surface.split(is_hyphen).collect();
        let known = |p: &str| {
            p.chars().next().is_some_and(char::is_uppercase) && people.contains(&p.to_lowercase())
        };
        let pair = m.words.len() == 1 && parts.len() >= 2 && parts.iter().all(|p| known(p));
        if !pair {
            out.push(m);
            continue;
        }
        // Offsets of each part: find it in the surface from the previous part's end.
        let mut from = 0;
        for part in parts {
            let Some(rel) = surface[from..].find(part) else { continue };
            let start = m.start + from + rel;
            out.push(Mention {
                start,
                end: start + part.len(),
                label: Label::Per,
                subtype: None,
                country: None,
                score: m.score,
                words: vec![part.to_lowercase()],
            });
            from += rel + part.len();
        }
    }
    out
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Is `short` a first-or-last word run of `long` ("Putin" in "Vladimir Putin", "Kim" in
/// "Kim Jong Un")?
fn is_name_part(short: &[String], long: &[String]) -> bool {
    short.len() < long.len() && (long.ends_with(short) || long.starts_with(short))
}

/// Is `w` an all-caps acronym of 2 to 6 letters ("EU", "U.N.", "NATO")?
fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

/// Initials of the capitalized words of a name ("European Central Bank" → "ECB").
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Groups mentions into entities, sets canonical names and cluster ids, and writes them out.
fn link(text: &str, mentions: Vec<Mention>, out: &mut Vec<Entity>) {
    let n = mentions.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // Candidate antecedents by key, so linking stays near-linear on long documents:
    // the first and the last word of every mention, and the initials of ORG names.
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, o) in mentions.iter().enumerate() {
        if let (Some(f), Some(l)) = (o.words.first(), o.words.last()) {
            by_first.entry(f.as_str()).or_default().push(j);
            by_last.entry(l.as_str()).or_default().push(j);
        }
        if o.label == Label::Org && o.words.len() > 1 {
            by_initials.entry(initials(&text[o.start..o.end])).or_default().push(j);
        }
    }
    const MAX_CANDIDATES: usize = 200;
    for i in 0..n {
        let m = &mentions[i];
        let (Some(first), Some(last)) = (m.words.first(), m.words.last()) else { continue };
        let mut cands: Vec<usize> = Vec::new();
        for list in [by_first.get(first.as_str()), by_last.get(last.as_str())].into_iter().flatten()
        {
            cands.extend(list.iter().take(MAX_CANDIDATES));
        }
        let acronym = m.words.len() == 1 && is_acronym(&text[m.start..m.end]);
        if acronym {
            if let Some(list) = by_initials.get(&text[m.start..m.end].replace('.', "")) {
                cands.extend(list.iter().take(MAX_CANDIDATES));
            }
        }
        cands.sort_unstable();
        cands.dedup();
        // The best antecedent: the same words with the same label, else the longest name that
        // contains these words at its start or end (nearest before, else first after).
        let mut best: Option<(usize, usize, bool)> = None; // (index, length, before)
        for j in cands {
            if j == i {
                continue;
            }
            let o = &mentions[j];
            let same = o.words == m.words && o.label == m.label;
            let part =
                m.label == Label::Per && o.label == Label::Per && is_name_part(&m.words, &o.words);
            let acro = acronym
                && o.label == Label::Org
                && initials(&text[o.start..o.end]) == text[m.start..m.end].replace('.', "");
            if !(same || part || acro) {
                continue;
            }
            let before = j < i;
            let key = (o.words.len(), before);
            let better = match best {
                None => true,
                Some((b, len, bb)) => key.0 > len || (key.0 == len && before && (!bb || j > b)),
            };
            if better {
                best = Some((j, key.0, before));
            }
        }
        if let Some((j, _, _)) = best {
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Canonical: the longest surface form of the cluster (first one on ties).
    let mut canonical: Vec<Option<usize>> = vec![None; n];
    let mut ids: Vec<Option<usize>> = vec![None; n];
    let mut next_id = 0;
    for i in 0..n {
        let r = find(&mut parent, i);
        let len = mentions[i].end - mentions[i].start;
        match canonical[r] {
            Some(c) if mentions[c].end - mentions[c].start >= len => {}
            _ => canonical[r] = Some(i),
        }
        if ids[r].is_none() {
            next_id += 1;
            ids[r] = Some(next_id);
        }
    }
    for i in 0..n {
        let r = find(&mut parent, i);
        let m = &mentions[i];
        let c = canonical[r].unwrap_or(i);
        let canon = text[mentions[c].start..mentions[c].end].to_string();
        let mut e = Entity::new(text, m.start, m.end, m.label);
        e.subtype = m.subtype.map(str::to_string);
        e.country = m.country.clone();
        e.canonical = canon;
        e.cluster = format!("e{}", ids[r].unwrap_or(0));
        e.score = m.score;
        out.push(e);
    }
}

/// A baseline without the statistical model: capitalized gazetteer names only (countries,
/// regions, admin-1 regions and cities as `LOC`, nationalities as `MISC`).
pub struct GazetteerStage {
    model: &'static NerModel,
}

impl GazetteerStage {
    /// A baseline stage using the lexicons of `model`.
    pub fn new(model: &'static NerModel) -> Self {
        GazetteerStage { model }
    }
}

impl Stage for GazetteerStage {
    fn name(&self) -> &'static str {
        "entities-gazetteer"
    }

    fn process(&self, doc: &mut Document) {
        let text = doc.text.clone();
        let lex = &self.model.lex;
        for s in pieces(doc) {
            let mut i = 0;
            while i < s.len() {
                let mut hit = None;
                for len in (1..=lex.max_gaz_len.min(s.len() - i)).rev() {
                    let (a, b) = (s[i].0, s[i + len - 1].1);
                    let surface = &text[a..b];
                    if !surface.chars().next().is_some_and(char::is_uppercase) {
                        continue;
                    }
                    if let Some(v) = gaz_lookup(lex, surface) {
                        hit = Some((len, v));
                        break;
                    }
                }
                match hit {
                    Some((len, v)) => {
                        let label = if v & gaz::DEMONYM != 0 { Label::Misc } else { Label::Loc };
                        let mut e = Entity::new(&text, s[i].0, s[i + len - 1].1, label);
                        e.cluster = format!("g{}", doc.entities.len() + 1);
                        doc.entities.push(e);
                        i += len;
                    }
                    None => i += 1,
                }
            }
        }
    }
}
