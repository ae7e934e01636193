//! The HTTP API on a small library of invented wire stories, through the router (no socket):
//! answers, errors as JSON with a status, token and rate limits, security headers, and the
//! OpenAPI document matching the routes.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dossier_pipeline::{AnalyzeOptions, Analyzer};
use dossier_serve::{router, ServeOptions};
use dossier_store::Library;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const VISIT: &str = "Estonian leader visits Busan shipyard\n\n\
BUSAN, South Korea (AP) — Estonian Prime Minister Kadri Valk toured a shipyard in Busan on \
Tuesday and inspected two patrol vessels her government wants to buy.\n\n\
“We came to see the ships with our own eyes,” Valk told reporters after the tour.\n\n\
Hanbit Heavy Industries said talks would continue in Tallinn in October.";

const HOSTILE: &str = "Odd page <script>alert(1)</script>\n\n\
The mayor of Springfield said on Monday that <img src=x onerror=alert(1)> was not a real \
tag, and that javascript:alert(1) is not a link.";

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let a = Analyzer::new(AnalyzeOptions { date: Some("2023-09-12".into()), ..Default::default() })
        .unwrap();
    let mut w = lib.writer().unwrap();
    for (text, url) in [(VISIT, "https://news.example/visit"), (HOSTILE, "javascript:alert(1)")] {
        let mut d = a.analyze_text(Some("wire.txt"), text);
        d.source.url = Some(url.into());
        w.add(&d).unwrap();
    }
    w.commit().unwrap();
    drop(w);
    (dir, lib)
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: &str,
    auth: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = auth {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = call(app, "GET", uri, "", None).await;
    assert!(
        headers["content-type"].to_str().unwrap().starts_with("application/json"),
        "{uri}: {:?}",
        headers["content-type"]
    );
    (status, serde_json::from_slice(&body).unwrap())
}

fn no_limit() -> ServeOptions {
    ServeOptions { rate_limit: 0, ..Default::default() }
}

#[tokio::test]
async fn endpoints_answer() {
    let (_dir, lib) = library();
    let app = router(lib, no_limit()).unwrap();
    let (s, v) = get_json(&app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"], 2);
    assert_eq!(v["writable"], false);

    let (s, v) = get_json(&app, "/api/search?q=shipyard").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 1);
    let id = v["items"][0]["id"].as_str().unwrap().to_string();

    let (s, v) = get_json(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["document"]["schema"], "dossier.document/1");
    let valk =
        v["entity_ids"].as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string();

    let (s, v) = get_json(&app, "/api/entities?q=valk&type=PER").await;
    assert_eq!(s, StatusCode::OK);
    let valk_id = v["items"][0]["id"].as_str().unwrap();
    assert!(!valk.is_empty());
    let (s, v) = get_json(&app, &format!("/api/entities/{valk_id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["entity"]["name"], "Kadri Valk");
    assert!(v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["text"].as_str().unwrap().contains("own eyes")));

    for uri in [
        "/api/documents",
        "/api/quotes?speaker_type=official",
        "/api/places?country=KR",
        "/api/timeline",
        "/api/graph",
        &format!("/api/graph?entity={valk_id}"),
        &format!("/api/search?entity={valk_id}&from=2023-01-01&to=2023-12-31"),
        "/api/search?country=kr&speaker_type=official",
    ] {
        let (s, v) = get_json(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}: {v}");
    }
    let (_, v) = get_json(&app, "/api/geojson").await;
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v["features"].as_array().unwrap().iter().any(|f| f["properties"]["name"] == "Busan"));
    let (_, v) = get_json(&app, "/api/world").await;
    assert_eq!(v["cell"], 2);
    assert!(v["cells"].as_array().unwrap().len() > 1000);
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_message() {
    let (_dir, lib) = library();
    let app = router(lib, no_limit()).unwrap();
    for uri in [
        "/api/search?q=title:(",
        "/api/search?from=yesterday",
        "/api/search?limit=0",
        "/api/search?limit=100000",
        "/api/search?offset=-1",
        "/api/search?bogus=1",
        "/api/search?country=Korea",
        "/api/search?speaker_type=alien",
        "/api/entities/not-an-id",
        "/api/entities?type=PERSON",
        "/api/documents/zz%3Cscript%3E",
        "/api/timeline?to=2023-02-30",
        "/api/graph?min_weight=x",
        "/api/search?entity=AAA",
        "/api/places?country=%0B",
    ] {
        let (s, v) = get_json(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert_eq!(v["error"]["status"], 400, "{uri}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{uri}");
    }
    let (s, v) = get_json(&app, "/api/entities/e0123456789abcdef").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["status"], 404);
    let (s, _) = get_json(&app, "/api/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ingest_needs_the_token() {
    let (_dir, lib) = library();
    let read_only = router(lib.clone(), no_limit()).unwrap();
    let (s, _, _) = call(&read_only, "POST", "/api/ingest?name=a.txt", VISIT, Some("x")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let app =
        router(lib, ServeOptions { token: Some("s3cret".into()), rate_limit: 0, max_body: 4096 })
            .unwrap();
    let (s, _, _) = call(&app, "POST", "/api/ingest?name=a.txt", VISIT, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = call(&app, "POST", "/api/ingest?name=a.txt", VISIT, Some("wrong")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let big = "word ".repeat(2000);
    let (s, _, _) = call(&app, "POST", "/api/ingest?name=a.txt", &big, Some("s3cret")).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);

    let story = "Port strike ends\n\nWorkers at the port of Valparaíso ended a strike on Friday, the union said.";
    let (s, _, body) =
        call(&app, "POST", "/api/ingest?name=strike.txt", story, Some("s3cret")).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["ingested"], 1);
    // The same again is a no-op.
    let (_, _, body) =
        call(&app, "POST", "/api/ingest?name=strike.txt", story, Some("s3cret")).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((v["ingested"].as_u64(), v["skipped"].as_u64()), (Some(0), Some(1)));
    let (_, v) = get_json(&app, "/api/search?q=strike").await;
    assert_eq!(v["total"], 1);
}

#[tokio::test]
async fn rate_limit_answers_429() {
    let (_dir, lib) = library();
    let app = router(lib, ServeOptions { rate_limit: 2, ..Default::default() }).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(call(&app, "GET", "/api/health", "", None).await.0);
    }
    assert_eq!(statuses[0], StatusCode::OK);
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

#[tokio::test]
async fn ui_and_headers() {
    let (_dir, lib) = library();
    let app = router(lib, no_limit()).unwrap();
    let (s, h, body) = call(&app, "GET", "/", "", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    let html = String::from_utf8(body).unwrap();
    // Every script and stylesheet the page names is served, from this server only.
    for part in html.split(['"', '\'']).filter(|p| p.ends_with(".js") || p.ends_with(".css")) {
        assert!(!part.contains("//"), "external resource {part}");
        let (s, _, _) = call(
            &app,
            "GET",
            &format!("/{}", part.trim_start_matches("./").trim_start_matches('/')),
            "",
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{part}");
    }
    let (s, _, _) = call(&app, "GET", "/../Cargo.toml", "", None).await;
    assert_ne!(s, StatusCode::OK);
}

#[test]
fn openapi_lists_exactly_the_routes() {
    let spec: Value = serde_json::from_str(dossier_serve::OPENAPI).unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    let mut documented: Vec<String> = spec["paths"].as_object().unwrap().keys().cloned().collect();
    documented.sort();
    let mut routes: Vec<String> =
        dossier_serve::api_paths().iter().map(|s| s.to_string()).collect();
    routes.sort();
    assert_eq!(documented, routes);
}
