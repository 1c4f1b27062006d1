//! The web servers images run: Apache httpd and nginx answering static requests from a
//! container's files, and the servers that answer every request alike (Traefik with no routes,
//! Elasticsearch's banner, PHP's built-in server behind Adminer).
//!
//! Each reproduces its server's observable behaviour for static files: the header fields and
//! their order, `ETag` and `Last-Modified` derived from the file, directory handling (httpd's
//! "Index of /" listing, nginx's 403), the redirect that adds a slash to a directory, and the
//! exact bytes of its error pages. It also returns the access-log line the server writes to
//! stdout. Pure functions: no clock, no engine access.

use super::{HttpResponse, Request};
use crate::env::SimTime;
use crate::go::time::{civil, short_day_name, short_month_name};
use crate::shell::fs::{self, Fs, NodeKind};

/// Which server answers, with its version (from the image's `HTTPD_VERSION`/`NGINX_VERSION`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Apache httpd.
    Apache {
        /// `2.4.63`.
        version: String,
    },
    /// nginx.
    Nginx {
        /// `1.27.4`.
        version: String,
    },
    /// Traefik with no routes configured: Go's `404 page not found` for every path.
    Traefik,
    /// Elasticsearch with security off: its JSON banner at `/`.
    Elasticsearch,
    /// PHP's built-in development server (`php -S`), serving one page.
    Php {
        /// `7.4.33`, for `X-Powered-By`.
        version: String,
    },
}

/// What the image's data says the server serves.
#[derive(Clone, Copy, Debug)]
pub struct Served<'a> {
    /// The document root (`apache`, `nginx`).
    pub root: &'a str,
    /// The one answer (`elasticsearch`, `php`).
    pub body: &'a str,
}

/// A line the server writes to its log for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// The text.
    pub text: String,
    /// Written to stderr (PHP's server) rather than stdout (httpd's and nginx's access logs).
    pub stderr: bool,
}

impl Kind {
    /// The `Server:` header.
    pub fn server_header(&self) -> String {
        match self {
            Kind::Apache { version } if version.is_empty() => "Apache/2.4.63 (Unix)".to_string(),
            Kind::Apache { version } => format!("Apache/{version} (Unix)"),
            Kind::Nginx { version } if version.is_empty() => "nginx/1.27.4".to_string(),
            Kind::Nginx { version } => format!("nginx/{version}"),
            Kind::Traefik | Kind::Elasticsearch | Kind::Php { .. } => String::new(),
        }
    }
}

/// `Tue, 11 Feb 2025 07:00:00 GMT` (RFC 7231's IMF-fixdate).
pub fn http_date(t: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    let (wd, mon) = (short_day_name(t), short_month_name(mo));
    format!("{wd}, {d:02} {mon} {y} {h:02}:{mi:02}:{s:02} GMT")
}

/// `11/Feb/2025:07:00:05 +0000`, the time in both servers' access logs.
fn log_time(t: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    let mon = short_month_name(mo);
    format!("{d:02}/{mon}/{y}:{h:02}:{mi:02}:{s:02} +0000")
}

/// Decodes `%20`-style escapes; `None` for a broken escape or a NUL.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(hex, 16).ok()?;
            if v == 0 {
                return None;
            }
            out.push(v);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type each server gives a file name (Apache's `mime.types`, nginx's).
fn content_type(kind: &Kind, name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let apache = matches!(kind, Kind::Apache { .. });
    Some(match ext.as_str() {
        "html" | "htm" => "text/html",
        "shtml" if !apache => "text/html",
        "css" => "text/css",
        "js" | "mjs" if apache => "text/javascript",
        "js" => "application/javascript",
        "txt" | "text" | "conf" | "log" => "text/plain",
        "json" => "application/json",
        "xml" => {
            if apache {
                "application/xml"
            } else {
                "text/xml"
            }
        }
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ if apache => return None,
        _ => "application/octet-stream",
    })
}

fn response(status: u16, reason: &str, headers: Vec<(String, String)>, body: String, head: bool) -> HttpResponse {
    HttpResponse { status, reason: reason.to_string(), headers, body: if head { String::new() } else { body } }
}

fn h(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_string(), v.into())
}

