//! The `curl` command, on the host (curl 8.5.0, Ubuntu 24.04) and inside containers.
//!
//! Flags: `-s`, `-S`, `-I`, `-i`, `-o FILE`, `-O`, `-v`, `-L`, `-f`, `-X`, `-H`, `-A`, `-d`,
//! `-m`, `--help`, `--version`, bundled as curl allows (`-sSL`). Output follows curl's rules:
//! the body goes to stdout (or the file), errors are `curl: (N) message` on stderr, and the
//! progress meter goes to stderr whenever the body does not go to the terminal (with `-o`, in a
//! pipe or in `$(...)`), unless `-s`. A paused container never answers: without `-m` that is a
//! hang the session can hold the terminal for ([`CurlOutcome::Hang`]); with `-m N` curl gives up
//! with error 28. Nothing here reads a clock or panics.

use super::{request, HttpError, Origin, Request};
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::Output;
use crate::shell::fs::{self, Fs, Who, WriteMode};

/// Where and how curl runs.
#[derive(Clone, Debug)]
pub struct CurlEnv<'a> {
    /// Host or container.
    pub origin: Origin<'a>,
    /// Whether stdout is the terminal.
    pub tty: bool,
    /// Working directory for `-o`.
    pub cwd: &'a str,
    /// Who writes `-o` files.
    pub who: Who,
    /// The time (for files written).
    pub now: SimTime,
    /// The User-Agent (`curl/8.5.0` on the host, the image's curl inside a container).
    pub user_agent: &'a str,
}

/// What running curl amounts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurlOutcome {
    /// It finished (successfully or not).
    Done(Output),
    /// It is waiting for a server that never answers: `printed` is what the terminal shows
    /// meanwhile (the progress meter's first lines); Ctrl+C ends it with status 130.
    Hang(Output),
}

impl CurlOutcome {
    /// The output as if the learner gave up waiting with Ctrl+C (for callers that cannot hold
    /// the terminal).
    pub fn into_output(self) -> Output {
        match self {
            CurlOutcome::Done(o) => o,
            CurlOutcome::Hang(mut o) => {
                o.err("^C");
                o.code = 130;
                o
            }
        }
    }
}

#[derive(Debug, Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    head: bool,
    include: bool,
    verbose: bool,
    location: bool,
    fail: bool,
    remote_name: bool,
    output: Option<String>,
    method: Option<String>,
    user_agent: Option<String>,
    max_time: Option<f64>,
    data: bool,
    no_meter: bool,
    write_out: Option<String>,
    urls: Vec<String>,
}

const TRY_HELP: &str = "curl: try 'curl --help' or 'curl --manual' for more information";

const HELP: &str = "Usage: curl [options...] <url>
 -d, --data <data>           HTTP POST data
 -f, --fail                  Fail fast with no output on HTTP errors
 -h, --help <category>       Get help for commands
 -i, --include               Include protocol response headers in the output
 -o, --output <file>         Write to file instead of stdout
 -O, --remote-name           Write output to a file named as the remote file
 -s, --silent                Silent mode
 -T, --upload-file <file>    Transfer local FILE to destination
 -u, --user <user:password>  Server user and password
 -A, --user-agent <name>     Send User-Agent <name> to server
 -v, --verbose               Make the operation more talkative
 -V, --version               Show version number and quit

This is not the full help, this menu is stripped into categories.
Use \"--help category\" to get an overview of all categories.
For all options use the manual or \"--help all\".
";

const VERSION: &str = "curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.3.7 libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7
Release-Date: 2023-12-06, security patched: 8.5.0-2ubuntu10.6
Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
";

/// Options that take a value, long and short.
fn value_option(name: &str) -> bool {
    matches!(
        name,
        "-o" | "--output"
            | "-X"
            | "--request"
            | "-H"
            | "--header"
            | "-A"
            | "--user-agent"
            | "-d"
            | "--data"
            | "--data-raw"
            | "--data-binary"
            | "-m"
            | "--max-time"
            | "--connect-timeout"
            | "-w"
            | "--write-out"
            | "-u"
            | "--user"
            | "-e"
            | "--referer"
            | "--url"
            | "-x"
            | "--proxy"
            | "-b"
            | "--cookie"
            | "-c"
            | "--cookie-jar"
            | "--retry"
            | "-T"
            | "--upload-file"
            | "-F"
            | "--form"
            | "--resolve"
            | "-r"
            | "--range"
    )
}

enum Parsed {
    Run(Opts),
    Print(Output),
}

