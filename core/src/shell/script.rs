//! The builtins scripts lean on: `test`/`[`, `sh -c`/`bash -c`, `source`, `break` and
//! `continue`, `sleep` (virtual time), and `read`, `wait`, `exec` for the scripts containers
//! run. Their errors are worded by the shell that speaks ([`Exec::diag`]): bash, dash or
//! BusyBox ash.

use super::builtins::Call;
use super::exec::{Exec, Scope, Stop, Voice};
use super::{Dialect, RunMode};
use crate::env::SimTime;

pub(crate) fn break_(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    loop_control(ex, c, true)
}

pub(crate) fn continue_(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    loop_control(ex, c, false)
}

/// `break [N]` / `continue [N]`, with bash's errors for a bad count or no loop.
fn loop_control(ex: &mut Exec<'_>, c: &mut Call<'_>, leave: bool) -> Result<i32, Stop> {
    let name = c.name().to_string();
    let n = match c.args().first() {
        None => 1,
        Some(a) => match a.parse::<i64>() {
            Ok(n) if n >= 1 => u32::try_from(n).unwrap_or(u32::MAX),
            Ok(_) => {
                c.err(&ex.diag(&format!("{name}: {a}: loop count out of range")));
                return Ok(1);
            }
            Err(_) => {
                c.err(&ex.diag(&format!("{name}: {a}: numeric argument required")));
                return Ok(128);
            }
        },
    };
    if ex.loops == 0 {
        c.err(&ex.diag(&format!("{name}: only meaningful in a `for', `while', or `until' loop")));
        return Ok(0);
    }
    let n = n.min(ex.loops);
    Err(if leave { Stop::Break(n) } else { Stop::Continue(n) })
}

/// `test` and `[`: file tests, string and integer comparisons, `!`, with the errors of the
/// shell that runs it.
pub(crate) fn test(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let prog = c.name().to_string();
    let dialect = ex.voice.dialect;
    // bash's words, dash's, BusyBox ash's.
    let say = |ex: &Exec<'_>, c: &mut Call<'_>, bash: String, dash: String, ash: String| {
        let msg = match dialect {
            Dialect::Bash => bash,
            Dialect::Dash => dash,
            Dialect::Ash => ash,
        };
        c.err(&ex.diag(&msg));
        2
    };
    let mut args: Vec<String> = c.args().to_vec();
    if prog == "[" {
        if args.last().map(String::as_str) != Some("]") {
            return Ok(say(ex, c, "[: missing `]'".into(), "[: missing ]".into(), "[: missing ]".into()));
        }
        args.pop();
    }
    let mut negate = false;
    while args.len() > 1 && args.first().map(String::as_str) == Some("!") {
        negate = !negate;
        args.remove(0);
    }
    let int = |ex: &Exec<'_>, c: &mut Call<'_>, v: &str| -> Result<i64, i32> {
        v.trim().parse::<i64>().map_err(|_| {
            say(
                ex,
                c,
                format!("{prog}: {v}: integer expression expected"),
                format!("{prog}: Illegal number: {v}"),
                format!("{prog}: invalid number '{v}'"),
            )
        })
    };
    let unary = |ex: &Exec<'_>, op: &str, a: &str| -> Option<bool> {
        let path = ex.sh.resolve(a);
        let node = ex.sh.fs.lookup(&path, ex.sh.who).ok();
        Some(match op {
            "-z" => a.is_empty(),
            "-n" => !a.is_empty(),
            "-e" | "-a" => node.is_some(),
            "-f" => node.is_some_and(|n| !n.is_dir()),
            "-d" => node.is_some_and(|n| n.is_dir()),
            "-s" => node.is_some_and(|n| n.size() > 0),
            "-r" | "-w" | "-x" => node.is_some(),
            "-L" | "-h" | "-p" | "-S" | "-b" | "-c" | "-t" => false,
            _ => return None,
        })
    };
    let truth = match args.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        [op, x] => match unary(ex, op, x) {
            Some(b) => b,
            None => {
                return Ok(say(
                    ex,
                    c,
                    format!("{prog}: {op}: unary operator expected"),
                    format!("{prog}: {op}: unexpected operator"),
                    format!("{prog}: {op}: unknown operand"),
                ))
            }
        },
        [x, op, y] => match op.as_str() {
            "=" | "==" => x == y,
            "!=" => x != y,
            "<" => x < y,
            ">" => x > y,
            "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
                let (a, b) = match (int(ex, c, x), int(ex, c, y)) {
                    (Ok(a), Ok(b)) => (a, b),
                    (Err(code), _) | (_, Err(code)) => return Ok(code),
                };
                match op.as_str() {
                    "-eq" => a == b,
                    "-ne" => a != b,
                    "-lt" => a < b,
                    "-le" => a <= b,
                    "-gt" => a > b,
                    _ => a >= b,
                }
            }
            _ => {
                return Ok(say(
                    ex,
                    c,
                    format!("{prog}: {op}: binary operator expected"),
                    format!("{prog}: {op}: unexpected operator"),
                    format!("{prog}: {op}: unknown operand"),
                ))
            }
        },
        _ => {
            return Ok(say(
                ex,
                c,
                format!("{prog}: too many arguments"),
                format!("{prog}: unexpected operator"),
                format!("{prog}: syntax error: unexpected operator"),
            ))
        }
    };
    Ok(i32::from(truth == negate))
}