/// Answers one request from `files` (or with the data's one answer). Returns the response and
/// the log lines the server writes for it.
pub fn serve(
    kind: &Kind,
    files: &Fs,
    served: &Served<'_>,
    req: &Request,
    client_ip: &str,
    now: SimTime,
) -> (HttpResponse, Vec<LogLine>) {
    let root = served.root;
    let raw_path = req.url.path.split('?').next().unwrap_or("/");
    let head = req.method == "HEAD";
    let resp = match (percent_decode(raw_path), kind) {
        (_, Kind::Traefik) => go_not_found(head, now),
        (_, Kind::Elasticsearch) => elasticsearch(served.body, head),
        (_, Kind::Php { version }) => php(version, served.body, req, head, now),
        (Some(p), Kind::Apache { .. }) => apache(kind, files, root, &p, req, head, now),
        (Some(p), Kind::Nginx { .. }) => nginx(kind, files, root, &p, req, head, now),
        (None, _) => bad_request(kind, head, now),
    };
    let bytes = if head { 0 } else { resp.body.len() };
    let stdout = |text: String| vec![LogLine { text, stderr: false }];
    let lines = match kind {
        Kind::Apache { .. } => {
            let size = if bytes == 0 { "-".to_string() } else { bytes.to_string() };
            stdout(format!(
                "{client_ip} - - [{}] \"{} {} HTTP/1.1\" {} {size}",
                log_time(now),
                req.method,
                req.url.path,
                resp.status
            ))
        }
        Kind::Nginx { .. } => stdout(format!(
            "{client_ip} - - [{}] \"{} {} HTTP/1.1\" {} {bytes} \"-\" \"{}\" \"-\"",
            log_time(now),
            req.method,
            req.url.path,
            resp.status,
            req.user_agent
        )),
        // Traefik keeps no access log unless told to; Elasticsearch logs no requests.
        Kind::Traefik | Kind::Elasticsearch => Vec::new(),
        Kind::Php { .. } => {
            // The built-in server's three lines per connection, on stderr, with the client as
            // an IPv4-mapped IPv6 address and its source port.
            let port = 32768 + (now / 1000 % 28_000);
            let at = php_time(now);
            let who = format!("[::ffff:{client_ip}]:{port}");
            [
                "Accepted".to_string(),
                format!("[{}]: {} {}", resp.status, req.method, req.url.path),
                "Closing".to_string(),
            ]
            .into_iter()
            .map(|what| LogLine { text: format!("[{at}] {who} {what}"), stderr: true })
            .collect()
        }
    };
    (resp, lines)
}

// ----- servers that answer every request alike ------------------------------------------

/// Go's `http.NotFound`, as Traefik sends it when no router matches.
fn go_not_found(head: bool, now: SimTime) -> HttpResponse {
    let body = "404 page not found\n".to_string();
    let headers = vec![
        h("Content-Type", "text/plain; charset=utf-8"),
        h("X-Content-Type-Options", "nosniff"),
        h("Date", http_date(now)),
        h("Content-Length", body.len().to_string()),
    ];
    response(404, "Not Found", headers, body, head)
}

/// Elasticsearch 8's answer at `/` with security off (header names as Netty sends them;
/// UNCERTAIN: read from memory of real responses, not from a recorded one).
fn elasticsearch(body: &str, head: bool) -> HttpResponse {
    let headers = vec![
        h("X-elastic-product", "Elasticsearch"),
        h("content-type", "application/json"),
        h("content-length", body.len().to_string()),
    ];
    response(200, "OK", headers, body.to_string(), head)
}

/// PHP's built-in server with the one page the image's data gives (Adminer's login form).
/// The headers are the server's own; Adminer's extra security headers are not modelled.
fn php(version: &str, body: &str, req: &Request, head: bool, now: SimTime) -> HttpResponse {
    let headers = vec![
        h("Host", req.url.host_header()),
        h("Date", http_date(now)),
        h("Connection", "close"),
        h("X-Powered-By", format!("PHP/{version}")),
        h("Content-type", "text/html; charset=UTF-8"),
    ];
    response(200, "OK", headers, body.to_string(), head)
}

/// `Tue Feb 11 07:00:05 2025`, the time in PHP's server log (day padded with a space).
fn php_time(t: SimTime) -> String {
    let secs = t / 1000;
    let (y, mo, d, h, mi, s) = civil(secs);
    let (wd, mon) = (short_day_name(t), short_month_name(mo));
    format!("{wd} {mon} {d:>2} {h:02}:{mi:02}:{s:02} {y}")
}

fn bad_request(kind: &Kind, head: bool, now: SimTime) -> HttpResponse {
    match kind {
        Kind::Apache { .. } => apache_error(
            kind,
            400,
            "Bad Request",
            "<p>Your browser sent a request that this server could not understand.<br />\n</p>\n",
            head,
            now,
        ),
        _ => nginx_error(kind, 400, "Bad Request", head, now),
    }
}

