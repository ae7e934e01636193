//! The stage interface and the per-document pipeline.

use crate::Document;

/// A language stage: a synchronous transform that adds annotations to a document.
///
/// Contract (checked for every stage by [`crate::testing::check_stage`]):
/// - never changes `doc.text` (other stages' offsets point into it);
/// - every span it adds lies inside `text` and on character boundaries, and a span's `text`
///   field is exactly the slice it covers;
/// - deterministic: the same document in gives the same annotations out;
/// - never panics, whatever the text: what it cannot do becomes a [`crate::Diagnostic`].
pub trait Stage: Send + Sync {
    /// Short name used in timings and errors, e.g. `sentences`.
    fn name(&self) -> &'static str;
    /// Add this stage's annotations to `doc`.
    fn process(&self, doc: &mut Document);
}

/// Stages run in order over each document.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// A pipeline of `stages`, run in the given order.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Self {
        Pipeline { stages }
    }

    /// Names of the stages in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over `doc`.
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            let len = doc.text.len();
            stage.process(doc);
            debug_assert_eq!(len, doc.text.len(), "stage {} changed the text", stage.name());
        }
    }

    /// Run every stage over `doc`, returning the time each took.
    pub fn run_timed(&self, doc: &mut Document) -> Vec<(&'static str, std::time::Duration)> {
        self.stages
            .iter()
            .map(|stage| {
                let t = std::time::Instant::now();
                stage.process(doc);
                (stage.name(), t.elapsed())
            })
            .collect()
    }
}
