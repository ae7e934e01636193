//! Ingest: analyze inputs (files, folders, feeds, archives) and store the documents in a
//! library, committing as it goes so that a killed run keeps everything committed and a rerun
//! adds only what is missing.

use std::io;
use std::path::PathBuf;

use dossier_pipeline::batch::{self, BatchItem, BatchOptions};
use dossier_pipeline::Analyzer;
use dossier_store::{AddOutcome, Writer};

/// Counts of an ingest run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestSummary {
    /// Documents newly stored (a new URL or a new version of one).
    pub ingested: usize,
    /// Documents already in the library (same content id): nothing changed.
    pub skipped: usize,
    /// Inputs or documents that failed (each reported through `on_error`).
    pub failed: usize,
    /// Ids of the documents stored, in input order.
    pub ids: Vec<String>,
    /// Words in the bodies of the documents stored.
    #[serde(skip)]
    pub words: usize,
}

/// Analyze `inputs` and add every document to `writer`; each failure goes to `on_error` and
/// the rest go on. `on_progress` is called after each document with the running counts.
pub fn run(
    analyzer: &Analyzer,
    writer: &mut Writer,
    inputs: Vec<dossier_sources::Result<PathBuf>>,
    options: &BatchOptions,
    mut on_error: impl FnMut(&str),
    mut on_progress: impl FnMut(&IngestSummary),
) -> io::Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    batch::run(analyzer, inputs, options, |item| {
        match item {
            BatchItem::Document(doc) => add(writer, &doc.doc, &mut summary, &mut on_error),
            BatchItem::Error(message) => {
                summary.failed += 1;
                on_error(&message);
            }
        }
        on_progress(&summary);
        Ok(())
    })?;
    writer.finish().map_err(io::Error::other)?;
    Ok(summary)
}

/// Add one analyzed document, counting the outcome.
pub fn add(
    writer: &mut Writer,
    doc: &dossier_core::Document,
    summary: &mut IngestSummary,
    on_error: &mut impl FnMut(&str),
) {
    match writer.add(doc) {
        Ok(AddOutcome::Added { id, .. }) => {
            summary.ingested += 1;
            summary.words += doc.word_count();
            summary.ids.push(id);
        }
        Ok(AddOutcome::Exists { .. }) => summary.skipped += 1,
        Err(e) => {
            summary.failed += 1;
            let name = doc.source.path.as_deref().or(doc.source.url.as_deref()).unwrap_or(&doc.id);
            on_error(&format!("{name}: cannot store: {e}"));
        }
    }
}
