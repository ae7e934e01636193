//! Toponym recognition: which spans of a document are place mentions.
//!
//! The entity tagger's `LOC` mentions come first (and `ORG`/`MISC` mentions that are exactly
//! a country or region name, such as "Georgia" tagged as an organization). Then the
//! gazetteer finds what the tagger missed, with care for common words and people's names
//! that are also places: only capitalized words, never inside a person's name, single words
//! only when they name a major place, and at the start of a sentence only the written name
//! of a country, a region or a very large city, not followed by another capitalized word.

use dossier_core::{Document, Label, Sentence, Token, TokenKind};

use crate::gazetteer::{Feature, Gazetteer};
use crate::resolve::{prior, Mention};

/// Capitalized words that are far more often something else than a place.
const NOT_PLACES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mobile",
    "Reading",
    "Nice",
    "Split",
    "Bath",
    "Best",
    "Hope",
    "Police",
    "Energy",
    "Union",
    "Independence",
    "Liberty",
    "Mercy",
    "Unity",
    "Chase",
    "Price",
    "Deal",
    "Most",
    "Many",
    "Much",
    "Lot",
    "Of",
    "President",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "God",
    "Jesus",
    "Congress",
    "Senate",
    "Parliament",
    "Government",
    "State",
    "City",
    "Republic",
    "Kingdom",
    "Nation",
    "Christmas",
    "Easter",
    "Internet",
    "Web",
    "Twitter",
    "Facebook",
];

/// Lower-case words allowed inside a multi-word name ("Isle of Man", "Rio de Janeiro").
const CONNECTORS: &[&str] =
    &["of", "de", "del", "da", "do", "la", "le", "upon", "on", "the", "al", "el", "and"];

/// The end of the longest gazetteer name that starts where a LOC entity starts and runs past it
/// over at most five more tokens ("Gulf" tagged alone in "the Gulf of Finland", "Sea" in "Sea
/// of Japan"), when every entity it swallows is a place; else the entity's own end.
fn longest_name_from(
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
    gaz: &Gazetteer,
    entities: &[dossier_core::Entity],
) -> usize {
    let Some(first) = tokens.iter().position(|t| t.start == start) else { return end };
    let last = (first + 6).min(tokens.len());
    for j in (first + 1..last).rev() {
        let candidate_end = tokens[j].end;
        if candidate_end <= end || text[end..candidate_end].contains('\n') {
            continue;
        }
        if !tokens[j].text(text).chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let swallows_non_place = entities
            .iter()
            .any(|o| o.start < candidate_end && start < o.end && o.label != Label::Loc);
        if swallows_non_place {
            continue;
        }
        if gaz.lookup(&text[start..candidate_end]).iter().any(|h| !h.alternate) {
            return candidate_end;
        }
    }
    end
}

