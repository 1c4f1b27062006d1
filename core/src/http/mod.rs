//! HTTP in the simulated world: what `http://HOST:PORT/PATH` returns right now.
//!
//! A request is routed as the kernel and Docker would route it: from the host, `localhost`,
//! `127.0.0.1`, `0.0.0.0` and the host's own addresses ([`HOST_ADDRESSES`]) reach the container
//! that published that port (`-p 8080:80`), and a container's IP reaches the container itself;
//! from inside a container, `localhost` is the container and other containers are found by
//! name through Docker's DNS on user-defined networks (never on the default bridge). The
//! container's web server ([`server`]) then answers from the container's files as they are now
//! (image, writable layer, volumes, bind mounts), with the headers and error pages Apache
//! httpd and nginx really send. The [`curl`] module turns the result into curl's output.
//!
//! [`get`] is the read-only question the web page's preview pane asks; [`request`] is what
//! `curl` and `wget` do, which also leaves the server's access-log line in `docker logs`.
//! Nothing here reads a clock: time is the engine's.

pub mod curl;
pub mod server;

use crate::engine::files::{rootfs, runs_main};
use crate::engine::network::parse_ipv4;
use crate::engine::Engine;
use crate::shell::fs::Fs;
use crate::snapshot::ContainerStatus;
use std::fmt;

/// Names and addresses that mean "this machine" on the host: loopback, the host name, the
/// VM's private address (what `hostname -I` prints first) and the `docker0` bridge gateway.
pub const HOST_ADDRESSES: &[&str] = &[
    "localhost",
    "127.0.0.1",
    "0.0.0.0",
    "::1",
    crate::host::HOST_NAME,
    "127.0.1.1",
    crate::host::HOST_IP,
    crate::host::DOCKER0_IP,
    "ip6-localhost",
];

/// The User-Agent curl 8.5 (Ubuntu 24.04) sends.
pub const CURL_USER_AGENT: &str = "curl/8.5.0";

/// A complete HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// `200`, `404`, ...
    pub status: u16,
    /// `OK`, `Not Found`, ...
    pub reason: String,
    /// Header fields in the order the server sends them.
    pub headers: Vec<(String, String)>,
    /// The body (empty for `HEAD`).
    pub body: String,
}

impl HttpResponse {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why no response came back. `Display` is curl's message (without the `curl: (N) ` prefix,
/// which [`HttpError::code`] supplies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpError {
    /// The URL could not be parsed (curl 3).
    BadUrl(String),
    /// A scheme curl does not speak (curl 1).
    UnsupportedProtocol(String),
    /// The name does not resolve (curl 6).
    CouldNotResolve(String),
    /// Nothing listens there (curl 7).
    ConnectionRefused {
        /// The host as given in the URL.
        host: String,
        /// The port tried.
        port: u16,
    },
    /// Docker's port forwarder accepted the connection but nothing answered behind it
    /// (`-p 8080:8080` on a server listening on 80) (curl 56).
    ConnectionReset,
    /// The server holds the connection and never answers (a paused container) (curl 28).
    Timeout,
    /// An HTTPS request to a plain HTTP server (curl 35).
    TlsMismatch,
    /// A plain HTTP request to a server that only speaks TLS: it closes the connection
    /// without a word (curl 52).
    EmptyReply,
    /// An HTTPS request to a server whose certificate is its own (curl 60).
    SelfSignedCertificate,
}

