//! Name folding: the one place that decides when two spellings of a place name are the same
//! key ("São Paulo" = "Sao Paulo", "St. Louis" = "St Louis", "Rostov-on-Don" = "Rostov on Don").

/// Fold a name into its lookup key: transliterated to ASCII, lower case, dots and apostrophes
/// dropped, hyphens and other separators turned into single spaces.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into a reusable buffer (cleared first).
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    let mut space = true; // suppress leading and repeated spaces
    let mut buf = [0u8; 4];
    for c in name.chars() {
        if c.is_ascii() {
            push_ascii(c as u8, out, &mut space);
        } else if matches!(c, '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | 'ʹ' | 'ˈ') {
            continue;
        } else if let Some(t) = deunicode::deunicode_char(c) {
            for b in t.bytes() {
                push_ascii(b, out, &mut space);
            }
        } else {
            let _ = c.encode_utf8(&mut buf);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

fn push_ascii(b: u8, out: &mut String, space: &mut bool) {
    match b {
        b'a'..=b'z' | b'0'..=b'9' | b'&' => {
            out.push(b as char);
            *space = false;
        }
        b'A'..=b'Z' => {
            out.push((b + 32) as char);
            *space = false;
        }
        b'.' | b'\'' | b'"' | b'`' => {}
        _ => {
            if !*space {
                out.push(' ');
                *space = true;
            }
        }
    }
}

/// The abbreviation key of a name written in capitals ("U.S." → `#US`, "NSW" → `#NSW`), or
/// `None` when the name is not a short all-capital abbreviation. Abbreviations are matched
/// case-sensitively so that "US" is not "us" and "CAN" is not "can".
pub fn abbreviation_key(name: &str) -> Option<String> {
    let letters: String = name.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    let n = letters.chars().count();
    if (2..=5).contains(&n) && letters.chars().all(|c| c.is_ascii_uppercase()) {
        Some(format!("#{letters}"))
    } else {
        None
    }
}

/// Words that name the kind of an administrative unit rather than the unit itself.
const UNIT_WORDS: &[&str] = &[
    "krai",
    "kray",
    "oblast",
    "oblast'",
    "okrug",
    "province",
    "provincia",
    "prefecture",
    "governorate",
    "state",
    "region",
    "county",
    "district",
    "department",
    "departement",
    "municipality",
    "territory",
    "republic",
    "autonomous",
    "voivodeship",
    "canton",
    "emirate",
    "parish",
    "borough",
    "shire",
    "raion",
    "rayon",
    "mohafazat",
    "wilayah",
    "division",
];

/// Does the folded word name a kind of administrative unit ("oblast", "canton", "state")?
pub fn is_unit_word(w: &str) -> bool {
    UNIT_WORDS.contains(&w)
}

/// The loose variant key of an administrative name: its folded form without words naming
/// the kind of unit and with Slavic adjective endings reduced ("Khabarovsky Krai",
/// "Khabarovskiy kray" and "Khabarovsk Krai" all give `~khabarovsk`). `None` when nothing
/// remains.
pub fn variant_key(folded: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(' ') {
        if is_unit_word(w) || w == "of" || w == "the" {
            continue;
        }
        words.push(reduce_adjective(w));
    }
    if words.is_empty() {
        return None;
    }
    Some(format!("~{}", words.join(" ")))
}

fn reduce_adjective(w: &str) -> String {
    for end in ["skiy", "skii", "skij", "skaya", "skoye", "skoe", "sky", "ski"] {
        if let Some(stem) = w.strip_suffix(end) {
            if stem.len() >= 3 {
                return format!("{stem}sk");
            }
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_punctuation_and_case() {
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("St. Louis"), "st louis");
        assert_eq!(fold("Rostov-on-Don"), "rostov on don");
        assert_eq!(fold("  Côte d’Ivoire "), "cote divoire");
        assert_eq!(fold("Hawai'i"), "hawaii");
        assert_eq!(fold("Москва"), "moskva");
    }

    #[test]
    fn abbreviations_are_case_sensitive() {
        assert_eq!(abbreviation_key("U.S.").as_deref(), Some("#US"));
        assert_eq!(abbreviation_key("NSW").as_deref(), Some("#NSW"));
        assert_eq!(abbreviation_key("Can"), None);
        assert_eq!(abbreviation_key("A"), None);
    }

    #[test]
    fn admin_variants_meet() {
        let a = variant_key(&fold("Khabarovsk Krai"));
        assert_eq!(a.as_deref(), Some("~khabarovsk"));
        assert_eq!(variant_key(&fold("Khabarovsky Krai")), a);
        assert_eq!(variant_key(&fold("Khabarovskiy kray")), a);
        assert_eq!(variant_key("krai"), None);
    }
}