/// Resolves a URL path under the document root, refusing anything that climbs out of it.
fn file_path(root: &str, url_path: &str) -> String {
    let inside = fs::normalize("/", url_path);
    if inside == "/" {
        root.to_string()
    } else {
        format!("{}{inside}", root.trim_end_matches('/'))
    }
}

/// Whether the server's worker (`www-data`/`nginx`, not root) may read every directory on
/// the way and the file itself.
fn readable(files: &Fs, root: &str, path: &str) -> bool {
    let mut cur = String::new();
    for comp in path.split('/').filter(|c| !c.is_empty()) {
        cur.push('/');
        cur.push_str(comp);
        let Some(n) = files.get(&cur) else { return false };
        let need = if n.is_dir() { 0o001 } else { 0o004 };
        // Only the part below the document root is the learner's business; the image's own
        // directories above it are fine.
        if cur.len() >= root.len() && n.mode & need == 0 {
            return false;
        }
    }
    true
}

// ----- Apache httpd ---------------------------------------------------------------------

fn apache_error(kind: &Kind, status: u16, reason: &str, text: &str, head: bool, now: SimTime) -> HttpResponse {
    let body = format!("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{status} {reason}</title>\n</head><body>\n<h1>{reason}</h1>\n{text}</body></html>\n");
    let headers = vec![
        h("Date", http_date(now)),
        h("Server", kind.server_header()),
        h("Content-Length", body.len().to_string()),
        h("Content-Type", "text/html; charset=iso-8859-1"),
    ];
    response(status, reason, headers, body, head)
}

fn apache(
    kind: &Kind,
    files: &Fs,
    root: &str,
    url_path: &str,
    req: &Request,
    head: bool,
    now: SimTime,
) -> HttpResponse {
    if !matches!(req.method.as_str(), "GET" | "HEAD" | "POST" | "OPTIONS") {
        let text = format!("<p>The requested method {} is not allowed for this URL.</p>\n", req.method);
        let mut r = apache_error(kind, 405, "Method Not Allowed", &text, head, now);
        r.headers.insert(2, h("Allow", "GET,POST,OPTIONS,HEAD"));
        return r;
    }
    let path = file_path(root, url_path);
    let name = fs::file_name(url_path);
    if name.starts_with(".ht") {
        return apache_error(
            kind,
            403,
            "Forbidden",
            "<p>You don't have permission to access this resource.</p>\n",
            head,
            now,
        );
    }
    let Some(node) = files.get(&path) else {
        return apache_error(
            kind,
            404,
            "Not Found",
            "<p>The requested URL was not found on this server.</p>\n",
            head,
            now,
        );
    };
    if !readable(files, root, &path) {
        return apache_error(
            kind,
            403,
            "Forbidden",
            "<p>You don't have permission to access this resource.</p>\n",
            head,
            now,
        );
    }
    if node.is_dir() {
        if !url_path.ends_with('/') {
            let location = format!("http://{}{}/", req.url.host_header(), url_path);
            let text = format!("<p>The document has moved <a href=\"{location}\">here</a>.</p>\n");
            let mut r = apache_error(kind, 301, "Moved Permanently", &text, head, now);
            r.headers.insert(2, h("Location", location));
            return r;
        }
        let index = format!("{}/index.html", path.trim_end_matches('/'));
        if files.get(&index).is_some_and(|n| !n.is_dir()) {
            return apache_file(kind, files, root, &index, head, now);
        }
        return apache_listing(kind, files, &path, url_path, head, now);
    }
    apache_file(kind, files, root, &path, head, now)
}

fn apache_file(kind: &Kind, files: &Fs, root: &str, path: &str, head: bool, now: SimTime) -> HttpResponse {
    let Some(node) = files.get(path) else {
        return apache_error(
            kind,
            404,
            "Not Found",
            "<p>The requested URL was not found on this server.</p>\n",
            head,
            now,
        );
    };
    if !readable(files, root, path) {
        return apache_error(
            kind,
            403,
            "Forbidden",
            "<p>You don't have permission to access this resource.</p>\n",
            head,
            now,
        );
    }
    let body = match &node.kind {
        NodeKind::File(t) => t.clone(),
        NodeKind::Dir => String::new(),
    };
    // Apache's ETag: size and modification time in microseconds, both in hex.
    let etag = format!("\"{:x}-{:x}\"", body.len(), node.mtime.saturating_mul(1000));
    let mut headers = vec![
        h("Date", http_date(now)),
        h("Server", kind.server_header()),
        h("Last-Modified", http_date(node.mtime)),
        h("ETag", etag),
        h("Accept-Ranges", "bytes"),
        h("Content-Length", body.len().to_string()),
    ];
    if let Some(ct) = content_type(kind, path) {
        headers.push(h("Content-Type", ct));
    }
    response(200, "OK", headers, body, head)
}

