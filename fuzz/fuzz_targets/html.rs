//! HTML pages: charset decoding and article extraction never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = dossier_sources::decode_html(data, None) {
        let article = dossier_extract::extract_html_article(&decoded.text, Some("https://example.com/2024/03/08/a"));
        let _ = dossier_extract::html_fragment_text(&decoded.text);
        assert!(!article.body.starts_with(char::is_whitespace));
    }
});
