//! The command table (every command the shell knows, defined once: name, kind, implementation)
//! and the shell builtins and small system commands: `cd`, `echo`, `export`, `history`, `help`,
//! `type`, `sudo`, `sleep`, `date`, ...
//!
//! `type`, `which`, `help` and Tab completion all read the same table. Texts copy bash 5.2 and
//! GNU coreutils on Ubuntu 24.04 (`LANG=C.UTF-8`, hence the ‘curly’ quotes some tools use).
//! Commands write through [`Call`] and never touch the terminal directly.

use super::exec::{Exec, Io, Stop};
use super::fs::{self, Who};
use super::lexer::is_name;
use super::{files, filters, printf, script, Dialect, Var, CLEAR_SEQUENCE};
use crate::env::SimTime;
use crate::go::time::{civil, day_name, month_name};
use crate::host::HOST_NAME;
use crate::host::{DOCKER0_IP, HOST_IP};

/// What kind of thing a command name is, as `type` would say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandKind {
    /// Only a shell builtin (`cd`, `export`): `sudo` and `xargs` cannot run it.
    Builtin,
    /// A builtin that also exists as `/usr/bin/NAME` (`echo`, `pwd`, `true`).
    BuiltinAndProgram,
    /// A program in `/usr/bin` that this shell implements (`ls`, `grep`).
    Program,
    /// A program in `/usr/bin` the session implements (`docker`, `systemctl`, `curl`).
    Host,
}

/// The arguments and streams of one command invocation.
pub(crate) struct Call<'c> {
    pub argv: &'c [String],
    pub stdin: &'c mut String,
    pub io: &'c mut Io,
    /// Whether stdout is the terminal (`ls` prints columns only then).
    pub tty: bool,
    /// The user the command runs as (root under `sudo`).
    pub who: Who,
}

impl Call<'_> {
    pub fn name(&self) -> &str {
        self.argv.first().map(String::as_str).unwrap_or("")
    }

    pub fn args(&self) -> &[String] {
        self.argv.get(1..).unwrap_or(&[])
    }

    /// Reads (and consumes) standard input.
    pub fn take_stdin(&mut self) -> String {
        std::mem::take(self.stdin)
    }

    pub fn out(&mut self, line: &str) {
        self.io.outln(line);
    }

    pub fn err(&mut self, line: &str) {
        self.io.errln(line);
    }

    /// A coreutils-style usage error: the message, then the `Try '... --help'` line.
    pub fn usage(&mut self, msg: &str, status: i32) -> Result<i32, Stop> {
        let name = self.name().rsplit('/').next().unwrap_or("").to_string();
        self.err(&format!("{name}: {msg}"));
        self.err(&format!("Try '{name} --help' for more information."));
        Ok(status)
    }
}

pub(crate) type Run = fn(&mut Exec<'_>, &mut Call<'_>) -> Result<i32, Stop>;

/// One entry of the command table.
pub(crate) struct Def {
    pub name: &'static str,
    pub kind: CommandKind,
    /// `None` for host commands.
    pub run: Option<Run>,
}

const fn def(name: &'static str, kind: CommandKind, run: Run) -> Def {
    Def { name, kind, run: Some(run) }
}

use CommandKind::{Builtin as B, BuiltinAndProgram as BP, Program as P};

