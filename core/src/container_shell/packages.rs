//! Package managers inside containers: `apt-get`/`apt` (Debian, Ubuntu), `apk` (Alpine),
//! `microdnf` (Oracle Linux), `pip` and `npm`, answering from the catalogue's package mirrors
//! (`packages/NAME.toml`; `pypi` and `npm` for the language ones).
//!
//! They behave as on a fresh image: Debian and Ubuntu images ship without package lists, so
//! `apt-get install` before `apt-get update` cannot locate anything; Alpine fetches its index on
//! every `apk add`. Installing puts the package's programs into the container's filesystem, so
//! `curl` exists afterwards (and in `docker diff`, and in a commit). Only root may install.
//! Output follows each tool's shape; versions and sizes are the data file's.

use super::host::ShellInfo;
use crate::catalogue::{Family, Package};
use crate::output::Output;
use crate::shell::fs::{Node, NodeKind, WriteMode};
use crate::shell::HostCtx;

/// The User-Agent of the image's own curl.
pub(crate) fn curl_user_agent(base: &str) -> String {
    let v = if base.starts_with("ubuntu") {
        "8.5.0"
    } else if base.starts_with("alpine") {
        "8.11.1"
    } else if base.starts_with("oracle") {
        "7.76.1"
    } else {
        "7.88.1"
    };
    format!("curl/{v}")
}

/// Where a package's installation is recorded in the container.
fn record(pkg: &str, apk: bool) -> String {
    if apk {
        format!("/lib/apk/db/{pkg}.installed")
    } else {
        format!("/var/lib/dpkg/info/{pkg}.list")
    }
}

fn installed(ctx: &HostCtx<'_>, pkg: &str, apk: bool) -> bool {
    ctx.fs.exists(&record(pkg, apk))
}

/// Writes a package's programs and its record into the container.
fn install(ctx: &mut HostCtx<'_>, name: &str, p: Option<&Package>, apk: bool) {
    let now = ctx.now;
    let mut list = String::new();
    if let Some(p) = p {
        for prog in &p.programs {
            let _ = ctx.fs.insert(
                prog,
                Node { kind: NodeKind::File(String::new()), owner: "root".into(), mode: 0o755, mtime: now },
            );
            list.push_str(prog);
            list.push('\n');
        }
    }
    let _ = ctx
        .fs
        .insert(&record(name, apk), Node { kind: NodeKind::File(list), owner: "root".into(), mode: 0o644, mtime: now });
}

/// Folds package names into apt's two-space-indented, 80-column lines.
fn wrap(names: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::from(" ");
    for n in names {
        if cur.len() + 1 + n.len() > 79 && cur.len() > 1 {
            lines.push(cur);
            cur = String::from(" ");
        }
        cur.push(' ');
        cur.push_str(n);
    }
    if cur.len() > 1 {
        lines.push(cur);
    }
    lines
}

/// A stable pseudo size (kB) for a dependency, so listings look alike every time.
fn dep_kb(name: &str) -> u64 {
    20 + name.bytes().fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64)) % 900
}

