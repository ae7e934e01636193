//! The `dossier` command. Parses arguments and calls the libraries; all logic lives in them.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use dossier_pipeline::batch::{self, AnalyzedDocument, BatchItem, BatchOptions};
use dossier_pipeline::{AnalyzeOptions, Analyzer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

mod library;

/// Exit code: everything worked.
const EXIT_OK: u8 = 0;
/// Exit code: some inputs failed (each reported on stderr); the others were processed.
const EXIT_PARTIAL: u8 = 1;
/// Exit code: usage error or fatal error (nothing useful could be done).
const EXIT_FATAL: u8 = 2;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Dossier reads news articles and tells who did what, to whom, where and when — and on whose word.",
    long_about = None,
    after_help = "Exit codes: 0 ok, 1 some inputs failed (the others were processed), 2 usage or fatal error.\n\nStart with: dossier analyze examples/state-visit.txt --format text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles into dossier.document/1 JSON (or a readable report).
    ///
    /// Reads plain-text articles (files, directories walked recursively, or `-` for standard
    /// input), finds the headline, byline, captions and publication date, drops boilerplate, and
    /// runs the language stages. One bad input is reported on stderr and the rest go on.
    #[command(
        after_help = "Examples:\n  dossier analyze article.txt --date 2024-03-08 --format text\n  dossier analyze articles/ --format jsonl -o docs.jsonl\n  pbpaste | dossier analyze - --format json"
    )]
    Analyze(AnalyzeArgs),
    /// Analyze articles and store them in the library (SQLite + search index).
    ///
    /// Idempotent: a document already stored (same content id) is skipped; a changed page at a
    /// known URL is stored as a new version. Commits every second or two, so an interrupted run
    /// keeps what it committed and a rerun adds the rest.
    #[command(
        after_help = "Examples:\n  dossier ingest articles/ crawl.warc.gz\n  dossier ingest feed.xml --data-dir ~/dossier-data"
    )]
    Ingest(library::IngestArgs),
    /// Serve the library: JSON API under /api/ and the web UI at / (loopback by default).
    #[command(
        after_help = "Examples:\n  dossier serve                       # http://127.0.0.1:8080/\n  dossier serve --listen 127.0.0.1:0  # any free port (printed)\n  DOSSIER_TOKEN=secret dossier serve  # allows POST /api/ingest with the token"
    )]
    Serve(library::ServeArgs),
    /// Export the library: JSONL, CSV (entities, quotes, places), GeoJSON, GraphML, GEXF.
    #[command(
        after_help = "Examples:\n  dossier export --format jsonl -o library.jsonl\n  dossier export --format gexf -o entities.gexf   # open in Gephi"
    )]
    Export(library::ExportArgs),
    /// Measure a capability on a gold file (see EVALUATION.md).
    ///
    /// Prints a table per file; with --json one object per file:
    /// {"task", "file", "metrics": {name: number}}.
    #[command(after_help = eval_help())]
    Eval(EvalArgs),
    /// Measure speed: assemble the speed corpus, or time the analysis path per stage.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Train a model from the gold data (the result is committed and embedded in the binary).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Build a compact index from reference data (committed and embedded in the binary).
    #[command(subcommand)]
    Build(BuildCommand),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Train the entity tagger (averaged perceptron, BILOU, two passes; deterministic).
    ///
    /// With only --shared and --out it trains the shipped recipe: CoNLL-2003 train, dev to pick
    /// the number of passes, gazetteer, word frequencies and word clusters induced from the
    /// training splits' text.
    #[command(
        after_help = "Example (rebuilds the shipped model, about a minute):\n  dossier train ner --shared ../shared/data --out crates/dossier-ner/model/ner.bin"
    )]
    Ner {
        /// The shared data folder (gazetteer, word frequencies, default corpora).
        #[arg(long, default_value = "../shared/data")]
        shared: PathBuf,
        /// Training .bio files (default: CoNLL-2003 train).
        #[arg(long)]
        data: Vec<PathBuf>,
        /// Dev .bio file that picks the number of passes (default: CoNLL-2003 dev).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Unlabelled text for word clusters, .bio or JSONL with "text" (default: the train splits).
        #[arg(long)]
        unlabelled: Vec<PathBuf>,
        /// Maximum number of passes.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// The weight table has 2^BITS rows.
        #[arg(long, default_value_t = 17)]
        bits: u32,
        /// Share of training sentences also added in capitals.
        #[arg(long, default_value_t = 0.05)]
        uppercase: f64,
        /// Seed of shuffling and clustering.
        #[arg(long, default_value_t = 20240601)]
        seed: u64,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BuildCommand {
    /// Build the gazetteer index (GeoNames places, regions, countries, demonyms).
    #[command(
        after_help = "Example:\n  dossier build gazetteer --shared ../shared/data --out crates/dossier-geo/data/gazetteer.bin"
    )]
    Gazetteer {
        /// The shared data folder.
        #[arg(long, default_value = "../shared/data")]
        shared: PathBuf,
        /// Where to write the index.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Write the speed corpus (about 1M words of news from ../shared/data), one text a file.
    #[command(
        after_help = "Example:\n  dossier bench corpus --shared ../shared/data --out bench-out/corpus"
    )]
    Corpus {
        /// The shared data folder.
        #[arg(long, default_value = "../shared/data")]
        shared: PathBuf,
        /// Stop once this many words are written.
        #[arg(long, default_value_t = 1_000_000)]
        words: usize,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Time `analyze` on texts already in memory, in one thread, with a per-stage breakdown.
    #[command(after_help = "Example:\n  dossier bench analyze bench-out/corpus --repeat 3 --json")]
    Analyze {
        /// Files or directories of plain-text articles.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Analyze every text this many times.
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a large synthetic library of HTML articles made from the speed corpus's paragraphs.
    #[command(
        after_help = "Example (then time `dossier ingest bench-out/library`):\n  dossier bench library bench-out/corpus --count 100000 --out bench-out/library"
    )]
    Library(library::BenchLibraryArgs),
    /// Load-test a running `dossier serve`: N clients on keep-alive connections for S seconds.
    #[command(
        after_help = "Example:\n  dossier serve --rate-limit 0 --listen 127.0.0.1:8080 &\n  dossier bench serve --addr 127.0.0.1:8080 --data-dir dossier-data --clients 100 --seconds 60"
    )]
    Serve(library::BenchServeArgs),
}