fn usage_error(msg: &str) -> Parsed {
    let mut out = Output::with_code(2);
    out.err(format!("curl: {msg}"));
    out.err(TRY_HELP);
    Parsed::Print(out)
}

fn parse(args: &[String]) -> Parsed {
    let mut o = Opts::default();
    let mut i = 0;
    let set_value = |o: &mut Opts, name: &str, v: &str| -> Result<(), String> {
        match name {
            "-o" | "--output" => o.output = Some(v.to_string()),
            "-X" | "--request" => o.method = Some(v.to_string()),
            "-A" | "--user-agent" => o.user_agent = Some(v.to_string()),
            "-d" | "--data" | "--data-raw" | "--data-binary" => o.data = true,
            "--url" => o.urls.push(v.to_string()),
            "-w" | "--write-out" => o.write_out = Some(v.to_string()),
            "-m" | "--max-time" | "--connect-timeout" => match v.parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => o.max_time = Some(n),
                _ => return Err(format!("option {name}: expected a proper numerical parameter")),
            },
            _ => {}
        }
        Ok(())
    };
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "--" {
            o.urls.extend(args.iter().skip(i).cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (format!("--{n}"), Some(v.to_string())),
                None => (a.clone(), None),
            };
            if value_option(&name) {
                let v = match inline.or_else(|| args.get(i).cloned()) {
                    Some(v) => v,
                    None => return usage_error(&format!("option {name}: requires parameter")),
                };
                if !a.contains('=') {
                    i += 1;
                }
                if let Err(msg) = set_value(&mut o, &name, &v) {
                    return usage_error(&msg);
                }
                continue;
            }
            match name.as_str() {
                "--silent" => o.silent = true,
                "--show-error" => o.show_error = true,
                "--head" => o.head = true,
                "--include" => o.include = true,
                "--verbose" => o.verbose = true,
                "--location" => o.location = true,
                "--fail" => o.fail = true,
                "--remote-name" => o.remote_name = true,
                "--help" => {
                    let mut out = Output::new();
                    out.out_text(HELP);
                    return Parsed::Print(out);
                }
                "--version" => {
                    let mut out = Output::new();
                    out.out_text(VERSION);
                    return Parsed::Print(out);
                }
                "--no-progress-meter" => o.no_meter = true,
                "--insecure" | "--compressed" | "--progress-bar" | "--ipv4" | "--ipv6" | "--http1.1" => {}
                _ => return usage_error(&format!("option {name}: is unknown")),
            }
            continue;
        }
        if a.starts_with('-') && a.len() > 1 {
            let chars: Vec<char> = a.chars().skip(1).collect();
            let mut k = 0;
            while let Some(&c) = chars.get(k) {
                k += 1;
                let name = format!("-{c}");
                if value_option(&name) {
                    let rest: String = chars.iter().skip(k).collect();
                    let v = if !rest.is_empty() {
                        rest
                    } else {
                        match args.get(i) {
                            Some(v) => {
                                i += 1;
                                v.clone()
                            }
                            None => return usage_error(&format!("option {name}: requires parameter")),
                        }
                    };
                    if let Err(msg) = set_value(&mut o, &name, &v) {
                        return usage_error(&msg);
                    }
                    break;
                }
                match c {
                    's' => o.silent = true,
                    'S' => o.show_error = true,
                    'I' => o.head = true,
                    'i' => o.include = true,
                    'v' => o.verbose = true,
                    'L' => o.location = true,
                    'f' => o.fail = true,
                    'O' => o.remote_name = true,
                    'k' | '4' | '6' | '#' | 'g' | 'N' | 'q' => {}
                    'h' => {
                        let mut out = Output::new();
                        out.out_text(HELP);
                        return Parsed::Print(out);
                    }
                    'V' => {
                        let mut out = Output::new();
                        out.out_text(VERSION);
                        return Parsed::Print(out);
                    }
                    other => return usage_error(&format!("option -{other}: is unknown")),
                }
            }
            continue;
        }
        o.urls.push(a.clone());
    }
    if o.urls.is_empty() {
        let mut out = Output::with_code(2);
        out.err("curl: no URL specified!");
        out.err(TRY_HELP);
        return Parsed::Print(out);
    }
    Parsed::Run(o)
}