/// `apt-get ...` and `apt ...`.
pub(crate) fn apt(
    ctx: &mut HostCtx<'_>,
    info: &ShellInfo,
    fam: &Family,
    tool: &str,
    args: &[String],
    interactive: bool,
) -> Output {
    let mut out = Output::new();
    if info.pkg != "apt" {
        out.err(format!("bash: {tool}: command not found"));
        out.code = 127;
        return out;
    }
    if tool == "apt" && !ctx.tty {
        out.err("");
        out.err("WARNING: apt does not have a stable CLI interface. Use with caution in scripts.");
        out.err("");
    }
    let done = if ctx.tty { " Done" } else { "" };
    let yes = args.iter().any(|a| matches!(a.as_str(), "-y" | "--yes" | "--assume-yes" | "-qy" | "-yq"));
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(cmd) = words.first() else {
        let version = if info.base.starts_with("ubuntu") { "2.7.14build2" } else { "2.6.1" };
        out.out(format!("apt {version} (amd64)"));
        out.out(format!("Usage: {tool} [options] command"));
        out.out(format!("       {tool} [options] install|remove pkg1 [pkg2 ...]"));
        out.out(format!("       {tool} [options] source pkg1 [pkg2 ...]"));
        out.out("");
        out.out(format!("{tool} is a command line interface for retrieval of packages"));
        out.out("and information about them from authenticated sources and");
        out.out("for management of packages and their dependencies.");
        out.code = 1;
        return out;
    };
    let root = info.uid == 0;
    match cmd.as_str() {
        "update" => {
            if !root {
                out.out(format!("Reading package lists...{done}"));
                out.err("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)");
                out.err("E: Unable to lock directory /var/lib/apt/lists/");
                out.code = 100;
                return out;
            }
            out.out_text(&fam.update);
            out.out(format!("Reading package lists...{done}"));
            if tool == "apt" {
                out.out(format!("Building dependency tree...{done}"));
                out.out(format!("Reading state information...{done}"));
                out.out("All packages are up to date.");
            }
            let host = if info.base.starts_with("ubuntu") {
                "archive.ubuntu.com_ubuntu_dists_noble"
            } else {
                "deb.debian.org_debian_dists_bookworm"
            };
            let now = ctx.now;
            for f in ["InRelease", "main_binary-amd64_Packages.lz4"] {
                let _ = ctx.fs.insert(
                    &format!("/var/lib/apt/lists/{host}_{f}"),
                    Node { kind: NodeKind::File(String::new()), owner: "root".into(), mode: 0o644, mtime: now },
                );
            }
            let _ = ctx.fs.write("/var/lib/apt/lists/lock", "", WriteMode::Truncate, crate::shell::Who::Root, now);
        }
        "install" => {
            if !root {
                out.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)");
                out.err("E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?");
                out.code = 100;
                return out;
            }
            out.out(format!("Reading package lists...{done}"));
            out.out(format!("Building dependency tree...{done}"));
            out.out(format!("Reading state information...{done}"));
            let have_lists =
                ctx.fs.children("/var/lib/apt/lists").iter().any(|(n, node)| !node.is_dir() && *n != "lock");
            let wanted: Vec<String> = words.iter().skip(1).map(|s| s.to_string()).collect();
            let mut new: Vec<String> = Vec::new();
            let mut extra: Vec<String> = Vec::new();
            for w in &wanted {
                let pkg = if have_lists { fam.packages.get(w.as_str()) } else { None };
                let Some(pkg) = pkg else {
                    out.err(format!("E: Unable to locate package {w}"));
                    out.code = 100;
                    return out;
                };
                if installed(ctx, w, false) {
                    out.out(format!("{w} is already the newest version ({}).", pkg.version));
                    continue;
                }
                for d in &pkg.deps {
                    if !installed(ctx, d, false) && !extra.contains(d) && !wanted.contains(d) {
                        extra.push(d.clone());
                    }
                }
                if !new.contains(w) {
                    new.push(w.clone());
                }
            }
            if new.is_empty() {
                out.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
                return out;
            }
            crate::sort::sort(&mut extra);
            let mut all: Vec<String> = new.iter().chain(extra.iter()).cloned().collect();
            crate::sort::sort(&mut all);
            if !extra.is_empty() {
                out.out("The following additional packages will be installed:");
                for l in wrap(&extra) {
                    out.out(l);
                }
            }
            out.out("The following NEW packages will be installed:");
            for l in wrap(&all) {
                out.out(l);
            }
            let kb: u64 = new.iter().filter_map(|n| fam.packages.get(n.as_str())).map(|p| p.kb).sum::<u64>()
                + extra.iter().map(|d| dep_kb(d)).sum::<u64>();
            out.out(format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.", all.len()));
            out.out(format!("Need to get {kb} kB of archives."));
            let size =
                new.first().and_then(|n| fam.packages.get(n.as_str())).map(|p| p.installed.clone()).unwrap_or_default();
            out.out(format!("After this operation, {size} of additional disk space will be used."));
            if !extra.is_empty() && !yes {
                if !interactive {
                    out.out("Do you want to continue? [Y/n] Abort.");
                    out.code = 1;
                    return out;
                }
                out.out("Do you want to continue? [Y/n] Y");
            }
            let version_of =
                |n: &str| fam.packages.get(n).map(|p| p.version.clone()).unwrap_or_else(|| "1.0-1".to_string());
            for (i, n) in all.iter().enumerate() {
                let size = fam.packages.get(n.as_str()).map(|p| p.kb).unwrap_or_else(|| dep_kb(n));
                out.out(format!("Get:{} {} {n} amd64 {} [{size} kB]", i + 1, fam.mirror, version_of(n)));
            }
            out.err("debconf: delaying package configuration, since apt-utils is not installed");
            out.out(format!("Fetched {kb} kB in 0s ({} kB/s)", kb * 7));
            let mut files = 6090;
            for (i, n) in all.iter().enumerate() {
                out.out(format!("Selecting previously unselected package {n}."));
                out.out(format!("(Reading database ... {files} files and directories currently installed.)"));
                files += 7 + (dep_kb(n) % 40) as u32;
                let v = version_of(n);
                let file_v = v.split_once(':').map(|(_, r)| r).unwrap_or(&v);
                out.out(format!("Preparing to unpack .../{i:02}-{n}_{file_v}_amd64.deb ..."));
                out.out(format!("Unpacking {n} ({v}) ..."));
            }
            for n in all.iter() {
                out.out(format!("Setting up {n} ({}) ...", version_of(n)));
                install(ctx, n, fam.packages.get(n.as_str()), false);
            }
            let libc = if info.base.starts_with("ubuntu") { "2.39-0ubuntu8.3" } else { "2.36-9+deb12u9" };
            out.out(format!("Processing triggers for libc-bin ({libc}) ..."));
        }
        "remove" | "purge" => {
            out.out(format!("Reading package lists...{done}"));
            out.out(format!("Building dependency tree...{done}"));
            out.out(format!("Reading state information...{done}"));
            for w in words.iter().skip(1) {
                if !installed(ctx, w, false) {
                    out.out(format!("Package '{w}' is not installed, so not removed"));
                    continue;
                }
                out.out(format!(
                    "Removing {w} ({}) ...",
                    fam.packages.get(w.as_str()).map(|p| p.version.clone()).unwrap_or_default()
                ));
                if let Some(p) = fam.packages.get(w.as_str()) {
                    for prog in &p.programs {
                        let _ = ctx.fs.remove(prog, false, crate::shell::Who::Root, ctx.now);
                    }
                }
                let _ = ctx.fs.remove(&record(w, false), false, crate::shell::Who::Root, ctx.now);
            }
        }
        "upgrade" | "dist-upgrade" | "full-upgrade" | "clean" | "autoremove" | "autoclean" => {
            if cmd.as_str() != "clean" {
                out.out(format!("Reading package lists...{done}"));
                out.out(format!("Building dependency tree...{done}"));
                out.out(format!("Reading state information...{done}"));
                out.out("Calculating upgrade...".to_string() + done);
                out.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            }
        }
        other => {
            out.err(format!("E: Invalid operation {other}"));
            out.code = 100;
        }
    }
    out
}

