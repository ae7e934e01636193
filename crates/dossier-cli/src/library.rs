//! `dossier ingest`, `dossier serve` and `dossier export`: the library commands.

use std::io::{self, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use dossier_pipeline::batch::BatchOptions;
use dossier_pipeline::{AnalyzeOptions, Analyzer};
use dossier_store::export::Format as ExportFormat;
use dossier_store::Library;

use crate::{open_output, progress_bar, EXIT_OK, EXIT_PARTIAL};

/// Where the library lives unless `--data-dir` says otherwise.
pub const DEFAULT_DATA_DIR: &str = "dossier-data";

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to read (text, HTML, feeds, WARC); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The library's data directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = dossier_sources::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Analyze on N threads (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    jobs: usize,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The library's data directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Address and port to listen on (port 0 picks a free one; the address is printed).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Allow `POST /api/ingest` with `Authorization: Bearer TOKEN` (otherwise read-only).
    /// Also read from the DOSSIER_TOKEN environment variable.
    #[arg(long, value_name = "TOKEN", env = "DOSSIER_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Requests per second per client address (bursts of twice that); 0 turns the limit off.
    #[arg(long, value_name = "N", default_value_t = 50)]
    rate_limit: u32,
    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = dossier_serve::DEFAULT_MAX_BODY)]
    max_body: usize,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// What to write: jsonl, entities-csv, quotes-csv, places-csv, geojson, graphml, gexf.
    #[arg(long, value_name = "FORMAT", value_parser = parse_export_format)]
    format: ExportFormat,
    /// The library's data directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_export_format(s: &str) -> Result<ExportFormat, String> {
    s.parse()
}

/// Open an existing library (reading commands must not create one by accident).
fn open_existing(dir: &Path) -> anyhow::Result<Library> {
    if !dir.join("library.sqlite").is_file() {
        anyhow::bail!(
            "{}: no library here (create one with `dossier ingest PATH --data-dir {}`)",
            dir.display(),
            dir.display()
        );
    }
    Library::open(dir).with_context(|| format!("{}: cannot open the library", dir.display()))
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<u8> {
    let analyzer = Analyzer::new(AnalyzeOptions {
        date: args.date,
        max_bytes: args.max_bytes,
        ..Default::default()
    })?;
    let library = Library::open(&args.data_dir)
        .with_context(|| format!("{}: cannot open the library", args.data_dir.display()))?;
    let mut writer = library.writer()?;
    let inputs = dossier_sources::expand_paths(&args.paths);
    let progress = progress_bar(inputs.len());
    let started = std::time::Instant::now();
    // Documents already stored are read and recognized, not analyzed again.
    let known = Some(std::sync::Arc::new(library.reader()?.document_ids()?));
    let options = BatchOptions { jobs: args.jobs, ordered: true, dedup: true, known };
    let summary = dossier_serve::ingest::run(
        &analyzer,
        &mut writer,
        inputs,
        &options,
        |message| progress.suspend(|| eprintln!("error: {message}")),
        |s| {
            let seconds = started.elapsed().as_secs_f64().max(1e-3);
            progress.set_message(format!(
                "{} stored, {} already there, {} failed, {:.1} documents/s",
                s.ingested,
                s.skipped,
                s.failed,
                (s.ingested + s.skipped) as f64 / seconds
            ));
        },
    )?;
    drop(writer);
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "dossier: {} documents stored, {} already in the library, {} failed in {seconds:.1} s ({:.1} documents/s) into {}",
        summary.ingested,
        summary.skipped,
        summary.failed,
        (summary.ingested + summary.skipped) as f64 / seconds.max(1e-3),
        args.data_dir.display()
    );
    Ok(if summary.failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

pub fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let library = if args.token.is_some() {
        Library::open(&args.data_dir)
            .with_context(|| format!("{}: cannot open the library", args.data_dir.display()))?
    } else {
        open_existing(&args.data_dir)?
    };
    let writable = args.token.is_some();
    let options = dossier_serve::ServeOptions {
        token: args.token.filter(|t| !t.is_empty()),
        rate_limit: args.rate_limit,
        max_body: args.max_body,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("{}: cannot listen", args.listen))?;
        let addr = listener.local_addr()?;
        eprintln!(
            "dossier: serving {} on http://{addr}/ ({})",
            args.data_dir.display(),
            if writable { "ingest allowed with the token" } else { "read-only" }
        );
        if !addr.ip().is_loopback() {
            eprintln!("dossier: warning: listening on {addr}, reachable from other machines");
        }
        dossier_serve::serve(library, listener, options).await?;
        anyhow::Ok(())
    })?;
    Ok(EXIT_OK)
}

