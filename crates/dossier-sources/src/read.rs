//! Finding inputs and reading them within a size limit.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::{decode, Decoded, Result, SourceError};

/// The name that stands for standard input.
pub const STDIN: &str = "-";

/// The default largest input read, in bytes (32 MiB); the CLI's `--max-bytes` raises it.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// One input's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as given, `-` for standard input.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    /// [`decode`] these bytes, with errors named after this input.
    pub fn decode(&self) -> Result<Decoded> {
        decode(&self.bytes).map_err(|e| e.with_name(self.name.clone()))
    }
}

/// Expand command-line paths into input paths.
///
/// `-` stays as is (standard input). A directory is walked recursively in sorted order,
/// skipping hidden entries (names starting with `.`), symbolic-link loops and special files;
/// an unreadable subdirectory becomes one error item and the walk goes on. A path that does
/// not exist becomes an error item. Files given explicitly are kept even if hidden.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            out.push(Ok(path.clone()));
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut ancestors = Vec::new();
                walk(path, &mut ancestors, &mut out);
            }
            Ok(_) => out.push(Ok(path.clone())),
            Err(e) => out.push(Err(SourceError::from_io(display(path), e))),
        }
    }
    out
}

/// Walk `dir`, pushing files and errors. `ancestors` holds the canonical paths of the
/// directories being walked, to notice symbolic links that lead back into them.
fn walk(dir: &Path, ancestors: &mut Vec<PathBuf>, out: &mut Vec<Result<PathBuf>>) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&canonical) {
        return; // a symlink loop
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Err(SourceError::from_io(display(dir), e)));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                children.push(entry.path());
            }
            Err(e) => out.push(Err(SourceError::from_io(display(dir), e))),
        }
    }
    children.sort();
    ancestors.push(canonical);
    for child in children {
        match fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, ancestors, out),
            Ok(meta) if meta.is_file() => out.push(Ok(child)),
            Ok(_) => {} // sockets, FIFOs, devices: never articles in a tree
            Err(e) => out.push(Err(SourceError::from_io(display(&child), e))),
        }
    }
    ancestors.pop();
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Read one input: the file at `path`, or standard input for `-`.
///
/// A regular file's size is checked from its metadata *before* reading and a file over
/// `max_bytes` is refused with [`SourceError::TooLarge`]; pipes and standard input are read up
/// to the limit and refused if they hold more.
pub fn read_input(path: &Path, max_bytes: u64) -> Result<Input> {
    let name = display(path);
    if path.as_os_str() == STDIN {
        let bytes = read_limited(io::stdin().lock(), &name, max_bytes, None)?;
        return Ok(Input { name, bytes });
    }
    let meta = fs::metadata(path).map_err(|e| SourceError::from_io(&name, e))?;
    if meta.is_dir() {
        return Err(SourceError::IsADirectory { name });
    }
    if meta.is_file() && meta.len() > max_bytes {
        return Err(SourceError::TooLarge { name, size: Some(meta.len()), limit: max_bytes });
    }
    let file = fs::File::open(path).map_err(|e| SourceError::from_io(&name, e))?;
    let hint = if meta.is_file() { Some(meta.len()) } else { None };
    let bytes = read_limited(file, &name, max_bytes, hint)?;
    Ok(Input { name, bytes })
}

/// The first `n` bytes of the file at `path` (fewer if it is shorter), to detect its format
/// without reading it whole (a WARC archive is streamed, not read). Standard input cannot be
/// peeked: read it with [`read_input`].
pub fn read_head(path: &Path, n: usize) -> Result<Vec<u8>> {
    let name = display(path);
    let meta = fs::metadata(path).map_err(|e| SourceError::from_io(&name, e))?;
    if meta.is_dir() {
        return Err(SourceError::IsADirectory { name });
    }
    let file = fs::File::open(path).map_err(|e| SourceError::from_io(&name, e))?;
    let mut head = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut head).map_err(|e| SourceError::from_io(&name, e))?;
    Ok(head)
}

/// Read at most `max_bytes` from `reader`; more than that is an error (the file grew, or it is
/// a pipe whose size was unknown).
fn read_limited(
    reader: impl Read,
    name: &str,
    max_bytes: u64,
    hint: Option<u64>,
) -> Result<Vec<u8>> {
    let capacity = hint.unwrap_or(0).min(max_bytes) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::from_io(name, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(SourceError::TooLarge { name: name.to_string(), size: None, limit: max_bytes });
    }
    Ok(bytes)
}
