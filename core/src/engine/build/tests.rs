//! Builds end to end on a fresh engine and host: vertex names, the cache, IDs, errors.

use super::*;
use crate::shell::fs::{Who, WriteMode};

const T0: SimTime = 1_739_257_200_000;

fn setup(files: &[(&str, &str)]) -> (Engine, Fs) {
    let mut e = crate::catalogue::testing::engine(1, T0);
    for img in ["busybox", "nginx:alpine"] {
        e.image_pull(img).expect("pull");
    }
    let mut fs = Fs::host();
    for (path, text) in files {
        let p = format!("/home/user/app/{path}");
        let _ = fs.mkdir_all(crate::shell::fs::parent(&p), Who::User, T0);
        fs.write(&p, text, WriteMode::Truncate, Who::User, T0).expect("write");
    }
    (e, fs)
}

fn request(tags: &[&str]) -> BuildRequest {
    BuildRequest {
        context: "/home/user/app".into(),
        dockerfile: "/home/user/app/Dockerfile".into(),
        dockerfile_name: "Dockerfile".into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..BuildRequest::default()
    }
}

fn names(r: &BuildReport) -> Vec<String> {
    r.vertices
        .iter()
        .map(|v| match &v.state {
            VertexEnd::Cached => format!("CACHED {}", v.name),
            VertexEnd::Error(_) => format!("ERROR {}", v.name),
            VertexEnd::Done => v.name.clone(),
        })
        .collect()
}

const APP: &str = "FROM busybox\nWORKDIR /app\nCOPY . .\nRUN echo hello && echo world >&2\nENV A=b\nEXPOSE 3000\nCMD [\"cat\", \"app.txt\"]\n";

#[test]
fn a_build_runs_its_steps_and_a_rebuild_is_cached() {
    let (mut e, mut fs) = setup(&[("Dockerfile", APP), ("app.txt", "hi\n")]);
    let r = e.image_build(&request(&["app1"]), &fs);
    let id = r.outcome.clone().expect("built").id;
    let digest = e.image_resolve("busybox").map(|i| i.id.clone()).unwrap_or_default();
    assert_eq!(
        names(&r),
        [
            "[internal] load build definition from Dockerfile".to_string(),
            "[internal] load metadata for docker.io/library/busybox:latest".into(),
            "[internal] load .dockerignore".into(),
            format!("[1/4] FROM docker.io/library/busybox:latest@{digest}"),
            "[internal] load build context".into(),
            "[2/4] WORKDIR /app".into(),
            "[3/4] COPY . .".into(),
            "[4/4] RUN echo hello && echo world >&2".into(),
            "exporting to image".into(),
        ]
    );
    let logs: Vec<&str> = r.vertices[7].logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(logs, ["hello", "world"]);
    let img = e.image_resolve("app1").cloned().expect("tagged");
    assert_eq!(img.id, id);
    assert_eq!(img.config.cmd, ["cat", "app.txt"]);
    assert_eq!(img.config.workdir, "/app");
    assert!(img.config.env.contains(&"A=b".to_string()) && img.config.exposed == ["3000/tcp"]);
    let files = e.image_files(&id).expect("files");
    assert_eq!(files.read("/app/app.txt", Who::Root).ok(), Some("hi\n"));
    let info = e.build_info(&id).expect("record");
    let rows: Vec<&str> = info.history.iter().map(|h| h.created_by.as_str()).collect();
    assert_eq!(
        rows,
        [
            "WORKDIR /app",
            "COPY . . # buildkit",
            "RUN /bin/sh -c echo hello && echo world >&2 # buildkit",
            "ENV A=b",
            "EXPOSE map[3000/tcp:{}]",
            "CMD [\"cat\" \"app.txt\"]"
        ]
    );

    // Unchanged: every step cached, the same image.
    e.set_now(T0 + 60_000);
    let again = e.image_build(&request(&["app1"]), &fs);
    assert_eq!(again.outcome.clone().map(|b| b.id), Ok(id.clone()));
    let cached: Vec<String> = names(&again).into_iter().filter(|n| n.starts_with("CACHED")).collect();
    assert_eq!(
        cached,
        ["CACHED [2/4] WORKDIR /app", "CACHED [3/4] COPY . .", "CACHED [4/4] RUN echo hello && echo world >&2"]
    );

    // A changed file: COPY and everything after it run again; a new image.
    fs.write("/home/user/app/app.txt", "changed\n", WriteMode::Truncate, Who::User, T0 + 61_000).expect("write");
    let changed = e.image_build(&request(&["app1"]), &fs);
    let n = names(&changed);
    assert!(n.contains(&"CACHED [2/4] WORKDIR /app".to_string()) && n.contains(&"[3/4] COPY . .".to_string()), "{n:?}");
    assert!(n.contains(&"[4/4] RUN echo hello && echo world >&2".to_string()));
    let id2 = changed.outcome.expect("built").id;
    assert_ne!(id2, id);
    // The old image is left untagged.
    assert!(e.images().any(|i| i.id == id) && e.tags_of(&id).is_empty());
}

