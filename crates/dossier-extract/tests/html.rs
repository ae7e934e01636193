//! HTML extraction on pages written for these tests: where each piece of metadata comes from,
//! and what is kept out of the body.

use dossier_extract::{extract_html_article, html_fragment_text};

const BODY: &str = "<p>The city council voted on Tuesday to close the old ferry pier for repairs, after engineers found cracks in two of its concrete supports during a routine inspection last month.</p>
<p>The pier will stay closed until at least September, the council said, and ferries will use the cargo terminal in the meantime, which adds about ten minutes to each crossing.</p>";

fn page(head: &str, before_body: &str) -> String {
    format!("<!doctype html><html><head>{head}</head><body><header><a href=/>Bay Courier</a></header><main>{before_body}{BODY}</main><footer>Contact us</footer></body></html>")
}

#[test]
fn json_ld_graph_gives_headline_author_and_date() {
    let html = page(
        r#"<title>Ferry pier closes | Bay Courier</title><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Bay Courier"},{"@type":"NewsArticle","headline":"Ferry pier closes for repairs","datePublished":"2023-09-12T08:00:00Z","author":[{"@type":"Person","name":"Lena Park"},{"@type":"Person","name":"Omar Haddad"}]}]}</script>"#,
        "",
    );
    let a = extract_html_article(&html, None);
    assert_eq!(a.title.as_deref(), Some("Ferry pier closes for repairs"));
    assert_eq!(a.byline.as_deref(), Some("Lena Park, Omar Haddad"));
    assert_eq!(a.published.as_ref().unwrap().date, "2023-09-12");
    assert!(a.published_from_metadata);
    assert!(a.body.starts_with("The city council voted"), "{}", a.body);
    assert!(!a.body.contains("Contact us"));
}

#[test]
fn title_tag_without_site_name_and_date_from_url() {
    let html = page("<title>Ferry pier closes for repairs - Bay Courier</title><meta property=\"og:site_name\" content=\"Bay Courier\">", "");
    let a = extract_html_article(&html, Some("https://courier.example/news/2023/09/12/ferry-pier"));
    assert_eq!(a.title.as_deref(), Some("Ferry pier closes for repairs"));
    assert_eq!(a.site_name.as_deref(), Some("Bay Courier"));
    assert_eq!(a.published.as_ref().unwrap().date, "2023-09-12");
}

#[test]
fn h1_wins_and_shouting_h1_takes_the_metadata_spelling() {
    let html = page(
        "<meta property=\"og:title\" content=\"Ferry Pier Closes For Repairs\">",
        "<h1>FERRY PIER CLOSES FOR REPAIRS</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry Pier Closes For Repairs")
    );
    let html = page(
        "<meta property=\"og:title\" content=\"Pier to close\">",
        "<h1>Ferry pier closes for repairs</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
}

#[test]
fn visible_dates_bylines_and_time_elements() {
    let html = page("", "<h1>Ferry pier closes for repairs</h1><p class=\"byline\">By Lena Park</p><div class=\"post-date\">Published September 12, 2023</div>");
    let a = extract_html_article(&html, None);
    assert_eq!(a.byline.as_deref(), Some("Lena Park"));
    assert_eq!(a.published.as_ref().unwrap().date, "2023-09-12");
    assert!(!a.body.contains("By Lena Park"), "{}", a.body);
    let html = page("", "<h1>Ferry pier closes for repairs</h1><time datetime=\"2023-09-11T22:00:00-04:00\">Monday night</time>");
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2023-09-11");
}

#[test]
fn figure_captions_stay_out_of_the_body() {
    let html = page("", "<h1>Ferry pier closes</h1><figure><img src=p.jpg><figcaption>Cracks in a pier support on Monday. (Photo: Lena Park/Bay Courier)</figcaption></figure>");
    let a = extract_html_article(&html, None);
    assert_eq!(a.captions.len(), 1);
    assert!(a.captions[0].text.starts_with("Cracks in a pier support"));
    assert!(!a.body.contains("Cracks in a pier support"));
    assert_eq!(a.body.split("\n\n").count(), 2);
}

#[test]
fn no_panic_on_broken_markup() {
    for html in [
        "",
        "<",
        "<html><body><p>unclosed",
        "</p></div></body>",
        "<!-- never closed",
        "<script>if (a < b) {",
        "<table><tr><td>x</td></tr>",
        "\u{0}\u{1}<p>\u{fffd}</p>",
    ] {
        let _ = extract_html_article(html, None);
        let _ = extract_html_article(html, Some("not a url"));
        let _ = html_fragment_text(html);
    }
}

#[test]
fn day_first_dates_in_other_languages() {
    // Dots put the day first, whatever the numbers: 04.02.2022 is 4 February.
    let html = page(
        "",
        "<h1>Fährhafen wird saniert</h1><p class=\"meta\">Veröffentlicht am 04.02.2022</p>",
    );
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2022-02-04");
    let html =
        page("", "<h1>Fährhafen wird saniert</h1><div class=\"date\">Dienstag, 3. Mai 2022</div>");
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2022-05-03");
    let html =
        page("", "<h1>Le quai fermé</h1><span class=\"publie\">Publié le 1er mars 2021</span>");
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2021-03-01");
}

