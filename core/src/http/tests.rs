//! Tests of HTTP routing and the two web servers.

use super::*;
use crate::engine::container::{ContainerConfig, PortSpec};
use crate::env::SimTime;
use crate::shell::fs::{Who, WriteMode};

const T0: SimTime = 1_739_257_200_000; // 2025-02-11 07:00:00 UTC

fn publish(host_ip: &str, host_port: u16, container_port: u16) -> PortSpec {
    PortSpec { host_ip: host_ip.into(), host_port: Some(host_port), container_port, proto: "tcp".into() }
}

fn serve(image: &str, ports: Vec<PortSpec>, volumes: &[&str]) -> (Engine, String) {
    let mut e = crate::catalogue::testing::engine(5, T0);
    e.image_pull(image).expect("pull");
    let config = ContainerConfig {
        image: image.into(),
        ports,
        volumes: volumes.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let id = e.container_create(None, config).expect("create");
    e.container_start(&id).expect("start");
    (e, id)
}

fn names(r: &HttpResponse) -> Vec<&str> {
    r.headers.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn httpd_serves_it_works_with_apache_headers() {
    let (e, _) = serve("httpd", vec![publish("", 8080, 80)], &[]);
    let host = Fs::host();
    let r = get(&e, &host, "http://localhost:8080/").unwrap();
    assert_eq!((r.status, r.body.as_str()), (200, "<html><body><h1>It works!</h1></body></html>\n"));
    assert_eq!(
        names(&r),
        ["Date", "Server", "Last-Modified", "ETag", "Accept-Ranges", "Content-Length", "Content-Type"]
    );
    assert_eq!(r.header("Date"), Some("Tue, 11 Feb 2025 07:00:00 GMT"));
    assert_eq!(r.header("ETag"), Some("\"2d-432a5e4a73a80\""));
    assert_eq!(r.header("Last-Modified"), Some("Mon, 11 Jun 2007 18:53:14 GMT"));
    for url in ["localhost:8080", "127.0.0.1:8080", "0.0.0.0:8080", "10.0.2.15:8080", "http://[::1]:8080/index.html"] {
        assert_eq!(get(&e, &host, url).map(|r| r.status), Ok(200), "{url}");
    }
    let nf = get(&e, &host, "localhost:8080/nope.html").unwrap();
    assert_eq!((nf.status, nf.body.len()), (404, 196));
    assert_eq!(nf.header("Content-Type"), Some("text/html; charset=iso-8859-1"));
    assert_eq!(
        get(&e, &host, "localhost:8081"),
        Err(HttpError::ConnectionRefused { host: "localhost".into(), port: 8081 })
    );
    assert_eq!(get(&e, &host, "web:8080"), Err(HttpError::CouldNotResolve("web".into())));
}

#[test]
fn nginx_serves_its_welcome_page_and_its_own_errors() {
    let (e, _) = serve("nginx", vec![publish("", 8080, 80)], &[]);
    let host = Fs::host();
    let r = get(&e, &host, "localhost:8080").unwrap();
    assert_eq!(r.body.len(), 615);
    assert_eq!(
        names(&r),
        ["Server", "Date", "Content-Type", "Content-Length", "Last-Modified", "Connection", "ETag", "Accept-Ranges"]
    );
    let server = r.header("Server").unwrap_or("").to_string();
    assert!(server.starts_with("nginx/1."), "{server}");
    // nginx's ETag is the file's time in seconds and its size, in hex.
    let image_created = e.images().find(|i| i.repo_path.ends_with("nginx")).map(|i| i.created / 1000).unwrap();
    assert_eq!(r.header("ETag"), Some(format!("\"{image_created:x}-267\"").as_str()));
    let nf = get(&e, &host, "localhost:8080/missing").unwrap();
    assert_eq!(nf.status, 404);
    assert_eq!(nf.body, format!("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n"));
    assert_eq!(nf.header("Content-Length"), Some("153"));
}

#[test]
fn directories_redirect_and_list_like_each_server() {
    let mut host = Fs::host();
    host.mkdir("/home/user/html/docs", Who::User, T0).unwrap();
    host.write("/home/user/html/docs/a.txt", "a\n", WriteMode::Truncate, Who::User, T0).unwrap();
    let (e, _) = serve("httpd", vec![publish("", 8080, 80)], &["/home/user/html:/usr/local/apache2/htdocs"]);
    let r = get(&e, &host, "localhost:8080/docs").unwrap();
    assert_eq!((r.status, r.header("Location")), (301, Some("http://localhost:8080/docs/")));
    let r = get(&e, &host, "localhost:8080/").unwrap();
    assert_eq!(r.header("Content-Type"), Some("text/html;charset=UTF-8"));
    assert!(
        r.body.contains("<title>Index of /</title>") && r.body.contains("<li><a href=\"docs/\"> docs/</a></li>"),
        "{}",
        r.body
    );
    let r = get(&e, &host, "localhost:8080/docs/").unwrap();
    assert!(
        r.body.contains("<li><a href=\"/\"> Parent Directory</a></li>\n<li><a href=\"a.txt\"> a.txt</a></li>"),
        "{}",
        r.body
    );
    assert_eq!(get(&e, &host, "localhost:8080/docs/a.txt").map(|r| r.body), Ok("a\n".to_string()));

    let (e, _) = serve("nginx", vec![publish("", 8081, 80)], &["/home/user/html:/usr/share/nginx/html"]);
    assert_eq!(get(&e, &host, "localhost:8081/").map(|r| r.status), Ok(403));
    let r = get(&e, &host, "localhost:8081/docs").unwrap();
    // nginx redirects to its own port 80: the classic surprise behind `-p 8081:80`.
    assert_eq!((r.status, r.header("Location")), (301, Some("http://localhost/docs/")));
}

#[test]
fn paused_stopped_and_mismatched_containers() {
    let (mut e, id) = serve("httpd", vec![publish("", 8080, 80), publish("", 9090, 9090)], &[]);
    let host = Fs::host();
    assert_eq!(get(&e, &host, "localhost:9090"), Err(HttpError::ConnectionReset));
    let ip = e.container(&id).and_then(|c| c.ip.clone()).unwrap();
    assert_eq!(get(&e, &host, &format!("http://{ip}/")).map(|r| r.status), Ok(200));
    e.container_pause(&id).unwrap();
    assert_eq!(get(&e, &host, "localhost:8080"), Err(HttpError::Timeout));
    e.container_unpause(&id).unwrap();
    e.container_stop(&id, None).unwrap();
    assert!(matches!(get(&e, &host, "localhost:8080"), Err(HttpError::ConnectionRefused { .. })));
}

#[test]
fn loopback_bindings_are_not_reachable_from_the_host_address() {
    let (e, _) = serve("httpd", vec![publish("127.0.0.1", 8080, 80)], &[]);
    let host = Fs::host();
    assert_eq!(get(&e, &host, "localhost:8080").map(|r| r.status), Ok(200));
    assert!(get(&e, &host, "10.0.2.15:8080").is_err());
}

#[test]
fn requests_leave_access_log_lines() {
    let (mut e, id) = serve("nginx", vec![publish("", 8080, 80)], &[]);
    let host = Fs::host();
    let before = e.container(&id).map(|c| c.logs.len()).unwrap();
    let req = Request::get(parse_url("localhost:8080/").unwrap());
    request(&mut e, &host, Origin::Host, &req).unwrap();
    let logs = &e.container(&id).unwrap().logs;
    assert_eq!(logs.len(), before + 1);
    assert_eq!(
        logs.last().map(|l| l.text.as_str()),
        Some("172.17.0.1 - - [11/Feb/2025:07:00:00 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\"")
    );
}

#[test]
fn urls_parse_like_curl() {
    let u = parse_url("localhost:8080").unwrap();
    assert_eq!((u.scheme.as_str(), u.host.as_str(), u.port, u.path.as_str()), ("http", "localhost", 8080, "/"));
    assert_eq!(u.host_header(), "localhost:8080");
    assert_eq!(parse_url("http://a/b?c#d").map(|u| u.path), Ok("/b?c".to_string()));
    assert_eq!(parse_url("ftp://x"), Err(HttpError::UnsupportedProtocol("ftp".into())));
    assert_eq!(parse_url("http://:80"), Err(HttpError::BadUrl("No host part in the URL".into())));
    assert!(matches!(parse_url("localhost:99999"), Err(HttpError::BadUrl(_))));
    assert_eq!(server::http_date(T0), "Tue, 11 Feb 2025 07:00:00 GMT");
}

/// No URL or argument list makes curl or the servers panic.
#[test]
fn odd_requests_do_not_panic() {
    let (mut e, _) = serve("nginx", vec![publish("", 8080, 80)], &[]);
    let mut host = Fs::host();
    let bits = [
        "http://",
        "https://",
        "ftp://",
        "localhost",
        ":8080",
        ":",
        "[::1]",
        "[",
        "]",
        "/",
        "%",
        "%2e%2e",
        "..",
        "?",
        "#",
        "@",
        "\u{1F600}",
        "0",
        "65536",
        "a b",
        "\\",
    ];
    let args = [
        "-s",
        "-I",
        "-i",
        "-o",
        "-O",
        "-v",
        "-L",
        "-f",
        "-X",
        "POST",
        "-m",
        "abc",
        "-w",
        "%{http_code}\\n",
        "--",
        "-sSL",
        "-",
        "x/y",
        "--bogus",
        "-oz",
    ];
    let mut seed: u64 = 42;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    for _ in 0..2000 {
        let url: String = (0..1 + next(5)).map(|_| bits[next(bits.len())]).collect();
        let _ = get(&e, &host, &url);
        let mut argv: Vec<String> = (0..next(4)).map(|_| args[next(args.len())].to_string()).collect();
        argv.push(url);
        let env = curl::CurlEnv {
            origin: Origin::Host,
            tty: next(2) == 0,
            cwd: "/home/user",
            who: Who::User,
            now: T0,
            user_agent: CURL_USER_AGENT,
        };
        let _ = curl::run(&mut e, &mut host, None, &env, &argv);
    }
}