/// Every command the shell knows. Order does not matter; names are unique.
static COMMANDS: &[Def] = &[
    def("cd", B, cd),
    def("pwd", BP, pwd),
    def("echo", BP, printf::echo),
    def("printf", BP, printf::printf),
    def("export", B, export),
    def("unset", B, unset),
    def("alias", B, alias),
    def("unalias", B, unalias),
    def("history", B, history),
    def("help", B, help),
    def("type", B, type_),
    def("exit", B, exit),
    def("logout", B, exit),
    def("true", BP, true_),
    def("false", BP, false_),
    def(":", B, true_),
    def("break", B, script::break_),
    def("continue", B, script::continue_),
    def("read", B, script::read),
    def("wait", B, script::wait),
    def("exec", B, script::exec),
    def("test", BP, script::test),
    def("[", BP, script::test),
    def("source", B, script::source),
    def(".", B, script::source),
    def("bash", P, script::bash),
    def("sh", P, script::bash),
    def("chmod", P, files::chmod),
    def("which", P, which),
    def("sudo", P, sudo),
    def("env", P, env),
    def("printenv", P, printenv),
    def("sleep", P, script::sleep),
    def("nano", P, edit),
    def("vi", P, edit),
    def("vim", P, edit),
    def("code", P, edit),
    def("date", P, date),
    def("whoami", P, whoami),
    def("hostname", P, hostname),
    def("id", P, id),
    def("uname", P, uname),
    def("clear", P, clear),
    def("ls", P, files::ls),
    def("cat", P, files::cat),
    def("mkdir", P, files::mkdir),
    def("rmdir", P, files::rmdir),
    def("touch", P, files::touch),
    def("rm", P, files::rm),
    def("cp", P, files::cp),
    def("mv", P, files::mv),
    def("basename", P, files::basename),
    def("dirname", P, files::dirname),
    def("tee", P, files::tee),
    def("grep", P, filters::grep),
    def("egrep", P, filters::grep),
    def("head", P, filters::head),
    def("tail", P, filters::tail),
    def("wc", P, filters::wc),
    def("sort", P, filters::sort),
    def("uniq", P, filters::uniq),
    def("cut", P, filters::cut),
    def("tr", P, filters::tr),
    def("seq", P, filters::seq),
    def("xargs", P, filters::xargs),
    #[cfg(feature = "full")]
    def("awk", P, super::awk::awk),
    #[cfg(feature = "full")]
    def("mawk", P, super::awk::awk),
    #[cfg(feature = "full")]
    def("jq", P, super::jq::jq),
    // Without the full engine these go to the host, which asks the page for it.
    #[cfg(not(feature = "full"))]
    Def { name: "awk", kind: P, run: None },
    #[cfg(not(feature = "full"))]
    Def { name: "mawk", kind: P, run: None },
    #[cfg(not(feature = "full"))]
    Def { name: "jq", kind: P, run: None },
    Def { name: "docker", kind: CommandKind::Host, run: None },
    Def { name: "systemctl", kind: CommandKind::Host, run: None },
    Def { name: "curl", kind: CommandKind::Host, run: None },
];

/// The programs only the full engine runs (core's `full` feature): without it, the shell hands
/// them to its host, which asks for the full engine (`Engine::ask_for_full`).
pub const FULL_ENGINE_PROGRAMS: [&str; 3] = ["awk", "mawk", "jq"];

/// Looks a command up by name, or by its path (`/usr/bin/ls`, `/bin/ls`) for programs.
pub(crate) fn find(name: &str) -> Option<&'static Def> {
    if let Some(base) = name.strip_prefix("/usr/bin/").or_else(|| name.strip_prefix("/bin/")) {
        return COMMANDS.iter().find(|d| d.name == base && d.kind != CommandKind::Builtin);
    }
    COMMANDS.iter().find(|d| d.name == name)
}

/// Every command name with its kind, sorted (for Tab completion and `help`).
pub fn command_names() -> Vec<(&'static str, CommandKind)> {
    let mut v: Vec<_> = COMMANDS.iter().map(|d| (d.name, d.kind)).collect();
    crate::sort::sort_by_key(&mut v, |(n, _)| *n);
    v
}

/// Words bash calls keywords (for `type`).
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
    "function", "time", "{", "}", "!", "[[", "]]", "coproc",
];

