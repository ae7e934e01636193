//! Splitting raw tokens into the pieces the tagger was trained on (CoNLL/PTB conventions):
//! punctuation and quotes apart, possessive `'s` and `n't` apart, inner hyphens, periods and
//! apostrophes kept ("U.S.", "F-16", "O'Brien").

/// Words that keep their final period ("Mr.", "Sept.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr",
    "gov", "sen", "rep", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd", "bros", "no", "vs",
    "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave",
    "blvd", "dept", "univ", "est", "approx", "etc", "pres", "messrs", "mme", "mlle",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’' || c == '‘'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Combining marks (enough of them to keep "e\u{301}" inside a word).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that may stay inside a word when letters or digits follow them.
fn is_inner(c: char) -> bool {
    matches!(c, '-' | '.' | '\'' | '’' | '&' | '/' | ',' | ':' | '_' | '@' | '+')
}

/// Splits the whitespace-free string `s` into pieces, pushing byte ranges (relative to `s`,
/// shifted by `base`) into `out`.
pub(crate) fn split_word(s: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    // Fast path, same result: a word of ASCII letters and digits only is one piece, and so is
    // a single ASCII punctuation character.
    let b = s.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric)
        || b.len() == 1 && b[0].is_ascii_graphic()
    {
        out.push((base, base + s.len()));
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { s.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            // A word: word chars, with inner connectors followed by a word char.
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                if is_word_char(d) {
                    j += 1;
                } else if is_inner(d) && j + 1 < n && is_word_char(chars[j + 1].1) {
                    // Commas and colons only inside numbers ("1,200", "10:30").
                    if (d == ',' || d == ':')
                        && !(chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit())
                    {
                        break;
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            // A trailing period of an abbreviation or of an initialism stays ("U.S.", "J.").
            if j < n && chars[j].1 == '.' {
                let word = &s[chars[i].0..end_of(j)];
                let lower = word.to_lowercase();
                let single_letter = word.chars().count() == 1 && c.is_alphabetic();
                if single_letter || word.contains('.') || ABBREVIATIONS.contains(&lower.as_str()) {
                    j += 1;
                }
            }
            let (ws, we) = (chars[i].0, end_of(j));
            split_clitics(&s[ws..we], base + ws, out);
            i = j;
        } else {
            // Punctuation or symbol: one char, except runs of the same char ("...", "--").
            let mut j = i + 1;
            while j < n && chars[j].1 == c && !is_apostrophe(c) {
                j += 1;
            }
            out.push((base + chars[i].0, base + end_of(j)));
            i = j;
        }
    }
}

/// Splits `'s`, `’s`, `'` (after s) and `n't` off a word.
fn split_clitics(w: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let lower_tail: String =
        w.chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect::<String>();
    let tail = lower_tail.to_lowercase();
    let tail_chars: Vec<char> = tail.chars().collect();
    let wlen = w.chars().count();
    // "'s" / "’s"
    if wlen > 2 && tail_chars.len() == 3 && is_apostrophe(tail_chars[1]) && tail_chars[2] == 's' {
        let cut = w.len() - (tail_chars[1].len_utf8() + 1);
        out.push((base, base + cut));
        out.push((base + cut, base + w.len()));
        return;
    }
    // "n't"
    if wlen > 3
        && tail_chars.len() == 3
        && tail_chars[0] == 'n'
        && is_apostrophe(tail_chars[1])
        && tail_chars[2] == 't'
    {
        let cut = w.len() - (1 + tail_chars[1].len_utf8() + 1);
        out.push((base, base + cut));
        out.push((base + cut, base + w.len()));
        return;
    }
    out.push((base, base + w.len()));
}

/// Splits `text` on white space and then into pieces: the tokenizer used for unlabelled text
/// and gazetteer names.
pub(crate) fn simple_tokenize(text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split_word(&text[s..i], s, &mut spans);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_word(&text[s..], s, &mut spans);
    }
    spans.into_iter().map(|(s, e)| &text[s..e]).collect()
}

#[cfg(test)]
mod tests {
    use super::simple_tokenize;

    #[test]
    fn splits_like_conll() {
        assert_eq!(
            simple_tokenize("Putin's aide (O'Brien) flew F-16s to the U.S. on Sept. 3, 1,200 km."),
            vec![
                "Putin", "'s", "aide", "(", "O'Brien", ")", "flew", "F-16s", "to", "the", "U.S.",
                "on", "Sept.", "3", ",", "1,200", "km", "."
            ]
        );
        assert_eq!(
            simple_tokenize("“Ngũgĩ’s” don't — ok..."),
            vec!["“", "Ngũgĩ", "’s", "”", "do", "n't", "—", "ok", "..."]
        );
    }
}
