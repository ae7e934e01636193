//! Photo captions and credit lines.

use std::sync::OnceLock;

use dossier_core::Caption;
use regex::Regex;

/// Photo agencies and picture desks that appear as credits, as a regex group body.
const AGENCY: &str = r"AP|AFP|Reuters|EPA(?:-EFE)?|Getty Images|Getty|Bloomberg|Xinhua|Anadolu(?: Agency)?|Shutterstock|Alamy|NurPhoto|SOPA Images|ZUMA(?: Press| Wire)?|dpa|ANP|Kyodo|Yonhap|TASS|Sipa(?: USA)?|Pool|Handout|PA(?: Wire| Images)?|Associated Press|The Associated Press";

struct Patterns {
    /// `Photo: Reuters`, `Photograph: Jane Doe/AP`, `Credit: ...`, `Photo by ...`.
    credit_label: Regex,
    /// `(AP Photo/Jane Doe)`, `AP Photo/Jane Doe`, `Jane Doe/Reuters`, `Getty Images`.
    credit_bare: Regex,
    /// Caption text followed by a parenthesized credit.
    paren_credit: Regex,
    /// Caption text with a labelled credit after its last sentence.
    inline_label: Regex,
    /// Caption text glued to or followed by an agency credit: `..., 2023.AP`.
    glued_agency: Regex,
    /// What a parenthesized credit contains.
    credit_words: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("caption patterns are valid");
        Patterns {
            credit_label: re(
                r"(?i)^(?:photo(?:graph)?s?|pictures?|images?|credit|photo credit|illustration|video)\s*(?::|by\b)\s*(..+?)\.?$",
            ),
            credit_bare: re(&format!(
                r"^\(?((?:{AGENCY})(?: Photo| Images| Photos| Pool| via Getty Images)?(?:\s?/\s?[^()]{{2,60}})?|[^()/]{{2,50}}\s?/\s?(?:{AGENCY})(?: via Getty Images)?)\)?\.?$"
            )),
            paren_credit: re(r"^(.*\S)\s*\(([^()]{2,})\)\s*\.?$"),
            inline_label: re(
                r"(?i)^(.*[.!?”])\s*(?:photo(?:graph)?|picture|image|credit|illustration)s?\s*:\s*(..+?)\.?$",
            ),
            glued_agency: re(&format!(
                r"^(.*(?:[0-9]{{4}}|[a-z]{{2}})[.!?”])\s?((?:{AGENCY})(?: Photo| Images| Pool)?(?:\s?/\s?[^()]{{2,60}})?)$"
            )),
            credit_words: re(&format!(
                r"(?i)\b(photo|photograph|photos|pool|image|images|getty|credit|courtesy|via|handout|file)\b|^(?-i:{AGENCY})\b"
            )),
        }
    })
}

fn caption(text: &str, credit: Option<&str>) -> Caption {
    Caption {
        text: text.trim().to_string(),
        credit: credit.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
    }
}

/// A line that is only a photo credit: `Photo: Reuters`, `(AP Photo/Jane Doe)`.
/// Returns the credit.
pub(crate) fn parse_credit_only(line: &str) -> Option<String> {
    let line = line.trim();
    if line.split_whitespace().count() > 12 {
        return None;
    }
    let p = patterns();
    if let Some(c) = p.credit_label.captures(line) {
        return Some(c[1].trim().to_string());
    }
    if let Some(c) = p.credit_bare.captures(line) {
        return Some(c[1].trim().to_string());
    }
    None
}

/// A line that is a photo caption: it ends with a credit, or starts with `FILE -`.
pub(crate) fn parse_caption(line: &str) -> Option<Caption> {
    let line = line.trim();
    let words = line.split_whitespace().count();
    if words > 90 {
        return None;
    }
    if let Some(credit) = parse_credit_only(line) {
        return Some(caption("", Some(&credit)));
    }
    let p = patterns();
    if let Some(c) = p.paren_credit.captures(line) {
        let inner = &c[2];
        if p.credit_words.is_match(inner) && !inner.contains(" said") {
            return Some(caption(&c[1], Some(inner)));
        }
    }
    if let Some(c) = p.inline_label.captures(line) {
        if c[2].split_whitespace().count() <= 10 {
            return Some(caption(&c[1], Some(&c[2])));
        }
    }
    if let Some(c) = p.glued_agency.captures(line) {
        return Some(caption(&c[1], Some(&c[2])));
    }
    if is_file_photo(line) {
        return Some(caption(line, None));
    }
    None
}

