//! File commands on the host filesystem: `ls`, `cat`, `mkdir`, `rmdir`, `touch`, `rm`, `cp`, `mv`,
//! `tee`, `basename`, `dirname`.
//!
//! Messages copy GNU coreutils 9.4 under `LANG=C.UTF-8` exactly, including which tools quote
//! with 'straight' and which with ‘curly’ quotes. `ls` prints columns only when its output is the
//! terminal, as the real one does. The filesystem itself lives in `fs.rs`; nothing here panics.

use super::builtins::{strftime, Call};
use super::exec::{Exec, Stop};
use super::fs::{self, FsError, Node, NodeKind, WriteMode};

/// The terminal width `ls` lays its columns out for.
const TERM_WIDTH: usize = 80;

/// Short flags, long options (without `--`) and operands.
pub(crate) type Opts = (Vec<char>, Vec<String>, Vec<String>);

/// Splits GNU-style arguments: option clusters (`-la`), long options, and operands (which may
/// come first; `--` ends options). Returns the first unknown short option as `Err`.
pub(crate) fn split_opts(args: &[String], known: &str) -> Result<Opts, char> {
    let mut flags = Vec::new();
    let mut long = Vec::new();
    let mut operands = Vec::new();
    let mut done = false;
    for a in args {
        if done || a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
        } else if a == "--" {
            done = true;
        } else if let Some(l) = a.strip_prefix("--") {
            long.push(l.to_string());
        } else {
            for f in a.chars().skip(1) {
                if !known.contains(f) {
                    return Err(f);
                }
                flags.push(f);
            }
        }
    }
    Ok((flags, long, operands))
}

