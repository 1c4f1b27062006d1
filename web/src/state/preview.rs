//! What the browser preview shows for an address: the page the simulated machine serves there
//! right now (core's `http::get`, read-only), or which browser error page stands in for it.
//!
//! Pure over the session, so it is tested without a browser. The Korean error pages and the
//! iframe are the view's (`components/preview.rs`); this module must not build HTML for them
//! nor change the machine (a preview is no request: it leaves no access-log line).

use whalelab_core::http::{self, HttpError};
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
    match http::get(session.engine(), session.shell().fs(), address) {
        Ok(response) => {
            let html = response.header("Content-Type").is_none_or(|t| t.to_ascii_lowercase().contains("html"));
            PreviewPage::Served { status: response.status, html, body: response.body }
        }
        Err(error) => PreviewPage::Failed(match error {
            HttpError::ConnectionRefused { host, .. } => PreviewError::Refused { host },
            HttpError::ConnectionReset => PreviewError::Reset,
            HttpError::Timeout => PreviewError::TimedOut { host: host() },
            HttpError::CouldNotResolve(host) => PreviewError::NameNotResolved { host },
            HttpError::TlsMismatch => PreviewError::Ssl { host: host() },
            HttpError::BadUrl(_) | HttpError::UnsupportedProtocol(_) => PreviewError::InvalidUrl,
        }),
    }
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
        let mut s = Session::new(SessionConfig::default());
        assert_eq!(
            preview(&s, DEFAULT_ADDRESS),
            PreviewPage::Failed(PreviewError::Refused { host: "localhost".into() })
        );
        run(&mut s, "docker run --name apa000ex1 -d -p 8080:80 httpd");
        match preview(&s, DEFAULT_ADDRESS) {
            PreviewPage::Served { status: 200, html: true, body } => assert!(body.contains("It works!"), "{body}"),
            other => panic!("{other:?}"),
        }
        let before = s.engine().snapshot();
        preview(&s, "localhost:8080/missing.html");
        assert_eq!(s.engine().snapshot(), before, "a preview changes nothing");
        match preview(&s, "localhost:8080/missing.html") {
            PreviewPage::Served { status, .. } => assert_eq!(status, 404),
            other => panic!("{other:?}"),
        }
        run(&mut s, "docker stop apa000ex1");
        assert_eq!(preview(&s, DEFAULT_ADDRESS).clone(), PreviewPage::Failed(PreviewError::Refused { host: "localhost".into() }));
        assert_eq!(preview(&s, "ftp://localhost/"), PreviewPage::Failed(PreviewError::InvalidUrl));
        assert_eq!(PreviewError::InvalidUrl.code(), "ERR_INVALID_URL");
    }
}
