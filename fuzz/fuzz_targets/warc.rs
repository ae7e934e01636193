//! WARC archives (plain or gzipped): pages or a one-line error, never a panic, bounded memory.
#![no_main]

use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = dossier_sources::read_warc("fuzz.warc", dossier_sources::warc_from_bytes(data), 1 << 20, |page| {
        assert!(page.body.len() <= 1 << 20);
        ControlFlow::Continue(())
    });
    if let Err(e) = result {
        assert!(!e.to_string().contains('\n'));
    }
});
