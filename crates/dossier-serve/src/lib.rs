//! `dossier serve`: the JSON API (see `API.md` and `/api/openapi.json`) and the offline web UI
//! over a library.
//!
//! Every handler runs its store call on tokio's blocking pool; the store's [`Reader`] has its
//! own pool of read-only SQLite connections and sees the writer's commits (WAL), so an ingest
//! in another process is visible while the server runs. The server is read-only unless it
//! was started with a token; then `POST /api/ingest` takes `Authorization: Bearer <token>`.
//! Each client address gets a token bucket of requests (`--rate-limit` per second, burst of
//! twice that); request bodies are capped; every response carries a strict Content Security
//! Policy so that article content can never run as script in the UI.

pub mod ingest;
pub mod load;
mod params;
pub mod world;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use dossier_pipeline::{AnalyzeOptions, Analyzer};
use dossier_store::{Library, Reader, SearchQuery};
use serde::Serialize;
use serde_json::json;

use crate::params::Params;

include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// The OpenAPI document served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Default body limit of `POST /api/ingest` (the analyzer's own input limit).
pub const DEFAULT_MAX_BODY: usize = 32 << 20;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A token enables `POST /api/ingest` (Bearer authentication); none = read-only.
    pub token: Option<String>,
    /// Requests per second per client address (burst twice that); 0 = no limit.
    pub rate_limit: u32,
    /// Largest request body accepted.
    pub max_body: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { token: None, rate_limit: 50, max_body: DEFAULT_MAX_BODY }
    }
}

/// An API error: status and a message, answered as `{"error": {"status", "message"}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
    fn not_found(what: &str) -> Self {
        ApiError { status: StatusCode::NOT_FOUND, message: format!("{what} not found") }
    }
}

impl From<dossier_store::Error> for ApiError {
    fn from(e: dossier_store::Error) -> Self {
        match e {
            dossier_store::Error::Query(m) => ApiError::bad_request(m),
            dossier_store::Error::Busy(m) => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: format!("the library is being written by another process: {m}"),
            },
            e => ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: e.to_string() },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

/// Shared state of the handlers.
#[derive(Clone)]
struct AppState {
    library: Library,
    reader: Reader,
    options: Arc<ServeOptions>,
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
    analyzer: Arc<OnceLock<Analyzer>>,
    /// One ingest at a time inside this server.
    ingest_lock: Arc<tokio::sync::Mutex<()>>,
    /// Store calls allowed to run at once.
    work: Arc<tokio::sync::Semaphore>,
}

/// Build the router over `library`.
pub fn router(library: Library, options: ServeOptions) -> dossier_store::Result<Router> {
    let reader = library.reader()?;
    let max_body = options.max_body;
    let state = AppState {
        library,
        reader,
        options: Arc::new(options),
        buckets: Arc::new(Mutex::new(HashMap::new())),
        analyzer: Arc::new(OnceLock::new()),
        ingest_lock: Arc::new(tokio::sync::Mutex::new(())),
        work: Arc::new(tokio::sync::Semaphore::new(
            2 * std::thread::available_parallelism().map_or(2, |n| n.get()),
        )),
    };
    let mut api = Router::new();
    for (path, method_router) in api_table(max_body) {
        api = api.route(path, method_router);
    }
    let api = api.fallback(api_not_found);
    let app = Router::new()
        .merge(api)
        .route("/", get(|| async { static_file("index.html") }))
        .route("/{file}", get(|Path(file): Path<String>| async move { static_file(&file) }))
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn(security_headers))
        .with_state(state);
    Ok(app)
}

/// The API's routes: the one list the router and the OpenAPI check are made from.
fn api_table(max_body: usize) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/health", get(health)),
        ("/api/search", get(search)),
        ("/api/documents", get(documents)),
        ("/api/documents/{id}", get(document)),
        ("/api/entities", get(entities)),
        ("/api/entities/{id}", get(entity)),
        ("/api/quotes", get(quotes)),
        ("/api/places", get(places)),
        ("/api/geojson", get(geojson)),
        ("/api/timeline", get(timeline)),
        ("/api/graph", get(graph)),
        ("/api/world", get(world_outline)),
        ("/api/openapi.json", get(openapi)),
        ("/api/ingest", post(ingest_body).layer(DefaultBodyLimit::max(max_body))),
    ]
}

