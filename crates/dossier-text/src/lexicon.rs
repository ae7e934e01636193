//! Word lists for tokenization and segmentation, read from `data/abbreviations.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of abbreviation a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// A title before a name ("Dr.", "Gov."): never ends a sentence.
    Title,
    /// A month ("Sept."): ends a sentence only before a clear sentence start.
    Month,
    /// Other ("Inc.", "Calif.", "etc."): may end a sentence.
    Other,
    /// Only before a number ("No. 10").
    Numeric,
    /// A U.S. state ("Fla."): like `Other`, and after "City," before any capitalized word.
    State,
    /// A unit of measure, only between numbers ("5 ft. 10 in.").
    Unit,
}

fn table() -> &'static HashMap<String, AbbrevKind> {
    static TABLE: OnceLock<HashMap<String, AbbrevKind>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        let mut kind = AbbrevKind::Other;
        for line in include_str!("../data/abbreviations.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            match line {
                "" => {}
                "[title]" => kind = AbbrevKind::Title,
                "[month]" => kind = AbbrevKind::Month,
                "[other]" => kind = AbbrevKind::Other,
                "[numeric]" => kind = AbbrevKind::Numeric,
                "[state]" => kind = AbbrevKind::State,
                "[unit]" => kind = AbbrevKind::Unit,
                word => {
                    map.insert(word.to_string(), kind);
                    // All-caps copy ("SEPT." in a headline); lowercase forms are listed as such.
                    map.entry(word.to_uppercase()).or_insert(kind);
                }
            }
        }
        map
    })
}

/// The kind of abbreviation `word` (without its period) is, if any.
pub(crate) fn abbreviation(word: &str) -> Option<AbbrevKind> {
    table().get(word).copied()
}

/// Whether `word` takes its period regardless of what follows.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    matches!(
        abbreviation(word),
        Some(AbbrevKind::Title | AbbrevKind::Month | AbbrevKind::Other | AbbrevKind::State)
    )
}

/// Whether `word` takes its period before a number ("No. 10").
pub(crate) fn is_numeric_abbreviation(word: &str) -> bool {
    abbreviation(word) == Some(AbbrevKind::Numeric)
}

/// Whether `word` takes its period between two numbers ("5 ft. 10 in.").
pub(crate) fn is_unit_abbreviation(word: &str) -> bool {
    abbreviation(word) == Some(AbbrevKind::Unit)
}

/// Capitalized words that follow a time or a date without starting a sentence: weekdays,
/// months and time zones ("8 p.m. Friday", "6:13 P.M. EDT", "a.m. Eastern").
pub(crate) fn is_calendar_word(word: &str) -> bool {
    // "Monday-Friday": the first part counts.
    let word = word.split('-').next().unwrap_or(word);
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Eastern"
            | "Central"
            | "Mountain"
            | "Pacific"
            | "Atlantic"
            | "Greenwich"
            | "Alaska"
            | "Hawaii"
    ) || {
        // "EDT", "GMT", "E.T."
        let letters = word.bytes().filter(|&b| b != b'.');
        (1..=4).contains(&letters.clone().count())
            && letters.into_iter().all(|b| b.is_ascii_uppercase())
    }
}

/// Words that commonly start a sentence in news copy; after an ambiguous period ("U.S.",
/// "Inc.", an initial) a capitalized word from this list signals a new sentence.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    STARTERS.binary_search(&word).is_ok()
}

#[cfg(test)]
const STARTERS_FOR_TEST: &[&str] = STARTERS;

const STARTERS: &[&str] = &[
    "A",
    "About",
    "After",
    "Again",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Much",
    "My",
    "No",
    "Not",
    "Now",
    "Of",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

/// Speech verbs that attribute a quotation right after it closes ("…?” Ruiz asked").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "asked"
            | "asks"
            | "told"
            | "added"
            | "adds"
            | "replied"
            | "wrote"
            | "writes"
            | "insisted"
            | "wondered"
            | "continued"
            | "recalled"
            | "explained"
            | "noted"
            | "declared"
            | "exclaimed"
            | "shouted"
            | "tweeted"
            | "posted"
            | "warned"
            | "stated"
            | "say"
            | "ask"
            | "cried"
            | "called"
            | "answered"
            | "whispered"
            | "yelled"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        assert!(STARTERS_FOR_TEST.windows(2).all(|w| w[0] < w[1]));
        assert!(is_sentence_starter("The"));
        assert!(is_sentence_starter("Yet"));
        assert!(is_sentence_starter("A"));
        assert!(!is_sentence_starter("Army"));
    }

    #[test]
    fn abbreviation_kinds() {
        assert_eq!(abbreviation("Gov"), Some(AbbrevKind::Title));
        assert_eq!(abbreviation("Sept"), Some(AbbrevKind::Month));
        assert_eq!(abbreviation("SEPT"), Some(AbbrevKind::Month));
        assert_eq!(abbreviation("Inc"), Some(AbbrevKind::Other));
        assert!(is_numeric_abbreviation("No"));
        assert!(!is_abbreviation("No"));
        assert!(!is_abbreviation("said"));
    }
}
