//! The `--format text` report: an analyzed document for a person at a terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dossier_core::{Document, Label};

/// Render `doc` as a short report: headline, date, entities by type, quotes with speakers,
/// a dated timeline, places and diagnostics. Sections with nothing in them are left out.
pub fn text_report(doc: &Document) -> String {
    let mut out = String::new();
    let title = doc.title.as_deref().unwrap_or("(untitled)");
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count().clamp(8, 78)));
    if let Some(s) = &doc.standfirst {
        let _ = writeln!(out, "{s}");
    }
    let source = doc.source.path.as_deref().or(doc.source.url.as_deref()).unwrap_or("-");
    let published = match &doc.published {
        Some(p) => format!("{p} (from {})", published_source_name(doc)),
        None => "unknown".to_string(),
    };
    let _ = writeln!(out, "source:    {source}");
    if let Some(b) = &doc.byline {
        let _ = writeln!(out, "byline:    {b}");
    }
    let _ = writeln!(out, "published: {published}");
    let _ = writeln!(
        out,
        "language:  {}   words: {}   sentences: {}   id: {}",
        doc.language,
        doc.word_count(),
        doc.sentences.len(),
        doc.id
    );

    if !doc.entities.is_empty() {
        let _ = writeln!(out, "\nEntities");
        for label in Label::ALL {
            // canonical → mention count, in order of first mention.
            let mut seen: Vec<(String, usize)> = Vec::new();
            for e in doc.entities.iter().filter(|e| e.label == label) {
                match seen.iter_mut().find(|(c, _)| *c == e.canonical) {
                    Some((_, n)) => *n += 1,
                    None => seen.push((e.canonical.clone(), 1)),
                }
            }
            if seen.is_empty() {
                continue;
            }
            let list: Vec<String> = seen
                .into_iter()
                .map(|(c, n)| if n > 1 { format!("{c} ({n})") } else { c })
                .collect();
            let _ = writeln!(out, "  {:<5} {}", label.as_str(), list.join(", "));
        }
    }

    if !doc.quotes.is_empty() {
        let _ = writeln!(out, "\nQuotes");
        for q in &doc.quotes {
            let who = q.speaker.as_ref().map_or("(unknown speaker)".to_string(), |s| {
                format!("{} [{}]", s.canonical, s.kind.as_str())
            });
            let cue = q.cue.as_ref().map_or(String::new(), |c| format!(" {}", c.text));
            let _ = writeln!(out, "  {who}{cue} ({}, {}): “{}”", q.kind.as_str(), q.stance, q.text);
        }
    }

    if !doc.timexes.is_empty() {
        let _ = writeln!(out, "\nTimeline");
        let mut by_value: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for t in &doc.timexes {
            by_value.entry(t.value.as_str()).or_default().push(t.text.as_str());
        }
        for (value, texts) in by_value {
            let _ = writeln!(out, "  {value:<16} {}", texts.join("; "));
        }
    }

    if !doc.places.is_empty() {
        let _ = writeln!(out, "\nPlaces");
        for p in &doc.places {
            let coords = match (p.lat, p.lon) {
                (Some(lat), Some(lon)) => format!("{lat:.2}, {lon:.2}"),
                _ => "?".into(),
            };
            let _ = writeln!(
                out,
                "  {} → {} ({}, {}) {coords}",
                p.text,
                p.name,
                p.feature,
                p.country.as_deref().unwrap_or("?")
            );
        }
    }

    if !doc.diagnostics.is_empty() {
        let _ = writeln!(out, "\nDiagnostics");
        for d in &doc.diagnostics {
            let _ = writeln!(out, "  {} {}: {}", d.code, d.name, d.message);
        }
    }
    out
}

fn published_source_name(doc: &Document) -> String {
    serde_name(&doc.published_source)
}

/// The serde name of a unit enum value ("official", "direct", ...).
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
