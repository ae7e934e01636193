//! Sentence segmentation over tokens.
//!
//! A sentence ends at:
//! - a line break (the clean body puts paragraphs, headlines and list items on their own lines);
//! - `.`, `!`, `?`, `...` or `…`, together with the closing quotes and brackets glued to it
//!   (`.”`, `?)`), when the next token can start a sentence: a capitalized word, a number, an
//!   opening quote or bracket before one, or a symbol — but not when a quotation closed by `?`,
//!   `!` or `…` is attributed right after it (`“Why?” Ruiz asked.`);
//! - an abbreviation or initial that took the period ("U.S.", "Inc.", "J."), only when the next
//!   word is a common sentence opener ("The", "He", "But"...); titles ("Dr.", "Gov.") never; a
//!   month, "a.m."/"p.m." or a state after "City," ("Tampa, Fla.") also before any capitalized
//!   word but a weekday, a month or a time zone ("8 p.m. Friday", "6:13 P.M. EDT");
//! - never at an abbreviation inside an open parenthesis, at a mark inside a parenthesis opened
//!   mid-sentence ("(b. March 1970)") or at a period glued between a word and a number ("PM2.5").

use dossier_core::{Sentence, Token, TokenKind};

use crate::lexicon::{self, AbbrevKind};
use crate::tokenize;

/// Group `tokens` of `text` into sentences. Sentences cover every token, in order; a sentence
/// spans from its first token's start to its last token's end.
pub fn segment(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(tokens.len() / 20 + 1);
    let n = tokens.len();
    let mut first = 0;
    let mut i = 0;
    while i < n {
        let mut last = None;
        if let Some(terminal) = terminal(text, tokens, first, i) {
            let mut j = i;
            while j + 1 < n
                && is_closer(tokens[j + 1].text(text))
                && tokens[j].end == tokens[j + 1].start
            {
                j += 1;
            }
            let closed_quote = j > i;
            // An abbreviation inside an open parenthesis does not end the sentence ("(e.g. The
            // Times)"); closed right after it ("(R-Calif.) The"), the usual rule applies.
            let open_paren = if j == i { unclosed_paren(text, &tokens[first..i]) } else { None };
            let in_paren = terminal != Terminal::Mark && open_paren.is_some();
            // A period glued between a word and a number is no sentence end: "PM2.5", "vol.14".
            let inside_word = j == i
                && tokens[i].text(text) == "."
                && i > 0
                && tokens[i - 1].end == tokens[i].start
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| t.start == tokens[i].end && t.kind == TokenKind::Number);
            // Nor is a mark inside a parenthesis opened mid-sentence and closed a little later on
            // the same line: "(b. March 1970)", "(see vol. 2)".
            let mid_paren = terminal == Terminal::Mark
                && open_paren.is_some_and(|k| k > 0)
                && tokens[i + 1..]
                    .iter()
                    .take(12)
                    .take_while(|t| !text[tokens[i].end..t.start].contains('\n'))
                    .any(|t| t.text(text) == ")");
            let no_end = in_paren || inside_word || mid_paren;
            // Reference markers glued to the sentence: "... in 2014. [4]", "... fee. 8 Yet ..."
            j = skip_references(text, tokens, j);
            j = skip_footnote(text, tokens, j);
            let at_end = j + 1 == n || line_break_between(text, &tokens[j], &tokens[j + 1]);
            let starts = !at_end && !no_end && starts_sentence(text, tokens, j + 1, terminal);
            if at_end
                || (starts
                    && !(closed_quote
                        && tokens[i].text(text) != "."
                        && attribution_follows(text, tokens, j + 1))
                    && !is_enumerator(text, &tokens[first..=i]))
            {
                last = Some(j);
            }
        }
        if last.is_none() && (i + 1 == n || line_break_between(text, &tokens[i], &tokens[i + 1])) {
            last = Some(i);
        }
        match last {
            Some(j) => {
                sentences.push(Sentence {
                    start: tokens[first].start,
                    end: tokens[j].end,
                    tokens: first..j + 1,
                });
                first = j + 1;
                i = j + 1;
            }
            None => i += 1,
        }
    }
    sentences
}

/// How a candidate sentence end was marked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// `.`, `!`, `?`, `...`, `…`
    Mark,
    /// A word that took its period: abbreviation, initial, "U.S."
    Abbreviation,
    /// A month or a time of day that took its period ("Feb.", "a.m."), or a state after "City,"
    /// ("Tampa, Fla."): a date, a time or a place usually ends there before a capitalized word.
    Loose,
}