/// The paths of the API's routes (as in the OpenAPI document).
pub fn api_paths() -> Vec<&'static str> {
    api_table(DEFAULT_MAX_BODY).into_iter().map(|(p, _)| p).collect()
}

/// Serve `library` on `listener` until Ctrl-C / SIGTERM.
pub async fn serve(
    library: Library,
    listener: tokio::net::TcpListener,
    options: ServeOptions,
) -> std::io::Result<()> {
    let app = router(library, options).map_err(std::io::Error::other)?;
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

// ---- middleware ----

/// Headers of every response: the CSP that keeps article content from running as script.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// A token bucket per client address.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let per_second = state.options.rate_limit;
    if per_second > 0 {
        let ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let allowed = {
            let mut buckets = state.buckets.lock().unwrap_or_else(|p| p.into_inner());
            if buckets.len() > 100_000 {
                buckets.clear();
            }
            let burst = f64::from(per_second) * 2.0;
            let now = Instant::now();
            let b = buckets.entry(ip).or_insert(Bucket { tokens: burst, at: now });
            b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * f64::from(per_second))
                .min(burst);
            b.at = now;
            if b.tokens >= 1.0 {
                b.tokens -= 1.0;
                true
            } else {
                false
            }
        };
        if !allowed {
            let mut res = ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                message: format!("rate limit: at most {per_second} requests per second"),
            }
            .into_response();
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return res;
        }
    }
    next.run(req).await
}

// ---- static files ----

fn static_file(name: &str) -> Response {
    let Some((_, bytes)) = UI_FILES.iter().find(|(n, _)| *n == name) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mime = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-cache")], *bytes).into_response()
}

// ---- handlers ----

/// Run a store call on the blocking pool and answer its value as JSON. At most
/// `AppState::work` calls run at once (a few per core); the others wait their turn in order,
/// so a burst of clients queues instead of starting a thread and a database connection each.
async fn blocking<T: Serialize + Send + 'static>(
    work: Arc<tokio::sync::Semaphore>,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> ApiResult {
    let _permit = work.acquire_owned().await.map_err(|e| ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: format!("shutting down: {e}"),
    })?;
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(Json(v).into_response()),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("request failed: {e}"),
        }),
    }
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("endpoint")
}

async fn health(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&[])?;
    let writable = s.options.token.is_some();
    blocking(s.work.clone(), move || {
        let c = s.reader.counts()?;
        Ok(json!({"status": "ok", "documents": c.documents, "entities": c.entities,
                  "version": env!("CARGO_PKG_VERSION"), "writable": writable}))
    })
    .await
}

async fn search(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&[
        "q",
        "entity",
        "place",
        "country",
        "from",
        "to",
        "speaker",
        "speaker_type",
        "limit",
        "offset",
    ])?;
    let query = SearchQuery {
        q: p.text("q", 1000)?.unwrap_or_default(),
        entities: p.entities("entity")?,
        place: p.text("place", 200)?,
        country: p.country("country")?,
        from: p.date("from")?,
        to: p.date("to")?,
        speaker: p.text("speaker", 200)?,
        speaker_type: p.speaker_type("speaker_type")?,
        limit: p.limit(20, 200)?,
        offset: p.offset()?,
    };
    blocking(s.work.clone(), move || Ok(s.reader.search(&query)?)).await
}

async fn documents(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["limit", "offset"])?;
    let (limit, offset) = (p.limit(20, 200)?, p.offset()?);
    blocking(s.work.clone(), move || Ok(s.reader.documents(limit, offset)?)).await
}

async fn document(State(s): State<AppState>, Path(id): Path<String>, p: Params) -> ApiResult {
    p.allow(&[])?;
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_request(format!("{id:?} is not a document id (hex digits)")));
    }
    blocking(s.work.clone(), move || {
        s.reader.document(&id)?.ok_or_else(|| ApiError::not_found("document"))
    })
    .await
}

async fn entities(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["q", "type", "limit", "offset"])?;
    let q = p.text("q", 200)?;
    let kind = p.one_of("type", &["PER", "ORG", "LOC", "MISC"])?;
    let (limit, offset) = (p.limit(20, 200)?, p.offset()?);
    blocking(s.work.clone(), move || {
        Ok(s.reader.entities(q.as_deref(), kind.as_deref(), limit, offset)?)
    })
    .await
}