/// AP's file-photo captions: `FILE - Protesters march ...`.
fn is_file_photo(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("FILE") else { return false };
    let rest = rest.trim_start();
    rest.starts_with(['-', '–', '—']) && rest.len() > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(line: &str) -> Option<(String, Option<String>)> {
        parse_caption(line).map(|c| (c.text, c.credit))
    }

    #[test]
    fn parenthesized_credits() {
        assert_eq!(
            cap("Firefighters work near Lake Orla, Tuesday, Sept. 12, 2023. (AP Photo/Jane Doe)"),
            Some((
                "Firefighters work near Lake Orla, Tuesday, Sept. 12, 2023.".into(),
                Some("AP Photo/Jane Doe".into())
            ))
        );
        assert_eq!(
            cap("The ferry arrives in port. (Photo by John Roe/Getty Images)")
                .unwrap()
                .1
                .as_deref(),
            Some("Photo by John Roe/Getty Images")
        );
        // A parenthesis that is not a credit.
        assert_eq!(cap("The plan passed on a second vote (the first failed)."), None);
        assert_eq!(cap("Turnout was high (about 70%)."), None);
    }

    #[test]
    fn glued_and_labelled_credits() {
        assert_eq!(
            cap("Rescuers search the rubble in Varna, Friday, Sept. 15, 2023.AP"),
            Some((
                "Rescuers search the rubble in Varna, Friday, Sept. 15, 2023.".into(),
                Some("AP".into())
            ))
        );
        assert_eq!(
            cap("Delegates leave the hall on Tuesday. Photograph: Jane Doe/Reuters"),
            Some(("Delegates leave the hall on Tuesday.".into(), Some("Jane Doe/Reuters".into())))
        );
        assert_eq!(
            cap("Crowds gathered at dawn. AP Photo/Mark Hill").unwrap().1.as_deref(),
            Some("AP Photo/Mark Hill")
        );
    }

    #[test]
    fn credit_only_lines() {
        for (line, credit) in [
            ("Photo: Reuters", "Reuters"),
            ("Credit: Jane Doe/AP", "Jane Doe/AP"),
            ("(AP Photo/Jane Doe)", "AP Photo/Jane Doe"),
            ("Jane Doe/Reuters", "Jane Doe/Reuters"),
            ("Getty Images", "Getty Images"),
            ("Photograph by Lena Ortiz", "Lena Ortiz"),
        ] {
            assert_eq!(parse_credit_only(line).as_deref(), Some(credit), "{line}");
            assert_eq!(cap(line), Some((String::new(), Some(credit.to_string()))), "{line}");
        }
        assert_eq!(parse_credit_only("Reuters reported the deal on Monday."), None);
    }

    #[test]
    fn file_photo_lines() {
        assert_eq!(
            cap("FILE - The port of Dalmar is seen from the air, June 3, 2021."),
            Some(("FILE - The port of Dalmar is seen from the air, June 3, 2021.".into(), None))
        );
        assert_eq!(
            cap("FILE – Ships wait offshore, May 2, 2022. (AP Photo/Ana Ruiz, File)")
                .unwrap()
                .1
                .as_deref(),
            Some("AP Photo/Ana Ruiz, File")
        );
    }

    #[test]
    fn body_lines_are_not_captions() {
        for line in [
            "WASHINGTON (AP) — Lawmakers agreed on Friday to extend the program.",
            "The minister said the talks would resume. Reuters could not verify the claim.",
            "“We are close,” Ruiz said.",
            "Officials told AP the ship had left.",
            "Sept. 15, 2023 (Reuters) - Shares rose on Friday.",
        ] {
            assert_eq!(cap(line), None, "{line}");
        }
    }
}