pub fn export(args: ExportArgs) -> anyhow::Result<u8> {
    let library = open_existing(&args.data_dir)?;
    let reader = library.reader()?;
    let mut out = open_output(&args.output)?;
    let n = dossier_store::export::export(&reader, args.format, &mut out)?;
    out.flush()?;
    if io::stderr().is_terminal() {
        eprintln!("dossier: exported {n} records");
    }
    Ok(EXIT_OK)
}

#[derive(clap::Args)]
pub struct BenchLibraryArgs {
    /// Folder of .txt articles to take paragraphs from (the speed corpus).
    corpus: PathBuf,
    /// Number of articles to write.
    #[arg(long, default_value_t = 100_000)]
    count: usize,
    /// Output folder (articles in subfolders of 1,000).
    #[arg(long)]
    out: PathBuf,
}

pub fn bench_library(args: BenchLibraryArgs) -> anyhow::Result<u8> {
    let s = dossier_eval::corpus::synthesize_library(&args.corpus, args.count, &args.out)?;
    eprintln!(
        "wrote {} articles, {} words (from {} paragraphs) to {}",
        s.documents,
        s.words,
        s.paragraphs,
        args.out.display()
    );
    Ok(EXIT_OK)
}

/// Which requests a load run sends.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mix {
    /// What the UI sends: searches, documents, entity pages, timeline, graph, places.
    Ui,
    /// Searches only (full text and facets).
    Search,
}

#[derive(clap::Args)]
pub struct BenchServeArgs {
    /// Address of the running server.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The server's library, read for realistic requests (entity names and ids, documents).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA_DIR)]
    data_dir: PathBuf,
    /// Concurrent clients.
    #[arg(long, default_value_t = 100)]
    clients: usize,
    /// Seconds to run.
    #[arg(long, default_value_t = 60.0)]
    seconds: f64,
    /// Request mix.
    #[arg(long, value_enum, default_value = "ui")]
    mix: Mix,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Request paths built from what the library holds: its most frequent entities and recent
/// documents.
fn request_paths(dir: &Path, mix: Mix) -> anyhow::Result<Vec<String>> {
    let reader = open_existing(dir)?.reader()?;
    let entities = reader.entities(None, None, 100, 0)?.items;
    let documents = reader.documents(50, 0)?.items;
    if entities.is_empty() || documents.is_empty() {
        anyhow::bail!("{}: the library is empty; ingest some articles first", dir.display());
    }
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let mut paths = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let name = e.name.split_whitespace().last().unwrap_or(&e.name);
        paths.push(format!("/api/search?q={}", enc(name)));
        paths.push(format!("/api/search?entity={}&limit=20", e.id));
        if let Some(c) = &e.country {
            paths.push(format!("/api/search?q={}&country={c}", enc(name)));
        }
        if mix == Mix::Ui {
            paths.push(format!("/api/entities/{}", e.id));
            let d = &documents[i % documents.len()];
            paths.push(format!("/api/documents/{}", d.id));
            if i % 10 == 0 {
                paths.push(format!("/api/graph?entity={}", e.id));
                paths.push(format!("/api/timeline?entity={}&limit=100", e.id));
                paths.push(format!("/api/geojson?entity={}", e.id));
                paths.push("/api/entities?limit=50".to_string());
            }
        }
    }
    Ok(paths)
}

pub fn bench_serve(args: BenchServeArgs) -> anyhow::Result<u8> {
    let paths = request_paths(&args.data_dir, args.mix)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let report = runtime.block_on(dossier_serve::load::run(
        args.addr,
        &paths,
        args.clients,
        std::time::Duration::from_secs_f64(args.seconds),
    ))?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "{} clients, {:.1} s, {} distinct requests: {} answered ({:.0}/s), {} errors; latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            report.clients,
            report.seconds,
            paths.len(),
            report.requests,
            report.requests_per_second,
            report.errors,
            report.p50_ms,
            report.p90_ms,
            report.p99_ms,
            report.max_ms
        );
    }
    Ok(if report.errors > 0 { EXIT_PARTIAL } else { EXIT_OK })
}
