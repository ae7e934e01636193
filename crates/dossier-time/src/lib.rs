//! Dates and times in news text, normalized against the publication date (TimeML TIMEX3).
//!
//! [`TimexStage`] fills [`Document::timexes`]: each temporal expression with its TIMEX3 type
//! (`DATE`, `TIME`, `DURATION`, `SET`) and value, resolved against [`Document::published`].
//! Relative expressions ("Tuesday", "last month", "two years ago") are resolved with news
//! conventions: a bare weekday in a past-tense clause is the most recent such day, in a
//! future clause the coming one; a month without a year is chosen by tense and position.
//!
//! Timex ids are `t1`, `t2`, ... in the order of `doc.timexes`; `anchor` is `"published"` for
//! values resolved against the publication date, the id of another timex for expressions
//! resolved against it (`the next day`, `a year earlier` after `the third quarter`), else null.
//! Without a publication date relative expressions get underspecified values (`XXXX-WXX-2`)
//! and the document gets one `T001 timex-unanchored` diagnostic.
//!
//! ```
//! use dossier_core::{Document, Source, Stage};
//! use dossier_time::TimexStage;
//!
//! let mut doc = Document::new(
//!     "The minister resigned on Tuesday and will testify next month.",
//!     Source::text(None),
//! );
//! doc.published = Some("2024-03-08".into()); // a Friday
//! TimexStage.process(&mut doc);
//! let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2024-03-05", "2024-04"]);
//! assert_eq!(doc.timexes[0].anchor.as_deref(), Some("published"));
//! ```
//!
//! The work is one pass over the text: tokens from `dossier-text` are cut into atoms (letter
//! runs, digit runs, punctuation), letter runs are looked up once in the [`lexicon`], and a
//! hand-written grammar recognizes expressions starting from lexicon hits. No regular
//! expression runs per token.

pub mod lexicon;

mod atoms;
mod grammar;
mod resolve;

use chrono::NaiveDate;
use dossier_core::{
    Diagnostic, DiagnosticCode, Document, Sentence, Stage, Timex, TimexType, Token,
};

use crate::grammar::{Grammar, Sem};
use crate::resolve::{Anchor, Resolver};

/// The stage that fills `doc.timexes`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimexStage;

impl Stage for TimexStage {
    fn name(&self) -> &'static str {
        "timexes"
    }

    fn process(&self, doc: &mut Document) {
        let reference = doc.published_date().and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        let found = if doc.tokens.is_empty() {
            let tokens = dossier_text::tokenize(&doc.text);
            let sentences = dossier_text::segment(&doc.text, &tokens);
            find_timexes(&doc.text, &tokens, &sentences, reference)
        } else {
            find_timexes(&doc.text, &doc.tokens, &doc.sentences, reference)
        };
        let code = DiagnosticCode::TimexUnanchored.code();
        doc.diagnostics.retain(|d| d.code != code);
        if found.unanchored > 0 {
            doc.diagnostics.push(Diagnostic::new(
                DiagnosticCode::TimexUnanchored,
                format!(
                    "{} relative temporal expression(s) left underspecified: the document has no \
                     publication date (pass one with --date)",
                    found.unanchored
                ),
            ));
        }
        doc.timexes = found.timexes;
    }
}

/// What [`find_timexes`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub timexes: Vec<Timex>,
    /// Relative expressions that could not be resolved for want of a reference date.
    pub unanchored: usize,
    /// Numeric dates like `3/4/2023` were read month-first with no evidence either way.
    pub ambiguous_numeric_order: bool,
}

