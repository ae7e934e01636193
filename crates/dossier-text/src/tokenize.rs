//! Tokenization of English news text.
//!
//! Rules, in order of precedence at each position:
//! - white space and zero-width characters separate tokens and belong to none;
//! - URLs (`https://…`, `www.…`) and e-mail addresses are one token;
//! - a word is a run of letters and digits (with combining marks) joined by inner hyphens
//!   ("Stratford-upon-Avon", "F-16", "19-year-old") or inner apostrophes before a capital or a
//!   letter run that is not a clitic ("O'Brien", "Ngũgĩ"); clitics are split off as their own
//!   tokens ("Putin" + "’s", "do" + "n't", "they" + "'re");
//! - letter–period runs are one token ("U.S.", "U.N.", "a.m."), and so is a known abbreviation
//!   with its period ("Sept.", "Gov.", "Dr.", "Jr.", "St.") or a single capital initial ("J."),
//!   a hyphenated word ending in either ("D-N.C.", "anti-U.S.", "D-Calif.") and a unit between
//!   two numbers ("5 ft. 10 in.");
//! - a number is digits with inner separators `, . / : -` between digits ("1,200.50", "9/15/2023",
//!   "2023-09-15", "10:30") and a letter suffix ("1990s", "16th", "5km");
//! - "..." and runs of `!`/`?` are one punctuation token; every other punctuation mark (quotes,
//!   dashes, brackets) is a token of its own.

use dossier_core::{Token, TokenKind};

use crate::lexicon;

/// Split `text` into tokens (byte offsets). Joining the token texts with the skipped
/// white space gives back `text`: tokens are in order, never overlap and are never empty.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut pos = 0;
    let len = text.len();
    while pos < len {
        let c = char_at(text, pos);
        let clen = c.len_utf8();
        if is_separator(c) {
            pos += clen;
            continue;
        }
        let (end, kind) = if let Some(end) = url_end(text, pos) {
            (end, TokenKind::Word)
        } else if c.is_alphabetic() {
            (word_end(text, pos), TokenKind::Word)
        } else if c.is_ascii_digit() || (c.is_numeric() && c.is_alphanumeric()) {
            (number_end(text, pos), TokenKind::Number)
        } else if is_combining(c) {
            // A stray combining mark: a symbol of its own (it has nothing to attach to).
            (pos + clen, TokenKind::Symbol)
        } else if c == '.'
            && text.as_bytes().get(pos + 1).is_some_and(u8::is_ascii_digit)
            && (pos == 0 || text[..pos].ends_with([' ', '(', '\n', '\t']))
        {
            // ".324" (a batting average, a decimal without its zero).
            (number_end(text, pos + 1), TokenKind::Number)
        } else if c == '.' && text[pos..].starts_with("...") {
            (pos + 3 + text[pos + 3..].bytes().take_while(|&b| b == b'.').count(), TokenKind::Punct)
        } else if c == '!' || c == '?' {
            (
                pos + text[pos..].bytes().take_while(|&b| b == b'!' || b == b'?').count(),
                TokenKind::Punct,
            )
        } else if c == '-' && text[pos..].starts_with("--") {
            (pos + text[pos..].bytes().take_while(|&b| b == b'-').count(), TokenKind::Punct)
        } else if is_punct(c) {
            (pos + clen, TokenKind::Punct)
        } else {
            (pos + clen, TokenKind::Symbol)
        };
        if kind == TokenKind::Word && end > pos {
            push_word(text, pos, end, &mut out);
        } else {
            out.push(Token { start: pos, end, kind });
        }
        pos = end;
    }
    out
}

/// Push a word token, splitting off a trailing clitic ("’s", "n't", "'re", "'ll", ...).
fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    if let Some(split) = clitic_split(word) {
        if split > 0 && split < word.len() {
            out.push(Token { start, end: start + split, kind: TokenKind::Word });
            out.push(Token { start: start + split, end, kind: TokenKind::Word });
            return;
        }
    }
    out.push(Token { start, end, kind: TokenKind::Word });
}