/// `apk add|del|update|info`.
pub(crate) fn apk(ctx: &mut HostCtx<'_>, info: &ShellInfo, fam: &Family, args: &[String]) -> Output {
    let mut out = Output::new();
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let root = info.uid == 0;
    match words.first().map(|s| s.as_str()) {
        Some("update") => {
            out.out_text(&fam.fetch);
            out.out_text(&fam.update);
        }
        Some("add") => {
            if !root {
                out.err("ERROR: Unable to lock database: Permission denied");
                out.err("ERROR: Failed to open apk database: Permission denied");
                out.code = 99;
                return out;
            }
            out.out_text(&fam.fetch);
            let mut steps: Vec<(String, String)> = Vec::new();
            let mut missing: Vec<String> = Vec::new();
            for w in words.iter().skip(1) {
                let Some(p) = fam.packages.get(w.as_str()) else {
                    missing.push(w.to_string());
                    continue;
                };
                for d in &p.deps {
                    let (dn, dv) = d.split_once('=').unwrap_or((d.as_str(), "1.0-r0"));
                    if !installed(ctx, dn, true) && !steps.iter().any(|(n, _)| n == dn) {
                        steps.push((dn.to_string(), dv.to_string()));
                    }
                }
                if !installed(ctx, w, true) && !steps.iter().any(|(n, _)| n == w.as_str()) {
                    steps.push((w.to_string(), p.version.clone()));
                }
            }
            if !missing.is_empty() {
                out.err("ERROR: unable to select packages:");
                for m in &missing {
                    out.err(format!("  {m} (no such package):"));
                    out.err("    required by: world[".to_string() + m + "]");
                }
                out.code = 1;
                return out;
            }
            let total = steps.len();
            for (i, (n, v)) in steps.iter().enumerate() {
                out.out(format!("({}/{total}) Installing {n} ({v})", i + 1));
                install(ctx, n, fam.packages.get(n.as_str()), true);
            }
            if total > 0 {
                out.out("Executing busybox-1.37.0-r8.trigger");
            }
            let count = fam.base_packages as usize + ctx.fs.children("/lib/apk/db").len();
            let size = words
                .get(1)
                .and_then(|w| fam.packages.get(w.as_str()))
                .map(|p| p.installed.clone())
                .unwrap_or_else(|| "7 MiB".to_string());
            out.out(format!("OK: {size} in {count} packages"));
        }
        Some("del") => {
            for w in words.iter().skip(1) {
                if let Some(p) = fam.packages.get(w.as_str()) {
                    out.out(format!("(1/1) Purging {w} ({})", p.version));
                    for prog in &p.programs {
                        let _ = ctx.fs.remove(prog, false, crate::shell::Who::Root, ctx.now);
                    }
                }
                let _ = ctx.fs.remove(&record(w, true), false, crate::shell::Who::Root, ctx.now);
            }
            let count = fam.base_packages as usize + ctx.fs.children("/lib/apk/db").len();
            out.out(format!("OK: 7 MiB in {count} packages"));
        }
        _ => {
            out.out("apk-tools 2.14.6, compiled for x86_64.");
            out.out("");
            out.out("usage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]");
            out.code = 1;
        }
    }
    out
}

