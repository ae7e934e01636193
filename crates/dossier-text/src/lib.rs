//! Tokenization and sentence segmentation for English news (work in progress).

use dossier_core::{Document, Sentence, Stage, Token, TokenKind};

/// Split `text` into tokens (byte offsets).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token { start: s, end: i, kind: TokenKind::Word });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Token { start: s, end: text.len(), kind: TokenKind::Word });
    }
    out
}

/// Group `tokens` of `text` into sentences.
pub fn segment(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let _ = text;
    if tokens.is_empty() {
        return Vec::new();
    }
    vec![Sentence {
        start: tokens[0].start,
        end: tokens[tokens.len() - 1].end,
        tokens: 0..tokens.len(),
    }]
}

/// The stage that fills `doc.tokens` and `doc.sentences`.
pub struct SentenceStage;

impl Stage for SentenceStage {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn process(&self, doc: &mut Document) {
        doc.tokens = tokenize(&doc.text);
        doc.sentences = segment(&doc.text, &doc.tokens);
    }
}
