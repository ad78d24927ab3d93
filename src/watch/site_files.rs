//! The preview's static files: the build folder through tower-http's `ServeDir` (which
//! keeps `..`, encoded or not, inside the folder), and the site's 404 page for anything
//! that is not a file there. `ServeDir` turns file-system errors other than "not found"
//! into a 500 (a path segment over 255 bytes is `ENAMETOOLONG`); a request path is
//! only ever a question about the folder, so every such error means "no such page".

use std::path::PathBuf;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

/// The folder being served, shared by every request.
#[derive(Clone)]
pub struct SiteFiles {
    dir: ServeDir<tower_http::set_status::SetStatus<ServeFile>>,
    not_found: PathBuf,
}

impl SiteFiles {
    pub fn new(site: PathBuf) -> SiteFiles {
        let not_found = site.join("404.html");
        SiteFiles {
            dir: ServeDir::new(&site).not_found_service(ServeFile::new(&not_found)),
            not_found,
        }
    }
}

/// Handler: the file at the request path, or the 404 page.
pub async fn site_file(State(files): State<SiteFiles>, request: Request) -> Response {
    let mut dir = files.dir.clone();
    match dir.try_call(request).await {
        Ok(response) => response.into_response(),
        Err(_) => not_found_page(&files).await,
    }
}

/// The site's 404 page with status 404 (plain text if even that cannot be read).
async fn not_found_page(files: &SiteFiles) -> Response {
    match tokio::fs::read(&files.not_found).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "404 Not Found\n").into_response(),
    }
}