/// Byte offset inside `word` where a clitic starts, if the word ends in one.
fn clitic_split(word: &str) -> Option<usize> {
    // The tail of `word` of `n` bytes, if that is a character boundary.
    let tail = |n: usize| -> Option<&str> {
        let at = word.len().checked_sub(n)?;
        (at > 0 && word.is_char_boundary(at)).then(|| &word[at..])
    };
    for apo in ["'", "\u{2019}"] {
        // "n't" keeps its n: "don't" → "do" + "n't".
        if let Some(t) = tail(2 + apo.len()).filter(|t| t.as_bytes()[0].is_ascii()) {
            let rest = &t[1..];
            if t.as_bytes()[0].eq_ignore_ascii_case(&b'n')
                && rest.starts_with(apo)
                && rest[apo.len()..].eq_ignore_ascii_case("t")
            {
                return Some(word.len() - t.len());
            }
        }
        for suffix in ["s", "re", "ll", "ve", "m", "d"] {
            if let Some(t) = tail(apo.len() + suffix.len()) {
                if t.starts_with(apo) && t[apo.len()..].eq_ignore_ascii_case(suffix) {
                    return Some(word.len() - t.len());
                }
            }
        }
    }
    None
}

#[inline]
fn char_at(text: &str, pos: usize) -> char {
    let b = text.as_bytes()[pos];
    if b < 0x80 {
        b as char
    } else {
        text[pos..].chars().next().unwrap_or('\u{fffd}')
    }
}

#[inline]
fn next_char(text: &str, pos: usize) -> Option<char> {
    (pos < text.len()).then(|| char_at(text, pos))
}

/// White space, and invisible characters that never belong to a token.
#[inline]
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
        || (c.is_control())
}

/// Combining marks that continue a word ("e\u{301}").
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‑' // ASCII hyphen-minus, non-breaking hyphen
}

/// Punctuation marks (as opposed to symbols such as `$`, `%`, `@`).
#[inline]
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '-'
            | '/'
            | '\\'
            | '…'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '„'
            | '‚'
            | '—'
            | '–'
            | '―'
            | '‒'
            | '·'
            | '•'
    )
}

fn url_end(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let is_url =
        rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
    let mut end = if is_url {
        pos + rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
            .unwrap_or(rest.len())
    } else {
        // e-mail: word chars and . _ - + then @ then a dotted domain.
        let local =
            rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')))?;
        if local == 0 || !rest[local..].starts_with('@') {
            return None;
        }
        let domain = &rest[local + 1..];
        let dlen = domain
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-')))
            .unwrap_or(domain.len());
        if dlen == 0 || !domain[..dlen].trim_end_matches('.').contains('.') {
            return None;
        }
        pos + local + 1 + dlen
    };
    // Trailing sentence punctuation belongs to the sentence, not the URL.
    while end > pos {
        let last = text[..end].chars().next_back()?;
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '’') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > pos).then_some(end)
}

fn word_end(text: &str, start: usize) -> usize {
    let mut pos = start;
    let len = text.len();
    // Letter–period runs: "U.S.", "a.m.", "e.g." (single letters each followed by a period).
    if let Some(end) = dotted_initials_end(text, start) {
        return end;
    }
    loop {
        while pos < len {
            let c = char_at(text, pos);
            if is_word_char(c) {
                pos += c.len_utf8();
            } else {
                break;
            }
        }
        // Inner connectors followed by a word character.
        let Some(c) = next_char(text, pos) else { break };
        let after = pos + c.len_utf8();
        let Some(n) = next_char(text, after) else { break };
        if is_hyphen(c) && is_word_char(n) {
            // A hyphen then an initialism ends the word: "D-N.C.", "anti-U.S.".
            if let Some(end) = dotted_initials_end(text, after) {
                return end;
            }
            pos = after;
            continue;
        }
        if is_apostrophe(c) && n.is_alphabetic() {
            // Keep "O'Brien", "rock'n'roll"; the clitic splitter handles "'s", "n't".
            pos = after;
            continue;
        }
        if c == '.' && n.is_ascii_lowercase() && pos - start >= 2 && domain_like(text, after) {
            // "reuters.com", "example.co.uk".
            pos = after;
            continue;
        }
        break;
    }
    // A known abbreviation takes its period: "Sept.", "Gov.", "Jr.", "No. 10".
    if next_char(text, pos) == Some('.') {
        let word = &text[start..pos];
        let single_initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
        if single_initial
            || lexicon::is_abbreviation(word)
            || lexicon::is_abbreviation(last_hyphen_part(word))
        {
            return pos + 1;
        }
        if lexicon::is_numeric_abbreviation(word) && next_nonspace_is_digit(text, pos + 1) {
            return pos + 1;
        }
        if lexicon::is_unit_abbreviation(word)
            && next_nonspace_is_digit(text, pos + 1)
            && text[..start]
                .trim_end_matches([' ', '\u{a0}'])
                .ends_with(|c: char| c.is_ascii_digit())
        {
            return pos + 1;
        }
    }
    pos
}

