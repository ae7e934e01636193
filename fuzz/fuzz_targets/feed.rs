//! Feeds: the reader returns items or a one-line error, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match dossier_sources::read_feed("fuzz.xml", data) {
        Ok(items) => {
            for item in items {
                if item.content_is_html {
                    let _ = dossier_extract::html_fragment_text(&item.content);
                }
            }
        }
        Err(e) => assert!(!e.to_string().contains('\n')),
    }
});
