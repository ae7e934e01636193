//! Atoms: the pieces the temporal grammar walks over.
//!
//! Each token from `dossier-text` is cut further into runs of letters, runs of digits and single
//! other characters, so that `Sept.`, `9/15/2023`, `mid-2021`, `FY2024` and `3pm` look the same
//! to the grammar whatever the tokenizer's granularity. Letter runs are looked up in the
//! lexicon once, here.

use dossier_core::Token;

use crate::lexicon::{self, Lex};

/// What an atom is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    Alpha,
    Digit,
    Punct,
}

/// A letter run, digit run or single other character of the text.
#[derive(Debug, Clone, Copy)]
pub struct Atom {
    pub start: usize,
    pub end: usize,
    pub kind: AtomKind,
    /// White space (or a token boundary) separates this atom from the previous one.
    pub space_before: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// All letters upper case (and more than one letter).
    pub upper: bool,
    /// Value of a digit run (saturating), 0 otherwise.
    pub value: u32,
    /// The lexicon entry of a letter run, if any.
    pub lex: Option<&'static Lex>,
    /// Index of the sentence the atom is in.
    pub sentence: u32,
    /// First byte of the atom (for punctuation).
    pub byte: u8,
}

impl Atom {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Cut `tokens` of `text` into atoms; `sentence_of_token[i]` is token `i`'s sentence index.
pub fn atomize(text: &str, tokens: &[Token], sentence_of_token: &[u32]) -> Vec<Atom> {
    let mut atoms = Vec::with_capacity(tokens.len() + tokens.len() / 2);
    let bytes = text.as_bytes();
    let mut prev_end = usize::MAX;
    for (ti, tok) in tokens.iter().enumerate() {
        let (ts, te) = (tok.start, tok.end.min(text.len()));
        if ts >= te || !text.is_char_boundary(ts) || !text.is_char_boundary(te) {
            continue;
        }
        let sentence = sentence_of_token.get(ti).copied().unwrap_or(0);
        let mut i = ts;
        while i < te {
            let b = bytes[i];
            let (kind, end) = if b.is_ascii_digit() {
                let mut j = i + 1;
                while j < te && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                (AtomKind::Digit, j)
            } else if b.is_ascii_alphabetic() || (b >= 0x80 && starts_alpha(&text[i..te])) {
                let mut j = i;
                for (k, c) in text[i..te].char_indices() {
                    if c.is_alphabetic() {
                        j = i + k + c.len_utf8();
                    } else {
                        break;
                    }
                }
                (AtomKind::Alpha, j)
            } else {
                let len = text[i..te].chars().next().map_or(1, char::len_utf8);
                (AtomKind::Punct, i + len)
            };
            let s = &text[i..end];
            let mut atom = Atom {
                start: i,
                end,
                kind,
                space_before: prev_end != i,
                cap: false,
                upper: false,
                value: 0,
                lex: None,
                sentence,
                byte: b,
            };
            match kind {
                AtomKind::Digit => {
                    atom.value = s.bytes().fold(0u32, |v, d| {
                        v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
                    });
                }
                AtomKind::Alpha => {
                    atom.cap = b.is_ascii_uppercase();
                    atom.upper = s.len() > 1 && s.bytes().all(|c| c.is_ascii_uppercase());
                    atom.lex = lexicon::lookup(s);
                }
                AtomKind::Punct => {}
            }
            atoms.push(atom);
            prev_end = end;
            i = end;
        }
    }
    atoms
}

fn starts_alpha(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
}