/// Whether token `i` (of the sentence starting at token `first`) can end a sentence, and how.
fn terminal(text: &str, tokens: &[Token], first: usize, i: usize) -> Option<Terminal> {
    let tok = &tokens[i];
    let s = tok.text(text);
    match tok.kind {
        TokenKind::Punct => {
            let is_mark = s == "."
                || s == "…"
                || s.starts_with("...")
                || s.bytes().all(|b| b == b'!' || b == b'?');
            is_mark.then_some(Terminal::Mark)
        }
        TokenKind::Word if s.len() > 1 && s.ends_with('.') => {
            let stem = &s[..s.len() - 1];
            // A hyphenated word takes the kind of its last part: "ex-Gov.", "D-Calif.".
            let kind = lexicon::abbreviation(stem)
                .or_else(|| lexicon::abbreviation(tokenize::last_hyphen_part(stem)));
            // "Tampa, Fla.": a state after a capitalized place name and a comma.
            let after_city = || {
                i >= 2
                    && tokens[i - 1].text(text) == ","
                    && tokens[i - 2].kind == TokenKind::Word
                    && !tokens[i - 2].text(text).ends_with('.')
                    && starts_uppercase_or_digit(tokens[i - 2].text(text))
            };
            // A fronted date or time continues the sentence: "At 9 a.m. State police ...".
            let fronted = i - first < 4;
            let time = stem.eq_ignore_ascii_case("a.m") || stem.eq_ignore_ascii_case("p.m");
            match kind {
                Some(AbbrevKind::Title) => None,
                Some(AbbrevKind::Month) if !fronted => Some(Terminal::Loose),
                Some(AbbrevKind::State) if after_city() => Some(Terminal::Loose),
                None if time && !fronted => Some(Terminal::Loose),
                _ => Some(Terminal::Abbreviation),
            }
        }
        _ => None,
    }
}

/// After token `j`, skip bracketed reference markers such as "[4]" or "[3] [5]"; returns the
/// index of the last token that belongs to the sentence.
fn skip_references(text: &str, tokens: &[Token], mut j: usize) -> usize {
    while j + 3 < tokens.len()
        && tokens[j + 1].text(text) == "["
        && tokens[j + 2].kind == TokenKind::Number
        && tokens[j + 3].text(text) == "]"
        && !line_break_between(text, &tokens[j], &tokens[j + 1])
    {
        j += 3;
    }
    j
}

/// After token `j`, skip a footnote number set after the sentence's period, when a common
/// sentence opener follows it ("... a publication fee. 8 Yet some journals ...").
fn skip_footnote(text: &str, tokens: &[Token], j: usize) -> usize {
    let is_footnote =
        tokens.get(j + 1).is_some_and(|t| {
            let s = t.text(text);
            t.kind == TokenKind::Number && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())
        }) && tokens.get(j + 2).is_some_and(|t| lexicon::is_sentence_starter(t.text(text)))
            && !line_break_between(text, &tokens[j], &tokens[j + 2]);
    if is_footnote {
        j + 1
    } else {
        j
    }
}

/// The index in `tokens` of the last "(" not closed after it, if any.
fn unclosed_paren(text: &str, tokens: &[Token]) -> Option<usize> {
    let mut closed = 0usize;
    for (k, t) in tokens.iter().enumerate().rev() {
        match t.text(text) {
            ")" => closed += 1,
            "(" if closed == 0 => return Some(k),
            "(" => closed -= 1,
            _ => {}
        }
    }
    None
}

/// A list or section number at the start of a line ("1.", "2.1.", "IV."): not a sentence.
fn is_enumerator(text: &str, sentence: &[Token]) -> bool {
    sentence.len() <= 4
        && sentence.iter().all(|t| {
            let s = t.text(text);
            t.kind == TokenKind::Number
                || s == "."
                || (s.len() <= 4 && s.chars().all(|c| "IVXivx.".contains(c)))
        })
        && sentence.iter().any(|t| t.kind == TokenKind::Number || t.text(text) != ".")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "’" | "\"" | "'" | ")" | "]" | "»" | "›" | "}")
}

