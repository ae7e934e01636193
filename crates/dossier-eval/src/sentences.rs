//! Sentence-boundary evaluation (filled in next).
use crate::Report;
use std::path::Path;
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    Ok(Report::new("sentences", &path.display().to_string()))
}