/// `ls`-style mode string: `drwxr-xr-x`, `-rw-rw-r--`, `drwxrwxrwt`.
fn mode_string(path: &str, n: &Node) -> String {
    let kind = if path == "/dev/null" {
        'c'
    } else if n.is_dir() {
        'd'
    } else {
        '-'
    };
    let mut s = String::new();
    s.push(kind);
    for shift in [6u32, 3, 0] {
        let bits = (n.mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let x = bits & 1 != 0;
        let special = match shift {
            6 => n.mode & 0o4000 != 0,
            3 => n.mode & 0o2000 != 0,
            _ => n.mode & 0o1000 != 0,
        };
        s.push(match (special, x, shift) {
            (true, true, 0) => 't',
            (true, false, 0) => 'T',
            (true, true, _) => 's',
            (true, false, _) => 'S',
            (false, true, _) => 'x',
            (false, false, _) => '-',
        });
    }
    s
}

/// `ls -l`'s time column: `Feb 11 07:00` for the last six months, `Feb 11  2024` otherwise.
fn ls_time(mtime: u64, now: u64) -> String {
    const SIX_MONTHS_MS: u64 = 15_778_476_000;
    if mtime <= now.saturating_add(60_000) && now.saturating_sub(mtime) < SIX_MONTHS_MS {
        strftime(mtime, "%b %e %H:%M")
    } else {
        strftime(mtime, "%b %e  %Y")
    }
}

fn human(size: u64) -> String {
    if size < 1024 {
        return size.to_string();
    }
    let units = ["K", "M", "G"];
    let mut v = size as f64 / 1024.0;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    let unit = units.get(i).copied().unwrap_or("G");
    if v < 10.0 {
        format!("{:.1}{unit}", (v * 10.0).ceil() / 10.0)
    } else {
        format!("{}{unit}", v.ceil() as u64)
    }
}

struct Entry {
    name: String,
    path: String,
    node: Node,
}

/// Lays names out in columns, top to bottom then left to right, like GNU `ls -C`.
fn columns(names: &[String]) -> Vec<String> {
    let n = names.len();
    if n == 0 {
        return Vec::new();
    }
    let lens: Vec<usize> = names.iter().map(|s| s.chars().count()).collect();
    let mut best = 1;
    for cols in (1..=n.min(TERM_WIDTH / 3 + 1)).rev() {
        let rows = n.div_ceil(cols);
        let used_cols = n.div_ceil(rows);
        let mut total = 0;
        for c in 0..used_cols {
            let w = (0..rows).filter_map(|r| lens.get(c * rows + r)).max().copied().unwrap_or(0);
            total += w + if c + 1 < used_cols { 2 } else { 0 };
        }
        if total <= TERM_WIDTH {
            best = cols;
            break;
        }
    }
    let rows = n.div_ceil(best);
    let used_cols = n.div_ceil(rows);
    let widths: Vec<usize> =
        (0..used_cols).map(|c| (0..rows).filter_map(|r| lens.get(c * rows + r)).max().copied().unwrap_or(0)).collect();
    (0..rows)
        .map(|r| {
            let mut line = String::new();
            for c in 0..used_cols {
                let i = c * rows + r;
                let Some(name) = names.get(i) else { continue };
                line.push_str(name);
                let is_last = c + 1 == used_cols || names.get((c + 1) * rows + r).is_none();
                if !is_last {
                    let pad = widths.get(c).copied().unwrap_or(0) + 2 - lens.get(i).copied().unwrap_or(0);
                    line.push_str(&" ".repeat(pad));
                }
            }
            line
        })
        .collect()
}

pub(crate) fn ls(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, long, mut operands) = match split_opts(c.args(), "laA1hdFrtCSR") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 2),
    };
    for l in &long {
        let known = l.starts_with("color")
            || matches!(l.as_str(), "all" | "almost-all" | "human-readable" | "directory" | "classify" | "recursive");
        if !known {
            return c.usage(&format!("unrecognized option '--{l}'"), 2);
        }
    }
    let has = |f: char| flags.contains(&f);
    let all = has('a') || long.iter().any(|l| l == "all");
    let almost = has('A') || long.iter().any(|l| l == "almost-all");
    let long_fmt = has('l');
    let one = has('1') || (!c.tty && !has('C'));
    let classify = has('F') || long.iter().any(|l| l == "classify");
    let dir_only = has('d') || long.iter().any(|l| l == "directory");
    let human_sizes = has('h') || long.iter().any(|l| l == "human-readable");
    let by_time = has('t');
    let by_size = has('S');
    let reverse = has('r');
    let recursive = (has('R') || long.iter().any(|l| l == "recursive")) && !dir_only;
    if operands.is_empty() {
        operands.push(".".to_string());
    }
    let now = ex.sh.now;
    let mut status = 0;
    let mut files: Vec<Entry> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for op in &operands {
        let path = ex.sh.resolve(op);
        match ex.sh.fs.lookup(&path, c.who) {
            Ok(n) if n.is_dir() && !dir_only => dirs.push((op.clone(), path)),
            Ok(n) => files.push(Entry { name: op.clone(), path, node: n.clone() }),
            Err(e) => {
                c.err(&format!("ls: cannot access '{op}': {e}"));
                status = 2;
            }
        }
    }
    let sort = |v: &mut Vec<Entry>| {
        crate::sort::sort_by(v, |a, b| a.name.cmp(&b.name));
        if by_time {
            crate::sort::sort_by_key(v, |e| std::cmp::Reverse(e.node.mtime));
        }
        if by_size {
            crate::sort::sort_by_key(v, |e| std::cmp::Reverse(e.node.size()));
        }
        if reverse {
            v.reverse();
        }
    };
    let render = |ex: &Exec<'_>, entries: &[Entry], with_total: bool| -> Vec<String> {
        let shown: Vec<String> = entries
            .iter()
            .map(|e| {
                if classify && e.node.is_dir() && !e.name.ends_with('/') {
                    format!("{}/", e.name)
                } else {
                    e.name.clone()
                }
            })
            .collect();
        if !long_fmt {
            return if one { shown } else { columns(&shown) };
        }
        let links: Vec<String> = entries
            .iter()
            .map(|e| if e.node.is_dir() { (2 + ex.sh.fs.subdir_count(&e.path)).to_string() } else { "1".to_string() })
            .collect();
        let sizes: Vec<String> = entries
            .iter()
            .map(|e| {
                if e.path == "/dev/null" {
                    "1, 3".to_string()
                } else if human_sizes {
                    human(e.node.size())
                } else {
                    e.node.size().to_string()
                }
            })
            .collect();
        let lw = links.iter().map(String::len).max().unwrap_or(1);
        let ow = entries.iter().map(|e| e.node.owner.len()).max().unwrap_or(1);
        let sw = sizes.iter().map(String::len).max().unwrap_or(1);
        let mut lines = Vec::new();
        if with_total {
            let blocks: u64 = entries
                .iter()
                .map(|e| match &e.node.kind {
                    NodeKind::Dir => 4,
                    NodeKind::File(s) => (s.len() as u64).div_ceil(4096) * 4,
                })
                .sum();
            lines.push(format!("total {}", if human_sizes { human(blocks * 1024) } else { blocks.to_string() }));
        }
        for (i, e) in entries.iter().enumerate() {
            let link = links.get(i).map(String::as_str).unwrap_or("1");
            let size = sizes.get(i).map(String::as_str).unwrap_or("0");
            let name = shown.get(i).map(String::as_str).unwrap_or("");
            lines.push(format!(
                "{} {link:>lw$} {owner:<ow$} {owner:<ow$} {size:>sw$} {} {name}",
                mode_string(&e.path, &e.node),
                ls_time(e.node.mtime, now),
                owner = e.node.owner,
            ));
        }
        lines
    };
    sort(&mut files);
    let mut sections: Vec<Vec<String>> = Vec::new();
    if !files.is_empty() {
        sections.push(render(ex, &files, false));
    }
    crate::sort::sort_by(&mut dirs, |a, b| a.0.cmp(&b.0));
    if reverse {
        dirs.reverse();
    }
    let headers = operands.len() > 1 || recursive;
    // Depth first, as GNU ls queues a directory's subdirectories right after it: `./d`, `dir/d`.
    dirs.reverse();
    while let Some((op, path)) = dirs.pop() {
        let listed = match ex.sh.fs.list(&path, c.who) {
            Ok(l) => l,
            Err(e) => {
                c.err(&format!("ls: cannot open directory '{op}': {e}"));
                status = 2;
                continue;
            }
        };
        let mut entries: Vec<Entry> = listed
            .into_iter()
            .filter(|(name, _)| all || almost || !name.starts_with('.'))
            .map(|(name, node)| Entry { name: name.to_string(), path: fs::normalize(&path, name), node: node.clone() })
            .collect();
        if all {
            for dot in [".", ".."] {
                let p = fs::normalize(&path, dot);
                if let Some(n) = ex.sh.fs.get(&p) {
                    entries.push(Entry { name: dot.to_string(), path: p, node: n.clone() });
                }
            }
        }
        sort(&mut entries);
        if recursive {
            let below = entries.iter().rev().filter(|e| e.node.is_dir() && e.name != "." && e.name != "..");
            let named =
                |e: &Entry| if op.ends_with('/') { format!("{op}{}", e.name) } else { format!("{op}/{}", e.name) };
            let subdirs: Vec<(String, String)> = below.map(|e| (named(e), e.path.clone())).collect();
            dirs.extend(subdirs);
        }
        let mut lines = Vec::new();
        if headers {
            lines.push(format!("{op}:"));
        }
        lines.extend(render(ex, &entries, true));
        sections.push(lines);
    }
    for (i, sec) in sections.iter().enumerate() {
        if i > 0 {
            c.out("");
        }
        for l in sec {
            c.out(l);
        }
    }
    Ok(status)
}