/// `microdnf install -y PKG` (Oracle Linux images such as mysql).
pub(crate) fn dnf(ctx: &mut HostCtx<'_>, fam: &Family, tool: &str, args: &[String]) -> Output {
    let mut out = Output::new();
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    match words.first().map(|s| s.as_str()) {
        Some("install") => {
            out.out("Downloading metadata...");
            out.out("Downloading metadata...");
            let mut chosen = Vec::new();
            for w in words.iter().skip(1) {
                match fam.packages.get(w.as_str()) {
                    Some(p) => chosen.push((w.to_string(), p)),
                    None => {
                        out.err(format!("error: No package matches '{w}'"));
                        out.code = 1;
                        return out;
                    }
                }
            }
            out.out("Package                                     Repository          Size");
            out.out("Installing:");
            for (n, p) in &chosen {
                out.out(format!(
                    " {:<43} {:<17} {:.1} kB",
                    format!("{n}-{}.x86_64", p.version),
                    "ol9_baseos_latest",
                    p.kb as f64
                ));
            }
            out.out("Transaction Summary:");
            out.out(format!(" Installing:        {} packages", chosen.len()));
            out.out("Downloading packages...");
            out.out("Running transaction test...");
            for (n, p) in &chosen {
                out.out(format!("Installing: {n};{};x86_64;ol9_baseos_latest", p.version));
                install(ctx, n, Some(p), false);
            }
            out.out("Complete.");
        }
        _ => {
            out.err(format!("Usage:\n  {tool} [OPTION…] COMMAND"));
            out.code = 1;
        }
    }
    out
}