/// Find and normalize the temporal expressions of `text`, given its tokens and sentences (byte
/// offsets, as `dossier-text` produces them) and the reference date.
pub fn find_timexes(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    reference: Option<NaiveDate>,
) -> Extraction {
    let mut sentence_of_token = vec![0u32; tokens.len()];
    for (si, s) in sentences.iter().enumerate() {
        let range = s.tokens.start.min(tokens.len())..s.tokens.end.min(tokens.len());
        for slot in &mut sentence_of_token[range] {
            *slot = si as u32;
        }
    }
    let atoms = atoms::atomize(text, tokens, &sentence_of_token);
    let grammar = Grammar::new(&atoms, text);
    let mentions = grammar.mentions();
    let mut resolver = Resolver::new(&grammar, reference);
    let mut out = Extraction {
        ambiguous_numeric_order: grammar.conventions().ambiguous_order,
        ..Extraction::default()
    };
    let mut kept: Vec<(usize, grammar::Mention, resolve::Resolved)> = Vec::new();
    for m in &mentions {
        if let Some(r) = resolver.resolve(m, kept.len()) {
            kept.push((kept.len(), *m, r));
        }
    }
    // Clock times with no date take the day of an adjacent expression.
    for k in 0..kept.len() {
        let (_, m, _) = kept[k];
        if m.sem != Sem::ClockOnly {
            continue;
        }
        let Some(clock) = m.clock else { continue };
        let is_day = |v: &str| {
            v.len() >= 10
                && v.as_bytes()[4] == b'-'
                && v.as_bytes()[7] == b'-'
                && v.as_bytes()[0] != b'X'
        };
        let near_prev = k > 0
            && m.first <= kept[k - 1].1.last + 3
            && atoms[m.first].sentence == atoms[kept[k - 1].1.first].sentence
            && is_day(&kept[k - 1].2.value);
        // `10:35 a.m. (0735 GMT) Friday`: a parenthesis between the two does not separate them.
        let gap = |a: usize, b: usize| {
            if atoms[a.min(atoms.len() - 1)].sentence != atoms[b.min(atoms.len() - 1)].sentence {
                return false;
            }
            if b <= a + 3 {
                return true;
            }
            b <= a + 8
                && atoms[a].byte == b'('
                && atoms[b - 1].byte == b')'
                && atoms[a..b].iter().all(|x| x.sentence == atoms[a].sentence)
        };
        let near_next =
            k + 1 < kept.len() && gap(m.last, kept[k + 1].1.first) && is_day(&kept[k + 1].2.value);
        let day = if near_prev {
            Some((k - 1, kept[k - 1].2.value[..10].to_string()))
        } else if near_next {
            Some((k + 1, kept[k + 1].2.value[..10].to_string()))
        } else {
            None
        };
        let r = &mut kept[k].2;
        resolve::date_clock(r, clock, day.as_ref().map(|(_, v)| v.as_str()));
        if let Some((idx, _)) = day {
            r.anchor = Some(Anchor::Timex(idx));
            r.unanchored = false;
        }
    }
    for (_, m, r) in kept {
        let start = atoms[m.first].start;
        let end = atoms[m.last - 1].end;
        if r.unanchored {
            out.unanchored += 1;
        }
        out.timexes.push(Timex {
            start,
            end,
            text: text[start..end].to_string(),
            kind: r.kind,
            value: r.value,
            anchor: r.anchor.map(|a| match a {
                Anchor::Published => "published".to_string(),
                Anchor::Timex(i) => timex_id(i),
            }),
        });
    }
    out
}

/// The id of the timex at `index` of `doc.timexes`: `t1`, `t2`, ...
pub fn timex_id(index: usize) -> String {
    format!("t{}", index + 1)
}

/// Convenience: tokenize `text`, find its timexes against `published` (`YYYY-MM-DD...`).
pub fn normalize(text: &str, published: Option<&str>) -> Vec<Timex> {
    let mut doc = Document::new(text, dossier_core::Source::text(None));
    doc.published = published.map(str::to_string);
    TimexStage.process(&mut doc);
    doc.timexes
}

/// The TIMEX3 type name.
pub fn type_name(kind: TimexType) -> &'static str {
    match kind {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}
