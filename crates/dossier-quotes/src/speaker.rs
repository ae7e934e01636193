//! Who a speaker is: the mention's extent, its entity, pronoun resolution and its source type.

use dossier_core::{Entity, Label, Speaker, SpeakerType};

use crate::lexicon::Lexicon;
use crate::Words;

/// Pronouns that can be speakers, with whether they are plural.
pub fn pronoun(word: &str) -> Option<Pronoun> {
    Some(match word {
        "he" | "she" => Pronoun::Singular,
        "they" => Pronoun::Plural,
        "it" => Pronoun::Neuter,
        "who" | "which" | "whom" => Pronoun::Relative,
        "i" | "we" | "you" => Pronoun::Speaker,
        _ => return None,
    })
}

/// What a speaker pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// he, she: a person.
    Singular,
    /// they: a group, an organization or several people.
    Plural,
    /// it: an organization or a document.
    Neuter,
    /// who, which: the noun phrase just before.
    Relative,
    /// I, we, you: the writer or a quoted speaker; not resolved.
    Speaker,
}

/// Words that open a subordinate clause or a time phrase, never part of a speaker ("When
/// pressed, …", "As Ruiz said", "On Monday, …").
fn subordinator(lower: &str) -> bool {
    matches!(
        lower,
        "when"
            | "after"
            | "as"
            | "while"
            | "if"
            | "because"
            | "although"
            | "though"
            | "before"
            | "since"
            | "until"
            | "once"
            | "on"
            | "in"
            | "at"
            | "during"
    )
}

/// Could the token at `i` head a speaker mention?
pub fn can_head(w: &Words<'_>, lex: &Lexicon, i: usize) -> bool {
    let lower = w.lower(i);
    if pronoun(lower).is_some() {
        return !matches!(lower, "you");
    }
    if !w.is_word(i) {
        return false;
    }
    // A reporting verb is not a speaker ("dismissed reports"), unless it names a document.
    if !w.is_capitalized(i) && lex.cues.contains_key(lower) && !lex.documents.contains(lower) {
        return false;
    }
    if w.is_capitalized(i) {
        return !lex.between.contains(lower)
            && !matches!(lower, "the" | "a" | "an" | "but" | "and")
            && !subordinator(lower);
    }
    // A common noun after a determiner: "the bank", "his lawyer", "one GOP source".
    let determined = w.raw(i).chars().all(char::is_alphabetic)
        && (1..=3).any(|back| {
            i >= back
                && matches!(
                    w.lower(i - back),
                    "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "one"
                        | "another"
                        | "those"
                        | "these"
                        | "many"
                        | "some"
                        | "both"
                        | "’s"
                        | "'s"
                )
        });
    determined
        || lex.roles.contains(lower)
        || lex.unnamed.contains(lower)
        || lex.documents.contains(lower)
        || lex.media.iter().any(|(m, _)| m.len() == 1 && m[0] == lower)
        || lower.ends_with("ers")
        || lower.ends_with("ists")
}

/// The speaker mention that ends with token `head` (inclusive): the head and the words of its
/// noun phrase to the left, not before token `floor`. Returns a token range.
pub fn extend_left(w: &Words<'_>, lex: &Lexicon, head: usize, floor: usize) -> (usize, usize) {
    if pronoun(w.lower(head)).is_some() {
        return (head, head + 1);
    }
    let mut s = head;
    while s > floor && head - s < 10 {
        let k = s - 1;
        let lower = w.lower(k);
        let ok = (w.is_word(k) && w.is_capitalized(k) && !matches!(lower, "but" | "and" | "so"))
            || lex.modifiers.contains(lower)
            || lex.roles.contains(lower)
            || matches!(lower, "’s" | "'s" | "-" | "&")
            || w.is_number(k);
        if !ok {
            break;
        }
        s = k;
    }
    // A description led by a determiner: "the opposition leader", "a ministry spokesperson".
    if let Some(d) =
        (1..=3).filter(|&back| s >= back + floor.min(s)).map(|back| s - back).find(|&k| {
            k >= floor
                && matches!(
                    w.lower(k),
                    "the" | "a" | "an" | "his" | "her" | "their" | "its" | "’s" | "'s"
                )
        })
    {
        if (d + 1..s)
            .all(|k| w.is_word(k) && !w.is_capitalized(k) && !lex.cues.contains_key(w.lower(k)))
        {
            s = d;
        }
    }
    // "traders in Geneva", "officials at the embassy": a group placed by a prepositional phrase.
    if s >= floor + 2 && matches!(w.lower(s - 1), "in" | "at" | "from") {
        let l = w.lower(s - 2);
        if w.is_word(s - 2)
            && (lex.unnamed.contains(l) || lex.roles.contains(l) || l.ends_with("ers"))
        {
            let (s2, _) = extend_left(w, lex, s - 2, floor);
            s = s2;
        }
    }
    // "Ukraine’s agriculture ministry": the owner before a possessive.
    while s > floor && matches!(w.lower(s), "’s" | "'s") && w.is_capitalized(s - 1) {
        s -= 1;
        while s > floor && w.is_capitalized(s - 1) {
            s -= 1;
        }
    }
    // Do not start on a connective or a possessive.
    while s < head
        && (matches!(w.lower(s), "of" | "’s" | "'s" | "-" | "&") || subordinator(w.lower(s)))
    {
        s += 1;
    }
    (s, head + 1)
}

