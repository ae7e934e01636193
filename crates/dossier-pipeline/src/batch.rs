//! Many inputs at once: files, folders, feeds and WARC archives analyzed in parallel, the
//! documents handed back in input order (or as they are done), wire copies marked.
//!
//! One thread reads the inputs in order and cuts them into jobs: a file is one job, and a WARC
//! archive is streamed record by record, each HTML page one job (so a 1 GB archive is never in
//! memory, and its pages spread over all cores). A rayon pool of `jobs` threads extracts and
//! analyzes; the calling thread puts the results back in order and hands them to the sink.
//! At most [`WINDOW`] jobs are in flight ahead of the next one to hand over.
//!
//! Duplicates: each document's body is fingerprinted after extraction ([`crate::dedup`]). A
//! worker that sees a copy of an earlier input skips the language stages; the final decision
//! is made again in output order, so the first copy in the input is always the one analyzed
//! and the output is the same whatever the number of threads.
//!
//! ```no_run
//! use dossier_pipeline::batch::{self, BatchItem, BatchOptions};
//! use dossier_pipeline::{AnalyzeOptions, Analyzer};
//!
//! let analyzer = Analyzer::new(AnalyzeOptions::default()).unwrap();
//! let inputs = dossier_sources::expand_paths(&["crawl.warc.gz".into(), "articles/".into()]);
//! let summary = batch::run(&analyzer, inputs, &BatchOptions::default(), |item| {
//!     match item {
//!         BatchItem::Document(d) => println!("{}", d.to_json_string()),
//!         BatchItem::Error(e) => eprintln!("error: {e}"),
//!     }
//!     Ok(())
//! })
//! .unwrap();
//! eprintln!("{} documents, {} copies, {} failed", summary.documents, summary.duplicates, summary.failed);
//! ```

use std::collections::BTreeMap;
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use dossier_core::{Document, Source};
use dossier_sources::{InputFormat, SourceError, WarcPage};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::dedup::{DuplicateIndex, Fingerprint};
use crate::{AnalyzeError, Analyzer};

/// How many jobs may be read ahead of the next result handed over.
pub const WINDOW: u64 = 512;
/// Stack size of the worker threads (HTML parsing and Readability recurse).
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Hand documents over in input order (true) or as they are done.
    pub ordered: bool,
    /// Mark wire copies with `duplicate_of` instead of analyzing them again.
    pub dedup: bool,
    /// Ids of documents already analyzed elsewhere (a library being re-ingested): such a
    /// document is handed over as extracted, without the language stages.
    pub known: Option<std::sync::Arc<std::collections::HashSet<String>>>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { jobs: 0, ordered: true, dedup: true, known: None }
    }
}

/// A document of the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyzedDocument {
    pub doc: Document,
    /// The `id` of the first copy of this body in the batch, when this is a wire copy (then
    /// no language stage ran on it); the same as `doc.duplicate_of`.
    pub duplicate_of: Option<String>,
}

impl AnalyzedDocument {
    /// One line of `dossier.document/1` JSON (`duplicate_of` after `id` when set).
    pub fn to_json_string(&self) -> String {
        self.doc.to_json_string()
    }

    /// Indented `dossier.document/1` JSON (`duplicate_of` after `id` when set).
    pub fn to_json_pretty(&self) -> String {
        self.doc.to_json_pretty()
    }
}

/// What the sink receives, in order.
#[derive(Debug)]
pub enum BatchItem {
    Document(Box<AnalyzedDocument>),
    /// One input (or the rest of an archive) failed: a one-line message naming it.
    Error(String),
}

/// Counts of a finished batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Inputs named (after expanding folders).
    pub inputs: usize,
    /// Documents handed over (duplicates included).
    pub documents: usize,
    /// Of those, wire copies.
    pub duplicates: usize,
    /// Error items handed over.
    pub failed: usize,
    /// Words in the bodies of the documents analyzed.
    pub words: usize,
}

enum Unit {
    Path(PathBuf),
    Page { name: String, page: WarcPage },
    Failed(String),
}

struct Job {
    seq: u64,
    unit: Unit,
}

/// A document after extraction and (unless it is a copy) the language stages.
struct Prepared {
    doc: Document,
    fingerprint: Option<Fingerprint>,
    /// Whether the language stages ran.
    analyzed: bool,
    /// The document before the stages, kept when it might turn out to be a copy.
    pre_stage: Option<Document>,
}

type JobResult = (u64, Vec<Result<Prepared, String>>);

