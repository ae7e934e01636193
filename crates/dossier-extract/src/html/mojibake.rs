//! UTF-8 that was decoded as Latin-1 or Windows-1252 and encoded again ("Investorâ€™s",
//! "CafÃ©"): each character stands for one byte of the real UTF-8 sequence.

/// The byte a character stands for in Latin-1 / Windows-1252 text, for the characters
/// mojibake is made of: U+0080–U+00FF, and the Windows-1252 letters and punctuation at
/// 0x80–0x9F.
fn byte_of(c: char) -> Option<u8> {
    if ('\u{80}'..='\u{ff}').contains(&c) {
        return Some(c as u32 as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// Whether a repaired character is one real text has: Latin letters and signs, Greek and
/// Cyrillic, general punctuation, currency and letter-like symbols. A sequence decoding to
/// anything else ("ß“" is valid UTF-8 for an N'Ko letter) was real text and stays.
fn plausible(c: char) -> bool {
    matches!(c as u32, 0xa0..=0x24f | 0x370..=0x4ff | 0x2010..=0x206f | 0x20a0..=0x20cf | 0x2100..=0x214f)
}

/// `s` with every mojibake sequence decoded, and how many were.
pub(crate) fn repair(s: &str) -> (String, usize) {
    // Fast path: a sequence starts with a character in Â–ô (0xC2–0xF4).
    if !s.contains(|c: char| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return (s.to_string(), 0);
    }
    let mut out = String::with_capacity(s.len());
    let mut fixed = 0;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = match sequence_at(rest) {
            Some((decoded, len)) => {
                out.push(decoded);
                fixed += 1;
                len
            }
            None => {
                out.push(c);
                c.len_utf8()
            }
        };
        rest = &rest[len..];
    }
    (out, fixed)
}

/// The character that the mojibake sequence at the start of `s` stands for, and the
/// sequence's length in bytes.
fn sequence_at(s: &str) -> Option<(char, usize)> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let lead = byte_of(first)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut consumed = first.len_utf8();
    for b in &mut bytes[1..len] {
        let c = chars.next()?;
        *b = byte_of(c)?;
        consumed += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible(decoded).then_some((decoded, consumed))
}

/// At least this many mojibake sequences make a page double-encoded.
const MIN_SEQUENCES: usize = 2;

/// The page repaired when it is clearly double-encoded: at least [`MIN_SEQUENCES`] mojibake
/// sequences, and more of them than accented letters standing on their own (a page of real
/// "é" and "ü" with one odd pair is left as it is). Borrowed when nothing is repaired.
pub(crate) fn repair_page(html: &str) -> std::borrow::Cow<'_, str> {
    // The lead characters of the sequences [`plausible`] lets through.
    let lead = |c: char| matches!(c, 'Â'..='É' | 'Í'..='Ó' | 'â');
    if !html.contains(lead) {
        return std::borrow::Cow::Borrowed(html);
    }
    let (mut sequences, mut letters) = (0usize, 0usize);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let len = match sequence_at(rest) {
            Some((_, len)) => {
                sequences += 1;
                len
            }
            None => {
                letters += usize::from(('\u{c0}'..='\u{ff}').contains(&c));
                c.len_utf8()
            }
        };
        rest = &rest[len..];
    }
    if sequences >= MIN_SEQUENCES && sequences > letters {
        std::borrow::Cow::Owned(repair(html).0)
    } else {
        std::borrow::Cow::Borrowed(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_are_decoded() {
        // Latin-1 and Windows-1252 readings of the same UTF-8 bytes.
        assert_eq!(repair("Investor\u{e2}\u{80}\u{99}s guide").0, "Investor’s guide");
        assert_eq!(repair("The mayorâ€™s â€œplanâ€\u{9d}").0, "The mayor’s “plan”");
        assert_eq!(
            repair("Caf\u{c3}\u{a9} au lait – 2\u{c2}\u{b0}C"),
            ("Café au lait – 2°C".into(), 2)
        );
        // Real accented letters and quotes are not mojibake: they stay.
        for real in ["Açaí bowls à la carte", "„Die Straß“, sagte er", "Él dijo: «sí»"]
        {
            assert_eq!(repair(real).0, real);
        }
    }

    #[test]
    fn only_a_clearly_double_encoded_page_is_repaired() {
        let bad = "<p>Itâ€™s the cityâ€™s plan for the cafÃ© by the pier.</p>";
        assert_eq!(repair_page(bad), "<p>It’s the city’s plan for the café by the pier.</p>");
        // One odd pair among real accented letters: the page is left alone.
        let good = "<p>Le café près du quai ferme, a dit le maire. Ã© Ã©</p><p>Même l’été.</p>";
        assert!(matches!(repair_page(good), std::borrow::Cow::Borrowed(_)));
        let one = "<p>Itâ€™s only once.</p>";
        assert!(matches!(repair_page(one), std::borrow::Cow::Borrowed(_)));
    }
}