#[test]
fn the_same_dockerfile_and_context_give_the_same_id_in_a_fresh_engine() {
    let ids: Vec<String> = (0..2)
        .map(|_| {
            let (mut e, fs) = setup(&[("Dockerfile", APP), ("app.txt", "hi\n")]);
            e.image_build(&request(&[]), &fs).outcome.expect("built").id
        })
        .collect();
    assert_eq!(ids[0], ids[1]);
}

#[test]
fn failures_point_at_their_lines() {
    let (mut e, fs) = setup(&[("Dockerfile", "FROM busybox\nWORKDIR /app\nRUN false\nCMD [\"sh\"]\n")]);
    let r = e.image_build(&request(&["bad"]), &fs);
    let f = r.outcome.expect_err("fails");
    assert_eq!(f.message, "process \"/bin/sh -c false\" did not complete successfully: exit code: 1");
    assert_eq!(f.excerpt.map(|x| x.lines), Some((3, 3)));
    assert_eq!(f.log.map(|l| l.0), Some("[3/3] RUN false".to_string()));
    assert!(e.image_resolve("bad").is_err());

    let (mut e, fs) = setup(&[("Dockerfile", "FROM busybox\nCOPY app.py .\n")]);
    let f = e.image_build(&request(&[]), &fs).outcome.expect_err("fails");
    assert!(
        f.message.starts_with("failed to compute cache key: failed to calculate checksum of ref ")
            && f.message.ends_with(": \"/app.py\": not found"),
        "{}",
        f.message
    );

    let (mut e, fs) = setup(&[("Dockerfile", "FROM nosuch\nRUN echo hi\n")]);
    let r = e.image_build(&request(&[]), &fs);
    assert_eq!(
        names(&r).last().map(String::as_str),
        Some("ERROR [internal] load metadata for docker.io/library/nosuch:latest")
    );
    assert_eq!(r.outcome.expect_err("fails").message, "nosuch: failed to resolve source metadata for docker.io/library/nosuch:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed");

    let (mut e, fs) = setup(&[("Dockerfile", "FROM alpne\n")]);
    let m = e.image_build(&request(&[]), &fs).outcome.expect_err("fails").message;
    assert!(m.ends_with("(did you mean alpine?)"), "{m}");

    let (mut e, fs) = setup(&[]);
    let r = e.image_build(&request(&[]), &fs);
    assert_eq!(
        r.outcome.expect_err("fails").message,
        "failed to read dockerfile: open Dockerfile: no such file or directory"
    );
}

#[test]
fn multi_stage_builds_copy_from_earlier_stages() {
    let df = "FROM busybox AS builder\nWORKDIR /src\nARG V=1\nRUN echo $V > out.txt\nFROM busybox\nCOPY --from=builder /src/out.txt /out.txt\nRUN [\"cat\", \"/out.txt\"]\n";
    let (mut e, fs) = setup(&[("Dockerfile", df)]);
    let r = e.image_build(&request(&["ms"]), &fs);
    let n = names(&r);
    assert!(n.contains(&"[builder 3/3] RUN echo 1 > out.txt".to_string()), "{n:?}");
    assert!(n.contains(&"[stage-1 2/3] COPY --from=builder /src/out.txt /out.txt".to_string()), "{n:?}");
    assert!(n.iter().filter(|n| n.contains("FROM docker.io/library/busybox")).count() == 1);
    let last = r.vertices.iter().find(|v| v.name.contains("RUN [\"cat\""));
    assert_eq!(last.map(|v| v.logs.iter().map(|l| l.text.clone()).collect::<Vec<_>>()), Some(vec!["1".to_string()]));
    let id = r.outcome.expect("built").id;
    let rows: Vec<String> =
        e.build_info(&id).map(|b| b.history.iter().map(|h| h.created_by.clone()).collect()).unwrap_or_default();
    assert_eq!(rows, ["COPY /src/out.txt /out.txt # buildkit", "RUN cat /out.txt # buildkit"]);
    // --target stops at the first stage.
    let mut req = request(&["b"]);
    req.target = "builder".into();
    let r = e.image_build(&req, &fs);
    assert!(r.outcome.is_ok() && !names(&r).iter().any(|n| n.contains("stage-1")));
    req.target = "nope".into();
    assert_eq!(
        e.image_build(&req, &fs).outcome.expect_err("fails").message,
        "target stage \"nope\" could not be found"
    );
}

#[test]
fn a_static_site_on_nginx_serves_the_copied_page() {
    let (mut e, fs) = setup(&[
        ("Dockerfile", "FROM nginx:alpine\nCOPY index.html /usr/share/nginx/html/\n"),
        ("index.html", "<h1>mine</h1>\n"),
    ]);
    let id = e.image_build(&request(&["site"]), &fs).outcome.expect("built").id;
    let img = e.image_resolve("site").cloned().expect("image");
    assert_eq!(img.own_command, None, "same command as nginx: nginx runs");
    let files = e.image_files(&id).expect("files");
    assert_eq!(files.read("/usr/share/nginx/html/index.html", Who::Root).ok(), Some("<h1>mine</h1>\n"));
}