/// `source FILE` / `. FILE`: runs a file in the current shell (so `source ~/.bashrc` works).
pub(crate) fn source(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let name = c.name().to_string();
    let Some(file) = c.args().first().cloned() else {
        c.err(&ex.diag(&format!("{name}: filename argument required")));
        c.err(&format!("{name}: usage: {name} filename [arguments]"));
        return Ok(2);
    };
    let path = ex.sh.resolve(&file);
    let text = match ex.sh.fs.read(&path, c.who) {
        Ok(t) => t.to_string(),
        Err(e) => {
            c.err(&ex.diag(&format!("{file}: {e}")));
            return Ok(1);
        }
    };
    ex.run_text(&text, c.stdin, c.io, c.tty, Scope::Current)
}

/// `bash -c 'commands'`, `bash script.sh` (and `sh`, `ash`, `dash`): run in a child shell,
/// which speaks in its own words (`sh` is whatever the machine's `/bin/sh` is). A shell with
/// no script reads its input: in a container's main process it waits while `-i` keeps input
/// open and ends at once otherwise; at a prompt a new interactive shell is the one thing this
/// terminal cannot nest.
pub(crate) fn bash(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let arg0 = c.name().to_string();
    let dialect = match arg0.rsplit('/').next().unwrap_or("") {
        "bash" => Dialect::Bash,
        "ash" => Dialect::Ash,
        "dash" => Dialect::Dash,
        _ => ex.host.sh_dialect(),
    };
    // The name a shell gives itself: `sh -c` says `sh:` (BusyBox ash too); bash says `bash:`.
    let shown = match dialect {
        Dialect::Bash => "bash".to_string(),
        _ => arg0.rsplit('/').next().unwrap_or("sh").to_string(),
    };
    let args: Vec<String> = c
        .args()
        .iter()
        .filter(|a| {
            !matches!(
                a.as_str(),
                "-e" | "-x" | "-u" | "-l" | "-i" | "-s" | "-eu" | "-ex" | "-eux" | "--login" | "--norc" | "--noprofile"
            )
        })
        .cloned()
        .collect();
    // `sudo sh -c '...'`: the new shell's commands run as the user sudo made it.
    let outer = std::mem::replace(&mut ex.sh.who, c.who);
    let status = script_or_command(ex, c, &args, dialect, shown, &arg0);
    ex.sh.who = outer;
    status
}

/// What `bash`/`sh` does with its arguments once options are read.
fn script_or_command(
    ex: &mut Exec<'_>,
    c: &mut Call<'_>,
    args: &[String],
    dialect: Dialect,
    shown: String,
    arg0: &str,
) -> Result<i32, Stop> {
    match args.first().map(String::as_str) {
        Some("-c") => match args.get(1) {
            Some(text) => {
                let voice = Voice { dialect, arg0: shown, script: true };
                ex.run_dash_c(text, voice, c.stdin, c.io, c.tty)
            }
            None => {
                c.err(&format!("{arg0}: -c: option requires an argument"));
                Ok(2)
            }
        },
        Some(file) if !file.starts_with('-') => {
            let file = file.to_string();
            let path = ex.sh.resolve(&file);
            match ex.sh.fs.read(&path, c.who) {
                Ok(t) => {
                    let text = t.to_string();
                    ex.run_text(&text, c.stdin, c.io, c.tty, Scope::Subshell)
                }
                Err(e) => {
                    let (msg, status) = match dialect {
                        Dialect::Bash => (format!("{shown}: {file}: {e}"), 127),
                        Dialect::Ash => (format!("{shown}: can't open '{file}': {e}"), 2),
                        Dialect::Dash => (format!("{shown}: 0: cannot open {file}: No such file"), 2),
                    };
                    c.err(&msg);
                    Ok(status)
                }
            }
        }
        _ => match ex.mode {
            RunMode::Main { stdin_open: true } => Err(Stop::Blocked),
            RunMode::Main { .. } | RunMode::Command => Ok(0),
            RunMode::Prompt => {
                c.err(&crate::voice::nested_shell(arg0));
                Ok(1)
            }
        },
    }
}