/// The entity that best covers `start..end` (largest overlap).
pub fn entity_at(entities: &[Entity], start: usize, end: usize) -> Option<&Entity> {
    entities.iter().filter(|e| e.start < end && start < e.end).max_by_key(|e| {
        (e.end.min(end) - e.start.max(start), e.label == Label::Per, usize::MAX - e.start)
    })
}

/// The source type of a mention of lower-case `words`, given its entity (if any).
pub fn classify(lex: &Lexicon, words: &[&str], entity: Option<&Entity>) -> SpeakerType {
    // "traders in Geneva": the head comes before the place.
    let words = match words.iter().position(|w| matches!(*w, "in" | "at" | "from")) {
        Some(p) if p > 0 => &words[..p],
        _ => words,
    };
    let head = words.last().copied().unwrap_or("");
    for (name, state) in &lex.media {
        if name.len() <= words.len() && words.windows(name.len()).any(|win| win == name.as_slice())
        {
            if *state {
                return SpeakerType::StateMedia;
            }
            // A one-word media noun only counts as the head ("the newspaper", not "TV host").
            if name.len() > 1 || head == name[0] || words.len() == 1 {
                return SpeakerType::Media;
            }
        }
    }
    if lex.documents.contains(head) {
        return SpeakerType::Document;
    }
    let has_role = words.iter().any(|w| lex.roles.contains(*w));
    let named = entity.is_some_and(|e| e.label == Label::Per);
    let indefinite = matches!(
        words.first().copied(),
        Some("a" | "an" | "some" | "several" | "many" | "two" | "three")
    );
    let anonymous = words.windows(2).any(|p| p == ["not", "be"] || p == ["not", "authorized"])
        || words.contains(&"anonymity");
    if !named
        && (lex.unnamed.contains(head)
            || anonymous
            || (has_role && (indefinite || head.ends_with('s'))))
    {
        return SpeakerType::Unnamed;
    }
    if has_role {
        return SpeakerType::Official;
    }
    if lex.organizations.contains(head) {
        return SpeakerType::Organization;
    }
    if head.ends_with("ers") && entity.is_none_or(|e| e.label != Label::Per) {
        return SpeakerType::Unnamed;
    }
    match entity.map(|e| e.label) {
        Some(Label::Per) => SpeakerType::Person,
        Some(Label::Org) | Some(Label::Loc) => SpeakerType::Organization,
        _ => SpeakerType::Unknown,
    }
}

/// A speaker record for tokens `s..e`, resolved against `entities`, with `antecedent` for
/// pronouns (its canonical name, cluster and type).
pub fn make_speaker(
    w: &Words<'_>,
    lex: &Lexicon,
    entities: &[Entity],
    (s, e): (usize, usize),
    antecedent: Option<&Speaker>,
) -> Speaker {
    let start = w.tokens[s].start;
    let end = w.tokens[e - 1].end;
    let text = w.text[start..end].to_string();
    if let Some(a) = antecedent {
        return Speaker {
            text,
            start,
            end,
            canonical: a.canonical.clone(),
            cluster: a.cluster.clone(),
            kind: a.kind,
        };
    }
    let lowers: Vec<&str> = (s..e).map(|i| w.lower(i)).collect();
    if e - s == 1 && pronoun(lowers[0]).is_some() {
        return Speaker {
            text,
            start,
            end,
            canonical: String::new(),
            cluster: None,
            kind: SpeakerType::Unknown,
        };
    }
    // The entity of the head word ("Hrytsenko’s ministry" is the ministry, not Hrytsenko).
    let head = &w.tokens[e - 1];
    let entity = entity_at(entities, head.start, head.end).or_else(|| {
        if e - s == 1 {
            entity_at(entities, start, end)
        } else {
            None
        }
    });
    let mut kind = classify(lex, &lowers, entity);
    if kind == SpeakerType::Unknown && entity.is_none() {
        // A capitalized name the entity stage did not see.
        let caps = (s..e).filter(|&i| w.is_capitalized(i)).count();
        if caps >= 2 && caps == e - s {
            kind = SpeakerType::Person;
        }
    }
    let (canonical, cluster) = match entity {
        Some(en) if kind != SpeakerType::Unnamed && kind != SpeakerType::Document => {
            (en.canonical.clone(), (!en.cluster.is_empty()).then(|| en.cluster.clone()))
        }
        _ => (text.clone(), None),
    };
    Speaker { text, start, end, canonical, cluster, kind }
}