/// mod_autoindex's plain listing (httpd's default config has `Options Indexes` and no
/// `IndexOptions FancyIndexing`).
fn apache_listing(kind: &Kind, files: &Fs, dir: &str, url_path: &str, head: bool, now: SimTime) -> HttpResponse {
    let title = url_path;
    let mut body = format!("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of {title}</title>\n </head>\n <body>\n<h1>Index of {title}</h1>\n<ul>");
    if url_path != "/" {
        let parent = fs::parent(url_path.trim_end_matches('/'));
        let parent = if parent == "/" { "/".to_string() } else { format!("{parent}/") };
        body.push_str(&format!("<li><a href=\"{parent}\"> Parent Directory</a></li>\n"));
    }
    for (name, n) in files.children(dir) {
        if name.starts_with(".ht") {
            continue;
        }
        let shown = if n.is_dir() { format!("{name}/") } else { name.to_string() };
        body.push_str(&format!("<li><a href=\"{shown}\"> {shown}</a></li>\n"));
    }
    body.push_str("</ul>\n</body></html>\n");
    let headers = vec![
        h("Date", http_date(now)),
        h("Server", kind.server_header()),
        h("Content-Length", body.len().to_string()),
        h("Content-Type", "text/html;charset=UTF-8"),
    ];
    response(200, "OK", headers, body, head)
}

// ----- nginx ----------------------------------------------------------------------------

fn nginx_error(kind: &Kind, status: u16, reason: &str, head: bool, now: SimTime) -> HttpResponse {
    let body = format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>{}</center>\r\n</body>\r\n</html>\r\n",
        kind.server_header()
    );
    let headers = vec![
        h("Server", kind.server_header()),
        h("Date", http_date(now)),
        h("Content-Type", "text/html"),
        h("Content-Length", body.len().to_string()),
        h("Connection", "keep-alive"),
    ];
    response(status, reason, headers, body, head)
}

fn nginx(kind: &Kind, files: &Fs, root: &str, url_path: &str, req: &Request, head: bool, now: SimTime) -> HttpResponse {
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return nginx_error(kind, 405, "Not Allowed", head, now);
    }
    let path = file_path(root, url_path);
    let Some(node) = files.get(&path) else {
        return nginx_error(kind, 404, "Not Found", head, now);
    };
    if node.is_dir() {
        if !url_path.ends_with('/') {
            // nginx builds the absolute Location from the Host name and its own listen port
            // (80), so behind `-p 8080:80` the redirect points at port 80.
            let mut r = nginx_error(kind, 301, "Moved Permanently", head, now);
            let host = if req.url.host.contains(':') { format!("[{}]", req.url.host) } else { req.url.host.clone() };
            r.headers.insert(4, h("Location", format!("http://{host}{url_path}/")));
            return r;
        }
        for index in ["index.html", "index.htm"] {
            let p = format!("{}/{index}", path.trim_end_matches('/'));
            if files.get(&p).is_some_and(|n| !n.is_dir()) {
                return nginx_file(kind, files, root, &p, head, now);
            }
        }
        return nginx_error(kind, 403, "Forbidden", head, now);
    }
    nginx_file(kind, files, root, &path, head, now)
}

fn nginx_file(kind: &Kind, files: &Fs, root: &str, path: &str, head: bool, now: SimTime) -> HttpResponse {
    let Some(node) = files.get(path) else { return nginx_error(kind, 404, "Not Found", head, now) };
    if !readable(files, root, path) {
        return nginx_error(kind, 403, "Forbidden", head, now);
    }
    let body = match &node.kind {
        NodeKind::File(t) => t.clone(),
        NodeKind::Dir => String::new(),
    };
    // nginx's ETag: modification time in seconds and size, both in hex.
    let etag = format!("\"{:x}-{:x}\"", node.mtime / 1000, body.len());
    let headers = vec![
        h("Server", kind.server_header()),
        h("Date", http_date(now)),
        h("Content-Type", content_type(kind, path).unwrap_or("application/octet-stream")),
        h("Content-Length", body.len().to_string()),
        h("Last-Modified", http_date(node.mtime)),
        h("Connection", "keep-alive"),
        h("ETag", etag),
        h("Accept-Ranges", "bytes"),
    ];
    response(200, "OK", headers, body, head)
}