/// curl's `max5data`: at most five columns, with k/M/G suffixes (1024-based).
fn max5(bytes: u64) -> String {
    const K: u64 = 1024;
    const M: u64 = K * 1024;
    const G: u64 = M * 1024;
    if bytes < 100_000 {
        format!("{bytes:5}")
    } else if bytes < 10_000 * K {
        format!("{:4}k", bytes / K)
    } else if bytes < 100 * M {
        format!("{:2}.{}M", bytes / M, (bytes % M) / (M / 10))
    } else if bytes < 10_000 * M {
        format!("{:4}M", bytes / M)
    } else {
        format!("{:4}G", bytes / G)
    }
}

/// The progress meter's heading.
fn meter_header(out: &mut Output) {
    out.err("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current");
    out.err("                                 Dload  Upload   Total   Spent    Left  Speed");
}

/// The meter's last line for a transfer of `bytes` that took a millisecond, as a local one does.
fn meter_line(bytes: u64) -> String {
    let percent = if bytes > 0 { 100 } else { 0 };
    let speed = bytes * 1000;
    format!(
        "{percent:3} {}  {percent:3} {}  {:3} {}  {}  {} --:--:-- --:--:-- --:--:-- {}",
        max5(bytes),
        max5(bytes),
        0,
        max5(0),
        max5(speed),
        max5(0),
        max5(speed)
    )
}

/// Splits text into terminal lines; the CR of CRLF-terminated lines (HTTP headers, nginx's
/// error pages) is invisible on a terminal and dropped here.
fn push_text(out: &mut Output, text: &str, stderr: bool) {
    for l in crate::output::split_lines(text) {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if stderr {
            out.err(l);
        } else {
            out.out(l);
        }
    }
}

