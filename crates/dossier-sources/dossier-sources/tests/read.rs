//! Finding and reading inputs on a real file system.

use std::fs;
use std::path::{Path, PathBuf};

use dossier_sources::{
    detect_format, expand_paths, read_input, InputFormat, SourceError, DEFAULT_MAX_BYTES,
};

fn names(results: &[Result<PathBuf, SourceError>], root: &Path) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(p) => p.strip_prefix(root).unwrap_or(p).to_string_lossy().into_owned(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn default_limit_is_32_mib() {
    assert_eq!(DEFAULT_MAX_BYTES, 32 * 1024 * 1024);
}

#[test]
fn directory_walk_is_sorted_and_skips_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/inner")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(root.join("b/inner/z.txt"), "z").unwrap();
    fs::write(root.join("b/a.txt"), "a").unwrap();
    fs::write(root.join("c.txt"), "c").unwrap();
    fs::write(root.join("a.txt"), "a").unwrap();
    fs::write(root.join(".hidden.txt"), "h").unwrap();
    fs::write(root.join(".git/config"), "x").unwrap();

    let got = expand_paths(&[root.to_path_buf()]);
    assert_eq!(names(&got, root), ["a.txt", "b/a.txt", "b/inner/z.txt", "c.txt"]);
    // Same order every time.
    assert_eq!(names(&expand_paths(&[root.to_path_buf()]), root), names(&got, root));
}

#[test]
fn explicit_hidden_files_and_stdin_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = dir.path().join(".notes.txt");
    fs::write(&hidden, "kept").unwrap();
    let got = expand_paths(&[PathBuf::from("-"), hidden.clone()]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().unwrap(), Path::new("-"));
    assert_eq!(got[1].as_ref().unwrap(), &hidden);
}

#[test]
fn nonexistent_path_is_an_error_item_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.txt");
    fs::write(&ok, "fine").unwrap();
    let missing = dir.path().join("missing.txt");
    let got = expand_paths(&[missing.clone(), ok.clone()]);
    assert_eq!(got.len(), 2);
    let err = got[0].as_ref().unwrap_err();
    assert!(matches!(err, SourceError::NotFound { .. }));
    assert_eq!(err.to_string(), format!("{}: no such file or directory", missing.display()));
    assert_eq!(got[1].as_ref().unwrap(), &ok);

    let err = read_input(&missing, DEFAULT_MAX_BYTES).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: no such file or directory", missing.display()));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("d")).unwrap();
    fs::write(root.join("d/story.txt"), "s").unwrap();
    std::os::unix::fs::symlink(root, root.join("d/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
    let got = expand_paths(&[root.to_path_buf()]);
    let got = names(&got, root);
    assert_eq!(got.len(), 2, "{got:?}");
    // Sorted by path components: `d/...` before `dangling`.
    assert_eq!(got[0], "d/story.txt");
    assert!(got[1].starts_with("error: "), "{got:?}");
    assert!(got[1].ends_with("dangling: no such file or directory"), "{got:?}");
}

/// Whether permission bits are enforced for us (not when tests run as root).
#[cfg(unix)]
fn permissions_enforced(probe_dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = probe_dir.join("probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = fs::read(&probe).is_err();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(&probe).unwrap();
    enforced
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    if !permissions_enforced(dir.path()) {
        eprintln!("skipped: permission bits are not enforced (running as root?)");
        return;
    }
    let root = dir.path();
    fs::create_dir_all(root.join("locked")).unwrap();
    fs::write(root.join("locked/secret.txt"), "s").unwrap();
    fs::write(root.join("open.txt"), "o").unwrap();
    let file = root.join("locked.txt");
    fs::write(&file, "x").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();

    let err = read_input(&file, DEFAULT_MAX_BYTES).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: permission denied", file.display()));

    let got = names(&expand_paths(&[root.to_path_buf()]), root);
    fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[0].ends_with("locked: permission denied"), "{got:?}");
    assert_eq!(got[1], "locked.txt");
    assert_eq!(got[2], "open.txt");
}

#[test]
fn oversize_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    fs::write(&path, vec![b'a'; 2049]).unwrap();
    let err = read_input(&path, 2048).unwrap_err();
    assert!(matches!(err, SourceError::TooLarge { size: Some(2049), limit: 2048, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("2049 bytes") && msg.contains("2048"), "{msg}");
    assert!(msg.ends_with("(raise it with --max-bytes)"), "{msg}");

    // Exactly at the limit is fine.
    let input = read_input(&path, 2049).unwrap();
    assert_eq!(input.bytes.len(), 2049);
    assert_eq!(input.name, path.display().to_string());
}

#[test]
fn directory_is_not_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_input(dir.path(), DEFAULT_MAX_BYTES).unwrap_err();
    assert!(matches!(err, SourceError::IsADirectory { .. }), "{err:?}");
}

#[test]
fn read_then_decode_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("crlf.txt");
    fs::write(&crlf, b"Port talks resume\r\n\r\nBy Jane Doe\r\n").unwrap();
    let input = read_input(&crlf, DEFAULT_MAX_BYTES).unwrap();
    assert_eq!(detect_format(&input.bytes, Some(&crlf)), InputFormat::Text);
    assert_eq!(input.decode().unwrap().text, "Port talks resume\n\nBy Jane Doe\n");

    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let err = read_input(&empty, DEFAULT_MAX_BYTES).unwrap().decode().unwrap_err();
    assert_eq!(err.to_string(), format!("{}: empty input (no text)", empty.display()));

    let binary = dir.path().join("report.pdf");
    fs::write(&binary, b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f").unwrap();
    let input = read_input(&binary, DEFAULT_MAX_BYTES).unwrap();
    assert_eq!(detect_format(&input.bytes, Some(&binary)), InputFormat::Binary);
    let err = input.decode().unwrap_err();
    assert!(err
        .to_string()
        .starts_with(&format!("{}: binary file (not text): ", binary.display())));

    let cp1252 = dir.path().join("cafe.txt");
    fs::write(&cp1252, b"The caf\xe9 reopened, owners said \x93at last\x94.").unwrap();
    let decoded = read_input(&cp1252, DEFAULT_MAX_BYTES).unwrap().decode().unwrap();
    assert_eq!(decoded.text, "The café reopened, owners said “at last”.");
    assert_eq!(decoded.encoding, "windows-1252");
}