/// PyPI's name normalisation (`Jinja2` → `jinja2`, `charset_normalizer` → `charset-normalizer`).
fn pip_key(name: &str) -> String {
    name.to_lowercase().replace(['_', '.'], "-")
}

/// The name part of a requirement (`flask==3.1.0`, `Werkzeug>=3.1`, `requests[socks]`).
fn requirement_name(req: &str) -> &str {
    let end = req.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(req.len());
    req.get(..end).unwrap_or(req)
}

/// `pip install PKG...` / `pip install -r requirements.txt` (pip 24.3.1) from the frozen PyPI
/// (`packages/pypi.toml`). `site` is the image's site-packages directory and `pip_version` its
/// pip's version.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pip(
    ctx: &mut HostCtx<'_>,
    info: &ShellInfo,
    pypi: &Family,
    args: &[String],
    site: &str,
    pip_version: &str,
) -> Output {
    let mut out = Output::new();
    let index = &pypi.packages;
    let Some(cmd) = args.iter().find(|a| !a.starts_with('-')) else {
        out.out("");
        out.out("Usage:   ");
        out.out("  pip <command> [options]");
        return out;
    };
    match cmd.as_str() {
        "install" => {}
        "list" | "freeze" => {
            let mut rows: Vec<(String, String)> = ctx
                .fs
                .children(site)
                .into_iter()
                .filter_map(|(n, _)| n.strip_suffix(".dist-info").and_then(|n| n.rsplit_once('-')))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            if cmd == "list" && !rows.iter().any(|(n, _)| n == "pip") {
                rows.push(("pip".to_string(), pip_version.to_string()));
            }
            crate::sort::sort_by(&mut rows, |a, b| a.0.to_lowercase().cmp(&b.0.to_lowercase()));
            if cmd == "freeze" {
                for (n, v) in rows {
                    out.out(format!("{n}=={v}"));
                }
                return out;
            }
            let w = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(7);
            let vw = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(0).max(7);
            out.out(format!("{:<w$} {}", "Package", "Version"));
            out.out(format!("{} {}", "-".repeat(w), "-".repeat(vw)));
            for (n, v) in rows {
                out.out(format!("{n:<w$} {v}"));
            }
            return out;
        }
        other => {
            out.err(format!("ERROR: unknown command \"{other}\""));
            out.code = 1;
            return out;
        }
    }
    // What was asked for: (requirement, where it came from).
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    let rest: Vec<&String> = args.iter().skip_while(|a| a.as_str() != "install").skip(1).collect();
    while i < rest.len() {
        let a = rest[i].as_str();
        if a == "-r" || a == "--requirement" {
            let file = rest.get(i + 1).map(|s| s.as_str()).unwrap_or("");
            let path = ctx.resolve(file);
            match ctx.fs.read(&path, ctx.who) {
                Ok(text) => {
                    for (n, line) in text.lines().enumerate() {
                        let req = line.split('#').next().unwrap_or("").trim();
                        if !req.is_empty() && !req.starts_with('-') {
                            wanted.push((req.to_string(), format!(" (from -r {file} (line {}))", n + 1)));
                        }
                    }
                }
                Err(_) => {
                    out.err(format!(
                        "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'"
                    ));
                    out.code = 1;
                    return out;
                }
            }
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            wanted.push((a.to_string(), String::new()));
        }
        i += 1;
    }
    if wanted.is_empty() {
        out.err("ERROR: You must give at least one requirement to install (see \"pip help install\")");
        out.code = 1;
        return out;
    }
    // Resolve: each requirement, then its dependencies, in the order pip collects them.
    let mut order: Vec<String> = Vec::new();
    let mut queue: Vec<(String, String)> = wanted.clone();
    let mut qi = 0;
    let mut already: Vec<String> = Vec::new();
    while qi < queue.len() && qi < 200 {
        let (req, from) = queue[qi].clone();
        qi += 1;
        let key = pip_key(requirement_name(&req));
        let Some(p) = index.get(&key) else {
            out.err(format!(
                "ERROR: Could not find a version that satisfies the requirement {req} (from versions: none)"
            ));
            out.err(format!("ERROR: No matching distribution found for {req}"));
            out.code = 1;
            return out;
        };
        if order.contains(&key) {
            continue;
        }
        let display = if p.name.is_empty() { key.clone() } else { p.name.clone() };
        if ctx.fs.exists(&format!("{site}/{display}-{}.dist-info", p.version)) {
            already.push(format!("Requirement already satisfied: {req} in {site} ({}){from}", p.version));
            continue;
        }
        out.out(format!("Collecting {req}{from}"));
        out.out(format!("  Downloading {}.metadata ({})", p.wheel, p.meta));
        order.push(key.clone());
        for d in &p.deps {
            // pip names the chain that asked: `(from flask)`, `(from Jinja2>=3.1.2->flask)`.
            let via = match from.strip_prefix(" (from ").and_then(|f| f.strip_suffix(')')) {
                Some(inner) => format!(" (from {req}->{inner})"),
                None => format!(" (from {req})"),
            };
            queue.push((d.clone(), via));
        }
    }
    for l in already {
        out.out(l);
    }
    for k in &order {
        if let Some(p) = index.get(k) {
            out.out(format!("Downloading {} ({})", p.wheel, p.size));
        }
    }
    if order.is_empty() {
        return out;
    }
    let names = |k: &String| {
        index.get(k).map(|p| if p.name.is_empty() { k.clone() } else { p.name.clone() }).unwrap_or_default()
    };
    let install: Vec<String> = order.iter().rev().map(names).collect();
    out.out(format!("Installing collected packages: {}", install.join(", ")));
    let mut done: Vec<String> =
        order.iter().filter_map(|k| index.get(k).map(|p| format!("{}-{}", names(k), p.version))).collect();
    crate::sort::sort(&mut done);
    out.out(format!("Successfully installed {}", done.join(" ")));
    let now = ctx.now;
    let file =
        |text: &str, mode| Node { kind: NodeKind::File(text.to_string()), owner: "root".into(), mode, mtime: now };
    for k in &order {
        let Some(p) = index.get(k) else { continue };
        let module = if p.module.is_empty() { k.replace('-', "_") } else { p.module.clone() };
        let _ = ctx.fs.insert(&format!("{site}/{module}/__init__.py"), file("", 0o644));
        let meta = format!("Metadata-Version: 2.1\nName: {}\nVersion: {}\n", names(k), p.version);
        let _ = ctx.fs.insert(&format!("{site}/{}-{}.dist-info/METADATA", names(k), p.version), file(&meta, 0o644));
        for prog in &p.programs {
            let _ = ctx.fs.insert(&format!("/usr/local/bin/{prog}"), file("", 0o755));
        }
    }
    if info.uid == 0 {
        out.err("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering the behavior of the system unstable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you intend to suppress this warning.");
    }
    if pip_version == "24.3.1" {
        out.err("");
        out.err("[notice] A new release of pip is available: 24.3.1 -> 25.0");
        out.err("[notice] To update, run: pip install --upgrade pip");
    }
    out
}

