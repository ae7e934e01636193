//! A load generator for `dossier bench serve`: N clients, each on its own keep-alive HTTP/1.1
//! connection, send GET requests in turn from a list of paths for a fixed time, and the
//! latencies are summarized. Written against our own server only (no TLS, no chunked
//! bodies: the server answers with Content-Length).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// What a load run measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub clients: usize,
    pub seconds: f64,
    pub requests: u64,
    /// Answers other than 200, and connection failures.
    pub errors: u64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Run `clients` clients against `addr` for `duration`, cycling through `paths`.
pub async fn run(
    addr: SocketAddr,
    paths: &[String],
    clients: usize,
    duration: Duration,
) -> std::io::Result<LoadReport> {
    if paths.is_empty() {
        return Err(std::io::Error::other("no request paths"));
    }
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for c in 0..clients {
        let paths = paths.to_vec();
        tasks.push(tokio::spawn(async move { client(addr, paths, c, deadline).await }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, err) = t.await.map_err(std::io::Error::other)?;
        latencies.extend(lat);
        errors += err;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    let requests = latencies.len() as u64;
    Ok(LoadReport {
        clients,
        seconds,
        requests,
        errors,
        requests_per_second: requests as f64 / seconds,
        p50_ms: pct(0.50),
        p90_ms: pct(0.90),
        p99_ms: pct(0.99),
        max_ms: pct(1.0),
    })
}

/// One client: returns the latencies of its successful requests and its error count.
async fn client(
    addr: SocketAddr,
    paths: Vec<String>,
    offset: usize,
    deadline: Instant,
) -> (Vec<Duration>, u64) {
    let mut latencies = Vec::new();
    let mut errors = 0u64;
    let mut i = offset;
    let mut conn: Option<BufReader<TcpStream>> = None;
    while Instant::now() < deadline {
        let path = &paths[i % paths.len()];
        i += 1;
        if conn.is_none() {
            match TcpStream::connect(addr).await {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    conn = Some(BufReader::new(s));
                }
                Err(_) => {
                    errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let Some(stream) = conn.as_mut() else { continue };
        let t0 = Instant::now();
        match request(stream, addr, path).await {
            Ok(200) => latencies.push(t0.elapsed()),
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                conn = None;
            }
        }
    }
    (latencies, errors)
}

/// Send one GET on a keep-alive connection and read the whole answer; returns the status.
async fn request(
    stream: &mut BufReader<TcpStream>,
    addr: SocketAddr,
    path: &str,
) -> std::io::Result<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n");
    stream.get_mut().write_all(req.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = None;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok(status)
}