/// Runs `curl ARGS...`. `files` is the filesystem curl itself runs in (where `-o` writes);
/// `binds` is the host's, which bind mounts read (`None`: the same as `files`).
pub fn run(engine: &mut Engine, files: &mut Fs, binds: Option<&Fs>, env: &CurlEnv<'_>, args: &[String]) -> CurlOutcome {
    let o = match parse(args) {
        Parsed::Print(out) => return CurlOutcome::Done(out),
        Parsed::Run(o) => o,
    };
    let mut out = Output::new();
    let quiet_errors = o.silent && !o.show_error;
    for url_text in &o.urls {
        let mut written: Option<(u16, usize, String, String)> = None;
        let to_file = o.output.is_some() || o.remote_name;
        let meter = !o.silent && !o.no_meter && (to_file || !env.tty);
        // Errors found before the transfer starts come without the meter.
        let fail = |out: &mut Output, e: &HttpError| {
            if !quiet_errors {
                out.err(format!("curl: ({}) {e}", e.code()));
            }
            out.code = e.code();
        };
        let mut url = match super::parse_url(url_text) {
            Ok(u) => u,
            Err(e) => {
                fail(&mut out, &e);
                continue;
            }
        };
        if meter {
            meter_header(&mut out);
        }
        let mut hops = 0;
        loop {
            let method = if o.head {
                "HEAD".to_string()
            } else {
                o.method.clone().unwrap_or_else(|| if o.data { "POST".to_string() } else { "GET".to_string() })
            };
            let req = Request {
                method,
                url: url.clone(),
                user_agent: o.user_agent.clone().unwrap_or_else(|| env.user_agent.to_string()),
            };
            if o.verbose {
                verbose_connect(&mut out, engine, env, &url);
            }
            let snapshot;
            let bind_fs: &Fs = match binds {
                Some(b) => b,
                None => {
                    snapshot = files.clone();
                    &snapshot
                }
            };
            let result = request(engine, bind_fs, env.origin, &req);
            let resp = match result {
                Ok((route, resp)) => {
                    if o.verbose {
                        out.err(format!("* Connected to {} ({}) port {}", url.host, route.connected_ip, url.port));
                        out.err(format!("> {} {} HTTP/1.1", req.method, url.path));
                        out.err(format!("> Host: {}", url.host_header()));
                        out.err(format!("> User-Agent: {}", req.user_agent));
                        out.err("> Accept: */*");
                        out.err("> ");
                    }
                    resp
                }
                Err(HttpError::Timeout) => {
                    if let Some(secs) = o.max_time {
                        let ms = (secs * 1000.0) as u64 + 1;
                        if meter {
                            out.err(meter_line(0));
                        }
                        if !quiet_errors {
                            out.err(format!(
                                "curl: (28) Operation timed out after {ms} milliseconds with 0 bytes received"
                            ));
                        }
                        out.code = 28;
                        break;
                    }
                    if meter {
                        out.err(meter_line(0));
                    }
                    return CurlOutcome::Hang(out);
                }
                Err(e) => {
                    if o.verbose {
                        if let HttpError::ConnectionRefused { host, port } = &e {
                            out.err(format!(
                                "* connect to {} port {port} failed: Connection refused",
                                verbose_ip(host)
                            ));
                            out.err(format!(
                                "* Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
                            ));
                        }
                        out.err("* Closing connection");
                    }
                    if meter {
                        out.err(meter_line(0));
                    }
                    fail(&mut out, &e);
                    break;
                }
            };
            let status_line = format!("HTTP/1.1 {} {}", resp.status, resp.reason);
            if o.verbose {
                out.err(format!("< {status_line}"));
                for (k, v) in &resp.headers {
                    out.err(format!("< {k}: {v}"));
                }
                out.err("< ");
            }
            let location = resp.header("Location").map(str::to_string);
            if o.location && (300..400).contains(&resp.status) && hops < 50 {
                if let Some(loc) = location.as_deref().and_then(|l| super::parse_url(l).ok()) {
                    hops += 1;
                    if o.head || o.include {
                        let mut text = format!("{status_line}\r\n");
                        for (k, v) in &resp.headers {
                            text.push_str(&format!("{k}: {v}\r\n"));
                        }
                        text.push_str("\r\n");
                        push_text(&mut out, &text, false);
                    }
                    if o.verbose {
                        out.err(format!("* Connection #0 to host {} left intact", url.host));
                        out.err(format!("* Issue another request to this URL: '{}'", loc.full()));
                    }
                    url = loc;
                    continue;
                }
            }
            if o.fail && resp.status >= 400 {
                if meter {
                    out.err(meter_line(0));
                }
                if !quiet_errors {
                    out.err(format!("curl: (22) The requested URL returned error: {}", resp.status));
                }
                out.code = 22;
                break;
            }
            let mut text = String::new();
            if o.head || o.include {
                text.push_str(&status_line);
                text.push_str("\r\n");
                for (k, v) in &resp.headers {
                    text.push_str(&format!("{k}: {v}\r\n"));
                }
                text.push_str("\r\n");
            }
            if !o.head {
                text.push_str(&resp.body);
            }
            let target = match (&o.output, o.remote_name) {
                (Some(f), _) => Some(f.clone()),
                (None, true) => {
                    let name = fs::file_name(url.path.split('?').next().unwrap_or(""));
                    if name.is_empty() || name == "/" {
                        if !quiet_errors {
                            out.err("curl: Remote file name has no length!");
                        }
                        out.code = 23;
                        break;
                    }
                    Some(name.to_string())
                }
                (None, false) => None,
            };
            match target {
                Some(f) if f != "-" => {
                    let path = fs::normalize(env.cwd, &f);
                    if let Err(e) = files.write(&path, &text, WriteMode::Truncate, env.who, env.now) {
                        out.err(format!("Warning: Failed to open the file {f}: {e}"));
                        if meter {
                            out.err(meter_line(0));
                        }
                        if !quiet_errors {
                            out.err("curl: (23) Failure writing output to destination");
                        }
                        out.code = 23;
                        break;
                    }
                    if meter {
                        out.err(meter_line(text.len() as u64));
                    }
                }
                _ => {
                    if meter {
                        out.err(meter_line(if o.head { 0 } else { resp.body.len() as u64 }));
                    }
                    push_text(&mut out, &text, false);
                }
            }
            if o.verbose {
                out.err(format!("* Connection #0 to host {} left intact", url.host));
            }
            written =
                Some((resp.status, resp.body.len(), resp.header("Content-Type").unwrap_or("").to_string(), url.full()));
            break;
        }
        if let Some(fmt) = &o.write_out {
            let (code, size, ctype, effective) = written.take().unwrap_or((0, 0, String::new(), url_text.clone()));
            write_out(&mut out, fmt, code, size, &ctype, &effective);
        }
    }
    CurlOutcome::Done(out)
}