pub(crate) fn cat(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, long, mut operands) = match split_opts(c.args(), "nbsAETuv") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    if let Some(l) = long.first() {
        return c.usage(&format!("unrecognized option '--{l}'"), 1);
    }
    if operands.is_empty() {
        if c.stdin.is_empty() && ex.mode == (super::RunMode::Main { stdin_open: true }) {
            // `docker run -i IMAGE cat`: it waits for what the terminal types.
            return Err(Stop::Blocked);
        }
        operands.push("-".to_string());
    }
    let show_ends = flags.iter().any(|f| matches!(f, 'A' | 'E'));
    let show_tabs = flags.iter().any(|f| matches!(f, 'A' | 'T'));
    let show_ctrl = flags.iter().any(|f| matches!(f, 'A' | 'v'));
    let number = flags.contains(&'n') || flags.contains(&'b');
    let only_nonblank = flags.contains(&'b');
    let mut status = 0;
    let mut n = 0;
    for op in operands {
        let text = if op == "-" {
            c.take_stdin()
        } else {
            let path = ex.sh.resolve(&op);
            match ex.sh.fs.read(&path, c.who) {
                Ok(t) => t.to_string(),
                Err(e) => {
                    c.err(&format!("cat: {op}: {e}"));
                    status = 1;
                    continue;
                }
            }
        };
        if !(number || show_ends || show_tabs || show_ctrl) {
            c.io.out(&text);
            continue;
        }
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let (body, nl) = match line.strip_suffix('\n') {
                Some(b) => (b, true),
                None => (line, false),
            };
            if number && !(only_nonblank && body.is_empty()) {
                n += 1;
                out.push_str(&format!("{n:>6}\t"));
            }
            for ch in body.chars() {
                match ch {
                    '\t' if show_tabs => out.push_str("^I"),
                    '\t' => out.push('\t'),
                    c if show_ctrl && (c as u32) < 32 => {
                        out.push('^');
                        out.push(char::from_u32(c as u32 + 64).unwrap_or('?'));
                    }
                    '\x7f' if show_ctrl => out.push_str("^?"),
                    c => out.push(c),
                }
            }
            if nl {
                if show_ends {
                    out.push('$');
                }
                out.push('\n');
            }
        }
        c.io.out(&out);
    }
    Ok(status)
}

