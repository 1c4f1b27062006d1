//! Transcript tests for the whole shell over a fake host, plus fuzzing.
//!
//! One helper, [`check`]: it runs lines in a fresh shell whose host answers a few canned docker
//! commands, and renders what happened as text: host calls (`> docker stop a b`), stdout lines,
//! stderr lines (`! ...`), then `[exit N]` and effects. Expected texts were compared with bash 5.2
//! and GNU coreutils on this machine where they exist.

use super::fs::WriteMode;
use super::*;
use crate::go::time::from_civil;
use proptest::prelude::*;

/// A host that knows a little docker: two running containers, one image.
#[derive(Default)]
struct FakeHost {
    calls: Vec<String>,
    slept: SimTime,
}

impl Host for FakeHost {
    fn exec(&mut self, argv: &[String], stdin: &str) -> Option<Output> {
        let _ = (argv, stdin);
        None
    }

    fn exec_in(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        let mut call = format!("> {}{}", if ctx.who == Who::Root { "[root] " } else { "" }, argv.join(" "));
        if !stdin.is_empty() {
            call.push_str(&format!(" <<< {stdin:?}"));
        }
        let cmd = argv.first()?.clone();
        if !matches!(cmd.as_str(), "docker" | "systemctl" | "curl") {
            return None;
        }
        self.calls.push(call);
        let mut o = Output::new();
        let rest: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        match (cmd.as_str(), rest.as_slice()) {
            ("docker", ["ps", "-q"] | ["ps", "-aq"] | ["ps", "-qa"] | ["ps", "-a", "-q"]) => {
                o.out_text("3f2a1b4c5d6e\n9e8d7c6b5a4f\n")
            }
            ("docker", ["images", "-q"]) => o.out("a1b2c3d4e5f6"),
            ("docker", ["ps"]) => {
                o.out("CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                  NAMES");
                o.out("3f2a1b4c5d6e   nginx     \"/docker-entrypoint.…\"   5 minutes ago   Up 5 minutes   0.0.0.0:8080->80/tcp   web");
                o.out("9e8d7c6b5a4f   httpd     \"httpd-foreground\"       9 minutes ago   Up 9 minutes   80/tcp                 apache");
            }
            ("docker", [sub @ ("stop" | "rm" | "start" | "kill"), args @ ..]) => {
                if args.is_empty() {
                    o.err(format!("docker: 'docker {sub}' requires at least 1 argument"));
                    o.code = 1;
                } else {
                    for a in args {
                        o.out(*a);
                    }
                }
            }
            ("docker", ["pwd-check"]) => o.out(ctx.cwd),
            ("docker", ["env", name]) => o.out(ctx.env.get(*name).cloned().unwrap_or_default()),
            ("docker", ["write", path, text]) => {
                let p = ctx.resolve(path);
                let now = ctx.now;
                if let Err(e) = ctx.fs.write(&p, text, WriteMode::Truncate, Who::Root, now) {
                    o.err(e.to_string());
                }
            }
            ("docker", ["fail"]) => {
                o.err("Error response from daemon: boom");
                o.code = 1;
            }
            ("docker", _) => {}
            ("curl", _) => o.out("<html><body><h1>It works!</h1></body></html>"),
            _ => {}
        }
        Some(o)
    }

    fn advance_clock(&mut self, ms: SimTime) {
        self.slept += ms;
    }
}

fn start() -> SimTime {
    from_civil(2025, 2, 11, 7, 0, 0)
}

/// Runs each line of `input` in one fresh shell and renders a transcript. With several lines,
/// each is echoed as `$ line` first.
fn run_lines(sh: &mut Shell, input: &str) -> String {
    let mut host = FakeHost::default();
    let lines: Vec<&str> = input.split('\n').collect();
    let mut out = Vec::new();
    let push = |out: &mut Vec<String>, o: &Output| {
        for l in &o.lines {
            match l.stream {
                Stream::Stdout => out.push(l.text.clone()),
                Stream::Stderr => out.push(format!("! {}", l.text)),
            }
        }
        if o.code != 0 {
            out.push(format!("[exit {}]", o.code));
        }
    };
    for line in &lines {
        if lines.len() > 1 {
            out.push(format!("$ {line}"));
        }
        sh.set_now(start());
        let before = host.calls.len();
        let o = sh.run(line, &mut host);
        out.extend(host.calls.get(before..).unwrap_or(&[]).iter().cloned());
        // A line that only continues a command prints nothing, not even `$?`.
        if !sh.continuing() {
            push(&mut out, &o);
        }
        let fx = sh.take_effects();
        if fx.clear {
            out.push("[clear]".to_string());
        }
        if fx.slept > 0 {
            out.push(format!("[slept {}ms]", fx.slept));
        }
        if fx.logout {
            out.push("[logout]".to_string());
        }
    }
    // The input ends: an unfinished command gets bash's end-of-file error.
    if let Some(o) = sh.end_of_input() {
        push(&mut out, &o);
    }
    out.join("\n")
}

#[track_caller]
fn check(input: &str, expected: &str) {
    let got = run_lines(&mut Shell::new(), input);
    assert_eq!(got, expected, "\n--- input ---\n{input}\n--- got ---\n{got}\n");
}

// ---- words, quoting, variables ----

