//! The library: analyzed documents accumulated in a data directory.
//!
//! - `library.sqlite` (SQLite in WAL mode) is the source of truth: every document's
//!   `dossier.document/1` JSON plus the tables derived from it (library entities merged across
//!   articles, their aliases, quotes, places, dated expressions, co-occurrence edges).
//! - `index/` is a tantivy index over title and body with facets (country, entity, place,
//!   speaker, speaker type) and the publication day, for search. It is derived from SQLite and
//!   can always be rebuilt from it: each tantivy commit carries, as its payload, the last SQLite
//!   row it covers, and a writer opening the library first indexes whatever SQLite committed
//!   after that row (after a crash between the two commits, say).
//!
//! Writes go through one [`Writer`] at a time (tantivy's writer lock); any number of
//! [`Reader`]s (other threads or processes, `dossier serve`) read while it writes.
//!
//! ```no_run
//! use dossier_store::{Library, Writer};
//! # fn docs() -> Vec<dossier_core::Document> { vec![] }
//! let lib = Library::open("dossier-data").unwrap();
//! let mut writer = lib.writer().unwrap();
//! for doc in docs() {
//!     writer.add(&doc).unwrap();
//! }
//! writer.commit().unwrap();
//! let reader = lib.reader().unwrap();
//! let hits = reader.search(&dossier_store::SearchQuery { q: "shipyard".into(), ..Default::default() }).unwrap();
//! println!("{} hits", hits.total);
//! ```

mod entities;
pub mod export;
mod facts;
mod index;
mod read;
mod sql;
mod write;

use std::path::{Path, PathBuf};

pub use read::{
    is_entity_id, ArticleRef, Counts, DateCount, DocumentPage, DocumentSummary, EntityDetail,
    EntityRecord, FacetCount, Graph, GraphEdge, GraphNode, Hit, ListPage, Neighbour, PlaceRecord,
    QuoteRecord, Reader, SearchFacets, SearchQuery, SearchResult, SpeakerRecord, TimelineItem,
    VersionInfo, MAX_LIMIT,
};
pub use write::{AddOutcome, Writer, MAX_SEGMENTS};

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // Not `#[from]`: the message already holds the cause, and as a source it would be printed
    // twice in an error chain.
    #[error("library database: {0}")]
    Sqlite(rusqlite::Error),
    #[error("search index: {0}")]
    Index(tantivy::TantivyError),
    #[error("search query: {0}")]
    Query(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("stored document {0} cannot be read: {1}")]
    Corrupt(String, String),
    #[error("the library is being written by another process (tantivy writer lock): {0}")]
    Busy(String),
    #[error("{0}")]
    Invalid(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e)
    }
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A library in a data directory.
#[derive(Clone)]
pub struct Library {
    dir: PathBuf,
    index: tantivy::Index,
    fields: index::Fields,
}

impl Library {
    /// Open the library in `dir`, creating the directory, the database and the index if
    /// they do not exist yet.
    pub fn open(dir: impl AsRef<Path>) -> Result<Library> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(dir.join("index")).map_err(|e| {
            std::io::Error::new(e.kind(), format!("{}: cannot create: {e}", dir.display()))
        })?;
        // Create the schema once, before anyone reads.
        let conn = sql::connect(&dir.join(sql::DB_FILE), false)?;
        drop(conn);
        let (index, fields) = index::open(&dir.join("index"))?;
        Ok(Library { dir, index, fields })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The one writer (fails with [`Error::Busy`] while another writer is open). Opening it
    /// indexes whatever the database holds that the search index does not yet.
    pub fn writer(&self) -> Result<Writer> {
        Writer::open(self)
    }

    /// A reader (cheap to clone; share it between threads).
    pub fn reader(&self) -> Result<Reader> {
        Reader::open(self)
    }

    fn db_path(&self) -> PathBuf {
        self.dir.join(sql::DB_FILE)
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (a longer ISO string is cut to its date).
pub fn day_number(date: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    Some(d.signed_duration_since(chrono::NaiveDate::default()).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11017));
        assert_eq!(day_number("2024-02-29T10:00:00Z"), Some(19782));
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(day_number("2024"), None);
        assert!(day_number("1999-12-31").unwrap() < day_number("2000-01-01").unwrap());
    }
}