impl HttpError {
    /// curl's exit code for this failure.
    pub fn code(&self) -> i32 {
        match self {
            HttpError::UnsupportedProtocol(_) => 1,
            HttpError::BadUrl(_) => 3,
            HttpError::CouldNotResolve(_) => 6,
            HttpError::ConnectionRefused { .. } => 7,
            HttpError::Timeout => 28,
            HttpError::TlsMismatch => 35,
            HttpError::EmptyReply => 52,
            HttpError::SelfSignedCertificate => 60,
            HttpError::ConnectionReset => 56,
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::BadUrl(why) => write!(f, "URL rejected: {why}"),
            HttpError::UnsupportedProtocol(p) => write!(f, "Protocol \"{p}\" not supported"),
            HttpError::CouldNotResolve(h) => write!(f, "Could not resolve host: {h}"),
            HttpError::ConnectionRefused { host, port } => {
                write!(f, "Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server")
            }
            HttpError::ConnectionReset => write!(f, "Recv failure: Connection reset by peer"),
            HttpError::Timeout => write!(f, "Operation timed out"),
            HttpError::TlsMismatch => write!(f, "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number"),
            HttpError::EmptyReply => write!(f, "Empty reply from server"),
            HttpError::SelfSignedCertificate => {
                write!(f, "SSL certificate problem: self-signed certificate in certificate chain")
            }
        }
    }
}

impl std::error::Error for HttpError {}

/// A parsed `http://host:port/path` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https` (curl guesses `http` when none is given).
    pub scheme: String,
    /// Host name or address, lower-cased, without brackets.
    pub host: String,
    /// Port (80/443 by default).
    pub port: u16,
    /// Whether the port was written out.
    pub explicit_port: bool,
    /// Path and query (`/`, `/a/b.html?x=1`).
    pub path: String,
}

impl Url {
    /// What curl sends as `Host:`: the host, plus the port when it is not the default.
    pub fn host_header(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == default {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The URL written out in full (`http://localhost:8080/`).
    pub fn full(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host_header(), self.path)
    }
}

/// Parses a URL as curl does: the scheme may be left out, a path defaults to `/`.
pub fn parse_url(text: &str) -> Result<Url, HttpError> {
    let (scheme, rest) = match text.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), text),
    };
    if scheme != "http" && scheme != "https" {
        return Err(HttpError::UnsupportedProtocol(scheme));
    }
    let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(cut);
    let authority = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let (host, port_text) = if let Some(inner) = authority.strip_prefix('[') {
        match inner.split_once(']') {
            Some((h, p)) => (h.to_string(), p.strip_prefix(':').map(str::to_string)),
            None => return Err(HttpError::BadUrl("Bad IPv6 address".to_string())),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.to_string())),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err(HttpError::BadUrl("No host part in the URL".to_string()));
    }
    if host.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    }) {
        return Err(HttpError::BadUrl("Bad hostname".to_string()));
    }
    let default = if scheme == "https" { 443 } else { 80 };
    let (port, explicit_port) = match port_text.as_deref() {
        None | Some("") => (default, false),
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => (n, true),
            _ => return Err(HttpError::BadUrl("Port number was not a decimal number between 0 and 65535".to_string())),
        },
    };
    let path = path.split('#').next().unwrap_or("");
    let path = if path.is_empty() || path.starts_with('?') { format!("/{path}") } else { path.to_string() };
    Ok(Url { scheme, host: host.to_ascii_lowercase(), port, explicit_port, path })
}

/// Where a request starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A program on the host (curl in the learner's terminal, the preview pane).
    Host,
    /// A process inside this container (full ID).
    Container(&'a str),
}

/// One request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, `POST`, ...
    pub method: String,
    /// Where to.
    pub url: Url,
    /// The client's `User-Agent`.
    pub user_agent: String,
}

impl Request {
    /// A `GET` as curl sends it.
    pub fn get(url: Url) -> Self {
        Request { method: "GET".to_string(), url, user_agent: CURL_USER_AGENT.to_string() }
    }
}

/// Where a connection lands: a container and the port inside it, and whether Docker's port
/// forwarder sits in between (published ports) or the connection is direct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// Full container ID.
    pub container: String,
    /// The port inside the container.
    pub port: u16,
    /// Through a published port.
    pub forwarded: bool,
    /// The client's address as the server sees it (for its access log).
    pub client_ip: String,
    /// The address curl connected to, for `-v` (`127.0.0.1`, `::1`, `172.18.0.2`).
    pub connected_ip: String,
}