#[test]
fn other_published_meta_names_and_blog_posts() {
    let html = page("<meta name=\"cms-published-date\" content=\"2023-09-12\">", "");
    let a = extract_html_article(&html, None);
    assert_eq!(a.published.as_ref().unwrap().date, "2023-09-12");
    assert!(a.published_from_metadata);
    // A Blog object wrapping the page's one post.
    let html = page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Blog","name":"Bay Courier blog","blogPost":[{"@type":"BlogPosting","headline":"Ferry pier closes for repairs","datePublished":"2023-09-12T08:00:00Z"}]}</script>"#,
        "",
    );
    let a = extract_html_article(&html, None);
    assert_eq!(a.published.as_ref().unwrap().date, "2023-09-12");
    assert_eq!(a.title.as_deref(), Some("Ferry pier closes for repairs"));
}

#[test]
fn utc_time_one_day_after_the_url_date_is_the_url_date() {
    // Filed in the evening in New York, stamped after midnight UTC.
    let head = "<meta property=\"article:published_time\" content=\"2023-09-13T02:40:00+00:00\">";
    let html = page(head, "");
    let url = "https://courier.example/2023/09/12/ferry-pier";
    assert_eq!(extract_html_article(&html, Some(url)).published.unwrap().date, "2023-09-12");
    // Without a URL date, or with a time in the publisher's own zone, the metadata stands.
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2023-09-13");
    let head = "<meta property=\"article:published_time\" content=\"2023-09-13T02:40:00+02:00\">";
    let html = page(head, "");
    assert_eq!(extract_html_article(&html, Some(url)).published.unwrap().date, "2023-09-13");
}

#[test]
fn printed_date_in_a_heading() {
    let html = page(
        "",
        "<h5 class=\"kicker\">September 12, 2023</h5><h1>Ferry pier closes for repairs</h1>",
    );
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2023-09-12");
}

#[test]
fn h1_that_names_the_site_gives_way_to_the_metadata_title() {
    let html = page(
        "<meta property=\"og:title\" content=\"Ferry pier closes for repairs after inspection\">",
        "<h1>Our Blog</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs after inspection")
    );
    // A headline written differently from the metadata keeps the page's wording.
    let html = page(
        "<meta property=\"og:title\" content=\"Ferry pier to close for repairs\">",
        "<h1>Council shuts the ferry pier</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Council shuts the ferry pier")
    );
}

#[test]
fn h1_with_line_breaks_and_a_leading_date() {
    let html = page(
        "<title>Ferry Pier Closes | Bay Courier</title><meta property=\"og:site_name\" content=\"Bay Courier\">",
        "<h1>FERRY<br>PIER<br>CLOSES</h1>",
    );
    assert_eq!(extract_html_article(&html, None).title.as_deref(), Some("Ferry Pier Closes"));
    let html = page("", "<h1><time>Sep 12 2023</time> Ferry pier closes for repairs</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
}

#[test]
fn microdata_text_and_update_dates() {
    // `itemprop=datePublished` without a machine-readable attribute: its text.
    let html = page("", "<h1>Ferry pier closes for repairs</h1><span itemprop=\"datePublished\">September 12, 2023</span>");
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2023-09-12");
    // An update printed first, the publication after it (class names in any case).
    let html = page(
        "",
        "<h1>Ferry pier closes for repairs</h1><div class=\"meta\">Last updated March 2, 2024</div><p class=\"PublishNote\">First published on 12 Sep 2023</p>",
    );
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2023-09-12");
    // Only an update: better than nothing.
    let html = page(
        "",
        "<h1>Ferry pier closes for repairs</h1><div class=\"meta\">Updated March 2, 2024</div>",
    );
    assert_eq!(extract_html_article(&html, None).published.unwrap().date, "2024-03-02");
}

#[test]
fn tagline_after_a_pipe_in_the_headline() {
    let html = page("", "<h1>Ferry pier closes for repairs | What commuters need to know</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
}

#[test]
fn microdata_meta_author_is_not_the_byline() {
    // A cited paper's authors in microdata; the page's own author in <meta name=author>.
    let html = page(
        "<meta itemprop=\"author\" content=\"K. Lee, P. Ortiz,\"><meta name=\"author\" content=\"Lena Park\">",
        "",
    );
    assert_eq!(extract_html_article(&html, None).byline.as_deref(), Some("Lena Park"));
}

#[test]
fn heading_that_the_metadata_repeats_wins_over_a_section_heading() {
    // The first `<h1>` names the section; an `<h2>` near the top is the headline the
    // metadata gives.
    let html = page(
        "<meta property=\"og:title\" content=\"Harbour dredging to start in spring | Bay Courier\">",
        "<h1>Harbour news</h1><h2>Harbour dredging to start in spring</h2>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Harbour dredging to start in spring")
    );
    // Two `<h1>`s: the blog's label first, the headline second.
    let html = page(
        "<title>Harbour dredging to start in spring (Bay Notes)</title><meta property=\"og:title\" content=\"Harbour dredging to start in spring\">",
        "<h1>Notes from the harbour master:</h1><h1>Harbour dredging to start in spring</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Harbour dredging to start in spring")
    );
    // An `<h1>` that extends the metadata title after a colon is kept as printed, even with
    // an `<h2>` that repeats the metadata.
    let html = page(
        "<meta property=\"og:title\" content=\"Harbour dredging to start in spring\">",
        "<h1>Harbour dredging to start in spring: what boat owners should know</h1><h2>Harbour dredging to start in spring</h2>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Harbour dredging to start in spring: what boat owners should know")
    );
}