fn cd(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args();
    if args.len() > 1 {
        c.err(&ex.diag("cd: too many arguments"));
        return Ok(1);
    }
    let mut print = false;
    let target = match args.first().map(String::as_str) {
        None => match ex.sh.var("HOME") {
            Some(h) => h.to_string(),
            None => {
                c.err(&ex.diag("cd: HOME not set"));
                return Ok(1);
            }
        },
        Some("-") => match ex.sh.var("OLDPWD") {
            Some(o) => {
                print = true;
                o.to_string()
            }
            None => {
                c.err(&ex.diag("cd: OLDPWD not set"));
                return Ok(1);
            }
        },
        Some(a) => a.to_string(),
    };
    if target.is_empty() {
        return Ok(0);
    }
    let path = ex.sh.resolve(&target);
    let why = match ex.sh.fs.lookup(&path, ex.sh.who) {
        Ok(n) if !n.is_dir() => Some("Not a directory".to_string()),
        Ok(_) => ex.sh.fs.can_enter(&path, ex.sh.who).err().map(|e| e.to_string()),
        Err(e) => Some(e.to_string()),
    };
    if let Some(why) = why {
        // dash says no more than that it cannot; BusyBox ash says why as well.
        let (msg, status) = match ex.voice.dialect {
            Dialect::Bash => (format!("cd: {target}: {why}"), 1),
            Dialect::Dash => (format!("cd: can't cd to {target}"), 2),
            Dialect::Ash => (format!("cd: can't cd to {target}: {why}"), 1),
        };
        c.err(&ex.diag(&msg));
        return Ok(status);
    }
    let old = std::mem::replace(&mut ex.sh.cwd, path.clone());
    ex.sh.set_var("OLDPWD", &old, true);
    ex.sh.set_var("PWD", &path, true);
    if print {
        c.out(&path);
    }
    Ok(0)
}

fn pwd(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let cwd = ex.sh.cwd.clone();
    c.out(&cwd);
    Ok(0)
}

/// `printf %q`: bash's backslash quoting (`a b` → `a\ b`, empty → `''`).
pub(crate) fn shell_quote(s: &str) -> String {
    if s.is_empty() {
        return "''".to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if !(ch.is_alphanumeric() || "_-./:=@%+,".contains(ch)) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `declare -x NAME="value"` quoting: backslash before `"`, `\`, `$` and backtick.
fn declare_quote(v: &str) -> String {
    let mut s = String::new();
    for ch in v.chars() {
        if matches!(ch, '"' | '\\' | '$' | '`') {
            s.push('\\');
        }
        s.push(ch);
    }
    s
}

fn export(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let unexport = c.args().iter().any(|a| a == "-n");
    let args: Vec<String> = c.args().iter().filter(|a| !matches!(a.as_str(), "-p" | "-n")).cloned().collect();
    if unexport {
        for a in &args {
            if let Some(v) = ex.sh.vars.get_mut(a.split('=').next().unwrap_or("")) {
                v.exported = false;
            }
        }
        return Ok(0);
    }
    if args.is_empty() {
        let lines: Vec<String> = ex
            .sh
            .vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| format!("declare -x {k}=\"{}\"", declare_quote(&v.value)))
            .collect();
        for l in lines {
            c.out(&l);
        }
        return Ok(0);
    }
    let mut status = 0;
    for a in args {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        if !is_name(&name) {
            c.err(&ex.diag(&format!("export: `{a}': not a valid identifier")));
            status = 1;
            continue;
        }
        match value {
            Some(v) => ex.sh.set_var(&name, &v, true),
            None => {
                if let Some(var) = ex.sh.vars.get_mut(&name) {
                    var.exported = true;
                }
            }
        }
    }
    Ok(status)
}

fn unset(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut status = 0;
    for a in c.args().iter().filter(|a| !matches!(a.as_str(), "-v" | "-f")).cloned().collect::<Vec<_>>() {
        if !is_name(&a) {
            c.err(&ex.diag(&format!("unset: `{a}': not a valid identifier")));
            status = 1;
            continue;
        }
        ex.sh.vars.remove(&a);
    }
    Ok(status)
}