async fn entity(State(s): State<AppState>, Path(id): Path<String>, p: Params) -> ApiResult {
    p.allow(&[])?;
    params::entity_id(&id)?;
    blocking(s.work.clone(), move || {
        s.reader.entity(&id)?.ok_or_else(|| ApiError::not_found("entity"))
    })
    .await
}

async fn quotes(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["speaker", "speaker_type", "stance", "q", "limit", "offset"])?;
    let speaker = p.entity("speaker")?;
    let speaker_type = p.speaker_type("speaker_type")?;
    let stance = p.text("stance", 40)?;
    let q = p.text("q", 200)?;
    let (limit, offset) = (p.limit(20, 200)?, p.offset()?);
    blocking(s.work.clone(), move || {
        Ok(s.reader.quotes(
            speaker.as_deref(),
            speaker_type.as_deref(),
            stance.as_deref(),
            q.as_deref(),
            limit,
            offset,
        )?)
    })
    .await
}

async fn places(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["country", "entity", "limit", "offset"])?;
    let country = p.country("country")?;
    let entity = p.entity("entity")?;
    let (limit, offset) = (p.limit(20, 200)?, p.offset()?);
    blocking(s.work.clone(), move || {
        Ok(s.reader.places(country.as_deref(), entity.as_deref(), limit, offset)?)
    })
    .await
}

async fn geojson(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["country", "entity"])?;
    let country = p.country("country")?;
    let entity = p.entity("entity")?;
    blocking(s.work.clone(), move || {
        let page =
            s.reader.places(country.as_deref(), entity.as_deref(), dossier_store::MAX_LIMIT, 0)?;
        let features: Vec<serde_json::Value> =
            page.items.iter().filter_map(dossier_store::export::geojson_feature).collect();
        Ok(json!({"type": "FeatureCollection", "features": features}))
    })
    .await
}

async fn timeline(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["entity", "from", "to", "limit", "offset"])?;
    let entity = p.entity("entity")?;
    let (from, to) = (p.date("from")?, p.date("to")?);
    let (limit, offset) = (p.limit(200, 1000)?, p.offset()?);
    blocking(s.work.clone(), move || {
        Ok(s.reader.timeline(entity.as_deref(), from.as_deref(), to.as_deref(), limit, offset)?)
    })
    .await
}

async fn graph(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&["entity", "limit", "min_weight"])?;
    let entity = p.entity("entity")?;
    let limit = p.limit(50, 300)?;
    let min_weight = p.number("min_weight", 1, 1_000_000)?.unwrap_or(1) as u64;
    blocking(s.work.clone(), move || Ok(s.reader.graph(entity.as_deref(), limit, min_weight)?))
        .await
}

async fn world_outline(State(s): State<AppState>, p: Params) -> ApiResult {
    p.allow(&[])?;
    blocking(s.work.clone(), || Ok(world::world())).await
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn ingest_body(
    State(s): State<AppState>,
    headers: HeaderMap,
    p: Params,
    body: Bytes,
) -> ApiResult {
    p.allow(&["name"])?;
    let Some(token) = s.options.token.clone() else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            message: "this server is read-only (start it with --token to allow ingest)".into(),
        });
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing or wrong token (Authorization: Bearer <token>)".into(),
        });
    }
    if body.is_empty() {
        return Err(ApiError::bad_request("empty body: send the article's bytes"));
    }
    let name = p.text("name", 300)?.unwrap_or_else(|| "upload".to_string());
    let _guard = s.ingest_lock.clone().lock_owned().await;
    blocking(s.work.clone(), move || {
        let analyzer = match s.analyzer.get() {
            Some(a) => a,
            None => {
                let a = Analyzer::new(AnalyzeOptions::default())
                    .map_err(|e| ApiError::bad_request(e.to_string()))?;
                s.analyzer.get_or_init(|| a)
            }
        };
        let docs = analyzer
            .analyze_bytes(&name, None, &body)
            .map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?;
        let mut writer = s.library.writer()?;
        let mut summary = ingest::IngestSummary::default();
        let mut errors = Vec::new();
        for doc in &docs {
            ingest::add(&mut writer, doc, &mut summary, &mut |m: &str| errors.push(m.to_string()));
        }
        writer.finish()?;
        drop(writer);
        s.reader.refresh()?;
        Ok(json!({"ingested": summary.ingested, "skipped": summary.skipped,
                  "failed": summary.failed, "ids": summary.ids, "errors": errors}))
    })
    .await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
