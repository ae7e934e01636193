//! Places for Dossier: toponyms in an article recognized and resolved to coordinates with an
//! embedded gazetteer built from GeoNames (places of 500 people or more with their alternate
//! names, admin-1 and admin-2 regions, countries, continents) plus a curated table of seas,
//! rivers, mountains, regions and facilities (`data/features.tsv`).
//!
//! ```
//! use dossier_core::{Document, Pipeline, Source};
//! use dossier_geo::PlaceStage;
//!
//! let mut doc = Document::new(
//!     "Flooding hit Springfield, Illinois, on Monday, about 300 km south of Chicago.",
//!     Source::text(None),
//! );
//! Pipeline::new(vec![Box::new(dossier_text::SentenceStage), Box::new(PlaceStage::new())])
//!     .run(&mut doc);
//! let springfield = &doc.places[0];
//! assert_eq!(springfield.text, "Springfield");
//! assert_eq!(springfield.country.as_deref(), Some("US"));
//! assert!((springfield.lat.unwrap() - 39.8).abs() < 0.5);
//! ```
//!
//! The index is rebuilt by the project command `build_gazetteer` (see the crate README).

pub mod builder;
pub mod fold;
pub mod gazetteer;
pub mod recognize;
pub mod resolve;
mod stage;

use std::sync::OnceLock;

pub use builder::{build_gazetteer, BuildSummary};
pub use gazetteer::{Feature, Gazetteer, GazetteerBuilder, Hit, Place};
pub use recognize::recognize;
pub use resolve::{distance_km, Context, Mention, Resolution, Resolver};
pub use stage::PlaceStage;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An index file that cannot be read.
    #[error("bad gazetteer index: {0}")]
    BadIndex(String),
    /// A source table that cannot be read while building the index.
    #[error("{0}")]
    Input(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

static INDEX: &[u8] = include_bytes!("../data/gazetteer.bin");

impl Gazetteer {
    /// The gazetteer compiled into the binary (opened once; no parsing).
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| {
            Gazetteer::from_bytes(std::borrow::Cow::Borrowed(INDEX))
                .expect("the embedded gazetteer index is valid (rebuild it with build_gazetteer)")
        })
    }
}
