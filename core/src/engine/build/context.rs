//! The build context: the files of the context directory on the host that `.dockerignore`
//! lets through, as BuildKit's file sync sends them, and the selection a `COPY` source names.
//!
//! Patterns are moby's `patternmatcher`: Go `filepath.Match` (`*`, `?`, `[...]`) plus `**`,
//! relative to the context root, `!` re-includes, `#` comments, and a pattern that matches a
//! directory excludes everything below it. The transfer sizes follow BuildKit's file-sync
//! packets (a stat per entry, the data of what changed since the last build from the same
//! directory), so the progress shows `transferring context: 190B` as docker does.

use crate::map::Map;
use crate::shell::fs::{Fs, Node, NodeKind};

/// One `.dockerignore` line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pattern {
    glob: Glob,
    exclusion: bool,
}

/// The files a build sees: paths relative to the context root, without a leading `/`.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Included entries by relative path (`src/app.js`), parents before children.
    pub files: Map<String, Node>,
}

/// A compiled glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    tokens: Vec<Token>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Lit(char),
    /// `?`: one character other than `/`.
    Any,
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**`: anything, `/` included.
    Deep,
    /// `**/`: nothing, or anything ending in `/`.
    DeepDir,
    /// `[...]`: ranges, negated with `^` or `!`.
    Class(Vec<(char, char)>, bool),
}

impl Glob {
    /// Compiles a pattern; `double_star` enables `**` (dockerignore), otherwise it is two `*`.
    pub fn new(pattern: &str, double_star: bool) -> Glob {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            match c {
                '*' if double_star && chars.get(i) == Some(&'*') => {
                    i += 1;
                    if chars.get(i) == Some(&'/') {
                        i += 1;
                        tokens.push(Token::DeepDir);
                    } else {
                        tokens.push(Token::Deep);
                    }
                }
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::Any),
                '\\' => tokens.push(Token::Lit(chars.get(i).copied().unwrap_or('\\'))),
                '[' => {
                    let mut j = i;
                    let negated = matches!(chars.get(j), Some('^' | '!'));
                    if negated {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    let mut closed = false;
                    let mut first = true;
                    while j < chars.len() {
                        let a = chars[j];
                        if a == ']' && !first {
                            closed = true;
                            j += 1;
                            break;
                        }
                        first = false;
                        if chars.get(j + 1) == Some(&'-') && chars.get(j + 2).is_some_and(|b| *b != ']') {
                            ranges.push((a, chars[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((a, a));
                            j += 1;
                        }
                    }
                    if closed {
                        tokens.push(Token::Class(ranges, negated));
                        i = j;
                    } else {
                        tokens.push(Token::Lit('['));
                    }
                }
                other => tokens.push(Token::Lit(other)),
            }
        }
        Glob { tokens }
    }

    /// Whether the whole of `path` matches.
    pub fn matches(&self, path: &str) -> bool {
        let chars: Vec<char> = path.chars().collect();
        let mut budget = 100_000u32;
        match_at(&self.tokens, &chars, &mut budget)
    }

    /// Whether the pattern has wildcards at all.
    pub fn is_literal(&self) -> bool {
        self.tokens.iter().all(|t| matches!(t, Token::Lit(_)))
    }
}

fn match_at(tokens: &[Token], s: &[char], budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((t, rest)) = tokens.split_first() else { return s.is_empty() };
    match t {
        Token::Lit(c) => s.first() == Some(c) && match_at(rest, &s[1..], budget),
        Token::Any => s.first().is_some_and(|c| *c != '/') && match_at(rest, &s[1..], budget),
        Token::Class(ranges, negated) => {
            s.first().is_some_and(|c| *c != '/' && ranges.iter().any(|(a, b)| a <= c && c <= b) != *negated)
                && match_at(rest, &s[1..], budget)
        }
        Token::Star => {
            for n in 0..=s.len() {
                if n > 0 && s[n - 1] == '/' {
                    break;
                }
                if match_at(rest, &s[n..], budget) {
                    return true;
                }
            }
            false
        }
        Token::Deep => (0..=s.len()).any(|n| match_at(rest, &s[n..], budget)),
        Token::DeepDir => {
            match_at(rest, s, budget) || (1..=s.len()).any(|n| s[n - 1] == '/' && match_at(rest, &s[n..], budget))
        }
    }
}

/// Cleans a path as Go's `filepath.Clean` does, relative form (no leading `/`, `.` for empty).
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Reads `.dockerignore` text into patterns.
fn patterns(text: &str) -> Vec<Pattern> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (exclusion, body) = match line.strip_prefix('!') {
            Some(b) => (true, b.trim()),
            None => (false, line),
        };
        let cleaned = clean(body);
        if cleaned == "." {
            continue;
        }
        out.push(Pattern { glob: Glob::new(&cleaned, true), exclusion });
    }
    out
}

/// moby's `MatchesOrParentMatches`: the last pattern that matches the path or one of its
/// parent directories decides.
fn ignored(patterns: &[Pattern], rel: &str) -> bool {
    let mut matched = false;
    let parents: Vec<&str> = rel.split('/').collect();
    for p in patterns {
        if p.exclusion != matched {
            continue;
        }
        let mut hit = p.glob.matches(rel);
        if !hit && parents.len() > 1 {
            for i in 1..parents.len() {
                if p.glob.matches(&parents[..i].join("/")) {
                    hit = true;
                    break;
                }
            }
        }
        if hit {
            matched = !p.exclusion;
        }
    }
    matched
}

impl Context {
    /// The context directory `root` (absolute) on `host`, filtered by its `.dockerignore`.
    pub fn load(host: &Fs, root: &str, dockerignore: Option<&str>) -> Context {
        let pats = dockerignore.map(patterns).unwrap_or_default();
        let mut files = Map::new();
        for (path, node) in host.walk(root) {
            let rel = path.get(root.len()..).unwrap_or("").trim_start_matches('/');
            if rel.is_empty() || ignored(&pats, rel) {
                continue;
            }
            files.insert(rel.to_string(), node.clone());
        }
        Context { files }
    }

    /// Total bytes of the included files.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|n| if n.is_dir() { 0 } else { n.size() }).sum()
    }

    /// What a `COPY` source names: `(path relative to the context, node)` pairs, the source
    /// itself first (a directory's contents follow it). `None` when nothing matches, which
    /// BuildKit reports as `"/app.py": not found`.
    pub fn select(&self, source: &str) -> Option<Vec<(String, Node)>> {
        let cleaned = clean(source.trim_start_matches('/'));
        if cleaned == "." {
            let mut all = vec![(String::new(), root_dir())];
            all.extend(self.files.iter().map(|(k, v)| (k.clone(), v.clone())));
            return Some(all);
        }
        if cleaned.starts_with("..") {
            return None;
        }
        let glob = Glob::new(&cleaned, false);
        let roots: Vec<String> = if glob.is_literal() {
            if self.files.contains_key(&cleaned) {
                vec![cleaned.clone()]
            } else {
                Vec::new()
            }
        } else {
            self.files.keys().filter(|k| glob.matches(k)).cloned().collect()
        };
        if roots.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for r in roots {
            let Some(node) = self.files.get(&r) else { continue };
            out.push((r.clone(), node.clone()));
            if node.is_dir() {
                let prefix = format!("{r}/");
                out.extend(
                    self.files.iter().filter(|(k, _)| k.starts_with(&prefix)).map(|(k, v)| (k.clone(), v.clone())),
                );
            }
        }
        Some(out)
    }
}

fn root_dir() -> Node {
    Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: 0 }
}

/// Bytes a varint of `n` takes.
fn varint_len(n: u64) -> u64 {
    let mut len = 1;
    let mut v = n >> 7;
    while v > 0 {
        len += 1;
        v >>= 7;
    }
    len
}

/// `transferring dockerfile: N` / `.dockerignore`: one file sent alone (2 bytes when absent).
pub fn single_file_transfer(name: &str, size: Option<u64>) -> u64 {
    match size {
        None => 2,
        Some(s) => s + 25 + name.len() as u64 + 2 * varint_len(s),
    }
}

/// `transferring context: N`: a stat packet per entry plus the data of the files that are new
/// or changed since `previous` (path → size and time of the last transfer from this directory).
pub fn context_transfer(ctx: &Context, previous: Option<&Map<String, (u64, u64)>>) -> u64 {
    let mut total = 2;
    for (path, node) in &ctx.files {
        let name = path.len() as u64;
        if node.is_dir() {
            total += 26 + name;
            continue;
        }
        let size = node.size();
        total += 16 + name + varint_len(size);
        let unchanged = previous.and_then(|p| p.get(path)).is_some_and(|(s, t)| *s == size && *t == node.mtime);
        if !unchanged {
            total += size + 9 + varint_len(size);
        }
    }
    total
}

/// What a transfer leaves behind for the next one from the same directory.
pub fn transfer_state(ctx: &Context) -> Map<String, (u64, u64)> {
    ctx.files.iter().filter(|(_, n)| !n.is_dir()).map(|(k, n)| (k.clone(), (n.size(), n.mtime))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::fs::{Who, WriteMode};

    #[test]
    fn globs_match_like_go() {
        let g = |p: &str, s: &str| Glob::new(p, true).matches(s);
        assert!(g("*.log", "a.log") && !g("*.log", "logs/a.log"));
        assert!(g("logs/*.log", "logs/a.log"));
        assert!(g("**/*.log", "logs/deep/a.log") && g("**/*.log", "a.log"));
        assert!(g("node_modules", "node_modules") && !g("node_modules", "node_modules2"));
        assert!(g("[a-c]?.txt", "b1.txt") && !g("[!a-c]?.txt", "b1.txt"));
        assert!(!Glob::new("a**b", false).matches("a/b"));
    }

    #[test]
    fn dockerignore_excludes_and_reincludes() {
        let mut fs = Fs::host();
        let now = 1_000;
        for f in [
            "ctx/Dockerfile",
            "ctx/.env",
            "ctx/a.log",
            "ctx/logs/a.log",
            "ctx/logs/keep.log",
            "ctx/src/main.js",
            "ctx/node_modules/x/index.js",
        ] {
            let p = format!("/home/user/{f}");
            let _ = fs.mkdir_all(crate::shell::fs::parent(&p), Who::User, now);
            let _ = fs.write(&p, "x\n", WriteMode::Truncate, Who::User, now);
        }
        let ctx = Context::load(
            &fs,
            "/home/user/ctx",
            Some("# comment\nnode_modules\n*.log\nlogs/*.log\n!logs/keep.log\n.env\n"),
        );
        let names: Vec<&str> = ctx.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["Dockerfile", "logs", "logs/keep.log", "src", "src/main.js"]);
        assert!(ctx.select("/src/*.js").is_some_and(|v| v.len() == 1));
        assert!(ctx.select("app.py").is_none() && ctx.select("a.log").is_none());
        assert_eq!(ctx.select("src").map(|v| v.len()), Some(2));
    }

    #[test]
    fn transfer_sizes_follow_buildkit() {
        assert_eq!(single_file_transfer("Dockerfile", Some(23)), 60);
        assert_eq!(single_file_transfer("Dockerfile", Some(128)), 167);
        assert_eq!(single_file_transfer(".dockerignore", Some(13)), 53);
        assert_eq!(single_file_transfer(".dockerignore", None), 2);
    }
}