/// Longest sleep counted: beyond a year a process is as good as asleep for ever.
const MAX_SLEEP_MS: f64 = 365.0 * 86_400_000.0;

/// `sleep N[smhd]...`: the sum of its arguments passes in virtual time (coreutils and BusyBox
/// read them alike). `infinity` (or more than a year) never ends: a container's main process
/// then waits for good.
pub(crate) fn sleep(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let busybox = ex.host.busybox();
    if c.args().is_empty() {
        if busybox {
            c.err("BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.");
            c.err("");
            c.err("Usage: sleep [N]...");
            return Ok(1);
        }
        return c.usage("missing operand", 1);
    }
    let mut total: f64 = 0.0;
    for a in c.args().to_vec() {
        let (num, mult) = match a.char_indices().last() {
            Some((i, 's')) => (a.get(..i).unwrap_or(""), 1.0),
            Some((i, 'm')) => (a.get(..i).unwrap_or(""), 60.0),
            Some((i, 'h')) => (a.get(..i).unwrap_or(""), 3600.0),
            Some((i, 'd')) => (a.get(..i).unwrap_or(""), 86400.0),
            _ => (a.as_str(), 1.0),
        };
        match num.parse::<f64>() {
            Ok(n) if n >= 0.0 && n.is_finite() && !num.starts_with('+') => total += n * mult,
            Ok(n) if n.is_infinite() && n > 0.0 && ex.is_main() => total = f64::INFINITY,
            _ if busybox => {
                c.err(&format!("sleep: invalid number '{a}'"));
                return Ok(1);
            }
            // coreutils quotes with ‘’ only in a UTF-8 locale; containers mostly have none.
            _ if !ex.utf8() => return c.usage(&format!("invalid time interval '{a}'"), 1),
            _ => return c.usage(&format!("invalid time interval ‘{a}’"), 1),
        }
    }
    let ms = total * 1000.0;
    if ms > MAX_SLEEP_MS && ex.is_main() {
        return Err(Stop::Blocked);
    }
    ex.pass_time(ms.min(MAX_SLEEP_MS).round() as SimTime);
    Ok(0)
}

/// `wait`: the script waits for its background jobs; its clock moves to the last one's end.
pub(crate) fn wait(ex: &mut Exec<'_>, _c: &mut Call<'_>) -> Result<i32, Stop> {
    ex.wait_jobs();
    Ok(0)
}

/// `read [-r] [NAME...]`: one line of standard input into variables (the last takes the
/// rest; none: `REPLY`). Status 1 at the end of input; a main process with `-i` waits.
pub(crate) fn read(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let names: Vec<String> = c.args().iter().filter(|a| !a.starts_with('-')).cloned().collect();
    if c.stdin.is_empty() {
        return match ex.mode {
            RunMode::Main { stdin_open: true } => Err(Stop::Blocked),
            _ => Ok(1),
        };
    }
    let line = match c.stdin.find('\n') {
        Some(i) => {
            let l = c.stdin.get(..i).unwrap_or("").to_string();
            c.stdin.replace_range(..=i, "");
            l
        }
        None => std::mem::take(c.stdin),
    };
    if names.is_empty() {
        ex.sh.assign("REPLY", line)?;
        return Ok(0);
    }
    let mut words = line.split_whitespace();
    for (k, name) in names.iter().enumerate() {
        let value = if k + 1 == names.len() {
            words.by_ref().collect::<Vec<_>>().join(" ")
        } else {
            words.next().unwrap_or("").to_string()
        };
        ex.sh.assign(name, value)?;
    }
    Ok(0)
}

/// `exec PROGRAM ARGS`: the shell becomes the program; nothing after it in the script runs.
pub(crate) fn exec(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let argv: Vec<String> = c.args().to_vec();
    if argv.is_empty() {
        return Ok(0);
    }
    let status = ex.dispatch(&argv, c.stdin, c.io, c.tty)?;
    Err(Stop::Exit(status))
}
