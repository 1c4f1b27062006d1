//! What the browser preview shows for an address: the page the simulated machine serves there
//! right now (core's `preview::get`, read-only), or which browser error page stands in for it.
//!
//! Pure over the session, so it is tested without a browser. The Korean error pages and the
//! iframe are the view's (`components/preview.rs`); this module must not build HTML for them
//! nor change the machine (a preview is no request: it leaves no access-log line).

use whalelab_core::preview::{self as http, HttpError};
use whalelab_core::Session;

/// The address the preview opens first: the seed's `-p 8080:80`.
pub const DEFAULT_ADDRESS: &str = "http://localhost:8080/";

/// What the preview frame shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewPage {
    /// The server answered (any status: a 404 page is a page).
    Served {
        /// `200`, `404`, ...
        status: u16,
        /// Whether the body is HTML (`Content-Type: text/html`); other bodies are shown as text.
        html: bool,
        /// The body as the server sent it.
        body: String,
    },
    /// No answer; the view draws the browser's error page for this kind.
    Failed(PreviewError),
}

/// Why no page came back, named after Chrome's error codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewError {
    /// `ERR_CONNECTION_REFUSED`: nothing listens on that port.
    Refused {
        /// The host as typed (`localhost`).
        host: String,
    },
    /// `ERR_CONNECTION_RESET`: the port is published but nothing answers behind it.
    Reset,
    /// `ERR_CONNECTION_TIMED_OUT`: the server never answers (a paused container).
    TimedOut {
        /// The host as typed.
        host: String,
    },
    /// `ERR_NAME_NOT_RESOLVED`.
    NameNotResolved {
        /// The unknown name.
        host: String,
    },
    /// `ERR_SSL_PROTOCOL_ERROR`: `https://` to a plain HTTP server.
    Ssl {
        /// The host as typed.
        host: String,
    },
    /// `ERR_INVALID_URL` (also for schemes a browser preview cannot open).
    InvalidUrl,
}

impl PreviewError {
    /// Chrome's code, shown on the error page.
    pub fn code(&self) -> &'static str {
        match self {
            PreviewError::Refused { .. } => "ERR_CONNECTION_REFUSED",
            PreviewError::Reset => "ERR_CONNECTION_RESET",
            PreviewError::TimedOut { .. } => "ERR_CONNECTION_TIMED_OUT",
            PreviewError::NameNotResolved { .. } => "ERR_NAME_NOT_RESOLVED",
            PreviewError::Ssl { .. } => "ERR_SSL_PROTOCOL_ERROR",
            PreviewError::InvalidUrl => "ERR_INVALID_URL",
        }
    }
}

/// Asks the machine what `address` serves now.
pub fn preview(session: &Session, address: &str) -> PreviewPage {
    let host = || http::parse_url(address).map(|u| u.host).unwrap_or_default();
    match http::get(session, address) {
        Ok(response) => {
            let html = response.header("Content-Type").is_none_or(|t| t.to_ascii_lowercase().contains("html"));
            PreviewPage::Served { status: response.status, html, body: response.body }
        }
        Err(error) => PreviewPage::Failed(match error {
            HttpError::ConnectionRefused { host, .. } => PreviewError::Refused { host },
            // A browser shows ERR_EMPTY_RESPONSE: the connection closed without an answer.
            HttpError::ConnectionReset | HttpError::EmptyReply => PreviewError::Reset,
            HttpError::Timeout => PreviewError::TimedOut { host: host() },
            HttpError::CouldNotResolve(host) => PreviewError::NameNotResolved { host },
            HttpError::TlsMismatch | HttpError::SelfSignedCertificate => PreviewError::Ssl { host: host() },
            HttpError::BadUrl(_) | HttpError::UnsupportedProtocol(_) => PreviewError::InvalidUrl,
        }),
    }
}

/// Where a click on a link with `href` in the page at `current` goes: the new address for
/// the preview, or `None` when the browser would stay on this page (a `#fragment`) or leave
/// the simulated machine's web (`mailto:`, `javascript:`, ...), which the preview ignores.
///
/// Resolved as a browser resolves a link against the page's URL (RFC 3986 §5.2), so
/// `about.html`, `../img/`, `/docs/` and `?page=2` all land where they would on a real
/// server; the fragment is dropped, as it is never sent to the server.
pub fn follow_link(current: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let href = href.split('#').next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    let scheme_end = href.find(':').filter(|&i| {
        href.get(..i).is_some_and(|s| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
    });
    if let Some(i) = scheme_end {
        let scheme = href.get(..i).unwrap_or("").to_ascii_lowercase();
        return (scheme == "http" || scheme == "https").then(|| href.to_string());
    }
    let base = http::parse_url(current).ok()?;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}://{rest}", base.scheme));
    }
    let origin = format!("{}://{}", base.scheme, base.host_header());
    let (base_path, _) = base.path.split_once('?').unwrap_or((base.path.as_str(), ""));
    let path = if href.starts_with('?') {
        format!("{base_path}{href}")
    } else if href.starts_with('/') {
        remove_dot_segments(href)
    } else {
        let dir = base_path.rsplit_once('/').map_or("", |(d, _)| d);
        remove_dot_segments(&format!("{dir}/{href}"))
    };
    Some(format!("{origin}{path}"))
}

