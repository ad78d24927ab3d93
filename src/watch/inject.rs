//! Live reload for every served page, whatever its template: the server adds the reload
//! script to HTML answers that do not load it already. A workspace's own `base.html`
//! need not know about the preview, and `spex build` output never carries the script.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The script the pages load; its route is served beside the site.
pub const LIVE_JS_PATH: &str = "/__spex/live.js";

const SNIPPET: &str = "<script src=\"/__spex/live.js\" defer></script>";

/// Middleware: GET answers with a whole HTML page (the page, or the site's 404 page) get
/// the script; partial content, HEAD answers and everything else pass untouched.
pub async fn inject_live_reload(request: Request, next: Next) -> Response {
    let get = request.method() == Method::GET;
    let response = next.run(request).await;
    let whole = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND);
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(get && whole && html) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Site pages are files spex wrote; the largest index pages are a few megabytes.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    let page = with_live_reload(&bytes);
    // The length changed; the body's own size is sent instead.
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

/// `page` with the script before its last `</body>` (or at the end), unless it loads it.
pub fn with_live_reload(page: &[u8]) -> Vec<u8> {
    if contains(page, LIVE_JS_PATH.as_bytes()) {
        return page.to_vec();
    }
    let at = rfind_ignore_case(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + SNIPPET.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(SNIPPET.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = with_live_reload(b"<html><body><p>Hi</p></BODY></html>");
        assert_eq!(
            String::from_utf8_lossy(&page),
            format!("<html><body><p>Hi</p>{SNIPPET}</BODY></html>")
        );
    }

    #[test]
    fn a_page_without_a_body_tag_gets_it_at_the_end() {
        let page = with_live_reload(b"<p>fragment</p>");
        assert!(page.ends_with(SNIPPET.as_bytes()));
    }

    #[test]
    fn a_page_that_loads_it_already_is_left_alone() {
        let original = format!("<body>{SNIPPET}</body>");
        assert_eq!(with_live_reload(original.as_bytes()), original.as_bytes());
    }
}