/// Analyze `inputs` (as [`dossier_sources::expand_paths`] gives them) and hand every document
/// and error to `sink`. An error from `sink` (a closed pipe) stops the batch and is returned.
pub fn run(
    analyzer: &Analyzer,
    inputs: Vec<dossier_sources::Result<PathBuf>>,
    options: &BatchOptions,
    mut sink: impl FnMut(BatchItem) -> io::Result<()>,
) -> io::Result<BatchSummary> {
    let mut summary = BatchSummary { inputs: inputs.len(), ..Default::default() };
    let threads = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("dossier-worker-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let stop = AtomicBool::new(false);
    let handed_over = AtomicU64::new(0);
    let worker_index: Option<Mutex<DuplicateIndex<(u64, usize)>>> =
        options.dedup.then(|| Mutex::new(DuplicateIndex::new()));
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads * 4);
    let (result_tx, result_rx) = mpsc::channel::<JobResult>();

    std::thread::scope(|scope| {
        let (stop, handed_over, worker_index) = (&stop, &handed_over, &worker_index);
        let known = options.known.as_deref();
        scope.spawn(move || produce(analyzer, inputs, job_tx, stop, handed_over, options.ordered));
        scope.spawn(move || {
            pool.install(|| {
                job_rx.into_iter().par_bridge().for_each_with(result_tx, |tx, job| {
                    let items = if stop.load(Ordering::Relaxed) {
                        Vec::new()
                    } else {
                        process(analyzer, job.seq, job.unit, worker_index.as_ref(), known)
                    };
                    let _ = tx.send((job.seq, items));
                });
            });
        });

        let mut writer_index: DuplicateIndex<u64> = DuplicateIndex::new();
        let mut pending: BTreeMap<u64, Vec<Result<Prepared, String>>> = BTreeMap::new();
        let mut next = 0u64;
        let mut emitted = 0u64;
        let mut deliver = |items: Vec<Result<Prepared, String>>,
                           summary: &mut BatchSummary|
         -> io::Result<()> {
            for item in items {
                let item = match item {
                    Err(message) => {
                        summary.failed += 1;
                        BatchItem::Error(message)
                    }
                    Ok(prepared) => {
                        let analyzed =
                            finalize(analyzer, prepared, &mut writer_index, emitted, options.dedup);
                        emitted += 1;
                        summary.documents += 1;
                        if analyzed.duplicate_of.is_some() {
                            summary.duplicates += 1;
                        } else {
                            summary.words += analyzed.doc.word_count();
                        }
                        BatchItem::Document(Box::new(analyzed))
                    }
                };
                sink(item)?;
            }
            Ok(())
        };
        let result = (|| -> io::Result<()> {
            for (seq, items) in result_rx.iter() {
                if !options.ordered {
                    deliver(items, &mut summary)?;
                    handed_over.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                pending.insert(seq, items);
                while let Some(items) = pending.remove(&next) {
                    deliver(items, &mut summary)?;
                    next += 1;
                    handed_over.store(next, Ordering::Relaxed);
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            drop(result_rx);
        }
        result
    })?;
    Ok(summary)
}

/// Read the inputs in order and cut them into jobs.
fn produce(
    analyzer: &Analyzer,
    inputs: Vec<dossier_sources::Result<PathBuf>>,
    jobs: mpsc::SyncSender<Job>,
    stop: &AtomicBool,
    handed_over: &AtomicU64,
    ordered: bool,
) {
    let mut seq = 0u64;
    let mut send = |unit: Unit| -> ControlFlow<()> {
        // Do not read further ahead than the window (ordered output waits for the slowest).
        while ordered && seq >= handed_over.load(Ordering::Relaxed) + WINDOW {
            if stop.load(Ordering::Relaxed) {
                return ControlFlow::Break(());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if stop.load(Ordering::Relaxed) || jobs.send(Job { seq, unit }).is_err() {
            return ControlFlow::Break(());
        }
        seq += 1;
        ControlFlow::Continue(())
    };
    for input in inputs {
        let flow = match input {
            Err(e) => send(Unit::Failed(e.to_string())),
            Ok(path) => match warc_archive(&path) {
                Some(name) => stream_warc(analyzer, &path, &name, &mut send),
                None => send(Unit::Path(path)),
            },
        };
        if flow.is_break() {
            return;
        }
    }
}

/// The name of the input at `path` if it is a WARC archive to stream (not standard input).
fn warc_archive(path: &Path) -> Option<String> {
    if path.as_os_str() == dossier_sources::STDIN {
        return None;
    }
    let head = dossier_sources::read_head(path, 8 * 1024).ok()?;
    (dossier_sources::detect_format(&head, Some(path)) == InputFormat::Warc)
        .then(|| path.to_string_lossy().into_owned())
}

fn stream_warc(
    analyzer: &Analyzer,
    path: &Path,
    name: &str,
    send: &mut dyn FnMut(Unit) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let reader = match dossier_sources::open_warc(path) {
        Ok(r) => r,
        Err(e) => return send(Unit::Failed(e.to_string())),
    };
    let mut flow = ControlFlow::Continue(());
    let result = dossier_sources::read_warc(name, reader, analyzer.options.max_bytes, |page| {
        flow = send(Unit::Page { name: name.to_string(), page });
        flow
    });
    match result {
        Err(e) if flow.is_continue() => send(Unit::Failed(e.to_string())),
        _ => flow,
    }
}

/// Extract, fingerprint and (unless a copy) analyze the documents of one job.
fn process(
    analyzer: &Analyzer,
    seq: u64,
    unit: Unit,
    index: Option<&Mutex<DuplicateIndex<(u64, usize)>>>,
    known: Option<&std::collections::HashSet<String>>,
) -> Vec<Result<Prepared, String>> {
    let extracted: Result<Vec<(Document, bool)>, AnalyzeError> = match unit {
        Unit::Failed(message) => return vec![Err(message)],
        Unit::Page { name, page } => {
            analyzer.extract_warc_page(&name, page).map(|d| vec![(d, true)])
        }
        Unit::Path(path) => extract_path(analyzer, &path),
    };
    let docs = match extracted {
        Ok(docs) => docs,
        Err(e) => return vec![Err(e.to_string())],
    };
    docs.into_iter()
        .enumerate()
        .map(|(sub, (mut doc, fresh))| {
            if !fresh {
                return Ok(Prepared { doc, fingerprint: None, analyzed: true, pre_stage: None });
            }
            analyzer.prepare(&mut doc);
            if known.is_some_and(|k| k.contains(&doc.id)) {
                return Ok(Prepared { doc, fingerprint: None, analyzed: true, pre_stage: None });
            }
            let fingerprint = index.and_then(|_| Fingerprint::of(&doc.id, &doc.text));
            let copy = match (index, &fingerprint) {
                (Some(index), Some(fp)) => {
                    let mut index = index.lock().unwrap_or_else(|e| e.into_inner());
                    let earlier = index.find_before(fp, (seq, sub));
                    if earlier.is_none() {
                        index.insert(fp, (seq, sub));
                    }
                    earlier.is_some()
                }
                _ => false,
            };
            if copy {
                return Ok(Prepared { doc, fingerprint, analyzed: false, pre_stage: None });
            }
            let pre_stage = fingerprint.as_ref().map(|_| doc.clone());
            analyzer.pipeline.run(&mut doc);
            Ok(Prepared { doc, fingerprint, analyzed: true, pre_stage })
        })
        .collect()
}

/// The documents of one file, before the stages; `false` marks documents read back from our
/// own JSON, which are not analyzed again.
fn extract_path(analyzer: &Analyzer, path: &Path) -> Result<Vec<(Document, bool)>, AnalyzeError> {
    let input = dossier_sources::read_input(path, analyzer.options.max_bytes)?;
    let (name, bytes) = (input.name.as_str(), input.bytes.as_slice());
    let fresh = |docs: Vec<Document>| docs.into_iter().map(|d| (d, true)).collect();
    match dossier_sources::detect_format(bytes, Some(path)) {
        InputFormat::Text => {
            let decoded = dossier_sources::decode(bytes).map_err(|e| e.with_name(name))?;
            let mut source = Source::text(Some(name.to_string()));
            source.encoding = Some(decoded.encoding.to_string());
            let mut doc = analyzer.extract_text_with_source(source, &decoded.text);
            if let Some(d) = decoded.not_utf8_diagnostic() {
                doc.diagnostics.insert(0, d);
            }
            Ok(vec![(doc, true)])
        }
        InputFormat::Html => {
            Ok(fresh(vec![analyzer.extract_html(Some(name), None, bytes, None, "html")?]))
        }
        InputFormat::Feed => Ok(fresh(analyzer.extract_feed(name, bytes)?)),
        InputFormat::Warc => {
            let mut pages = Vec::new();
            let result = dossier_sources::read_warc(
                name,
                dossier_sources::warc_from_bytes(bytes),
                analyzer.options.max_bytes,
                |p| {
                    pages.push(p);
                    ControlFlow::Continue(())
                },
            );
            if let (Err(e), true) = (result, pages.is_empty()) {
                return Err(e.into());
            }
            pages
                .into_iter()
                .map(|p| analyzer.extract_warc_page(name, p).map(|d| (d, true)))
                .collect()
        }
        InputFormat::Json => Ok(analyzer
            .analyze_bytes(name, Some(path), bytes)?
            .into_iter()
            .map(|d| (d, false))
            .collect()),
        InputFormat::Binary => {
            Err(SourceError::Binary { name: name.to_string(), control_percent: 0 }.into())
        }
    }
}

/// The output-order decision: a copy of a document already handed over gets `duplicate_of`
/// and loses whatever the stages added; anything else is analyzed (if a worker skipped it).
fn finalize(
    analyzer: &Analyzer,
    prepared: Prepared,
    index: &mut DuplicateIndex<u64>,
    position: u64,
    dedup: bool,
) -> AnalyzedDocument {
    let Prepared { mut doc, fingerprint, analyzed, pre_stage } = prepared;
    let Some(fp) = fingerprint.filter(|_| dedup) else {
        return AnalyzedDocument { doc, duplicate_of: None };
    };
    if let Some(first) = index.find_before(&fp, position) {
        if analyzed {
            doc = pre_stage.unwrap_or(doc);
        }
        doc.duplicate_of = Some(first.clone());
        return AnalyzedDocument { doc, duplicate_of: Some(first) };
    }
    index.insert(&fp, position);
    if !analyzed {
        analyzer.pipeline.run(&mut doc);
    }
    AnalyzedDocument { doc, duplicate_of: None }
}
