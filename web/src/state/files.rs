//! What the files tab lists and what the editor opens: a directory of the files the learner's
//! shell works on (the host's, or the container's whose shell holds the terminal, where core's
//! `Session::save_file` writes), read as that shell's user through core's
//! `Session::list_files` and `Session::read_file`.
//!
//! Pure reads over the session, tested without a browser; the view is
//! `components/files_view.rs`. It must not change the machine: opening a file or a directory
//! is no command (nothing in the history, the log or the access times).

use whalelab_core::session::Listing;
use whalelab_core::Session;

/// Lists the directory the files tab chose, `(the shell's directory then, the directory)`, while
/// the shell is still there (after a `cd` the tab follows the shell again), else the shell's
/// directory; directories first, then files, each by name.
pub fn listing(session: &Session, chosen: Option<&(String, String)>) -> Listing {
    let mut list = session.list_files(chosen.map(|c| c.1.as_str()));
    if chosen.is_some_and(|(cwd, _)| *cwd != list.cwd) {
        list = session.list_files(None);
    }
    if let Ok(entries) = &mut list.entries {
        // Listed by name: a stable partition keeps that order in both halves.
        let (mut dirs, files): (Vec<_>, Vec<_>) = std::mem::take(entries).into_iter().partition(|e| e.dir);
        dirs.extend(files);
        *entries = dirs;
    }
    list
}

/// The directory above `dir` (`/a/b` → `/a`, `/a` → `/`, `/` → `/`).
pub fn parent(dir: &str) -> &str {
    match dir.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &dir[..i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::session::FileEntry;
    use whalelab_core::SessionConfig;

    fn session() -> Session {
        Session::with_catalogue(SessionConfig::default(), crate::state::registry::shipped())
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_listing_follows_the_shell_and_reads_as_its_user() {
        let mut s = session();
        for line in ["mkdir site", "echo hi > site/index.html", "echo 'FROM nginx' > Dockerfile"] {
            s.run_line(line, SessionConfig::default().start_time);
        }
        let home = listing(&s, None);
        assert_eq!((home.dir.as_str(), home.cwd.as_str(), home.container), ("/home/user", "/home/user", None));
        let names: Vec<(&str, bool)> =
            home.entries.as_ref().unwrap().iter().map(|e| (e.name.as_str(), e.dir)).collect();
        let (site, file) = (names.iter().position(|e| e.0 == "site"), names.iter().position(|e| e.0 == "Dockerfile"));
        assert!(site.is_some_and(|s| names[s].1) && file.is_some_and(|f| !names[f].1), "{names:?}");
        assert!(names.windows(2).all(|w| w[0].1 || !w[1].1), "directories first: {names:?}");
        let chosen = |dir: &str| Some(("/home/user".to_string(), dir.to_string()));
        let site = listing(&s, chosen("/home/user/site").as_ref());
        assert_eq!(site.dir, "/home/user/site");
        assert_eq!(
            site.entries.unwrap()[0],
            FileEntry { name: "index.html".into(), path: "/home/user/site/index.html".into(), dir: false, size: 3 }
        );
        assert_eq!(s.read_file("Dockerfile"), Ok(("/home/user/Dockerfile".into(), "FROM nginx\n".into())));
        s.run_line("touch secret && chmod 000 secret", SessionConfig::default().start_time);
        assert_eq!(s.read_file("secret"), Err("Permission denied".into()));
        assert!(listing(&s, chosen("/root").as_ref()).entries.is_err());
        s.run_line("cd site", SessionConfig::default().start_time);
        assert_eq!(listing(&s, None).dir, "/home/user/site");
        assert_eq!(listing(&s, chosen("/").as_ref()).dir, "/home/user/site", "a cd brings the tab back");
        assert_eq!([parent("/home/user"), parent("/home"), parent("/")], ["/home", "/", "/"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn in_a_container_shell_the_listing_is_the_containers() {
        let mut s = session();
        let t = SessionConfig::default().start_time;
        s.run_line("docker run -it --name box busybox sh", t);
        s.run_line("cd /etc", t + 1000);
        let etc = listing(&s, None);
        assert_eq!((etc.dir.as_str(), etc.container.as_deref()), ("/etc", Some("box")));
        assert!(etc.entries.unwrap().iter().any(|e| e.name == "hostname"), "the container's /etc");
        s.save_file("/tmp/note", "in the box\n").expect("saved in the container");
        assert_eq!(s.read_file("/tmp/note").map(|f| f.1).as_deref(), Ok("in the box\n"));
        s.run_line("exit", t + 2000);
        assert!(s.read_file("/tmp/note").is_err(), "not on the host");
    }
}