/// `/a/./b/../c` → `/a/c`, keeping a query as it is.
fn remove_dot_segments(path: &str) -> String {
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        // A path ending in `.` or `..` names a directory.
        if i == last && (*segment == "." || *segment == "..") {
            out.push("");
        }
    }
    let mut resolved = String::new();
    for s in &out {
        resolved.push('/');
        resolved.push_str(s);
    }
    if resolved.is_empty() {
        resolved.push('/');
    }
    if let Some(q) = query {
        resolved.push('?');
        resolved.push_str(q);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::SessionConfig;

    fn run(session: &mut Session, line: &str) {
        let now = SessionConfig::default().start_time + 1000;
        session.run_line(line, now);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nothing_listens_until_the_seed_runs_httpd() {
        let mut s = Session::with_catalogue(SessionConfig::default(), crate::state::registry::shipped());
        assert_eq!(
            preview(&s, DEFAULT_ADDRESS),
            PreviewPage::Failed(PreviewError::Refused { host: "localhost".into() })
        );
        run(&mut s, "docker run --name apa000ex1 -d -p 8080:80 httpd");
        match preview(&s, DEFAULT_ADDRESS) {
            PreviewPage::Served { status: 200, html: true, body } => assert!(body.contains("It works!"), "{body}"),
            other => panic!("{other:?}"),
        }
        let before = s.snapshot();
        preview(&s, "localhost:8080/missing.html");
        assert_eq!(s.snapshot(), before, "a preview changes nothing");
        match preview(&s, "localhost:8080/missing.html") {
            PreviewPage::Served { status, .. } => assert_eq!(status, 404),
            other => panic!("{other:?}"),
        }
        run(&mut s, "docker stop apa000ex1");
        assert_eq!(
            preview(&s, DEFAULT_ADDRESS).clone(),
            PreviewPage::Failed(PreviewError::Refused { host: "localhost".into() })
        );
        assert_eq!(preview(&s, "ftp://localhost/"), PreviewPage::Failed(PreviewError::InvalidUrl));
        assert_eq!(PreviewError::InvalidUrl.code(), "ERR_INVALID_URL");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn links_resolve_against_the_page_as_a_browser_resolves_them() {
        let page = "http://localhost:8080/docs/guide/index.html?x=1";
        let cases = [
            ("about.html", Some("http://localhost:8080/docs/guide/about.html")),
            ("./a/b.html", Some("http://localhost:8080/docs/guide/a/b.html")),
            ("../img/", Some("http://localhost:8080/docs/img/")),
            ("../../../../x", Some("http://localhost:8080/x")),
            ("..", Some("http://localhost:8080/docs/")),
            ("/", Some("http://localhost:8080/")),
            ("/shop/?page=2", Some("http://localhost:8080/shop/?page=2")),
            ("?page=2", Some("http://localhost:8080/docs/guide/index.html?page=2")),
            ("b.html#top", Some("http://localhost:8080/docs/guide/b.html")),
            ("//127.0.0.1:9000/p", Some("http://127.0.0.1:9000/p")),
            ("http://nginx.org/", Some("http://nginx.org/")),
            ("HTTPS://Example.com/a", Some("HTTPS://Example.com/a")),
            ("#section", None),
            ("", None),
            ("mailto:root@localhost", None),
            ("javascript:alert(1)", None),
        ];
        for (href, want) in cases {
            assert_eq!(follow_link(page, href).as_deref(), want, "href {href:?}");
        }
        // Addresses typed without a scheme or path, as the address bar accepts them.
        assert_eq!(follow_link("localhost:8080", "about.html").as_deref(), Some("http://localhost:8080/about.html"));
        assert_eq!(follow_link("localhost", "a/").as_deref(), Some("http://localhost/a/"));
        assert_eq!(follow_link("ftp://x/", "a"), None);
    }
}
