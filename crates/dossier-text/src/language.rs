//! Language identification of the body (whatlang, trigram profiles compiled in).

use dossier_core::{Diagnostic, DiagnosticCode, Document, Stage};

/// Sets `doc.language` (ISO 639-1 where one exists, else ISO 639-3, `und` when unknown) and adds
/// `L001 language-not-english` when the body is reliably another language.
#[derive(Debug, Default, Clone, Copy)]
pub struct LanguageStage;

/// Detect the language of `text`: `(code, reliable)`.
///
/// English news is recognized cheaply by the share of English function words among the first
/// 300 words; anything else goes to whatlang's trigram models.
pub fn detect_language(text: &str) -> (String, bool) {
    if looks_english(text) {
        return ("en".to_string(), true);
    }
    // A sample of about 250 words is enough and keeps long documents cheap.
    let mut end = text.len().min(1536);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match whatlang::detect(&text[..end]) {
        Some(info) => (iso639_1(info.lang()).to_string(), info.is_reliable()),
        None => ("und".to_string(), false),
    }
}

/// Function words frequent in English and rare as words of other Latin-script languages.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "her",
    "his", "it", "not", "of", "on", "said", "she", "that", "the", "they", "this", "to", "were",
    "which", "with", "would",
];

fn looks_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    for w in text.split_whitespace().take(300) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        words += 1;
        let lower = w.to_ascii_lowercase();
        if ENGLISH_FUNCTION_WORDS.binary_search(&lower.as_str()).is_ok() {
            function += 1;
        }
    }
    words >= 20 && function * 100 >= words * 20
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Ron => "ro",
        Hun => "hu",
        Fin => "fi",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Est => "et",
        Lav => "lv",
        Lit => "lt",
        Ell => "el",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Urd => "ur",
        Hin => "hi",
        Ben => "bn",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Tgl => "tl",
        Afr => "af",
        Epo => "eo",
        Bel => "be",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Zul => "zu",
        Mar => "mr",
        Tam => "ta",
        Tel => "te",
        Guj => "gu",
        Kan => "kn",
        Mal => "ml",
        Pan => "pa",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Amh => "am",
        Jav => "jv",
        Yid => "yi",
        Lat => "la",
        Cat => "ca",
        Aka => "ak",
        Sna => "sn",
        Tuk => "tk",
        Mya => "my",
        Ori => "or",
        Mkd => "mk",
        #[allow(unreachable_patterns)]
        other => other.code(),
    }
}

impl Stage for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }

    fn process(&self, doc: &mut Document) {
        let (code, reliable) = detect_language(&doc.text);
        if reliable && code != "en" {
            doc.diagnostics.push(Diagnostic::new(
                DiagnosticCode::LanguageNotEnglish,
                format!("the body looks like {code}, not English; entities, quotes and dates may be incomplete"),
            ));
        }
        doc.language = code;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_not() {
        let (en, _) = detect_language("The finance minister said on Tuesday that talks with the unions would resume next week.");
        assert_eq!(en, "en");
        let (de, reliable) = detect_language("Die Finanzministerin sagte am Dienstag, dass die Gespräche mit den Gewerkschaften nächste Woche fortgesetzt werden.");
        assert_eq!(de, "de");
        assert!(reliable);
        assert_eq!(detect_language("").0, "und");
    }

    #[test]
    fn function_word_shortcut() {
        assert!(ENGLISH_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted for binary search");
        let en = "The minister said on Tuesday that the talks with the unions would resume next week, and that she was hopeful of a deal before the end of the month, according to a statement from her office.";
        assert!(looks_english(en));
        let nl = "De minister zei dinsdag dat de gesprekken met de vakbonden volgende week worden hervat en dat zij hoopt op een akkoord voor het einde van de maand, volgens een verklaring van haar kantoor.";
        assert!(!looks_english(nl));
        assert_eq!(detect_language(nl).0, "nl");
    }

    #[test]
    fn stage_contract() {
        dossier_core::testing::check_stage(&LanguageStage, &|_| {});
    }
}