/// The place mentions of `doc`, in text order, not overlapping.
pub fn recognize(doc: &Document, gaz: &Gazetteer) -> Vec<Mention> {
    let text = doc.text.as_str();
    let (tokens, sentences): (Vec<Token>, Vec<Sentence>) = if doc.tokens.is_empty() {
        let t = dossier_text::tokenize(text);
        let s = dossier_text::segment(text, &t);
        (t, s)
    } else {
        (doc.tokens.clone(), doc.sentences.clone())
    };
    let mut sentence_initial = vec![false; tokens.len()];
    for s in &sentences {
        // the first word of a sentence, after any opening quotes or brackets
        if let Some(i) =
            s.tokens.clone().find(|&i| tokens.get(i).is_some_and(|t| t.kind != TokenKind::Punct))
        {
            sentence_initial[i] = true;
        }
    }
    if sentences.is_empty() {
        if let Some(first) = sentence_initial.first_mut() {
            *first = true;
        }
    }

    let mut mentions: Vec<Mention> = Vec::new();
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    // End of the last LOC mention extended over its neighbours ("Gulf" + "of" + "Finland").
    let mut extended_to = 0;
    for e in &doc.entities {
        match e.label {
            Label::Loc if e.start < extended_to => {}
            Label::Loc => {
                let end = longest_name_from(text, &tokens, e.start, e.end, gaz, &doc.entities);
                if end > e.end {
                    extended_to = end;
                }
                mentions.push(Mention { start: e.start, end });
                blocked.push((e.start, end));
            }
            Label::Per => blocked.push((e.start, e.end)),
            Label::Org | Label::Misc => {
                let major = gaz.lookup(&e.text).iter().any(|h| {
                    !h.alternate
                        && matches!(
                            gaz.place(h.index).feature(),
                            Feature::Country | Feature::Admin1
                        )
                });
                if major {
                    mentions.push(Mention { start: e.start, end: e.end });
                    blocked.push((e.start, e.end));
                }
            }
        }
    }
    let overlaps = |s: usize, e: usize| blocked.iter().any(|&(bs, be)| s < be && bs < e);

    let capitalized = |t: &Token| {
        t.kind == TokenKind::Word && t.text(text).chars().next().is_some_and(char::is_uppercase)
    };
    let mut i = 0;
    while i < tokens.len() {
        if !capitalized(&tokens[i]) || overlaps(tokens[i].start, tokens[i].end) {
            i += 1;
            continue;
        }
        let mut found = None;
        for n in (1..=4).rev() {
            let Some(last) = tokens.get(i + n - 1) else { continue };
            if !capitalized(last) {
                continue;
            }
            let inner_ok = tokens[i..i + n].iter().all(|t| {
                capitalized(t) || CONNECTORS.contains(&t.text(text)) || t.text(text) == "-"
            });
            // tokens must be separated by at most one space
            let tight = tokens[i..i + n].windows(2).all(|w| w[1].start - w[0].end <= 1);
            if !inner_ok || !tight {
                continue;
            }
            let (s, e) = (tokens[i].start, last.end);
            if overlaps(s, e) {
                continue;
            }
            let contained = n == 1 && followed_by_region(gaz, text, e);
            // "Chad Smith said": a capitalized word after the first of a sentence makes it
            // more likely a first name than a place
            let first_name = n == 1
                && sentence_initial[i]
                && tokens.get(i + 1).is_some_and(|t| capitalized(t) && t.start - e <= 1);
            if contained || (!first_name && accept(gaz, &text[s..e], n, sentence_initial[i])) {
                found = Some((n, s, e));
                break;
            }
        }
        match found {
            Some((n, s, e)) => {
                mentions.push(Mention { start: s, end: e });
                i += n;
            }
            None => i += 1,
        }
    }
    mentions.sort_by_key(|m| (m.start, m.end));
    mentions.dedup();
    mentions
}

/// "Springfield, Illinois": the name at `end` is followed by a comma and a country or
/// admin-1 region, so any place reading of it counts.
fn followed_by_region(gaz: &Gazetteer, text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix(", ")) else { return false };
    let word: &str = rest.split(|c: char| !(c.is_alphanumeric() || c == '.')).next().unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && !gaz
            .lookup(text[..end].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or(""))
            .is_empty()
        && gaz
            .lookup(word)
            .iter()
            .any(|h| matches!(gaz.place(h.index).feature(), Feature::Country | Feature::Admin1))
}

fn accept(gaz: &Gazetteer, surface: &str, n: usize, sentence_initial: bool) -> bool {
    if n == 1 && NOT_PLACES.contains(&surface) {
        return false;
    }
    let hits = gaz.lookup(surface);
    if hits.is_empty() {
        return false;
    }
    if n == 1 && sentence_initial {
        // a capital letter says nothing at the start of a sentence ("Reading the report"):
        // only the written name of a country or region, or of a very large city, is a place
        // there
        return hits.iter().any(|h| {
            let p = gaz.place(h.index);
            !h.alternate
                && (matches!(p.feature(), Feature::Country | Feature::Admin1)
                    || prior(p.feature(), p.population()) >= 8.0)
        });
    }
    let top = hits
        .iter()
        .map(|h| {
            let p = gaz.place(h.index);
            prior(p.feature(), p.population()) - if h.alternate { 1.0 } else { 0.0 }
        })
        .fold(f32::MIN, f32::max);
    if crate::fold::abbreviation_key(surface).is_some() {
        return hits
            .iter()
            .any(|h| matches!(gaz.place(h.index).feature(), Feature::Country | Feature::Admin1));
    }
    if n >= 2 {
        top >= 4.0
    } else {
        top >= 8.0
    }
}
