//! The places stage.

use std::collections::HashSet;

use dossier_core::{Diagnostic, DiagnosticCode, Document, Place, Stage};

use crate::gazetteer::Gazetteer;
use crate::resolve::{Context, Mention, Resolver};

/// Fills `doc.places`: recognizes place mentions (the entity stage's `LOC` mentions plus
/// gazetteer matches) and resolves each to a gazetteer place. Runs after entities, and also
/// without them. Ambiguous readings get diagnostic `G002 ambiguous-place`.
pub struct PlaceStage {
    gaz: &'static Gazetteer,
}

impl Default for PlaceStage {
    fn default() -> Self {
        Self::new()
    }
}

impl PlaceStage {
    /// The stage over the embedded gazetteer.
    pub fn new() -> Self {
        PlaceStage { gaz: Gazetteer::embedded() }
    }

    /// The stage over another gazetteer (tests, custom indexes).
    pub fn with_gazetteer(gaz: &'static Gazetteer) -> Self {
        PlaceStage { gaz }
    }

    /// Resolve the given mentions (byte spans of `doc.text`) with the document as context.
    /// Returns one place (or `None`) per mention, and the diagnostics for ambiguous ones.
    pub fn resolve_mentions(&self, doc: &Document, mentions: &[Mention]) -> (Vec<Option<Place>>, Vec<Diagnostic>) {
        let context = Context {
            countries: doc.entities.iter().filter_map(|e| e.country.clone()).collect(),
        };
        let resolved = Resolver::new(self.gaz).resolve(&doc.text, mentions, &context);
        let mut places = Vec::with_capacity(mentions.len());
        let mut diagnostics = Vec::new();
        let mut reported: HashSet<&str> = HashSet::new();
        for (m, r) in mentions.iter().zip(resolved) {
            let Some(r) = r else {
                places.push(None);
                continue;
            };
            let Some(text) = doc.text.get(m.start..m.end) else {
                places.push(None);
                continue;
            };
            let p = self.gaz.place(r.index);
            if r.ambiguous && reported.insert(text) {
                let other = r.runner_up.map(|o| self.gaz.place(o));
                let alt = other
                    .map(|o| format!(" (or {}, {})", o.name(), o.country().unwrap_or("no country")))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::at(
                    DiagnosticCode::AmbiguousPlace,
                    format!("{text:?} read as {}, {}{alt}", p.name(), p.country().unwrap_or("no country")),
                    m.start,
                    m.end,
                ));
            }
            let round = |x: f32| (x as f64 * 1e4).round() / 1e4;
            places.push(Some(Place {
                start: m.start,
                end: m.end,
                text: text.to_string(),
                name: p.name().to_string(),
                geonames_id: p.geonames_id(),
                feature: p.feature().as_str().to_string(),
                country: p.country().map(str::to_string),
                lat: Some(round(p.lat())),
                lon: Some(round(p.lon())),
                score: (r.score * 100.0).round() / 100.0,
            }));
        }
        (places, diagnostics)
    }
}

impl Stage for PlaceStage {
    fn name(&self) -> &'static str {
        "places"
    }

    fn process(&self, doc: &mut Document) {
        let mentions = crate::recognize(doc, self.gaz);
        let (places, diagnostics) = self.resolve_mentions(doc, &mentions);
        doc.places.extend(places.into_iter().flatten());
        doc.diagnostics.extend(diagnostics);
    }
}