/// What the page's preview pane asks (`http::get`) gets the built site, as curl does.
#[test]
fn the_preview_shows_a_site_built_on_nginx() {
    let config = crate::SessionConfig::default();
    let mut s = crate::catalogue::testing::session(config);
    assert_eq!(s.put_file("site/index.html", "<h1>mine</h1>\n"), Ok(()));
    assert_eq!(s.put_file("site/Dockerfile", "FROM nginx:alpine\nCOPY index.html /usr/share/nginx/html/\n"), Ok(()));
    for line in ["cd site", "docker build -q -t site .", "docker run -d -p 8080:80 site"] {
        assert_eq!(s.run_line(line, config.start_time + 1_000).exit_code, 0, "{line}");
    }
    let page = crate::http::get(s.engine(), s.shell().fs(), "http://localhost:8080/").expect("served");
    assert_eq!((page.status, page.body.as_str()), (200, "<h1>mine</h1>\n"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Instructions a learner might write, right and wrong.
    fn instruction() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("FROM busybox".to_string()),
            Just("FROM nginx:alpine AS web".to_string()),
            Just("FROM scratch".to_string()),
            Just("FROM nosuch".to_string()),
            Just("FROM web".to_string()),
            Just("WORKDIR /app".to_string()),
            Just("WORKDIR rel".to_string()),
            Just("COPY . .".to_string()),
            Just("COPY *.txt /data/".to_string()),
            Just("COPY missing.txt /".to_string()),
            Just("COPY --from=web /etc/os-release /os".to_string()),
            Just("ADD a.txt /a".to_string()),
            Just("RUN echo hi > f && cat f".to_string()),
            Just("RUN [\"sh\", \"-c\", \"exit 3\"]".to_string()),
            Just("RUN apk add curl".to_string()),
            Just("RUN sleep infinity".to_string()),
            Just("ENV A=1 B=\"two words\"".to_string()),
            Just("ENV X".to_string()),
            Just("ARG V=1".to_string()),
            Just("RUN echo $V ${A:-none}".to_string()),
            Just("EXPOSE 80 443/udp".to_string()),
            Just("EXPOSE nope".to_string()),
            Just("CMD [\"cat\", \"f\"]".to_string()),
            Just("CMD echo hi".to_string()),
            Just("ENTRYPOINT [\"sh\", \"-c\"]".to_string()),
            Just("USER nobody".to_string()),
            Just("LABEL k=v".to_string()),
            Just("VOLUME /data".to_string()),
            Just("STOPSIGNAL SIGINT".to_string()),
            Just("HEALTHCHECK --interval=5s CMD true".to_string()),
            Just("RUNN typo".to_string()),
            Just("RUN <<EOF\necho doc\nEOF".to_string()),
            "[ -~]{0,30}",
        ]
    }

    fn dockerfile() -> impl Strategy<Value = String> {
        prop::collection::vec(instruction(), 0..12).prop_map(|v| v.join("\n") + "\n")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn any_dockerfile_builds_or_fails_the_same_way_twice(df in dockerfile(), files in prop::collection::vec(("[a-c]{1,3}\\.txt", "[ -~]{0,40}"), 0..4), no_cache in any::<bool>()) {
            let mut entries: Vec<(String, String)> = files.into_iter().collect();
            entries.push(("Dockerfile".into(), df));
            let refs: Vec<(&str, &str)> = entries.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let run = || {
                let (mut e, fs) = setup(&refs);
                let mut req = request(&["prop:1"]);
                req.no_cache = no_cache;
                let first = e.image_build(&req, &fs);
                let second = e.image_build(&req, &fs);
                (first, second)
            };
            let (a1, a2) = run();
            let (b1, _) = run();
            // Deterministic: the same Dockerfile and context give the same result and image ID.
            prop_assert_eq!(&a1, &b1);
            // Without --no-cache a rebuild reproduces the image.
            if !no_cache {
                prop_assert_eq!(a1.outcome.as_ref().map(|b| b.id.clone()).ok(), a2.outcome.as_ref().map(|b| b.id.clone()).ok());
            }
            // Bounded output.
            let plain = crate::output::build_progress::plain(&a1);
            prop_assert!(plain.len() < 20_000);
            prop_assert!(plain.iter().all(|l| l.len() < 70_000));
            let tty = crate::output::build_progress::tty_frame(&a1, a1.duration, 80);
            prop_assert!(tty.iter().all(|l| l.len() <= 80));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let (mut e, fs) = setup(&[("Dockerfile", &text)]);
            let r = e.image_build(&request(&[]), &fs);
            let _ = crate::output::build_progress::failure(&r, true);
        }
    }
}