fn alias(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args: Vec<String> = c.args().iter().filter(|a| a.as_str() != "-p").cloned().collect();
    if args.is_empty() {
        let lines: Vec<String> =
            ex.sh.aliases.iter().map(|(k, v)| format!("alias {k}='{}'", v.replace('\'', "'\\''"))).collect();
        for l in lines {
            c.out(&l);
        }
        return Ok(0);
    }
    let mut status = 0;
    for a in args {
        match a.split_once('=') {
            Some((n, v)) if !n.is_empty() && !n.contains(['/', '$', '`', '=']) => {
                ex.sh.aliases.insert(n.to_string(), v.to_string());
            }
            Some(_) => {
                c.err(&ex.diag(&format!("alias: `{a}': invalid alias name")));
                status = 1;
            }
            None => match ex.sh.aliases.get(&a).cloned() {
                Some(v) => c.out(&format!("alias {a}='{}'", v.replace('\'', "'\\''"))),
                None => {
                    c.err(&ex.diag(&format!("alias: {a}: not found")));
                    status = 1;
                }
            },
        }
    }
    Ok(status)
}

fn unalias(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args: Vec<String> = c.args().to_vec();
    if args.is_empty() {
        c.err("unalias: usage: unalias [-a] name [name ...]");
        return Ok(2);
    }
    let mut status = 0;
    for a in args {
        if a == "-a" {
            ex.sh.aliases.clear();
        } else if ex.sh.aliases.remove(&a).is_none() {
            c.err(&ex.diag(&format!("unalias: {a}: not found")));
            status = 1;
        }
    }
    Ok(status)
}

fn history(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let count = match args.first().map(String::as_str) {
        None => ex.sh.history.len(),
        Some("-c") => {
            ex.sh.history.clear();
            return Ok(0);
        }
        Some(n) => match n.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                c.err(&ex.diag(&format!("history: {n}: numeric argument required")));
                return Ok(1);
            }
        },
    };
    let len = ex.sh.history.len();
    let lines: Vec<String> = ex
        .sh
        .history
        .iter()
        .enumerate()
        .skip(len.saturating_sub(count))
        .map(|(i, l)| format!("{:>5}  {l}", i + 1))
        .collect();
    for l in lines {
        c.out(&l);
    }
    Ok(0)
}

fn help(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    c.io.out(crate::voice::HELP);
    Ok(0)
}

fn type_(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut status = 0;
    let terse = c.args().first().is_some_and(|a| a == "-t");
    for a in c.args().iter().filter(|a| a.as_str() != "-t").cloned().collect::<Vec<_>>() {
        if terse {
            let kind = if ex.sh.aliases.contains_key(&a) {
                "alias"
            } else if KEYWORDS.contains(&a.as_str()) {
                "keyword"
            } else {
                match find(&a) {
                    Some(d)
                        if matches!(d.kind, CommandKind::Builtin | CommandKind::BuiltinAndProgram)
                            && !a.contains('/') =>
                    {
                        "builtin"
                    }
                    Some(_) => "file",
                    None => {
                        status = 1;
                        continue;
                    }
                }
            };
            c.out(kind);
            continue;
        }
        if let Some(v) = ex.sh.aliases.get(&a).cloned() {
            c.out(&format!("{a} is aliased to `{v}'"));
        } else if KEYWORDS.contains(&a.as_str()) {
            c.out(&format!("{a} is a shell keyword"));
        } else {
            match find(&a) {
                Some(d)
                    if matches!(d.kind, CommandKind::Builtin | CommandKind::BuiltinAndProgram) && !a.contains('/') =>
                {
                    c.out(&format!("{a} is a shell builtin"));
                }
                Some(_) if a.contains('/') => c.out(&format!("{a} is {a}")),
                Some(d) => c.out(&format!("{a} is /usr/bin/{}", d.name)),
                None => {
                    c.err(&ex.diag(&format!("type: {a}: not found")));
                    status = 1;
                }
            }
        }
    }
    Ok(status)
}

