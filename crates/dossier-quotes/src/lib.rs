//! Quotes and reported speech: who said what, how we know, what kind of source, what stance.
//!
//! [`QuoteStage`] reads the tokens and sentences (and the entities, when the entity stage ran)
//! and fills `doc.quotes`:
//!
//! - **direct** quotes between quotation marks, attributed through a reporting cue in their
//!   sentence ("“…,” the minister said", "Ruiz said: “…”"), quotes split around their
//!   attribution and quotes that run over paragraphs;
//! - **partial** quotes: a quoted fragment inside the reporter's sentence (calling it “sheer
//!   nonsense”), emitted together with the **indirect** clause that holds them;
//! - **indirect** (reported) speech: "X said (that) …", "…, X said", "according to X, …",
//!   "X warned/denied/accused …", documents and media as sources ("a ministry statement said").
//!
//! Speakers are named mentions (linked to their entity when the entity stage ran), pronouns
//! resolved to the nearest compatible earlier speaker (keeping the pronoun's offsets), or
//! descriptions ("experts", "a senior official who asked not to be named"). A quote whose
//! speaker cannot be resolved gets a `Q001 speaker-unresolved` diagnostic.
//!
//! The word lists (cues with their lemma and stance, roles, media, documents, unnamed sources,
//! stance markers) are data files in `data/`.
//!
//! ```
//! use dossier_core::{Document, Pipeline, QuoteKind, Source};
//! use dossier_quotes::QuoteStage;
//! use dossier_text::SentenceStage;
//!
//! let mut doc = Document::new(
//!     "“We are close to a deal,” Foreign Minister Ana Ruiz said on Tuesday.",
//!     Source::text(None),
//! );
//! Pipeline::new(vec![Box::new(SentenceStage), Box::new(QuoteStage::default())]).run(&mut doc);
//! let q = &doc.quotes[0];
//! assert_eq!(q.text, "We are close to a deal,");
//! assert_eq!(q.kind, QuoteKind::Direct);
//! assert_eq!(q.speaker.as_ref().unwrap().text, "Foreign Minister Ana Ruiz");
//! assert_eq!(q.cue.as_ref().unwrap().lemma, "say");
//! ```

mod attribute;
mod lexicon;
mod marks;
mod model;
mod speaker;

use std::borrow::Cow;
use std::ops::Range;

use dossier_core::{Document, Stage, Token, TokenKind};

pub use attribute::Found;
pub use lexicon::{CueEntry, CuePosition, Lexicon, LexiconFiles};
pub use marks::{paragraphs, quoted_spans, QuotedSpan};
pub use model::{feature_hash, lemma, CueModel, BITS};

/// The stage that fills `doc.quotes` (and `Q001` diagnostics).
#[derive(Debug, Clone, Copy)]
pub struct QuoteStage {
    lex: &'static Lexicon,
}

impl QuoteStage {
    /// A stage using the word lists `lex`.
    pub fn new(lex: &'static Lexicon) -> Self {
        QuoteStage { lex }
    }
}

impl Default for QuoteStage {
    fn default() -> Self {
        QuoteStage::new(Lexicon::embedded())
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn process(&self, doc: &mut Document) {
        if doc.text.trim().is_empty() {
            return;
        }
        let (quotes, diagnostics) = with_prepared(doc, |tokens, sentences| {
            attribute::extract(&doc.text, tokens, sentences, &doc.entities, self.lex)
        });
        doc.quotes.extend(quotes);
        doc.diagnostics.extend(diagnostics);
    }
}

/// Calls `f` with the tokens and sentences (token ranges) of `doc`, made here when the
/// sentence stage did not run.
fn with_prepared<T>(doc: &Document, f: impl FnOnce(&[Token], &[Range<usize>]) -> T) -> T {
    let own_tokens;
    let tokens: &[Token] = if doc.tokens.is_empty() {
        own_tokens = dossier_text::tokenize(&doc.text);
        &own_tokens
    } else {
        &doc.tokens
    };
    let sentences: Vec<Range<usize>> = if doc.sentences.is_empty() || doc.tokens.is_empty() {
        dossier_text::segment(&doc.text, tokens).into_iter().map(|s| s.tokens).collect()
    } else {
        doc.sentences.iter().map(|s| s.tokens.clone()).collect()
    };
    f(tokens, &sentences)
}

/// For training the cue classifier (`examples/learn_cue_model.rs`): calls `f(token, features)`
/// for every unquoted token of the analyzed `doc` whose lower-case form passes `want`, with the
/// feature hashes [`CueModel`] weighs. Returns the tokens the indices refer to.
pub fn cue_examples(
    doc: &Document,
    lex: &Lexicon,
    want: impl Fn(&str) -> bool,
    f: impl FnMut(usize, &[u32]),
) -> Vec<Token> {
    with_prepared(doc, |tokens, sentences| {
        attribute::cue_examples(&doc.text, tokens, sentences, &doc.entities, lex, want, f);
        tokens.to_vec()
    })
}

/// For training the attribution builder (`examples/learn_cue_builder.rs`): for each cue token
/// `cues[n]` of the analyzed `doc` (indices into `doc.tokens`, which must be filled), calls
/// `f(n, None, features)` with the features of the side its content is on and
/// `f(n, Some(h), features)` with those of each candidate speaker head `h`.
pub fn span_examples(
    doc: &Document,
    lex: &Lexicon,
    cues: &[usize],
    f: impl FnMut(usize, Option<usize>, &[u32]),
) {
    with_prepared(doc, |tokens, sentences| {
        attribute::span_examples(&doc.text, tokens, sentences, &doc.entities, lex, cues, f);
    });
}

/// For training the attribution check (`examples/learn_attr_check.rs`): calls
/// `f(found, features)` for every attribution found in the analyzed `doc` (`doc.tokens` must be
/// filled) before the check drops any: its content token ranges, speaker and cue tokens, and
/// the feature hashes the check weighs.
pub fn check_examples(doc: &Document, lex: &Lexicon, f: impl FnMut(&Found, &[u32])) {
    with_prepared(doc, |tokens, sentences| {
        attribute::check_examples(&doc.text, tokens, sentences, &doc.entities, lex, f);
    });
}

/// Tokens with their lower-case forms, computed once.
pub(crate) struct Words<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    lowers: Vec<Cow<'a, str>>,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str, tokens: &'a [Token]) -> Self {
        let lowers = tokens
            .iter()
            .map(|t| {
                let s = t.text(text);
                if s.chars().any(char::is_uppercase) {
                    Cow::Owned(s.to_lowercase())
                } else {
                    Cow::Borrowed(s)
                }
            })
            .collect();
        Words { text, tokens, lowers }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn lower(&self, i: usize) -> &str {
        self.lowers.get(i).map_or("", |c| c.as_ref())
    }

    pub fn raw(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub fn is_number(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }
}

#[cfg(test)]
mod tests;
