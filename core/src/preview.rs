//! The page's preview pane asks one question of the simulated machine: what does `GET URL`
//! from the host return right now? The answer comes from the same servers `curl` reaches
//! ([`crate::http`]), read-only: a preview writes no access-log line and changes nothing.

pub use crate::http::{parse_url, HttpError, HttpResponse, Url};
use crate::session::Session;

/// What `GET url` from the host of `session` returns now (bind-mounted files are read from
/// the host's filesystem), or why nothing came back.
pub fn get(session: &Session, url: &str) -> Result<HttpResponse, HttpError> {
    crate::http::get(session.engine(), session.shell().fs(), url)
}