/// Every IPv4 address a container has while it runs.
fn container_ips(engine: &Engine, id: &str) -> Vec<String> {
    let mut ips: Vec<String> =
        engine.container_networks(id).into_iter().map(|n| n.ip_address).filter(|ip| !ip.is_empty()).collect();
    if let Some(ip) = engine.container(id).and_then(|c| c.ip.clone()) {
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    ips
}

/// The gateway a container's first network gives it (where forwarded connections come from).
fn container_gateway(engine: &Engine, id: &str) -> String {
    engine
        .container_networks(id)
        .into_iter()
        .map(|n| n.gateway)
        .find(|g| !g.is_empty())
        .unwrap_or_else(|| "172.17.0.1".to_string())
}

fn is_ip(s: &str) -> bool {
    parse_ipv4(s).is_some() || s.contains(':')
}

/// Decides which container (and port) a connection to `host:port` reaches.
pub fn route(engine: &Engine, from: Origin<'_>, host: &str, port: u16) -> Result<Route, HttpError> {
    let refused = || HttpError::ConnectionRefused { host: host.to_string(), port };
    let live = |id: &str| engine.container(id).is_some_and(|c| c.is_running());
    let by_ip = |ip: &str| {
        engine
            .containers()
            .find(|c| c.is_running() && container_ips(engine, &c.id).iter().any(|x| x == ip))
            .map(|c| c.id.clone())
    };
    match from {
        Origin::Host => {
            if HOST_ADDRESSES.contains(&host) {
                let loopback = matches!(host, "localhost" | "127.0.0.1" | "::1" | "ip6-localhost" | "0.0.0.0");
                let found = engine.containers().filter(|c| c.is_running()).find_map(|c| {
                    c.bindings
                        .iter()
                        .find(|b| {
                            b.host_port == port
                                && b.proto == "tcp"
                                && (matches!(b.host_ip.as_str(), "" | "0.0.0.0" | "::")
                                    || (loopback && b.host_ip == "127.0.0.1")
                                    || b.host_ip == host)
                        })
                        .map(|b| (c.id.clone(), b.container_port))
                });
                let Some((id, cport)) = found else { return Err(refused()) };
                let connected_ip = match host {
                    "localhost" | "ip6-localhost" | "::1" => "::1".to_string(),
                    "0.0.0.0" => "127.0.0.1".to_string(),
                    "docker-host" => "127.0.1.1".to_string(),
                    h => h.to_string(),
                };
                let client_ip = container_gateway(engine, &id);
                return Ok(Route { container: id, port: cport, forwarded: true, client_ip, connected_ip });
            }
            if is_ip(host) {
                // The host reaches container addresses on its bridges directly.
                return match by_ip(host) {
                    Some(id) => Ok(Route {
                        client_ip: container_gateway(engine, &id),
                        container: id,
                        port,
                        forwarded: false,
                        connected_ip: host.to_string(),
                    }),
                    None => Err(refused()),
                };
            }
            Err(HttpError::CouldNotResolve(host.to_string()))
        }
        Origin::Container(me) => {
            let my_ip = container_ips(engine, me).into_iter().next().unwrap_or_default();
            let own_names = engine
                .container(me)
                .map(|c| vec![engine.container_hostname(c), c.short_id().to_string(), c.id.clone()])
                .unwrap_or_default();
            if matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0" | "ip6-localhost")
                || own_names.iter().any(|n| n == host)
            {
                if !live(me) {
                    return Err(refused());
                }
                let connected_ip = if host == "localhost" || host == "::1" {
                    "::1".to_string()
                } else if is_ip(host) {
                    host.to_string()
                } else {
                    my_ip.clone()
                };
                return Ok(Route {
                    container: me.to_string(),
                    port,
                    forwarded: false,
                    client_ip: if is_ip(host) && host != "0.0.0.0" {
                        host.to_string()
                    } else {
                        "127.0.0.1".to_string()
                    },
                    connected_ip,
                });
            }
            let ip = if is_ip(host) {
                host.to_string()
            } else {
                match engine.resolve_name(me, host) {
                    Some(ip) => ip,
                    None => return Err(HttpError::CouldNotResolve(host.to_string())),
                }
            };
            match by_ip(&ip) {
                Some(id) => Ok(Route { container: id, port, forwarded: false, client_ip: my_ip, connected_ip: ip }),
                None => Err(refused()),
            }
        }
    }
}

/// What the request got, and the access-log lines the server wrote for it (container, line).
struct Answer {
    response: HttpResponse,
    log: Vec<(String, server::LogLine)>,
}

fn answer(engine: &Engine, host_fs: &Fs, from: Origin<'_>, req: &Request) -> Result<(Route, Answer), HttpError> {
    let route = route(engine, from, &req.url.host, req.url.port)?;
    let Some(c) = engine.container(&route.container) else {
        return Err(HttpError::ConnectionRefused { host: req.url.host.clone(), port: req.url.port });
    };
    if c.status == ContainerStatus::Paused {
        return Err(HttpError::Timeout);
    }
    let image = engine.images().find(|i| i.id == c.image_id);
    let server = image
        .filter(|i| runs_main(c, i))
        .and_then(|i| rootfs::http_server(engine.catalogue(), i))
        .filter(|s| s.port == route.port);
    let Some(server) = server else {
        return Err(if route.forwarded {
            HttpError::ConnectionReset
        } else {
            HttpError::ConnectionRefused { host: req.url.host.clone(), port: req.url.port }
        });
    };
    let env = &c.env;
    let env_value = |key: &str| env.iter().rev().find_map(|e| e.strip_prefix(key).and_then(|v| v.strip_prefix('=')));
    let version = |key: &str| env_value(key).unwrap_or("").to_string();
    let https = req.url.scheme == "https";
    let kind = match server.server.as_str() {
        // Old images said `NGINX_VERSION=1.11.10-1~jessie` (the package's version); the
        // server names itself `nginx/1.11.10`.
        "nginx" => {
            let full = version("NGINX_VERSION");
            server::Kind::Nginx { version: full.split('-').next().unwrap_or("").to_string() }
        }
        "traefik" => server::Kind::Traefik,
        "elasticsearch" => {
            // Security is on unless the container was told otherwise: then 9200 speaks only TLS.
            if env_value("xpack.security.enabled") != Some("false") {
                return Err(if https { HttpError::SelfSignedCertificate } else { HttpError::EmptyReply });
            }
            server::Kind::Elasticsearch
        }
        "php" => server::Kind::Php { version: server.version.clone() },
        _ => server::Kind::Apache { version: version("HTTPD_VERSION") },
    };
    if https {
        return Err(HttpError::TlsMismatch);
    }
    let Some(files) = engine.container_fs(&route.container, host_fs) else {
        return Err(HttpError::ConnectionRefused { host: req.url.host.clone(), port: req.url.port });
    };
    let body = server.body.replace("{hostname}", &engine.container_hostname(c));
    let served = server::Served { root: &server.root, body: &body };
    let (response, log) = server::serve(&kind, &files, &served, req, &route.client_ip, engine.now());
    Ok((route.clone(), Answer { response, log: log.into_iter().map(|l| (route.container.clone(), l)).collect() }))
}

/// What `GET url` from the host returns now, without side effects: the question the web
/// page's preview pane asks. Bind-mounted files are read from `host_fs`.
pub fn get(engine: &Engine, host_fs: &Fs, url: &str) -> Result<HttpResponse, HttpError> {
    let url = parse_url(url)?;
    answer(engine, host_fs, Origin::Host, &Request::get(url)).map(|(_, a)| a.response)
}

/// Sends a request as curl or wget would: like [`get`], and the server writes its access-log
/// line, which `docker logs` then shows. Also returns where the connection went (for `-v`).
pub fn request(
    engine: &mut Engine,
    host_fs: &Fs,
    from: Origin<'_>,
    req: &Request,
) -> Result<(Route, HttpResponse), HttpError> {
    let (route, a) = answer(engine, host_fs, from, req)?;
    for (id, line) in a.log {
        engine.container_log(&id, &line.text, line.stderr);
    }
    Ok((route, a.response))
}

#[cfg(test)]
mod tests;