fn eval_help() -> String {
    let mut s = String::from("Tasks:\n");
    for (task, format) in dossier_eval::TASKS {
        s.push_str(&format!("  {task:<10} {format}\n"));
    }
    s.push_str("\nExample:\n  dossier eval sentences ../shared/data/ner/gum/raw/dev.jsonl --json");
    s
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON document (pretty-printed) for one input; JSON Lines for several.
    Json,
    /// One JSON document a line.
    Jsonl,
    /// A report for people: headline, entities, quotes, timeline, places.
    Text,
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) that relative dates are resolved against; wins over
    /// dates found in the text.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Write the output to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse inputs larger than this many bytes (WARC archives are streamed: the limit is
    /// per record there).
    #[arg(long, value_name = "BYTES", default_value_t = dossier_sources::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Analyze on N threads (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    jobs: usize,
    /// Write documents as they are done instead of in input order.
    #[arg(long)]
    unordered: bool,
    /// Analyze wire copies again instead of marking them with `duplicate_of`.
    #[arg(long)]
    keep_duplicates: bool,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// What to measure: sentences, ner, time, ... (see below).
    task: String,
    /// Gold files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print one JSON object per file instead of a table.
    #[arg(long)]
    json: bool,
    /// quotes: write each gold attribution's outcome (paired or missed, speaker and cue right
    /// or not, with its document's index) and each unpaired prediction to FILE as JSON lines.
    #[arg(long, value_name = "FILE")]
    explain: Option<PathBuf>,
    /// time, geo: print every mismatch (time) or every resolution over 161 km (geo) to
    /// standard error.
    #[arg(long)]
    errors: bool,
    /// quotes: use this cue classifier instead of the embedded one (for tuning; see the
    /// dossier-quotes README).
    #[arg(long, value_name = "FILE")]
    cue_model: Option<PathBuf>,
    /// quotes: use this attribution builder instead of the embedded one (for tuning).
    #[arg(long, value_name = "FILE")]
    cue_builder: Option<PathBuf>,
    /// quotes: use this attribution check instead of the embedded one (for tuning).
    #[arg(long, value_name = "FILE")]
    attr_check: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Ingest(args) => library::ingest(args),
        Command::Serve(args) => library::serve(args),
        Command::Export(args) => library::export(args),
        Command::Eval(args) => eval(args),
        Command::Bench(cmd) => bench(cmd),
        Command::Train(cmd) => train(cmd),
        Command::Build(cmd) => build(cmd),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

