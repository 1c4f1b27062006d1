//! Tests of container filesystems: views, layers, volumes, binds, diff and commit.

use super::*;
use crate::engine::container::ContainerConfig;
use crate::shell::fs::WriteMode;

const T0: SimTime = 1_739_257_200_000; // 2025-02-11 07:00:00 UTC

fn engine_with(images: &[&str]) -> Engine {
    let mut e = crate::catalogue::testing::engine(7, T0);
    for i in images {
        e.image_pull(i).expect("pull");
    }
    e
}

fn run(e: &mut Engine, image: &str, volumes: &[&str]) -> String {
    let config = ContainerConfig {
        image: image.into(),
        volumes: volumes.iter().map(|v| v.to_string()).collect(),
        ..Default::default()
    };
    let id = e.container_create(None, config).expect("create");
    e.container_start(&id).expect("start");
    id
}

fn write(files: &mut Fs, path: &str, text: &str) {
    files.write(path, text, WriteMode::Truncate, Who::Root, T0 + 5_000).expect("write");
}

fn changes(e: &Engine, id: &str, host: &Fs) -> Vec<String> {
    e.container_changes(id, host).expect("diff").into_iter().map(|c| format!("{} {}", c.kind, c.path)).collect()
}

#[test]
fn a_fresh_container_sees_its_image_and_docker_files() {
    let mut e = engine_with(&["httpd"]);
    let host = Fs::host();
    let id = run(&mut e, "httpd", &[]);
    let files = e.container_fs(&id, &host).unwrap();
    assert_eq!(
        files.read("/usr/local/apache2/htdocs/index.html", Who::Root),
        Ok("<html><body><h1>It works!</h1></body></html>\n")
    );
    assert_eq!(files.read("/etc/hostname", Who::Root).map(str::to_string), Ok(format!("{}\n", &id[..12])));
    assert!(files.read("/etc/hosts", Who::Root).unwrap().starts_with("127.0.0.1\tlocalhost\n"));
    // Only the running server's pid file is new.
    assert_eq!(
        changes(&e, &id, &host),
        [
            "C /usr",
            "C /usr/local",
            "C /usr/local/apache2",
            "C /usr/local/apache2/logs",
            "A /usr/local/apache2/logs/httpd.pid"
        ]
    );
    e.container_stop(&id, None).unwrap();
    // The pid file goes with the process; its directory stays changed.
    assert_eq!(
        changes(&e, &id, &host),
        ["C /usr", "C /usr/local", "C /usr/local/apache2", "C /usr/local/apache2/logs"]
    );
}

#[test]
fn writes_and_deletes_land_in_the_layer_in_walk_order() {
    let mut e = engine_with(&["nginx"]);
    let mut host = Fs::host();
    let id = run(&mut e, "nginx", &[]);
    let mut files = e.container_fs(&id, &host).unwrap();
    write(&mut files, "/tmp/note.txt", "hello\n");
    files.remove("/usr/share/nginx/html/50x.html", false, Who::Root, T0 + 6_000).unwrap();
    files.mkdir("/tmp-old", Who::Root, T0 + 6_000).unwrap();
    e.container_fs_store(&id, &files, &mut host);
    let again = e.container_fs(&id, &host).unwrap();
    assert_eq!(again.read("/tmp/note.txt", Who::Root), Ok("hello\n"));
    assert!(!again.exists("/usr/share/nginx/html/50x.html"));
    let diff = changes(&e, &id, &host);
    let pos = |s: &str| diff.iter().position(|d| d == s).unwrap_or_else(|| panic!("{s} missing from {diff:?}"));
    assert!(pos("C /tmp") < pos("A /tmp/note.txt") && pos("A /tmp/note.txt") < pos("A /tmp-old"));
    assert!(pos("C /usr/share/nginx/html") < pos("D /usr/share/nginx/html/50x.html"));
    // nginx's first start rewrote default.conf and made its cache directories.
    assert!(diff.contains(&"C /etc/nginx/conf.d/default.conf".to_string()));
    assert!(diff.contains(&"A /var/cache/nginx/client_temp".to_string()));
    assert!(diff.contains(&"A /run/nginx.pid".to_string()));
}

#[test]
fn volume_data_outlives_the_container() {
    let mut e = engine_with(&["ubuntu"]);
    let mut host = Fs::host();
    let a = run(&mut e, "ubuntu", &["data:/data"]);
    let mut files = e.container_fs(&a, &host).unwrap();
    write(&mut files, "/data/keep.txt", "still here\n");
    e.container_fs_store(&a, &files, &mut host);
    // Volume contents are not in the layer; only the mount point Docker had to create is.
    assert_eq!(changes(&e, &a, &host), ["A /data"]);
    e.container_remove(&a, true, false).unwrap();
    let b = run(&mut e, "ubuntu", &["data:/srv"]);
    let files = e.container_fs(&b, &host).unwrap();
    assert_eq!(files.read("/srv/keep.txt", Who::Root), Ok("still here\n"));
}