/// `npm install [PKG...]`, `npm ci` (npm 10.9.2): installs into `node_modules` and writes
/// `package-lock.json`; a package the registry (`packages/npm.toml`) lacks is npm's E404.
pub(crate) fn npm(ctx: &mut HostCtx<'_>, registry: &Family, args: &[String]) -> Output {
    let mut out = Output::new();
    let index = &registry.packages;
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(cmd) = words.first().map(|s| s.as_str()) else {
        out.out("npm <command>");
        out.out("");
        out.out("Usage:");
        out.out("");
        out.out("npm install        install all the dependencies in your project");
        out.code = 1;
        return out;
    };
    if !matches!(cmd, "install" | "i" | "ci" | "add") {
        out.err(format!("Unknown command: \"{cmd}\""));
        out.err("");
        out.err("To see a list of supported npm commands, run:");
        out.err("  npm help");
        out.code = 1;
        return out;
    }
    let manifest_path = ctx.resolve("package.json");
    let lock_path = ctx.resolve("package-lock.json");
    if cmd == "ci" && !ctx.fs.exists(&lock_path) {
        for l in [
            "npm error code EUSAGE",
            "npm error",
            "npm error The `npm ci` command can only install with an existing package-lock.json or",
            "npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
            "npm error later to generate a package-lock.json file, then try again.",
        ] {
            out.err(l);
        }
        out.code = 1;
        return out;
    }
    let mut manifest: serde_json::Value = ctx
        .fs
        .read(&manifest_path, ctx.who)
        .ok()
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_else(|| serde_json::json!({}));
    let mut wanted: Vec<String> = words
        .iter()
        .skip(1)
        .map(|w| w.rsplit_once('@').filter(|(n, _)| !n.is_empty()).map(|(n, _)| n).unwrap_or(w).to_string())
        .collect();
    let had_args = !wanted.is_empty();
    if let Some(deps) = manifest.get("dependencies").and_then(|d| d.as_object()) {
        for k in deps.keys() {
            if !wanted.contains(k) {
                wanted.push(k.clone());
            }
        }
    }
    for w in &wanted {
        if !index.contains_key(w.as_str()) {
            out.err("npm error code E404");
            out.err(format!("npm error 404 Not Found - GET https://registry.npmjs.org/{w} - Not found"));
            out.err("npm error 404");
            out.err(format!("npm error 404  '{w}@*' is not in this registry."));
            out.err("npm error 404");
            out.err("npm error 404 Note that you can also install from a");
            out.err("npm error 404 tarball, folder, http url, or git url.");
            out.code = 1;
            return out;
        }
    }
    let now = ctx.now;
    let file = |text: String| Node { kind: NodeKind::File(text), owner: "root".into(), mode: 0o644, mtime: now };
    let mut added = 0;
    let mut funding = 0;
    for w in &wanted {
        let Some(p) = index.get(w.as_str()) else { continue };
        let dir = ctx.resolve(&format!("node_modules/{w}"));
        if !ctx.fs.exists(&dir) {
            added += p.added;
            funding += p.funding;
        }
        let pkg = serde_json::json!({"name": w, "version": p.version});
        let _ = ctx.fs.insert(&format!("{dir}/package.json"), file(format!("{pkg:#}\n")));
        if had_args {
            if let Some(obj) = manifest.as_object_mut() {
                let deps = obj.entry("dependencies").or_insert_with(|| serde_json::json!({}));
                if let Some(d) = deps.as_object_mut() {
                    d.insert(w.clone(), serde_json::Value::String(format!("^{}", p.version)));
                }
            }
        }
    }
    if had_args {
        let _ = ctx.fs.write(&manifest_path, &format!("{manifest:#}\n"), WriteMode::Truncate, ctx.who, now);
    }
    let name = manifest.get("name").and_then(|v| v.as_str()).unwrap_or("app").to_string();
    let lock = serde_json::json!({"name": name, "lockfileVersion": 3, "requires": true});
    let _ = ctx.fs.write(&lock_path, &format!("{lock:#}\n"), WriteMode::Truncate, ctx.who, now);
    let audited = added + 1;
    let ms = 180 + 37 * added as u64;
    let took = if ms < 1000 { format!("{ms}ms") } else { format!("{}s", ms / 1000) };
    out.out("");
    if added == 0 {
        out.out(format!("up to date, audited {audited} package{} in {took}", if audited == 1 { "" } else { "s" }));
    } else {
        out.out(format!(
            "added {added} package{}, and audited {audited} packages in {took}",
            if added == 1 { "" } else { "s" }
        ));
    }
    if funding > 0 {
        out.out("");
        if funding == 1 {
            out.out("1 package is looking for funding");
        } else {
            out.out(format!("{funding} packages are looking for funding"));
        }
        out.out("  run `npm fund` for details");
    }
    out.out("");
    out.out("found 0 vulnerabilities");
    out
}