fn is_opener(s: &str) -> bool {
    matches!(s, "“" | "‘" | "\"" | "'" | "`" | "(" | "[" | "«" | "‹" | "„" | "{")
}

fn line_break_between(text: &str, a: &Token, b: &Token) -> bool {
    text[a.end..b.start].contains('\n')
}

fn starts_uppercase_or_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

fn starts_sentence(text: &str, tokens: &[Token], k: usize, terminal: Terminal) -> bool {
    if let Some(word) = after_openers(text, tokens, k) {
        // An opening quote or bracket before a capitalized word or a number; after an
        // abbreviation, a bracket rather explains it ("Acme Inc. (“Acme”)").
        return starts_uppercase_or_digit(tokens[word].text(text))
            && !(terminal != Terminal::Mark && matches!(tokens[k].text(text), "(" | "["));
    }
    let tok = &tokens[k];
    let s = tok.text(text);
    match terminal {
        Terminal::Abbreviation => lexicon::is_sentence_starter(s),
        Terminal::Loose => {
            lexicon::is_sentence_starter(s)
                || (tok.kind == TokenKind::Word
                    && s.starts_with(char::is_uppercase)
                    && !lexicon::is_calendar_word(s))
        }
        Terminal::Mark => match tok.kind {
            TokenKind::Word | TokenKind::Number => starts_uppercase_or_digit(s),
            TokenKind::Symbol => true,
            TokenKind::Punct => matches!(s, "—" | "–" | "-" | "•"),
        },
    }
}

/// If the tokens from `k` are one to three opening marks glued together (`“`, `(“`, PTB-style
/// `''` or ``` `` ```), the index of the token after them.
fn after_openers(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let mut m = k;
    while m < tokens.len()
        && m - k < 3
        && is_opener(tokens[m].text(text))
        && (m == k || tokens[m - 1].end == tokens[m].start)
    {
        m += 1;
    }
    (m > k && m < tokens.len()).then_some(m)
}