#[test]
fn site_name_typography_and_invisible_characters_in_the_heading() {
    // The site's exact name after a dash in the `<h1>` goes; a word that merely contains it
    // stays.
    let site = "<meta property=\"og:site_name\" content=\"Courier\">";
    let html = page(site, "<h1>Ferry pier closes for repairs – Courier</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
    let html = page(site, "<h1>Courier strike ends – Ferries run again</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Courier strike ends – Ferries run again")
    );
    // Soft hyphens and zero-width spaces only guide line breaks.
    let html = page("", "<h1>Hafen\u{ad}erweiterung beginnt im\u{200b} Frühjahr</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Hafenerweiterung beginnt im Frühjahr")
    );
    // UTF-8 read as Latin-1 in the page's source.
    let html = page("", "<h1>The harbour master\u{e2}\u{80}\u{99}s plan for spring</h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("The harbour master’s plan for spring")
    );
}

#[test]
fn metadata_title_replaces_an_h1_only_when_nothing_ties_them() {
    // The og:title is a teaser sharing no word with the heading, but <title> does: the
    // heading stays.
    let html = page(
        "<meta property=\"og:title\" content=\"Read more stories on our website today\"><title>Ferry pier closes | Bay Courier</title>",
        "<h1>Ferry pier closes for repairs</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
    // The heading is the blog's name, which <title> merely starts with.
    let html = page(
        "<meta property=\"og:title\" content=\"Ferry pier closes for repairs\"><title>Harbour Notes: Ferry pier closes for repairs</title>",
        "<h1>Harbour Notes</h1>",
    );
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry pier closes for repairs")
    );
}

#[test]
fn blocks_inside_a_heading_caption_or_byline_keep_their_words_apart() {
    // Two block lines in one heading read as two words where they meet, not "timetableWinter".
    let html = page("", "<h1><div>Ferry timetable</div><div>Winter changes begin</div></h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry timetable Winter changes begin")
    );
    // Inline pieces of one word stay one word.
    let html = page("", "<h1><span>Ferry time</span><span>table changes begin</span></h1>");
    assert_eq!(
        extract_html_article(&html, None).title.as_deref(),
        Some("Ferry timetable changes begin")
    );
    let html = page("", "<h1>Ferry pier closes</h1><figure><img src=p.jpg><figcaption><p>Cracks in a pier support.</p><p>Engineers found two of them.</p></figcaption></figure>");
    let a = extract_html_article(&html, None);
    assert_eq!(
        a.captions[0].text.as_str(),
        "Cracks in a pier support. Engineers found two of them."
    );
    let html = page(
        "",
        "<h1>Ferry pier closes</h1><div class=\"author\"><div>Lena</div><div>Park</div></div>",
    );
    assert_eq!(extract_html_article(&html, None).byline.as_deref(), Some("Lena Park"));
}

#[test]
fn a_double_encoded_page_is_repaired_in_the_body_too() {
    // The page's UTF-8 was read as Windows-1252 and written out again before we got it.
    let html = page("", "<h1>Harbour cafÃ© closes</h1><p>The ownerâ€™s lease ends in May, and the cafÃ© will close â€” for good.</p>");
    let a = extract_html_article(&html, None);
    assert_eq!(a.title.as_deref(), Some("Harbour café closes"));
    assert!(
        a.body.starts_with("The owner’s lease ends in May, and the café will close — for good."),
        "{}",
        a.body
    );
    // A correct page with accented letters and curly quotes is left exactly as it is.
    let html = page("", "<h1>Le café du port ferme</h1><p>« Même l’été, c’était calme », dit Zoë. Straß“ und „Größe“.</p>");
    let a = extract_html_article(&html, None);
    assert!(
        a.body.starts_with("« Même l’été, c’était calme », dit Zoë. Straß“ und „Größe“."),
        "{}",
        a.body
    );
    let (text, _) = html_fragment_text("<p>The ownerâ€™s cafÃ© closes.</p>");
    assert_eq!(text, "The owner’s café closes.");
}