fn which(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut status = i32::from(c.args().is_empty());
    for a in c.args().to_vec() {
        match find(&a) {
            Some(d) if d.kind != CommandKind::Builtin => {
                let shown = if a.contains('/') { a.clone() } else { format!("/usr/bin/{}", d.name) };
                c.out(&shown);
            }
            _ => status = 1,
        }
    }
    Ok(status)
}

/// `nano FILE`, `vi FILE`, `vim FILE`, `code FILE`: asks the page for its editor (see
/// [`super::Effects::edit`]). Without a terminal there is nothing to edit on.
fn edit(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let editor = c.name().rsplit('/').next().unwrap_or("").to_string();
    let file = c.args().iter().find(|a| !a.starts_with('-') && !a.starts_with('+')).cloned();
    let path = file.as_deref().map(|f| ex.sh.resolve(f)).unwrap_or_default();
    if !c.tty {
        c.err(&crate::voice::editor_without_terminal(&editor));
        return Ok(1);
    }
    let (content, exists) = match ex.sh.fs.get(&path) {
        Some(n) if n.is_dir() => {
            c.err(&format!("{editor}: {}: Is a directory", file.unwrap_or_default()));
            return Ok(1);
        }
        Some(_) => match ex.sh.fs.read(&path, c.who) {
            Ok(t) => (t.to_string(), true),
            Err(e) => {
                c.err(&format!("{editor}: {}: {e}", file.unwrap_or_default()));
                return Ok(1);
            }
        },
        None => (String::new(), false),
    };
    let name = file.unwrap_or_default();
    ex.sh.effects.edit = Some(super::EditRequest { editor, path, name, content, exists });
    Ok(0)
}

fn exit(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let code = match args.first() {
        None => ex.sh.last_status,
        Some(a) => match a.parse::<i64>() {
            Ok(n) => {
                if args.len() > 1 {
                    c.err(&ex.diag(&format!("{}: too many arguments", c.name())));
                    return Ok(1);
                }
                (n & 0xff) as i32
            }
            Err(_) => {
                c.err(&ex.diag(&format!("{}: {a}: numeric argument required", c.name())));
                2
            }
        },
    };
    Err(Stop::Exit(code))
}

fn true_(_ex: &mut Exec<'_>, _c: &mut Call<'_>) -> Result<i32, Stop> {
    Ok(0)
}

fn false_(_ex: &mut Exec<'_>, _c: &mut Call<'_>) -> Result<i32, Stop> {
    Ok(1)
}

fn sudo(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut rest: Vec<String> = c.args().to_vec();
    while let Some(a) = rest.first().cloned() {
        match a.as_str() {
            "-E" | "-H" | "-S" | "-n" | "-k" | "-b" | "-P" | "--preserve-env" => {
                rest.remove(0);
            }
            "-u" => {
                rest.remove(0);
                if rest.first().map(String::as_str) == Some("root") {
                    rest.remove(0);
                } else if let Some(u) = rest.first().cloned() {
                    c.err(&format!("sudo: unknown user {u}"));
                    return Ok(1);
                }
            }
            "-i" | "-s" | "--login" | "--shell" | "su" if rest.len() == 1 => {
                c.err(crate::voice::SUDO_ROOT_SHELL);
                return Ok(1);
            }
            "--" => {
                rest.remove(0);
                break;
            }
            _ => break,
        }
    }
    if rest.is_empty() {
        c.io.err(SUDO_USAGE);
        return Ok(1);
    }
    if ex.sh.who == Who::User && !ex.sh.sudo_noted {
        // Ubuntu's sudo lectures and asks for the password here; this terminal asks nothing
        // and says once, in its own voice, what changed.
        ex.sh.sudo_noted = true;
        c.err(crate::voice::SUDO_FIRST_USE);
    }
    let name = rest.first().cloned().unwrap_or_default();
    match ex.run_program(&rest, c.stdin, c.io, c.tty, Who::Root)? {
        Some(status) => Ok(status),
        None => {
            c.err(&format!("sudo: {name}: command not found"));
            Ok(1)
        }
    }
}