/// `-w FORMAT`: curl's write-out variables that lessons use, and its backslash escapes.
fn write_out(out: &mut Output, fmt: &str, code: u16, size: usize, ctype: &str, url: &str) {
    let mut text = String::new();
    let mut rest = fmt;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%{") {
            if let Some((name, tail)) = after.split_once('}') {
                match name {
                    "http_code" | "response_code" => text.push_str(&format!("{code:03}")),
                    "size_download" => text.push_str(&size.to_string()),
                    "content_type" => text.push_str(ctype),
                    "url_effective" => text.push_str(url),
                    "time_total" => text.push_str("0.001000"),
                    _ => {}
                }
                rest = tail;
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix('\\') {
            match after.chars().next() {
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some('r') => text.push('\r'),
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            }
            rest = after.get(after.chars().next().map(char::len_utf8).unwrap_or(0)..).unwrap_or("");
            continue;
        }
        text.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    if !text.is_empty() {
        push_text(out, &text, false);
    }
}

/// `curl ARGS...` typed on the host: the session's one entry point. A request that hangs
/// (a paused container) is shown as if the learner pressed Ctrl+C after waiting; a session
/// that can hold the terminal should call [`host_outcome`] instead.
pub fn host_command(engine: &mut Engine, ctx: &mut crate::shell::HostCtx<'_>, args: &[String]) -> Output {
    host_outcome(engine, ctx, args).into_output()
}

/// `curl ARGS...` on the host, with the hang left for the caller to hold.
pub fn host_outcome(engine: &mut Engine, ctx: &mut crate::shell::HostCtx<'_>, args: &[String]) -> CurlOutcome {
    let env = CurlEnv {
        origin: Origin::Host,
        tty: ctx.tty,
        cwd: ctx.cwd,
        who: ctx.who,
        now: ctx.now,
        user_agent: super::CURL_USER_AGENT,
    };
    run(engine, ctx.fs, None, &env, args)
}

fn verbose_ip(host: &str) -> String {
    match host {
        "localhost" | "ip6-localhost" => "::1".to_string(),
        h => h.to_string(),
    }
}

/// The name resolution and connection attempt lines of `curl -v`.
fn verbose_connect(out: &mut Output, engine: &Engine, env: &CurlEnv<'_>, url: &super::Url) {
    let is_ip = crate::engine::network::parse_ipv4(&url.host).is_some() || url.host.contains(':');
    if is_ip {
        let shown = if url.host.contains(':') { format!("[{}]", url.host) } else { url.host.clone() };
        out.err(format!("*   Trying {shown}:{}...", url.port));
        return;
    }
    let v4 = match (env.origin, url.host.as_str()) {
        (_, "localhost" | "ip6-localhost") => Some("127.0.0.1".to_string()),
        (super::Origin::Host, "docker-host") => Some("127.0.1.1".to_string()),
        (super::Origin::Container(me), name) => engine.resolve_name(me, name),
        _ => None,
    };
    let Some(v4) = v4 else { return };
    out.err(format!("* Host {}:{} was resolved.", url.host, url.port));
    if matches!(url.host.as_str(), "localhost" | "ip6-localhost") {
        out.err("* IPv6: ::1");
        out.err(format!("* IPv4: {v4}"));
        out.err(format!("*   Trying [::1]:{}...", url.port));
    } else {
        out.err("* IPv6: (none)");
        out.err(format!("* IPv4: {v4}"));
        out.err(format!("*   Trying {v4}:{}...", url.port));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max5_matches_curl() {
        assert_eq!(max5(45), "   45");
        assert_eq!(max5(615_000), " 600k");
        assert_eq!(max5(45_000), "45000");
        assert_eq!(max5(0), "    0");
    }

    #[test]
    fn meter_line_matches_curl() {
        assert_eq!(meter_line(615), "100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k");
        assert_eq!(meter_line(0), "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0");
    }

    #[test]
    fn parse_rejects_and_bundles() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match parse(&a(&["-sSL", "-o", "x", "localhost"])) {
            Parsed::Run(o) => {
                assert!(o.silent && o.show_error && o.location);
                assert_eq!(o.output.as_deref(), Some("x"));
            }
            Parsed::Print(_) => panic!("should run"),
        }
        match parse(&a(&["--bogus", "x"])) {
            Parsed::Print(o) => {
                assert_eq!(o.code, 2);
                assert_eq!(o.lines[0].text, "curl: option --bogus: is unknown");
            }
            Parsed::Run(_) => panic!("should fail"),
        }
        match parse(&a(&["-s"])) {
            Parsed::Print(o) => assert_eq!(o.lines[0].text, "curl: no URL specified!"),
            Parsed::Run(_) => panic!("should fail"),
        }
        match parse(&a(&["-o"])) {
            Parsed::Print(o) => assert_eq!(o.lines[0].text, "curl: option -o: requires parameter"),
            Parsed::Run(_) => panic!("should fail"),
        }
    }
}