/// Whether the tokens from `k` are an attribution of the quotation that just closed:
/// up to three capitalized words then a speech verb ("Ruiz asked", "President Ana Ruiz said").
fn attribution_follows(text: &str, tokens: &[Token], k: usize) -> bool {
    for t in tokens.iter().skip(k).take(4) {
        let s = t.text(text);
        if lexicon::is_speech_verb(s) {
            return true;
        }
        if !(t.kind == TokenKind::Word && starts_uppercase_or_digit(s)) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        super::segment(text, &tokens).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Gov. Ana Ruiz met U.S. Army officers on Sept. 15 in St. Louis. Talks ended."),
            ["Gov. Ana Ruiz met U.S. Army officers on Sept. 15 in St. Louis.", "Talks ended."]
        );
        assert_eq!(
            sents("Dr. J. R. Smith Jr. spoke. He left."),
            ["Dr. J. R. Smith Jr. spoke.", "He left."]
        );
        assert_eq!(
            sents("Bo Li, Assoc. Dean for Students, spoke."),
            ["Bo Li, Assoc. Dean for Students, spoke."]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end_before_an_opener() {
        assert_eq!(
            sents("The troops returned to the U.S. The war was over."),
            ["The troops returned to the U.S.", "The war was over."]
        );
        assert_eq!(
            sents("He works for Acme Inc. Chief Executive Bo Li agreed."),
            ["He works for Acme Inc. Chief Executive Bo Li agreed."]
        );
    }

    #[test]
    fn quotations_spanning_sentence_ends() {
        assert_eq!(
            sents("“We are close. Very close,” Ruiz said. “Talks resume Monday.” Then she left."),
            [
                "“We are close.",
                "Very close,” Ruiz said.",
                "“Talks resume Monday.”",
                "Then she left."
            ]
        );
        assert_eq!(
            sents("“Why now?” Ruiz asked. “Why not?” he replied."),
            ["“Why now?” Ruiz asked.", "“Why not?” he replied."]
        );
        assert_eq!(
            sents("(The vote was close.) Officials left."),
            ["(The vote was close.)", "Officials left."]
        );
    }

    #[test]
    fn line_breaks_and_glued_credits() {
        assert_eq!(
            sents("Port talks resume\n\nOfficials met on Friday, Sept. 15, 2023.AP Photo/Jo Li"),
            ["Port talks resume", "Officials met on Friday, Sept. 15, 2023.", "AP Photo/Jo Li"]
        );
    }

    #[test]
    fn references_enumerators_and_pronoun_attribution() {
        assert_eq!(
            sents("He died in 2014. [4] [5] His work lives on."),
            ["He died in 2014. [4] [5]", "His work lives on."]
        );
        assert_eq!(sents("1. Introduction\n\n2.1. Methods"), ["1. Introduction", "2.1. Methods"]);
        assert_eq!(sents("“Can we go?” I ask. She nods."), ["“Can we go?” I ask.", "She nods."]);
        // A quotation closed by a period ends the sentence, whatever follows.
        assert_eq!(
            sents("She called it “a good start.” He said talks go on."),
            ["She called it “a good start.”", "He said talks go on."]
        );
    }

    #[test]
    fn glued_opening_marks_before_the_next_sentence() {
        assert_eq!(
            sents("Rates stay high. ''We wait,'' Ruiz said. ``Not long.''"),
            ["Rates stay high.", "''We wait,'' Ruiz said.", "``Not long.''"]
        );
        assert_eq!(
            sents("Talks ended. (“Enough,” one aide said.) The vote is Monday."),
            ["Talks ended.", "(“Enough,” one aide said.)", "The vote is Monday."]
        );
        assert_eq!(
            sents("He moved to the U.S. ''It was home,'' he said."),
            ["He moved to the U.S.", "''It was home,'' he said."]
        );
    }

    #[test]
    fn abbreviations_inside_parentheses() {
        assert_eq!(
            sents("Sen. Bo Li (D-N.C.) said no. Rep. Ana Ruiz (R-Calif.) agreed."),
            ["Sen. Bo Li (D-N.C.) said no.", "Rep. Ana Ruiz (R-Calif.) agreed."]
        );
        assert_eq!(
            sents("Several papers (e.g. The Post and The Star) ran it. Others did not."),
            ["Several papers (e.g. The Post and The Star) ran it.", "Others did not."]
        );
        assert_eq!(
            sents("Acme Inc. (“Acme”) and Apex Co. (Apex) merged. The deal closed."),
            ["Acme Inc. (“Acme”) and Apex Co. (Apex) merged.", "The deal closed."]
        );
    }

    #[test]
    fn periods_glued_to_numbers_and_inside_parentheses() {
        assert_eq!(
            sents("Levels of PM2.5 rose. Officials met."),
            ["Levels of PM2.5 rose.", "Officials met."]
        );
        assert_eq!(
            sents("Bo Li (b. March 1970) wrote it (see vol. 2 of the set). It sold."),
            ["Bo Li (b. March 1970) wrote it (see vol. 2 of the set).", "It sold."]
        );
    }

    #[test]
    fn times_months_and_states_before_a_capitalized_word() {
        assert_eq!(
            sents("Crews came at 2 a.m. Witnesses saw smoke. It began at 8 p.m. Friday."),
            ["Crews came at 2 a.m.", "Witnesses saw smoke.", "It began at 8 p.m. Friday."]
        );
        assert_eq!(
            sents("The vote was at 6:13 P.M. EDT in Feb. Analysts expect more."),
            ["The vote was at 6:13 P.M. EDT in Feb.", "Analysts expect more."]
        );
        assert_eq!(
            sents("At 9:38 a.m. State police arrived."),
            ["At 9:38 a.m. State police arrived."]
        );
        assert_eq!(
            sents("Rain fell in Tampa, Fla. Residents fled. Fla. Democrats met Rep. Bo Li, D-Calif. Li spoke."),
            [
                "Rain fell in Tampa, Fla.",
                "Residents fled.",
                "Fla. Democrats met Rep. Bo Li, D-Calif.",
                "Li spoke."
            ]
        );
    }

    #[test]
    fn units_between_numbers() {
        assert_eq!(
            sents("He stands 5 ft. 10 in. He is fast."),
            ["He stands 5 ft. 10 in.", "He is fast."]
        );
    }

    #[test]
    fn footnote_numbers_stay_with_their_sentence() {
        assert_eq!(
            sents("Fees rose in 2019. 4 Yet few paid. 10 people left."),
            ["Fees rose in 2019. 4", "Yet few paid.", "10 people left."]
        );
    }

    #[test]
    fn lowercase_after_mark_continues() {
        assert_eq!(
            sents("He said... and then stopped. Prices rose 5.2 percent."),
            ["He said... and then stopped.", "Prices rose 5.2 percent."]
        );
    }
}