/// sudo 1.9.15 (Ubuntu 24.04) without arguments.
const SUDO_USAGE: &str = "\
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]
            [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] file ...
";

fn env(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut rest: Vec<String> = c.args().to_vec();
    let mut temp: Vec<(String, String)> = Vec::new();
    while let Some(a) = rest.first().cloned() {
        match a.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                temp.push((k.to_string(), v.to_string()));
                rest.remove(0);
            }
            _ => break,
        }
    }
    if rest.is_empty() {
        let mut vars = ex.sh.env();
        for (k, v) in temp {
            vars.insert(k, v);
        }
        for (k, v) in vars {
            c.out(&format!("{k}={v}"));
        }
        return Ok(0);
    }
    let saved = ex.sh.vars.clone();
    for (k, v) in temp {
        ex.sh.vars.insert(k, Var { value: v, exported: true });
    }
    let name = rest.first().cloned().unwrap_or_default();
    let r = ex.run_program(&rest, c.stdin, c.io, c.tty, c.who);
    ex.sh.vars = saved;
    match r? {
        Some(s) => Ok(s),
        None => {
            c.err(&format!("env: ‘{name}’: No such file or directory"));
            Ok(127)
        }
    }
}

fn printenv(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let vars = ex.sh.env();
    if c.args().is_empty() {
        for (k, v) in vars {
            c.out(&format!("{k}={v}"));
        }
        return Ok(0);
    }
    let mut status = 0;
    for a in c.args().to_vec() {
        match vars.get(&a) {
            Some(v) => c.out(v),
            None => status = 1,
        }
    }
    Ok(status)
}

