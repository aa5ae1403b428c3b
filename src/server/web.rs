//! The workbench page for the clerks of a 巡察办 (`GET /`): an HTML page, one stylesheet and a
//! few ES modules, written without a build step and embedded in the binary, served among the
//! open routes, without the token (every `/v1` call the page makes still needs it). And the headers every response
//! carries: a strict Content-Security-Policy, `nosniff`, no referrer, and `no-store` on
//! everything but the page's own files (a 问题线索清单 is 机密).
//!
//! The files are embedded with `include_bytes!` rather than `rust-embed`: there are a handful,
//! each listed here with its media type, so nothing else in the folder is ever served and no
//! dependency or proc-macro is needed; a unit test checks that the list and the folder agree.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::AppState;

/// One file of the page.
struct Asset {
    /// Where it is served.
    path: &'static str,
    /// Its media type.
    media_type: &'static str,
    /// Its bytes.
    bytes: &'static [u8],
}

macro_rules! asset {
    ($file:literal, $media_type:expr) => {
        Asset {
            path: concat!("/web/", $file),
            media_type: $media_type,
            bytes: include_bytes!(concat!("web/", $file)),
        }
    };
}

/// The media type of the modules.
const JS: &str = "text/javascript; charset=utf-8";

/// Every file of the page, the page first.
static ASSETS: [Asset; 12] = [
    Asset {
        path: "/",
        media_type: "text/html; charset=utf-8",
        bytes: include_bytes!("web/index.html"),
    },
    asset!("style.css", "text/css; charset=utf-8"),
    asset!("icon.svg", "image/svg+xml"),
    asset!("app.js", JS),
    asset!("api.js", JS),
    asset!("dom.js", JS),
    asset!("form.js", JS),
    asset!("document.js", JS),
    asset!("round.js", JS),
    asset!("ledger.js", JS),
    asset!("cells.js", JS),
    asset!("zip.js", JS),
];

/// The Content-Security-Policy of every response: the page's own files only, no inline script
/// or style, images from the page or from blob URLs (the previews), no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// The routes of the page's files.
pub fn routes() -> Router<AppState> {
    ASSETS
        .iter()
        .enumerate()
        .fold(Router::new(), |router, (i, asset)| {
            router.route(asset.path, get(move |headers: HeaderMap| serve(i, headers)))
        })
}

/// A file of the page, or 304 when the browser has it (the ETag is its SHA-256).
async fn serve(index: usize, headers: HeaderMap) -> Response {
    let asset = &ASSETS[index];
    let etag = etag(index);
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, asset.bytes).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.media_type),
    );
    // Revalidated on every load, so a new binary's page is never mixed with an old one's.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(etag).expect("an ETag is ASCII"),
    );
    response
}

/// The ETag of asset `index`, computed once.
fn etag(index: usize) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    &TAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let digest = Sha256::digest(a.bytes);
                let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
                format!("\"{hex}\"")
            })
            .collect()
    })[index]
}

/// Adds the security headers to every response: the CSP, `nosniff`, `no-referrer`, and
/// `Cache-Control: no-store` where the handler set no caching (documents, JSON, errors).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_folder_is_served_and_nothing_else() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/web");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut served: Vec<String> = ASSETS
            .iter()
            .map(|a| match a.path {
                "/" => "index.html".to_string(),
                path => path.strip_prefix("/web/").unwrap().to_string(),
            })
            .collect();
        served.sort();
        assert_eq!(files, served);
        for asset in &ASSETS {
            let javascript = asset.path.ends_with(".js");
            assert_eq!(asset.media_type == JS, javascript, "{}", asset.path);
        }
    }
}