pub(crate) fn open_output(path: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p)
                .with_context(|| format!("{}: cannot create output file", p.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<u8> {
    let options =
        AnalyzeOptions { date: args.date, max_bytes: args.max_bytes, ..Default::default() };
    let analyzer = Analyzer::new(options)?;
    let inputs = dossier_sources::expand_paths(&args.paths);
    let single = inputs.len() == 1;
    let mut out = open_output(&args.output)?;
    let batch_options = BatchOptions {
        jobs: args.jobs,
        ordered: !args.unordered,
        dedup: !args.keep_duplicates,
        known: None,
    };
    let progress = progress_bar(inputs.len());
    let started = std::time::Instant::now();
    // One input giving one document is printed pretty (`--format json`); hold the first
    // document back until a second one shows whether there are more.
    let mut held: Option<Box<AnalyzedDocument>> = None;
    let mut many = !single;
    let (mut done_docs, mut done_words, mut done_failed) = (0usize, 0usize, 0usize);
    let summary = batch::run(&analyzer, inputs, &batch_options, |item| {
        match item {
            BatchItem::Document(doc) => {
                done_docs += 1;
                done_words += doc.doc.word_count();
                if many {
                    write_document(&mut out, &doc, args.format, false)?;
                } else if let Some(first) = held.take() {
                    many = true;
                    write_document(&mut out, &first, args.format, false)?;
                    write_document(&mut out, &doc, args.format, false)?;
                } else {
                    held = Some(doc);
                }
            }
            BatchItem::Error(message) => {
                done_failed += 1;
                out.flush()?;
                progress.suspend(|| eprintln!("error: {message}"));
            }
        }
        let seconds = started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(format!(
            "{done_docs} documents, {:.0} words/s, {done_failed} failed",
            done_words as f64 / seconds
        ));
        progress.tick();
        Ok(())
    })?;
    if let Some(doc) = held.take() {
        write_document(&mut out, &doc, args.format, true)?;
    }
    out.flush()?;
    progress.finish_and_clear();
    let failed = summary.failed;
    if !single || failed > 0 {
        if io::stderr().is_terminal() {
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "dossier: {} documents from {} inputs, {failed} failed, {} wire copies; {} words in {seconds:.1} s ({:.0} words/s)",
                summary.documents,
                summary.inputs,
                summary.duplicates,
                summary.words,
                summary.words as f64 / seconds.max(1e-3)
            );
        } else if failed > 0 {
            eprintln!(
                "dossier: {} documents from {} inputs, {failed} failed",
                summary.documents, summary.inputs
            );
        }
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

/// A spinner on standard error with documents, words per second and failures; hidden when
/// standard error is not a terminal.
pub(crate) fn progress_bar(inputs: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {prefix} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(format!("{inputs} inputs:"));
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn write_document(
    out: &mut dyn Write,
    doc: &AnalyzedDocument,
    format: Format,
    pretty: bool,
) -> io::Result<()> {
    match format {
        Format::Json if pretty => writeln!(out, "{}", doc.to_json_pretty()),
        Format::Json | Format::Jsonl => writeln!(out, "{}", doc.to_json_string()),
        Format::Text => writeln!(out, "{}", dossier_pipeline::report::text_report(&doc.doc)),
    }
}

fn eval(args: EvalArgs) -> anyhow::Result<u8> {
    if !dossier_eval::TASKS.iter().any(|(t, _)| *t == args.task) {
        let tasks: Vec<&str> = dossier_eval::TASKS.iter().map(|t| t.0).collect();
        anyhow::bail!("unknown task {:?}; tasks: {}", args.task, tasks.join(", "));
    }
    let mut out = io::stdout().lock();
    let mut failed = 0;
    for file in &args.files {
        let options = dossier_eval::quotes::Options {
            explain: args.explain.clone(),
            cue_model: args.cue_model.clone(),
            cue_builder: args.cue_builder.clone(),
            attr_check: args.attr_check.clone(),
        };
        let result = if args.task == "quotes" {
            dossier_eval::quotes::evaluate_with(file, &options)
        } else {
            dossier_eval::evaluate_with(&args.task, file, args.errors)
        };
        match result {
            Ok(report) => {
                if args.json {
                    writeln!(out, "{}", serde_json::to_string(&report)?)?;
                } else {
                    writeln!(out, "{} on {}\n{}", report.task, report.file, report.table)?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e:#}");
            }
        }
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn bench(cmd: BenchCommand) -> anyhow::Result<u8> {
    match cmd {
        BenchCommand::Library(args) => library::bench_library(args),
        BenchCommand::Serve(args) => library::bench_serve(args),
        BenchCommand::Corpus { shared, words, out } => {
            let s = dossier_eval::corpus::assemble(&shared, words, &out)?;
            eprintln!("wrote {} documents, {} words to {}", s.documents, s.words, out.display());
            Ok(EXIT_OK)
        }
        BenchCommand::Analyze { paths, repeat, json } => {
            let mut texts = Vec::new();
            for input in dossier_sources::expand_paths(&paths) {
                let path = input?;
                let bytes = std::fs::read(&path)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                texts.push(
                    dossier_sources::decode(&bytes)
                        .map_err(|e| e.with_name(path.display().to_string()))?
                        .text,
                );
            }
            let analyzer = Analyzer::new(AnalyzeOptions::default())?;
            let r = dossier_pipeline::bench::run(&analyzer, &texts, repeat);
            let mut out = io::stdout().lock();
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(
                    out,
                    "{} documents, {} words in {:.3} s: {:.0} words/s (one thread)",
                    r.documents, r.words, r.seconds, r.words_per_second
                )?;
                let share = |secs: f64| 100.0 * secs / r.seconds;
                let extract = r.extract_seconds;
                writeln!(out, "  {:<12} {extract:>8.3} s {:>5.1}%", "extract", share(extract))?;
                for (name, secs) in &r.stages {
                    writeln!(out, "  {name:<12} {secs:>8.3} s {:>5.1}%", share(*secs))?;
                }
                writeln!(
                    out,
                    "found: {} sentences, {} entities, {} quotes, {} timexes, {} places",
                    r.sentences, r.entities, r.quotes, r.timexes, r.places
                )?;
            }
            Ok(EXIT_OK)
        }
    }
}

fn train(cmd: TrainCommand) -> anyhow::Result<u8> {
    let TrainCommand::Ner { shared, data, dev, unlabelled, epochs, bits, uppercase, seed, out } =
        cmd;
    let data = if data.is_empty() { vec![shared.join("ner/conll2003/train.bio")] } else { data };
    let dev = dev.unwrap_or_else(|| shared.join("ner/conll2003/dev.bio"));
    let unlabelled = if unlabelled.is_empty() {
        [
            "ner/conll2003/train.bio",
            "ner/gum/train.bio",
            "ner/uner_en_ewt/train_prelim.bio",
            "ner/wnut17/train.bio",
            "quotes/polnear/train.jsonl",
            "time/tempeval3_train_timebank.jsonl",
            "time/tempeval3_train_aquaint.jsonl",
        ]
        .iter()
        .map(|p| shared.join(p))
        .collect()
    } else {
        unlabelled
    };
    for path in data.iter().chain([&dev]).chain(&unlabelled) {
        if !path.exists() {
            anyhow::bail!("{}: training data not found (see ../shared/README.md)", path.display());
        }
    }
    let opts = dossier_ner::TrainOptions {
        epochs,
        seed,
        bucket_bits: bits,
        uppercase_share: uppercase,
        gazetteer_dir: Some(shared.join("gazetteer")),
        wordfreq: Some(shared.join("lexicon/wordfreq_en.tsv.gz")),
        unlabelled,
        ..Default::default()
    };
    let s = dossier_ner::train(&data, Some(&dev), &out, &opts)?;
    eprintln!(
        "trained on {} sentences ({} tokens) in {:.1} s; best pass {:?}; dev F1 per pass {:?}; wrote {} bytes to {}",
        s.sentences,
        s.tokens,
        s.seconds,
        s.best_epoch,
        s.dev_f1.iter().map(|f| (f * 10000.0).round() / 100.0).collect::<Vec<_>>(),
        s.model_bytes,
        out.display()
    );
    Ok(EXIT_OK)
}

fn build(cmd: BuildCommand) -> anyhow::Result<u8> {
    let BuildCommand::Gazetteer { shared, out } = cmd;
    let s = dossier_geo::build_gazetteer(&shared.join("gazetteer"), &out)?;
    eprintln!(
        "wrote {} places, {} name keys, {} bytes to {}",
        s.entries,
        s.keys,
        s.bytes,
        out.display()
    );
    Ok(EXIT_OK)
}