pub(crate) fn mkdir(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, long, operands) = match split_opts(c.args(), "pv") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let parents = flags.contains(&'p') || long.iter().any(|l| l == "parents");
    let verbose = flags.contains(&'v') || long.iter().any(|l| l == "verbose");
    if operands.is_empty() {
        return c.usage("missing operand", 1);
    }
    let mut status = 0;
    let now = ex.sh.now;
    for op in operands {
        let path = ex.sh.resolve(&op);
        let r = if parents { ex.sh.fs.mkdir_all(&path, c.who, now) } else { ex.sh.fs.mkdir(&path, c.who, now) };
        match r {
            Ok(()) => {
                if verbose {
                    c.out(&format!("mkdir: created directory '{op}'"));
                }
            }
            Err(e) => {
                c.err(&format!("mkdir: cannot create directory ‘{op}’: {e}"));
                status = 1;
            }
        }
    }
    Ok(status)
}

pub(crate) fn rmdir(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (_, _, operands) = match split_opts(c.args(), "pv") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    if operands.is_empty() {
        return c.usage("missing operand", 1);
    }
    let mut status = 0;
    for op in operands {
        let path = ex.sh.resolve(&op);
        let r = match ex.sh.fs.lookup(&path, c.who) {
            Ok(n) if !n.is_dir() => Err(FsError::NotADirectory),
            Ok(_) => ex.sh.fs.remove(&path, false, c.who, ex.sh.now),
            Err(e) => Err(e),
        };
        if let Err(e) = r {
            c.err(&format!("rmdir: failed to remove '{op}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}

pub(crate) fn touch(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (_, _, operands) = match split_opts(c.args(), "acm") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    if operands.is_empty() {
        return c.usage("missing file operand", 1);
    }
    let mut status = 0;
    for op in operands {
        let path = ex.sh.resolve(&op);
        if let Err(e) = ex.sh.fs.touch(&path, c.who, ex.sh.now) {
            c.err(&format!("touch: cannot touch '{op}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}

pub(crate) fn rm(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, long, operands) = match split_opts(c.args(), "rRfivd") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let recursive = flags.contains(&'r') || flags.contains(&'R') || long.iter().any(|l| l == "recursive");
    let force = flags.contains(&'f') || long.iter().any(|l| l == "force");
    let verbose = flags.contains(&'v');
    let dirs_ok = flags.contains(&'d');
    let no_preserve = long.iter().any(|l| l == "no-preserve-root");
    if operands.is_empty() {
        if force {
            return Ok(0);
        }
        return c.usage("missing operand", 1);
    }
    let mut status = 0;
    for op in operands {
        let path = ex.sh.resolve(&op);
        let base = op.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if base == "." || base == ".." {
            c.err(&format!("rm: refusing to remove '.' or '..' directory: skipping '{op}'"));
            status = 1;
            continue;
        }
        if path == "/" && recursive && !no_preserve {
            c.err("rm: it is dangerous to operate recursively on '/'");
            c.err("rm: use --no-preserve-root to override this failsafe");
            status = 1;
            continue;
        }
        let node = match ex.sh.fs.lookup(&path, c.who) {
            Ok(n) => n.clone(),
            Err(FsError::NotFound) if force => continue,
            Err(e) => {
                c.err(&format!("rm: cannot remove '{op}': {e}"));
                status = 1;
                continue;
            }
        };
        if node.is_dir() && !recursive && !dirs_ok {
            c.err(&format!("rm: cannot remove '{op}': Is a directory"));
            status = 1;
            continue;
        }
        match ex.sh.fs.remove(&path, recursive, c.who, ex.sh.now) {
            Ok(()) => {
                if verbose {
                    let what = if node.is_dir() { "removed directory" } else { "removed" };
                    c.out(&format!("{what} '{op}'"));
                }
            }
            Err(e) => {
                c.err(&format!("rm: cannot remove '{op}': {e}"));
                status = 1;
            }
        }
    }
    Ok(status)
}

/// Shared by `cp` and `mv`: where each source goes.
fn targets(ex: &Exec<'_>, c: &mut Call<'_>, operands: &[String]) -> Result<Vec<(String, String, String)>, i32> {
    let name = c.name().to_string();
    let Some((dest, sources)) = operands.split_last() else {
        c.err(&format!("{name}: missing file operand"));
        c.err(&format!("Try '{name} --help' for more information."));
        return Err(1);
    };
    if sources.is_empty() {
        c.err(&format!("{name}: missing destination file operand after '{dest}'"));
        c.err(&format!("Try '{name} --help' for more information."));
        return Err(1);
    }
    let dest_path = ex.sh.resolve(dest);
    let dest_is_dir = ex.sh.fs.is_dir(&dest_path);
    if sources.len() > 1 && !dest_is_dir {
        match ex.sh.fs.lookup(&dest_path, c.who) {
            Ok(_) => c.err(&format!("{name}: target '{dest}' is not a directory")),
            Err(e) => c.err(&format!("{name}: target '{dest}': {e}")),
        }
        return Err(1);
    }
    Ok(sources
        .iter()
        .map(|s| {
            let from = ex.sh.resolve(s);
            let to = if dest_is_dir { fs::normalize(&dest_path, fs::file_name(&from)) } else { dest_path.clone() };
            (s.clone(), from, to)
        })
        .collect())
}

pub(crate) fn cp(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, _, operands) = match split_opts(c.args(), "rRapfiv") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let recursive = flags.iter().any(|f| matches!(f, 'r' | 'R' | 'a'));
    let jobs = match targets(ex, c, &operands) {
        Ok(j) => j,
        Err(s) => return Ok(s),
    };
    let mut status = 0;
    for (shown, from, to) in jobs {
        let node = match ex.sh.fs.lookup(&from, c.who) {
            Ok(n) => n.clone(),
            Err(e) => {
                c.err(&format!("cp: cannot stat '{shown}': {e}"));
                status = 1;
                continue;
            }
        };
        if node.is_dir() && !recursive {
            c.err(&format!("cp: -r not specified; omitting directory '{shown}'"));
            status = 1;
            continue;
        }
        if ex.sh.fs.is_dir(&to) && !node.is_dir() {
            c.err(&format!("cp: cannot overwrite directory '{to}' with non-directory"));
            status = 1;
            continue;
        }
        if let Err(e) = ex.sh.fs.copy(&from, &to, c.who, ex.sh.now) {
            let msg = match e {
                FsError::Invalid => format!("cp: cannot copy a directory, '{shown}', into itself, '{to}'"),
                e => format!("cp: cannot create regular file '{to}': {e}"),
            };
            c.err(&msg);
            status = 1;
        }
    }
    Ok(status)
}

pub(crate) fn mv(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (_, _, operands) = match split_opts(c.args(), "fiv") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let jobs = match targets(ex, c, &operands) {
        Ok(j) => j,
        Err(s) => return Ok(s),
    };
    let mut status = 0;
    for (shown, from, to) in jobs {
        if let Err(e) = ex.sh.fs.lookup(&from, c.who) {
            c.err(&format!("mv: cannot stat '{shown}': {e}"));
            status = 1;
            continue;
        }
        if let Err(e) = ex.sh.fs.rename(&from, &to, c.who, ex.sh.now) {
            let msg = match e {
                FsError::Invalid => format!("mv: cannot move '{shown}' to a subdirectory of itself, '{to}'"),
                e => format!("mv: cannot move '{shown}' to '{to}': {e}"),
            };
            c.err(&msg);
            status = 1;
        }
    }
    Ok(status)
}

/// Applies a `chmod` mode (`755`, `+x`, `u+x,go-w`, `a=r`) to the current bits.
fn apply_mode(spec: &str, old: u32) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) && spec.len() <= 4 {
        return u32::from_str_radix(spec, 8).ok();
    }
    let mut mode = old;
    for clause in spec.split(',') {
        let who_len = clause.chars().take_while(|c| "ugoa".contains(*c)).count();
        let (who, rest) = clause.split_at(who_len);
        let mut chars = rest.chars();
        let op = chars.next().filter(|c| "+-=".contains(*c))?;
        let mut bits = 0;
        for p in chars {
            bits |= match p {
                'r' => 4,
                'w' => 2,
                'x' => 1,
                'X' if old & 0o111 != 0 => 1,
                'X' => 0,
                _ => return None,
            };
        }
        let mut mask = 0;
        for w in if who.is_empty() { "a".chars() } else { who.chars() } {
            mask |= match w {
                'u' => bits << 6,
                'g' => bits << 3,
                'o' => bits,
                _ => bits << 6 | bits << 3 | bits,
            };
        }
        let scope = {
            let mut s = 0;
            for w in if who.is_empty() { "a".chars() } else { who.chars() } {
                s |= match w {
                    'u' => 0o700,
                    'g' => 0o070,
                    'o' => 0o007,
                    _ => 0o777,
                };
            }
            s
        };
        mode = match op {
            '+' => mode | mask,
            '-' => mode & !mask,
            _ => (mode & !scope) | mask,
        };
    }
    Some(mode)
}

pub(crate) fn chmod(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args: Vec<String> = c.args().iter().filter(|a| !matches!(a.as_str(), "-R" | "-v" | "-f")).cloned().collect();
    let Some((spec, files)) = args.split_first() else { return c.usage("missing operand", 1) };
    if files.is_empty() {
        return c.usage(&format!("missing operand after ‘{spec}’"), 1);
    }
    let mut status = 0;
    for f in files {
        let path = ex.sh.resolve(f);
        let old = match ex.sh.fs.lookup(&path, c.who) {
            Ok(n) => n.mode,
            Err(e) => {
                c.err(&format!("chmod: cannot access '{f}': {e}"));
                status = 1;
                continue;
            }
        };
        let Some(mode) = apply_mode(spec, old) else { return c.usage(&format!("invalid mode: ‘{spec}’"), 1) };
        if let Err(e) = ex.sh.fs.set_mode(&path, mode, c.who) {
            c.err(&format!("chmod: changing permissions of '{f}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}

pub(crate) fn basename(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let Some(name) = args.first() else { return c.usage("missing operand", 1) };
    let mut base = fs::file_name(name).to_string();
    if let Some(suffix) = args.get(1) {
        if base.len() > suffix.len() {
            if let Some(b) = base.strip_suffix(suffix.as_str()) {
                base = b.to_string();
            }
        }
    }
    c.out(&base);
    Ok(0)
}

pub(crate) fn dirname(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    if args.is_empty() {
        return c.usage("missing operand", 1);
    }
    for a in args {
        let t = a.trim_end_matches('/');
        let d = match t.rfind('/') {
            None => ".".to_string(),
            Some(0) => "/".to_string(),
            Some(i) => t.get(..i).unwrap_or(".").trim_end_matches('/').to_string(),
        };
        c.out(if d.is_empty() { "/" } else { &d });
    }
    Ok(0)
}

pub(crate) fn tee(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, _, operands) = match split_opts(c.args(), "ai") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let mode = if flags.contains(&'a') { WriteMode::Append } else { WriteMode::Truncate };
    let text = c.take_stdin();
    let mut status = 0;
    for op in operands {
        let path = ex.sh.resolve(&op);
        if let Err(e) = ex.sh.fs.write(&path, &text, mode, c.who, ex.sh.now) {
            c.err(&format!("tee: {op}: {e}"));
            status = 1;
        }
    }
    c.io.out(&text);
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_layout() {
        let names: Vec<String> = ["bin", "boot", "dev", "etc", "home"].iter().map(|s| s.to_string()).collect();
        assert_eq!(columns(&names), ["bin  boot  dev  etc  home"]);
        let long: Vec<String> = (0..12).map(|i| format!("file-number-{i:02}")).collect();
        let rows = columns(&long);
        assert!(rows.iter().all(|r| r.chars().count() <= TERM_WIDTH));
        assert_eq!(
            rows.first().map(String::as_str),
            Some("file-number-00  file-number-03  file-number-06  file-number-09")
        );
    }

    #[test]
    fn chmod_modes() {
        assert_eq!(apply_mode("755", 0o644), Some(0o755));
        assert_eq!(apply_mode("+x", 0o644), Some(0o755));
        assert_eq!(apply_mode("u+x,go-r", 0o644), Some(0o700));
        assert_eq!(apply_mode("a=r", 0o755), Some(0o444));
        assert_eq!(apply_mode("bogus", 0o644), None);
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human(512), "512");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(187 * 1024 * 1024), "187M");
    }
}