/// The part of a hyphenated word after its last hyphen ("Calif" in "D-Calif"); empty if none.
pub(crate) fn last_hyphen_part(word: &str) -> &str {
    word.rfind(is_hyphen).map_or("", |at| &word[at + char_at(word, at).len_utf8()..])
}

/// End of "U.S." style tokens starting at `start`: at least two letter–period pairs
/// ("U.S.", "e.g.", "a.m."), optionally closed by a last capital without its period ("U.S.A").
fn dotted_initials_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut pos = start;
    let mut pairs = 0;
    while pos + 1 < b.len() && b[pos].is_ascii_alphabetic() && b[pos + 1] == b'.' {
        pos += 2;
        pairs += 1;
    }
    if pairs < 2 {
        return mixed_dotted_end(text, start);
    }
    let alnum_at = |i: usize| i < b.len() && b[i].is_ascii_alphanumeric();
    if pos < b.len() && b[pos].is_ascii_uppercase() && !alnum_at(pos + 1) {
        return Some(pos + 1);
    }
    (!alnum_at(pos)).then_some(pos)
}

/// "Ph.D.", "Mass.Ave."-free short runs: two or more runs of 1–2 letters, each with a period,
/// the first capitalized ("Ph.D.", "Sc.D.", "B.Sc." is not matched: its second run is long).
fn mixed_dotted_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    if !b[start].is_ascii_uppercase() {
        return None;
    }
    let mut pos = start;
    let mut runs = 0;
    loop {
        let run = b[pos..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if run == 0 || run > 2 || b.get(pos + run) != Some(&b'.') {
            break;
        }
        pos += run + 1;
        runs += 1;
        if pos >= b.len() || !b[pos].is_ascii_uppercase() {
            break;
        }
    }
    let ends_clean = pos >= b.len() || !b[pos].is_ascii_alphanumeric();
    (runs >= 2 && ends_clean).then_some(pos)
}

fn domain_like(text: &str, after_dot: usize) -> bool {
    let rest = &text[after_dot..];
    let tld: String = rest.chars().take_while(|c| c.is_ascii_lowercase()).collect();
    matches!(
        tld.as_str(),
        "com"
            | "org"
            | "net"
            | "gov"
            | "edu"
            | "co"
            | "uk"
            | "io"
            | "int"
            | "info"
            | "de"
            | "fr"
            | "ru"
            | "cn"
            | "jp"
            | "kr"
            | "news"
            | "tv"
            | "eu"
            | "us"
            | "ca"
            | "au"
    ) && !rest[tld.len()..].starts_with(|c: char| c.is_alphanumeric())
}

fn next_nonspace_is_digit(text: &str, pos: usize) -> bool {
    text[pos..].trim_start_matches([' ', '\u{a0}']).starts_with(|c: char| c.is_ascii_digit())
}