/// `strftime` for the formats people use with `date +...` (UTC only).
pub(crate) fn strftime(t: SimTime, fmt: &str) -> String {
    let secs = t / 1000;
    let (y, mo, d, h, mi, s) = civil(secs);
    let (wd, month) = (day_name(t), month_name(mo));
    let days_before: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let yday = days_before.get(mo.saturating_sub(1) as usize).copied().unwrap_or(0) + d + u32::from(leap && mo > 2);
    let mut out = String::new();
    let mut cs = fmt.chars();
    while let Some(c) = cs.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match cs.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('e') => out.push_str(&format!("{d:>2}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('I') => out.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
            Some('a') => out.push_str(wd.get(..3).unwrap_or(wd)),
            Some('A') => out.push_str(wd),
            Some('b') | Some('h') => out.push_str(month.get(..3).unwrap_or(month)),
            Some('B') => out.push_str(month),
            Some('j') => out.push_str(&format!("{yday:03}")),
            Some('s') => out.push_str(&secs.to_string()),
            Some('N') => out.push_str(&format!("{:09}", (t % 1000) * 1_000_000)),
            Some('F') => out.push_str(&format!("{y:04}-{mo:02}-{d:02}")),
            Some('T') => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            Some('R') => out.push_str(&format!("{h:02}:{mi:02}")),
            Some('D') => out.push_str(&format!("{mo:02}/{d:02}/{:02}", y.rem_euclid(100))),
            Some('Z') => out.push_str("UTC"),
            Some('z') => out.push_str("+0000"),
            Some('u') => out.push_str(&(((secs / 86_400 + 3) % 7) + 1).to_string()),
            Some('w') => out.push_str(&((secs / 86_400 + 4) % 7).to_string()),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// `date -d` strings: `now`, `today`, `yesterday`, `tomorrow`, `@SECONDS`, `N units ago`,
/// `+N units`.
fn parse_date(now: SimTime, s: &str) -> Option<SimTime> {
    let t = s.trim().to_lowercase();
    let day = 86_400_000i64;
    let now_i = now as i64;
    let at = match t.as_str() {
        "" | "now" | "today" => now_i,
        "yesterday" => now_i - day,
        "tomorrow" => now_i + day,
        _ if t.starts_with('@') => t.get(1..)?.parse::<i64>().ok()?.checked_mul(1000)?,
        _ => {
            let words: Vec<&str> = t.split_whitespace().collect();
            let (n, unit, ago) = match words.as_slice() {
                [n, unit, "ago"] => (n.parse::<i64>().ok()?, *unit, true),
                [n, unit] => (n.trim_start_matches('+').parse::<i64>().ok()?, *unit, false),
                _ => return None,
            };
            let ms = match unit.trim_end_matches('s') {
                "sec" | "second" => 1000,
                "min" | "minute" => 60_000,
                "hour" => 3_600_000,
                "day" => day,
                "week" => 7 * day,
                _ => return None,
            };
            let delta = n.checked_mul(ms)?;
            if ago {
                now_i.checked_sub(delta)?
            } else {
                now_i.checked_add(delta)?
            }
        }
    };
    u64::try_from(at).ok()
}

fn date(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut fmt = "%a %b %e %H:%M:%S %Z %Y".to_string();
    let mut when = ex.sh.now;
    let args = c.args().to_vec();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let date_arg = if a == "-d" || a == "--date" {
            match args.get(i) {
                Some(v) => {
                    i += 1;
                    Some(v.clone())
                }
                None => return c.usage("option requires an argument -- 'd'", 1),
            }
        } else {
            a.strip_prefix("--date=").or_else(|| a.strip_prefix("-d").filter(|r| !r.is_empty())).map(str::to_string)
        };
        if let Some(d) = date_arg {
            match parse_date(ex.sh.now, &d) {
                Some(t) => when = t,
                None => {
                    c.err(&format!("date: invalid date ‘{d}’"));
                    return Ok(1);
                }
            }
            continue;
        }
        if let Some(f) = a.strip_prefix('+') {
            fmt = f.to_string();
        } else {
            match a.as_str() {
                "-u" | "--utc" | "--universal" => {}
                "-R" | "--rfc-email" => fmt = "%a, %d %b %Y %H:%M:%S %z".to_string(),
                "-I" | "--iso-8601" => fmt = "%F".to_string(),
                s if s.starts_with("--") => return c.usage(&format!("unrecognized option '{s}'"), 1),
                s if s.starts_with('-') => {
                    let ch = s.chars().nth(1).unwrap_or('-');
                    return c.usage(&format!("invalid option -- '{ch}'"), 1);
                }
                s => {
                    c.err(&format!("date: invalid date ‘{s}’"));
                    return Ok(1);
                }
            }
        }
    }
    let text = strftime(when, &fmt);
    c.out(&text);
    Ok(0)
}

fn whoami(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let me = if c.who == Who::Root { "root" } else { fs::USER };
    c.out(me);
    Ok(0)
}

fn hostname(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    match c.args().first().map(String::as_str) {
        Some("-I") | Some("--all-ip-addresses") => c.out(&format!("{HOST_IP} {DOCKER0_IP} ")),
        Some("-i") | Some("--ip-address") => c.out("127.0.1.1"),
        Some(_) if c.who != Who::Root => {
            c.err("hostname: you must be root to change the host name");
            return Ok(1);
        }
        Some(_) => {}
        None => c.out(HOST_NAME),
    }
    Ok(0)
}

fn id(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    if c.who == Who::Root {
        c.out("uid=0(root) gid=0(root) groups=0(root)");
    } else {
        c.out("uid=1000(user) gid=1000(user) groups=1000(user),4(adm),27(sudo),999(docker)");
    }
    Ok(0)
}

fn uname(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    match crate::host::uname(c.args(), HOST_NAME, "ubuntu") {
        Ok(line) => c.out(&line),
        Err(why) => return c.usage(&why, 1),
    }
    Ok(0)
}

fn clear(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    c.io.out(CLEAR_SEQUENCE);
    Ok(0)
}