#[test]
fn echo_and_quotes() {
    check("echo hello world", "hello world");
    check("echo 'a  b'   \"c  d\"  e\\ \\ f", "a  b c  d e  f");
    check(r#"echo "it's" 'say "hi"' \"x\""#, r#"it's say "hi" "x""#);
    check("echo -n hi; echo there", "hithere");
    check(r"echo -e 'a\tb\x41\n2'", "a\tbA\n2");
    check("echo -x -n", "-x -n");
    check(r"echo -e 'a\cb'; echo z", "az");
    check("echo $'one\\ntwo'", "one\ntwo");
    check("echo \"\"", "");
    check("echo # comment", "");
    check("echo a#b", "a#b");
}

#[test]
fn variables_and_status() {
    check("echo $HOME $USER ~ ~/html", "/home/user user /home/user /home/user/html");
    check("X=1; echo $X ${X}y $Xy", "1 1y");
    check("X='a   b'; echo $X; echo \"$X\"", "a b\na   b");
    check("false; echo $?; true; echo $?", "1\n0");
    check("nosuch; echo $?", "! bash: nosuch: command not found\n127");
    check("echo ${#HOME} ${nope:-def} ${HOME:+alt} ${nope-d2}", "10 def alt d2");
    check("echo ${nope:?is required}", "! bash: nope: is required\n[exit 1]");
    check("echo ${HOME#/home/} ${HOME%/*}", "user /home");
    check("echo ${a b}; echo after", "! bash: ${a b}: bad substitution\n[exit 1]");
    check("echo $((2 + 3 * 4)) $((7/0))", "! bash: 7/0: division by 0 (error token is \"0\")\n[exit 1]");
    check("A=1 env | grep ^A=; echo \"[$A]\"", "A=1\n[]");
    check("echo $0 $$ $# \"$@\"", "-bash 1234 0");
}

#[test]
fn export_and_env() {
    check("export GREETING=hi\nenv | grep GREETING\nexport | grep GREETING", "$ export GREETING=hi\n$ env | grep GREETING\nGREETING=hi\n$ export | grep GREETING\ndeclare -x GREETING=\"hi\"");
    check("export 1a=2", "! bash: export: `1a=2': not a valid identifier\n[exit 1]");
    check("X=1; unset X; echo \"[$X]\"", "[]");
    check("printenv HOME; printenv NOPE", "/home/user\n[exit 1]");
    check("export NAME=web; docker env NAME", "> docker env NAME\nweb");
}

// ---- lists, pipes, substitution ----

#[test]
fn and_or_lists() {
    check("true && echo yes || echo no", "yes");
    check("false && echo yes || echo no", "no");
    check("false || false && echo x", "[exit 1]");
    check("! false && echo negated", "negated");
    check("echo a; echo b;", "a\nb");
    check("!", "[exit 1]");
}

#[test]
fn command_substitution_splits_into_words() {
    check(
        "docker rm $(docker ps -qa)",
        "> docker ps -qa\n> docker rm 3f2a1b4c5d6e 9e8d7c6b5a4f\n3f2a1b4c5d6e\n9e8d7c6b5a4f",
    );
    check("docker image rm $(docker images -q)", "> docker images -q\n> docker image rm a1b2c3d4e5f6");
    check("docker stop $(echo)", "> docker stop\n! docker: 'docker stop' requires at least 1 argument\n[exit 1]");
    check("echo \"$(echo 'a  b')\" $(echo 'a  b')", "a  b a b");
    check("echo `echo \\`echo nested\\``", "nested");
    check("echo $(echo $(echo $(echo deep)))", "deep");
    check("x=$(false); echo $?", "1");
    check("echo $(ls /nope) 2>/dev/null", "! ls: cannot access '/nope': No such file or directory\n");
    check("echo $(cd /tmp; pwd) $(pwd)", "/tmp /home/user");
    check("echo $(printf 'a\\n\\n\\n')end", "aend");
}

#[test]
fn pipes_into_filters() {
    check("docker ps | grep nginx", "> docker ps\n3f2a1b4c5d6e   nginx     \"/docker-entrypoint.…\"   5 minutes ago   Up 5 minutes   0.0.0.0:8080->80/tcp   web");
    check("docker ps | grep -c Up", "> docker ps\n2");
    check(
        "docker ps | grep -v CONTAINER | awk '{print $1, $NF}'",
        "> docker ps\n3f2a1b4c5d6e web\n9e8d7c6b5a4f apache",
    );
    check("docker ps -q | wc -l", "> docker ps -q\n2");
    check("docker ps | tail -n +2 | wc -l", "> docker ps\n2");
    check(
        "docker ps -q | xargs docker stop",
        "> docker ps -q\n> docker stop 3f2a1b4c5d6e 9e8d7c6b5a4f\n3f2a1b4c5d6e\n9e8d7c6b5a4f",
    );
    check(
        "echo -n | xargs docker stop",
        "> docker stop\n! docker: 'docker stop' requires at least 1 argument\n[exit 123]",
    );
    check("echo -n | xargs -r docker stop", "");
    check("printf 'b\\na\\nb\\n' | sort | uniq -c", "      1 a\n      2 b");
    check("printf '3\\n10\\n2\\n' | sort -n", "2\n3\n10");
    check("printf '3\\n10\\n2\\n' | sort", "10\n2\n3");
    check("printf '3\\n10\\n2\\n' | sort -rn | head -1", "10");
    check("seq 5 | head -2; seq 5 | tail -2", "1\n2\n4\n5");
    check("echo hello | wc -c; echo hello | wc", "6\n      1       1       6");
    check("echo a b c | awk '{print $2}'", "b");
    check("echo root:x:0 | awk -F: '{print $3}'", "0");
    check("echo 'a,b,c' | cut -d, -f2-", "b,c");
    check("echo hello | tr a-z A-Z", "HELLO");
    check("cd /tmp | pwd", "/home/user");
    check("exit | echo still here", "still here");
    check("docker ps -q | xargs -n 1 echo id:", "> docker ps -q\nid: 3f2a1b4c5d6e\nid: 9e8d7c6b5a4f");
    check("docker ps -q | xargs -I {} echo [{}]", "> docker ps -q\n[3f2a1b4c5d6e]\n[9e8d7c6b5a4f]");
    check("echo x | xargs nosuch", "! xargs: nosuch: No such file or directory\n[exit 127]");
    check("echo x | xargs cd", "! xargs: cd: No such file or directory\n[exit 127]");
    check("echo hi | cat | cat", "hi");
    check("echo hi | docker run -i x", "> docker run -i x <<< \"hi\\n\"");
}

#[test]
fn grep_options() {
    check("printf 'Nginx\\nhttpd\\nnginx:1.25\\n' | grep -i nginx", "Nginx\nnginx:1.25");
    check("printf 'a1\\nb22\\nc\\n' | grep -E '[0-9]{2}|^c$'", "b22\nc");
    check("printf 'a.b\\naxb\\n' | grep -F a.b", "a.b");
    check("printf 'web\\nwebapp\\n' | grep -w web", "web");
    check("printf 'x\\ny\\n' | grep -n y", "2:y");
    check("echo abc | grep zzz", "[exit 1]");
    check("grep", "! Usage: grep [OPTION]... PATTERNS [FILE]...\n! Try 'grep --help' for more information.\n[exit 2]");
    check("echo x | grep -Z x", "! grep: invalid option -- 'Z'\n! Usage: grep [OPTION]... PATTERNS [FILE]...\n! Try 'grep --help' for more information.\n[exit 2]");
    check("echo x | grep -E '(x'", "! grep: Unmatched ( or \\(\n[exit 2]");
    check("grep root /etc/passwd", "root:x:0:0:root:/root:/bin/bash");
    check("grep x /nope", "! grep: /nope: No such file or directory\n[exit 2]");
    check("echo 'port 8080 and 80' | grep -oE '[0-9]+'", "8080\n80");
}

#[test]
fn awk_programs() {
    check("printf 'a 1\\nb 2\\nc 3\\n' | awk 'NR>1 {print $1}'", "b\nc");
    check("printf 'a 1\\nb 2\\n' | awk '{s += $2} END {print s}'", "3");
    check("printf 'a 1\\nb 2\\n' | awk '$2 == 2'", "b 2");
    check("printf 'a 1\\nb 2\\n' | awk '/a/ {print NR\": \"$0}'", "1: a 1");
    check("echo a b c | awk '{print NF, $(NF-1)}'", "3 b");
    check("echo a b | awk '{$2 = \"X\"; print}'", "a X");
    check("echo 'x y' | awk '{printf \"%s-%s\\n\", $2, $1}'", "y-x");
    check("awk '{print $1'", "! awk: line 2: missing } near end of file\n[exit 2]");
    check("echo 5 | awk '{print $1 / 2, length($1), toupper(\"a\")}'", "2.5 1 A");
}

// ---- redirections and files ----

#[test]
fn redirections() {
    check("echo hi > f.txt; cat f.txt; echo more >> f.txt; cat f.txt", "hi\nhi\nmore");
    check("echo hi > /etc/motd", "! bash: /etc/motd: Permission denied\n[exit 1]");
    check("sudo echo hi > /etc/motd", "! bash: /etc/motd: Permission denied\n[exit 1]");
    check("echo hi | sudo tee /etc/motd > /dev/null; cat /etc/motd", &format!("{}\nhi", sudo_note()));
    check("echo x > /nope/f", "! bash: /nope/f: No such file or directory\n[exit 1]");
    check("echo x > html", "! bash: html: Is a directory\n[exit 1]");
    check("ls /nope 2>/dev/null; echo $?", "2");
    check("ls /nope 2>&1 | wc -l", "1");
    check("ls /nope > out 2>&1; cat out", "ls: cannot access '/nope': No such file or directory");
    check("ls /nope 2>&1 > out", "ls: cannot access '/nope': No such file or directory\n[exit 2]");
    check("docker fail &> log; cat log", "> docker fail\nError response from daemon: boom");
    check("echo err >&2", "! err");
    check("echo a 2>&3", "! bash: 3: Bad file descriptor\n[exit 1]");
    check("cat < /etc/hostname", "docker-host");
    check("cat < nope", "! bash: nope: No such file or directory\n[exit 1]");
    check("cat <<< 'hi there'", "hi there");
    check("> empty; ls", "empty  html");
    check("x='a b'; echo hi > $x", "! bash: $x: ambiguous redirect\n[exit 1]");
    check("echo -n abc > f; wc -c f", "3 f");
    check("ls /nope |& grep -c cannot", "1");
}

/// Here-documents, typed line by line as at a prompt (bash 5.2 gives the same output).
#[test]
fn here_documents() {
    // Quoted delimiter: the body is taken literally, backslashes and all.
    check(
        "cat > Dockerfile <<'EOF'\nFROM nginx\nRUN echo $HOME && \\\n    true\nEOF\ncat Dockerfile",
        "$ cat > Dockerfile <<'EOF'\n$ FROM nginx\n$ RUN echo $HOME && \\\n$     true\n$ EOF\n$ cat Dockerfile\nFROM nginx\nRUN echo $HOME && \\\n    true",
    );
    // Unquoted: parameters, substitutions and arithmetic expand; `\$` escapes; quotes stay.
    check(
        "name=web; cat <<EOF\nhi \"$name\" $(echo sub) $((1+2)) \\$name 'q'\nEOF",
        "$ name=web; cat <<EOF\n$ hi \"$name\" $(echo sub) $((1+2)) \\$name 'q'\n$ EOF\nhi \"web\" sub 3 $name 'q'",
    );
    // `<<-` strips leading tabs from the body and the delimiter line.
    check("cat <<-END\n\tone\n\t\ttwo\n\tEND", "$ cat <<-END\n$ \tone\n$ \t\ttwo\n$ \tEND\none\ntwo");
    // `>>` appends; a here-document feeds any command, and the rest of the line still runs.
    check(
        "echo first > f; cat >> f <<X && wc -l f\nsecond\nX\ncat f",
        "$ echo first > f; cat >> f <<X && wc -l f\n$ second\n$ X\n2 f\n$ cat f\nfirst\nsecond",
    );
    check("wc -l <<EOF\nEOF", "$ wc -l <<EOF\n$ EOF\n0");
    check("cat <<", "! bash: syntax error near unexpected token `newline'\n[exit 2]");
    // The input ends before the delimiter: bash warns (and would still run the command; the
    // page never ends its input, only a transcript does).
    check(
        "cat <<EOF\nunfinished",
        "$ cat <<EOF\n$ unfinished\n! bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')",
    );
    // In a script (`sh -c`), the end of the text closes it.
    check("sh -c 'cat <<E\nin a script'", "$ sh -c 'cat <<E\n$ in a script'\nin a script");
    let mut sh = Shell::new();
    let mut host = FakeHost::default();
    sh.run("cat <<EOF", &mut host);
    assert_eq!(sh.prompt(), "> ");
    sh.run("a", &mut host);
    assert_eq!(sh.prompt(), "> ");
    let out = sh.run("EOF", &mut host);
    assert_eq!(out.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["a"]);
    assert_eq!(sh.history().last().map(String::as_str), Some("cat <<EOF\na\nEOF\n"));
}

#[test]
fn file_commands() {
    check("pwd; cd html; pwd; cd ..; pwd; cd; pwd", "/home/user\n/home/user/html\n/home/user\n/home/user");
    check("cd /nope", "! bash: cd: /nope: No such file or directory\n[exit 1]");
    check("cd /etc/hostname", "! bash: cd: /etc/hostname: Not a directory\n[exit 1]");
    check("cd /root", "! bash: cd: /root: Permission denied\n[exit 1]");
    check("cd a b", "! bash: cd: too many arguments\n[exit 1]");
    check("cd -", "! bash: cd: OLDPWD not set\n[exit 1]");
    check("cd /tmp; cd -; cd -", "/home/user\n/tmp");
    check("ls", "html");
    check("ls -a", ".  ..  .bashrc  .profile  html");
    check(
        "ls /",
        "bin   dev  home  media  opt   root  sbin  sys  usr\nboot  etc  lib   mnt    proc  run   srv   tmp  var",
    );
    check("ls | cat", "html");
    check("ls -l", "total 4\ndrwxrwxr-x 2 user user 4096 Jan 15 09:00 html");
    check("ls -la", "total 20\ndrwxr-x--- 3 user user 4096 Jan 15 09:00 .\ndrwxr-xr-x 3 root root 4096 Jan 15 09:00 ..\n-rw-r--r-- 1 user user  340 Jan 15 09:00 .bashrc\n-rw-r--r-- 1 user user  192 Jan 15 09:00 .profile\ndrwxrwxr-x 2 user user 4096 Jan 15 09:00 html");
    check("ll", "total 20\ndrwxr-x--- 3 user user 4096 Jan 15 09:00 ./\ndrwxr-xr-x 3 root root 4096 Jan 15 09:00 ../\n-rw-r--r-- 1 user user  340 Jan 15 09:00 .bashrc\n-rw-r--r-- 1 user user  192 Jan 15 09:00 .profile\ndrwxrwxr-x 2 user user 4096 Jan 15 09:00 html/");
    check("ls nope", "! ls: cannot access 'nope': No such file or directory\n[exit 2]");
    check("ls /root", "! ls: cannot open directory '/root': Permission denied\n[exit 2]");
    check("ls -z", "! ls: invalid option -- 'z'\n! Try 'ls --help' for more information.\n[exit 2]");
    check("mkdir site; echo '<h1>hi</h1>' > site/index.html; ls site; cat site/index.html", "index.html\n<h1>hi</h1>");
    check("mkdir html", "! mkdir: cannot create directory ‘html’: File exists\n[exit 1]");
    check("mkdir a/b", "! mkdir: cannot create directory ‘a/b’: No such file or directory\n[exit 1]");
    check("mkdir -p a/b/c && ls a/b", "c");
    check("mkdir", "! mkdir: missing operand\n! Try 'mkdir --help' for more information.\n[exit 1]");
    check("touch a b; ls", "a  b  html");
    check("touch x/y", "! touch: cannot touch 'x/y': No such file or directory\n[exit 1]");
    check("rm html", "! rm: cannot remove 'html': Is a directory\n[exit 1]");
    check("rm nope", "! rm: cannot remove 'nope': No such file or directory\n[exit 1]");
    check("rm -f nope; echo $?", "0");
    check("rm -r html; ls", "");
    check("rm -rf /", "! rm: it is dangerous to operate recursively on '/'\n! rm: use --no-preserve-root to override this failsafe\n[exit 1]");
    check("rm /etc/hostname", "! rm: cannot remove '/etc/hostname': Permission denied\n[exit 1]");
    check("cat nope", "! cat: nope: No such file or directory\n[exit 1]");
    check("cat html", "! cat: html: Is a directory\n[exit 1]");
    check("echo a > f; cp f g; mv g h; ls; cat h", "f  h  html\na");
    check("cp html x", "! cp: -r not specified; omitting directory 'html'\n[exit 1]");
    check("cp -r html x && ls", "html  x");
    check("mv nope x", "! mv: cannot stat 'nope': No such file or directory\n[exit 1]");
    check("touch a.txt b.txt c.md; ls *.txt; echo *.zip; echo \"*.txt\"", "a.txt  b.txt\n*.zip\n*.txt");
    check("rmdir html && ls -A", ".bashrc  .profile");
    check("cat /etc/os-release | head -1", "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"");
    check("cat -n /etc/hosts", "     1\t127.0.0.1 localhost\n     2\t127.0.1.1 docker-host");
    check("basename /a/b/c.txt .txt; dirname /a/b/c.txt", "c\n/a/b");
}

#[test]
fn host_commands_see_the_shell() {
    check("cd html; docker pwd-check", "> docker pwd-check\n/home/user/html");
    check(
        "docker write ~/html/index.html hello; cat ~/html/index.html",
        "> docker write /home/user/html/index.html hello\nhello",
    );
    check("sudo systemctl start docker", &format!("> [root] systemctl start docker\n{}", sudo_note()));
    check("/usr/bin/docker ps -q", "> docker ps -q\n3f2a1b4c5d6e\n9e8d7c6b5a4f");
    check(
        "curl -s http://localhost:8080",
        "> curl -s http://localhost:8080\n<html><body><h1>It works!</h1></body></html>",
    );
    check("./run.sh", "! bash: ./run.sh: No such file or directory\n[exit 127]");
    check("touch run.sh; ./run.sh", "! bash: ./run.sh: Permission denied\n[exit 126]");
}

// ---- builtins and system commands ----

#[test]
fn system_commands() {
    check(
        "whoami; sudo whoami; hostname; id",
        &format!(
            "user\n{}\nroot\ndocker-host\nuid=1000(user) gid=1000(user) groups=1000(user),4(adm),27(sudo),999(docker)",
            sudo_note()
        ),
    );
    check("date", "Tue Feb 11 07:00:00 UTC 2025");
    check("hostname -I", "10.0.2.15 172.17.0.1 ");
    check(
        "date -d yesterday +%F; date -d '2 hours ago' +%T; date -d @0",
        "2025-02-10\n05:00:00\nThu Jan  1 00:00:00 UTC 1970",
    );
    check("date +%Y-%m-%dT%H:%M:%S", "2025-02-11T07:00:00");
    check("sleep 2; date", "Tue Feb 11 07:00:02 UTC 2025\n[slept 2000ms]");
    check("sleep 0.5 1m", "[slept 60500ms]");
    check("sleep", "! sleep: missing operand\n! Try 'sleep --help' for more information.\n[exit 1]");
    check("sleep abc", "! sleep: invalid time interval ‘abc’\n! Try 'sleep --help' for more information.\n[exit 1]");
    check("uname; uname -a", "Linux\nLinux docker-host 5.15.167.4-microsoft-standard-WSL2 #1 SMP Tue Nov 5 00:21:55 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux");
    check("type cd ls ll docker if nope", "cd is a shell builtin\nls is aliased to `ls --color=auto'\nll is aliased to `ls -alF'\ndocker is /usr/bin/docker\nif is a shell keyword\n! bash: type: nope: not found\n[exit 1]");
    check("which docker ls cd", "/usr/bin/docker\n/usr/bin/ls\n[exit 1]");
    check("sudo", &format!("! {}\n[exit 1]", builtins_sudo_usage().trim_end().replace('\n', "\n! ")));
    check("sudo nope", &format!("{}\n! sudo: nope: command not found\n[exit 1]", sudo_note()));
    check("sudo cd /root", &format!("{}\n! sudo: cd: command not found\n[exit 1]", sudo_note()));
    check(
        "sudo ls /root; ls /root",
        &format!("{}\n! ls: cannot open directory '/root': Permission denied\n[exit 2]", sudo_note()),
    );
    check("true; false", "[exit 1]");
    check("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2");
    check("printf '%5s|%-5s|%03d\\n' ab cd 7", "   ab|cd   |007");
    check("[ -d html ] && echo dir; test -f html || echo notfile; [ a = b ]; echo $?", "dir\nnotfile\n1");
    check("[ 1 -lt 2", "! bash: [: missing `]'\n[exit 2]");
    check("alias d=docker\nd ps -q", "$ alias d=docker\n$ d ps -q\n> docker ps -q\n3f2a1b4c5d6e\n9e8d7c6b5a4f");
    check("alias x='echo one; echo two'; x three", "! bash: x: command not found\n[exit 127]");
    check("alias x='echo one; echo two'\nx three", "$ alias x='echo one; echo two'\n$ x three\none\ntwo three");
    check("printf '%d\\n' abc 2", "0\n! bash: printf: abc: invalid number\n2\n[exit 1]");
    check("unalias ls; type ls", "ls is /usr/bin/ls");
    check("help | head -1", "whalelab 연습용 터미널 도움말");
    check("bash -c 'cd /tmp; echo $PWD; exit 3'; echo $? $PWD", "/tmp\n3 /home/user");
    check(
        "echo 'echo in script; X=1' > s.sh; bash s.sh; echo \"[$X]\"; source s.sh; echo \"[$X]\"",
        "in script\n[]\nin script\n[1]",
    );
    check("echo 'echo ran' > s.sh; ./s.sh; chmod +x s.sh; ./s.sh", "! bash: ./s.sh: Permission denied\nran");
    check("echo 'source loop.sh' > loop.sh; source loop.sh", "! bash: maximum nesting level exceeded\n[exit 2]");
    check("chmod 600 /etc/hosts", "! chmod: changing permissions of '/etc/hosts': Operation not permitted\n[exit 1]");
    check("bash", "! bash: 이 연습용 터미널에서는 셸 안에 새 셸을 열 수 없습니다. 명령을 바로 입력하세요.\n[exit 1]");
    check("unalias -a\nll\nsource ~/.bashrc\nll -d html", "$ unalias -a\n$ ll\n! bash: ll: command not found\n[exit 127]\n$ source ~/.bashrc\n$ ll -d html\ndrwxrwxr-x 2 user user 4096 Jan 15 09:00 html/");
}

/// What the first `sudo` of a shell says (on stderr) before it runs anything.
fn sudo_note() -> String {
    format!("! {}", crate::voice::SUDO_FIRST_USE)
}

fn builtins_sudo_usage() -> &'static str {
    "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...\n"
}

#[test]
fn history_and_bang() {
    check(
        "echo one\necho two\nhistory",
        "$ echo one\none\n$ echo two\ntwo\n$ history\n    1  echo one\n    2  echo two\n    3  history",
    );
    check("echo hi\nsudo !!", &format!("$ echo hi\nhi\n$ sudo !!\nsudo echo hi\n{}\nhi", sudo_note()));
    check("echo a!zzz", "! bash: !zzz: event not found");
    check(" echo secret\nhistory", "$  echo secret\nsecret\n$ history\n    1  history");
    check("history x", "! bash: history: x: numeric argument required\n[exit 1]");
}

#[test]
fn clear_exit_and_effects() {
    check("echo before; clear; echo after", "after\n[clear]");
    check("clear > f; echo kept", "kept");
    check("exit", "[logout]");
    check("echo a; exit 3; echo b", "a\n[exit 3]\n[logout]");
    check("(exit 4); echo $?", "4");
    check("echo $(exit 5) $?", "5");
    check("A=$(exit 3) B=$?; echo $A/$B", "/3");
    check("exit abc", "! bash: exit: abc: numeric argument required\n[exit 2]\n[logout]");
}

#[test]
fn subshells_keep_state_local() {
    check("(cd /tmp; pwd); pwd", "/tmp\n/home/user");
    check("(X=1); echo \"[$X]\"", "[]");
    check("(echo a; echo b) | wc -l", "2");
    check("(echo hi) > f; cat f", "hi");
}

// ---- syntax errors ----

#[test]
fn syntax_errors_like_bash() {
    check("| x", "! bash: syntax error near unexpected token `|'\n[exit 2]");
    check("echo a ||| b", "! bash: syntax error near unexpected token `|'\n[exit 2]");
    check("echo a ;; b", "! bash: syntax error near unexpected token `;;'\n[exit 2]");
    check("echo \"abc", "! bash: unexpected EOF while looking for matching `\"'\n[exit 2]");
    check("echo 'abc", "! bash: unexpected EOF while looking for matching `''\n[exit 2]");
    check("echo $(ls", "! bash: unexpected EOF while looking for matching `)'\n[exit 2]");
    check("docker ps |", "! bash: syntax error: unexpected end of file\n[exit 2]");
    check("echo >", "! bash: syntax error near unexpected token `newline'\n[exit 2]");
    check("for i in 1 2; do echo $i; done", "1\n2");
    check("case a in a) ;; esac", "! bash: case: 이 연습용 터미널에서는 지원하지 않는 문법입니다\n[exit 2]");
    check("while :; do :; done", "! bash: 반복이 10000번을 넘어 이 연습용 터미널이 멈췄습니다 (실제 bash라면 Ctrl+C를 누를 때까지 계속 돕니다)\n[exit 130]");
    check("false\necho a |\necho $?", "$ false\n[exit 1]\n$ echo a |\n$ echo $?\n1");
    check(
        "for i in 1 2\ndo echo $i",
        "$ for i in 1 2\n$ do echo $i\n! bash: syntax error: unexpected end of file\n[exit 2]",
    );
}

#[test]
fn line_continuation_and_multiline_input() {
    // Typed line by line, a trailing backslash continues the command, as at bash's `> `.
    check("echo a \\\nb", "$ echo a \\\n$ b\na b");
    let mut sh = Shell::new();
    let mut host = FakeHost::default();
    let o = sh.run("echo one \\\n  two\necho three", &mut host);
    assert_eq!(o.text(), "one two\nthree\n");
    assert!(Shell::needs_more("echo 'open"));
    assert!(Shell::needs_more("docker ps |"));
    assert!(Shell::needs_more("echo a \\"));
    assert!(!Shell::needs_more("echo done"));
}

#[test]
fn prompt_and_relogin() {
    let mut sh = Shell::new();
    let mut host = FakeHost::default();
    assert_eq!(sh.prompt(), "user@docker-host:~$ ");
    sh.run("cd html; export X=1; touch kept", &mut host);
    assert_eq!(sh.prompt(), "user@docker-host:~/html$ ");
    sh.run("cd /etc", &mut host);
    assert_eq!(sh.prompt(), "user@docker-host:/etc$ ");
    sh.run("exit", &mut host);
    assert!(sh.take_effects().logout);
    sh.relogin();
    assert_eq!(sh.cwd(), "/home/user");
    assert_eq!(sh.var("X"), None);
    assert!(sh.fs().exists("/home/user/html/kept"));
    assert_eq!(sh.history().len(), 3);
}

#[test]
fn public_filesystem_api() {
    let mut sh = Shell::new();
    assert_eq!(sh.resolve("~/html"), "/home/user/html");
    assert_eq!(sh.resolve("./html/../x"), "/home/user/x");
    sh.fs_mut().write("/home/user/html/index.html", "<h1>hi</h1>\n", WriteMode::Truncate, Who::User, 5).unwrap();
    assert_eq!(sh.fs().read("/home/user/html/index.html", Who::User), Ok("<h1>hi</h1>\n"));
    let json = serde_json_roundtrip(&sh);
    assert_eq!(json, sh);
}

fn serde_json_roundtrip(sh: &Shell) -> Shell {
    // serde_json is a dependency of core; a save must restore the same shell.
    let text = serde_json::to_string(sh).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_default()
}

// ---- robustness ----

#[test]
fn limits_stop_runaway_lines() {
    check("a=x; a=$a$a; a=$a$a; echo ${#a}", "4");
    let doubling = format!("a=xxxxxxxxxxxxxxxx{}", "; a=$a$a".repeat(40));
    let got = run_lines(&mut Shell::new(), &doubling);
    assert!(got.contains("xmalloc"), "{got}");
    let deep = format!("echo {}x{}", "$(echo ".repeat(40), ")".repeat(40));
    assert_eq!(run_lines(&mut Shell::new(), &deep), "! bash: maximum nesting level exceeded\n[exit 2]");
    let ok = format!("echo {}x{}", "$(echo ".repeat(30), ")".repeat(30));
    assert_eq!(run_lines(&mut Shell::new(), &ok), "x");
    check("seq 1 100000000 | wc -l", "! bash: xmalloc: cannot allocate memory\n[exit 1]");
    check("echo !!", "! bash: !!: event not found");
}

/// The deepest lines the limits allow must fit in a 1 MiB stack even in a debug build (the
/// browser gives wasm about that much).
#[test]
fn deepest_allowed_nesting_fits_a_small_stack() {
    let run = || {
        let lines = [
            format!("echo {}x{}", "$(echo ".repeat(31), ")".repeat(31)),
            format!("{}echo x{}", "(".repeat(31), ")".repeat(31)),
            format!("echo {}", "${x:-".repeat(31) + &"}".repeat(31)),
            "echo 'echo $(echo $(echo $(source r.sh)))' > r.sh; source r.sh".to_string(),
            format!("echo $(({}1{}))", "(".repeat(31), ")".repeat(31)),
            format!("echo x | awk '{{print {}1{}}}'", "(".repeat(29), ")".repeat(29)),
            format!("echo x | grep -E '{}x{}'", "(".repeat(50), ")".repeat(50)),
        ];
        lines.iter().map(|l| run_lines(&mut Shell::new(), l)).collect::<Vec<_>>()
    };
    let outs = std::thread::Builder::new().stack_size(1 << 20).spawn(run).map(|h| h.join());
    let outs =
        outs.unwrap_or_else(|e| panic!("spawn failed: {e}")).unwrap_or_else(|_| panic!("the deep lines overflowed"));
    assert_eq!(outs[0], "x");
    assert_eq!(outs[1], "x");
    assert!(outs[3].contains("maximum nesting level exceeded"), "{}", outs[3]);
}

/// Inputs that once looked dangerous (unterminated constructs at the very end, odd bytes,
/// nesting at the limits). Each must give some transcript, not a panic.
#[test]
fn regression_corpus() {
    let corpus = [
        "",
        " ",
        "\\",
        "\\\\",
        "'",
        "\"",
        "`",
        "$",
        "${",
        "${#",
        "${#}",
        "${!x}",
        "${x:",
        "${x:-",
        "$((",
        "$(( 1",
        "$((1)",
        "$(",
        "$'",
        "$'\\x",
        "$'\\",
        "$\"",
        "!",
        "!!",
        "!-",
        "!-0",
        "!?x",
        "~",
        "~/",
        "~root/..",
        "a=~",
        "2>",
        "2>&",
        ">&-",
        "<&0",
        "<<<",
        "|&",
        ";&",
        ";;&",
        "&>",
        "(",
        ")",
        "((",
        "))",
        "( (",
        "{",
        "}",
        "[",
        "[[",
        "]]",
        "echo {",
        "echo {,}",
        "echo {1..}",
        "echo {a..Z}",
        "echo {9..-9..3}",
        "echo ${x#}",
        "echo ${x%%}",
        "echo ${x:?}",
        "echo ${1:=x}",
        "echo $((1<<63)) $((-9223372036854775807-1)) $(((-9223372036854775807-1)/-1))",
        "echo $((2**63)) $((1**-1))",
        "x=$(($x+1))",
        "cd ''",
        "cd /\u{0}",
        "echo \u{fffd}\u{200b}",
        "echo 한글 파일 > 한글.txt; cat 한글.txt",
        "printf '%999999999d'",
        "printf '%.999999999s' x",
        "printf '%",
        "printf '\\'",
        "printf '\\x'",
        "printf '\\0777'",
        "echo -e '\\0777\\x'",
        "awk",
        "awk '",
        "awk '{'",
        "awk '{print $-1}'",
        "awk '{$100000=1}'",
        "awk 'BEGIN{print 1/0}'",
        "awk '{x=substr($0,-5,1e18)}'",
        "echo a | awk '{print length()}'",
        "echo a | awk '{print $(1e300)}'",
        "grep -e",
        "grep '\\'",
        "grep -E '{1'",
        "grep -E 'a{1,2,3}'",
        "grep -E '()*'",
        "grep -E '(|)+'",
        "grep '[[:nope:]]'",
        "echo x | grep -o ''",
        "sort -k",
        "sort -k0",
        "sort -t",
        "cut -f",
        "cut -d",
        "cut -c0",
        "cut -f1-0",
        "tr",
        "tr -d",
        "tr 'a-' x",
        "tr '\\' x",
        "seq 1 -1",
        "seq 9223372036854775807 1 9223372036854775807",
        "seq -9223372036854775808",
        "head -n -99999999999999999999",
        "tail -c +0",
        "xargs -n",
        "xargs -n 0",
        "xargs -I",
        "echo \"'\" | xargs",
        "sleep 1e308",
        "sleep inf",
        "sleep -1",
        "sleep 0x10",
        "date -d @-99999999999999",
        "date -d '9999999999 weeks ago'",
        "date +%",
        "history 99999999999999999999",
        "exit 99999999999999999999",
        "exit -1",
        "export =x",
        "unset ''",
        "alias =x",
        "alias a='a'",
        "a",
        "alias b='c' c='b'",
        "rm -rf ~",
        "rm -rf /home",
        "mv / /x",
        "mv ~ ~/html",
        "cp -r / /tmp/all",
        "cp -r ~ ~/html",
        "touch /dev/null/x",
        "mkdir -p /dev/null/x",
        "chmod 7777 ~; ls -ld ~",
        "chmod u+s x",
        "ls -lR",
        "ls /proc",
        "cat /dev/null /etc/passwd",
        "./",
        "../",
        "/",
        "/usr/bin/",
        "/usr/bin/cd",
        "sudo sudo sudo whoami",
        "sudo -u",
        "sudo -u nobody ls",
        "env -i",
        "env A=1",
        "env cd",
        "bash -c",
        "sh -c 'exit 7'; echo $?",
        "source",
        "source /",
        ". ~/.bashrc",
        "type",
        "which",
        "true | false | ! true",
        "! ! true",
        "echo $(( $(echo 1) + 1 ))",
        "echo \"$(echo \"$(echo \"$(echo deep)\")\")\"",
        "echo `echo \\`echo \\\\\\`echo x\\\\\\`\\``",
    ];
    for line in corpus {
        let mut sh = Shell::new();
        let mut host = FakeHost::default();
        let out = sh.run(line, &mut host);
        assert_eq!(out.code, sh.last_status, "{line}");
        let _ = complete::context(line, line.len());
        for i in 0..=line.len() {
            let _ = complete::context(line, i);
        }
    }
}

fn fuzz_cases() -> u32 {
    std::env::var("SHELL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
}

/// Pieces of plausible command lines, glued by the grammar strategy below.
fn plausible_line() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec![
        "echo hi",
        "docker ps -q",
        "docker ps",
        "ls -la",
        "cat /etc/hosts",
        "grep -v x",
        "wc -l",
        "sort -rn",
        "uniq -c",
        "head -n 2",
        "awk '{print $1}'",
        "xargs docker stop",
        "xargs -r echo",
        "cd html",
        "cd ..",
        "pwd",
        "echo $HOME",
        "echo \"$(pwd)\"",
        "X=1",
        "export Y=2",
        "sleep 1",
        "date",
        "true",
        "false",
        "mkdir -p a/b",
        "touch f",
        "rm -rf a",
        "tail -1",
        "history",
        "echo ${X:-d}",
        "echo $((1+2))",
        "sudo !!",
        "!!",
        "clear",
        "cut -d: -f1",
        "tr a-z A-Z",
        "tee out",
        "exit",
        "( echo sub )",
        "echo *",
        "ls *.txt",
        "echo 'q",
        "echo \"",
        "[ -f f ]",
        "printf '%s\\n' a b",
        "type ls",
        "which docker",
        "alias l2='ls'",
    ]);
    let op = prop::sample::select(vec![
        " | ",
        " && ",
        " || ",
        "; ",
        " > f ",
        " 2>&1 | ",
        " >> g; ",
        " | xargs ",
        " $( ",
        " ) ",
        " ` ",
        "\n",
    ]);
    prop::collection::vec((atom, op), 1..6)
        .prop_map(|parts| parts.into_iter().map(|(a, o)| format!("{a}{o}")).collect::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(line in "\\PC{0,80}") {
        let mut sh = Shell::new();
        let mut host = FakeHost::default();
        let _ = sh.run(&line, &mut host);
        let _ = complete::context(&line, line.len() / 2);
    }

    #[test]
    fn never_panics_on_shell_soup(line in "[ -~\\n\\t]{0,60}") {
        let mut sh = Shell::new();
        let mut host = FakeHost::default();
        let out = sh.run(&line, &mut host);
        prop_assert_eq!(out.code, sh.last_status);
    }

    #[test]
    fn never_panics_on_plausible_lines(lines in prop::collection::vec(plausible_line(), 1..4)) {
        let mut sh = Shell::new();
        let mut host = FakeHost::default();
        for l in &lines {
            let _ = sh.run(l, &mut host);
            let _ = complete::context(l, l.len());
        }
    }
}

/// The prompt has no job control: a `&` anywhere in a typed line (a `$(...)`, a loop body) is
/// refused before anything runs, while a script given to `sh -c` runs its background jobs.
#[test]
fn background_jobs_only_in_scripts() {
    let note = "! bash: & (백그라운드 실행): 이 연습용 터미널에서는 지원하지 않는 문법입니다\n[exit 2]";
    check("echo $(touch /tmp/x & echo a); ls /tmp/x", note);
    check("for i in 1; do sleep 1 & done", note);
    check("bash -c 'echo a & wait; echo b'", "a\nb");
}

/// `nano FILE` asks the page for its editor; saving writes the file as the learner.
#[test]
fn editors_open_files_for_the_page() {
    let mut sh = Shell::new();
    let mut host = FakeHost::default();
    sh.run("echo hi > notes.txt", &mut host);
    let out = sh.run("nano notes.txt", &mut host);
    assert!(out.lines.is_empty() && out.code == 0);
    let edit = sh.take_effects().edit.expect("an edit request");
    assert_eq!(
        (edit.editor.as_str(), edit.path.as_str(), edit.content.as_str(), edit.exists),
        ("nano", "/home/user/notes.txt", "hi\n", true)
    );
    sh.run("vim Dockerfile", &mut host);
    let edit = sh.take_effects().edit.expect("an edit request");
    assert!(!edit.exists && edit.content.is_empty());
    sh.save_file(&edit.path, "FROM nginx\n").expect("saved");
    assert_eq!(run_lines(&mut sh, "cat Dockerfile; ls -l Dockerfile | cut -c1-10"), "FROM nginx\n-rw-rw-r--");
    assert_eq!(sh.save_file("/etc/motd", "x"), Err(FsError::PermissionDenied));
    check("code html", "! code: html: Is a directory\n[exit 1]");
    check("nano x | cat", "! nano: 이 연습용 터미널에서는 편집기를 파이프나 파일로 연결해 열 수 없습니다.");
    // A terminal without the page's pane (the native repl) says to use a here-document.
    let note = edit.terminal_note();
    assert!(note.starts_with("vim: 이 터미널(whalelab repl)에는 편집기 창이 없습니다."), "{note}");
    assert!(note.contains("\n  cat > Dockerfile <<'EOF'\n") && note.ends_with("\n  EOF"), "{note}");
}