fn number_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut pos = start;
    loop {
        while pos < b.len() {
            let c = char_at(text, pos);
            if c.is_alphanumeric() {
                pos += c.len_utf8();
            } else {
                break;
            }
        }
        // Separators between digits: 1,200.50  9/15/2023  2023-09-15  10:30
        if pos + 1 < b.len()
            && matches!(b[pos], b',' | b'.' | b'/' | b':' | b'-')
            && b[pos + 1].is_ascii_digit()
        {
            let prev_digit = pos > start && b[pos - 1].is_ascii_digit();
            if prev_digit {
                pos += 1;
                continue;
            }
        }
        // Designations like "747-8I" or "2-year-old": hyphen then letters.
        if pos + 1 < b.len() && b[pos] == b'-' && b[pos + 1].is_ascii_alphabetic() {
            pos += 1;
            continue;
        }
        break;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(toks("U.S. and U.N. officials"), ["U.S.", "and", "U.N.", "officials"]);
        assert_eq!(
            toks("Gov. Ana Ruiz, Dr. J. R. Smith Jr. of St. Louis"),
            ["Gov.", "Ana", "Ruiz", ",", "Dr.", "J.", "R.", "Smith", "Jr.", "of", "St.", "Louis"]
        );
        assert_eq!(toks("on Sept. 15 at 9 a.m."), ["on", "Sept.", "15", "at", "9", "a.m."]);
        assert_eq!(toks("No. 10 said no."), ["No.", "10", "said", "no", "."]);
        assert_eq!(
            toks("5 ft. 10 in. tall, in. 4"),
            ["5", "ft.", "10", "in", ".", "tall", ",", "in", ".", "4"]
        );
        assert_eq!(
            toks("his Ph.D. thesis, batting .324"),
            ["his", "Ph.D.", "thesis", ",", "batting", ".324"]
        );
    }

    #[test]
    fn hyphenated_names_and_designations() {
        assert_eq!(
            toks("Stratford-upon-Avon's F-16 and Su-57 jets"),
            ["Stratford-upon-Avon", "'s", "F-16", "and", "Su-57", "jets"]
        );
        assert_eq!(toks("a 19-year-old -- then"), ["a", "19-year-old", "--", "then"]);
        assert_eq!(
            toks("Bo Li (D-N.C.), an anti-U.S. ex-Gov. from D-Calif."),
            ["Bo", "Li", "(", "D-N.C.", ")", ",", "an", "anti-U.S.", "ex-Gov.", "from", "D-Calif."]
        );
    }

    #[test]
    fn clitics_and_apostrophes() {
        assert_eq!(
            toks("Putin’s plan, O'Brien's view; don't, they're"),
            [
                "Putin", "’s", "plan", ",", "O'Brien", "'s", "view", ";", "do", "n't", ",", "they",
                "'re"
            ]
        );
        assert_eq!(toks("the allies’ plans"), ["the", "allies", "’", "plans"]);
    }

    #[test]
    fn numbers_with_separators() {
        assert_eq!(
            toks("$1,200.50 on 9/15/2023, 2023-09-15 at 10:30, the 1990s, 16th"),
            [
                "$",
                "1,200.50",
                "on",
                "9/15/2023",
                ",",
                "2023-09-15",
                "at",
                "10:30",
                ",",
                "the",
                "1990s",
                ",",
                "16th"
            ]
        );
    }

    #[test]
    fn quotes_dashes_and_glued_credits() {
        assert_eq!(
            toks("“We are close,” Ruiz said — firmly."),
            ["“", "We", "are", "close", ",", "”", "Ruiz", "said", "—", "firmly", "."]
        );
        assert_eq!(
            toks("Sept. 15, 2023.AP Photo"),
            ["Sept.", "15", ",", "2023", ".", "AP", "Photo"]
        );
        assert_eq!(toks("Wait... what?!"), ["Wait", "...", "what", "?!"]);
    }

    #[test]
    fn urls_emails_and_diacritics() {
        assert_eq!(
            toks("See https://example.org/a?b=1. Mail desk@example.com."),
            ["See", "https://example.org/a?b=1", ".", "Mail", "desk@example.com", "."]
        );
        assert_eq!(
            toks("Ngũgĩ and Cafe\u{301} in PAÍS"),
            ["Ngũgĩ", "and", "Cafe\u{301}", "in", "PAÍS"]
        );
        assert_eq!(toks("reuters.com reported"), ["reuters.com", "reported"]);
    }

    #[test]
    fn tokens_cover_text_without_overlap() {
        for text in dossier_core::testing::awkward_strings(500) {
            let tokens = tokenize(&text);
            let mut last = 0;
            for t in &tokens {
                assert!(t.start >= last && t.end > t.start, "{text:?}: {t:?}");
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                assert!(
                    text[last..t.start].chars().all(is_separator),
                    "{text:?} lost {:?}",
                    &text[last..t.start]
                );
                last = t.end;
            }
            assert!(text[last..].chars().all(is_separator));
        }
    }
}