#[test]
fn a_new_volume_gets_the_image_files_and_a_bind_mount_hides_them() {
    let mut e = engine_with(&["nginx"]);
    let mut host = Fs::host();
    let a = run(&mut e, "nginx", &["site:/usr/share/nginx/html"]);
    e.container_prepare_files(&a, &mut host);
    let files = e.container_fs(&a, &host).unwrap();
    assert_eq!(files.get("/usr/share/nginx/html/index.html").map(|n| n.size()), Some(615));
    assert_eq!(e.volume_files("site").and_then(|v| v.get("/index.html").map(|n| n.size())), Some(615));
    let b = run(&mut e, "nginx", &["/home/user/html:/usr/share/nginx/html"]);
    let files = e.container_fs(&b, &host).unwrap();
    assert!(files.children("/usr/share/nginx/html").is_empty(), "the empty host directory hides the image's pages");
}

#[test]
fn bind_mounts_read_and_write_the_host() {
    let mut e = engine_with(&["httpd"]);
    let mut host = Fs::host();
    host.write("/home/user/html/index.html", "hi\n", WriteMode::Truncate, Who::User, T0).unwrap();
    let id = run(&mut e, "httpd", &["/home/user/html:/usr/local/apache2/htdocs"]);
    let mut files = e.container_fs(&id, &host).unwrap();
    assert_eq!(files.read("/usr/local/apache2/htdocs/index.html", Who::Root), Ok("hi\n"));
    write(&mut files, "/usr/local/apache2/htdocs/new.html", "<p>new</p>\n");
    e.container_fs_store(&id, &files, &mut host);
    assert_eq!(host.read("/home/user/html/new.html", Who::User), Ok("<p>new</p>\n"));
    // Created by root in the container, owned by root on the host.
    assert_eq!(host.get("/home/user/html/new.html").map(|n| n.owner.as_str()), Some("root"));
    // A missing source directory is created on the host, as dockerd does.
    let other = run(&mut e, "httpd", &["/home/user/site:/usr/local/apache2/htdocs"]);
    e.container_prepare_files(&other, &mut host);
    assert!(host.is_dir("/home/user/site"));
}

#[test]
fn commit_makes_an_image_with_the_changes() {
    let mut e = engine_with(&["ubuntu"]);
    let mut host = Fs::host();
    let id = run(&mut e, "ubuntu", &[]);
    let mut files = e.container_fs(&id, &host).unwrap();
    write(&mut files, "/root/hello.txt", "hi\n");
    e.container_fs_store(&id, &files, &mut host);
    let opts =
        CommitOptions { reference: Some("myubuntu:v1".into()), comment: "added hello".into(), ..Default::default() };
    let image = e.container_commit(&id, &opts, &host).unwrap();
    assert!(image.starts_with("sha256:") && image.len() == 71);
    assert_eq!(e.image_resolve("myubuntu:v1").map(|i| i.id.clone()), Ok(image.clone()));
    let rec = e.commit_record(&image).unwrap();
    assert_eq!(rec.comment, "added hello");
    assert_eq!(rec.size, 3);
    let child = run(&mut e, "myubuntu:v1", &[]);
    let files = e.container_fs(&child, &host).unwrap();
    assert_eq!(files.read("/root/hello.txt", Who::Root), Ok("hi\n"));
    assert!(changes(&e, &child, &host).is_empty(), "the committed file is the new image's, not the child's change");
    let untagged = e.container_commit(&id, &CommitOptions::default(), &host).unwrap();
    assert_ne!(untagged, image);
    assert!(e.tags_of(&untagged).is_empty());
}

#[test]
fn mount_specs_parse() {
    let m = parse_mount_spec("/home/user/html:/usr/share/nginx/html:ro", "c").unwrap();
    assert_eq!(
        m,
        FileMount {
            target: "/usr/share/nginx/html".into(),
            source: MountSource::Bind("/home/user/html".into()),
            read_only: true
        }
    );
    let m = parse_mount_spec("type=volume,source=data,target=/data", "c").unwrap();
    assert_eq!(m.source, MountSource::Volume("data".into()));
    let m = parse_mount_spec("/data", "c").unwrap();
    assert!(matches!(m.source, MountSource::Volume(ref n) if n.len() == 64));
    assert!(parse_mount_spec("relative:path", "c").is_none());
    assert!(parse_mount_spec("a:b:c:d", "c").is_none());
}

#[test]
fn walk_order_puts_a_directory_before_its_siblings_suffixes() {
    let mut v = vec!["/tmp-old".to_string(), "/tmp/x".to_string(), "/tmp".to_string(), "/a".to_string()];
    walk_order(&mut v);
    assert_eq!(v, ["/a", "/tmp", "/tmp/x", "/tmp-old"]);
}
