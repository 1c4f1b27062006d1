//! The shape of a parsed command line: scripts, and-or lists, pipelines, commands and words.
//!
//! Plain data produced by the lexer and parser and consumed by the executor. Nothing here runs
//! anything or knows about the filesystem; a word keeps its quoting so expansion can tell which
//! characters may be split or globbed.

/// A whole line (or the inside of `$(...)` or `( ... )`): and-or lists separated by `;` or
/// newlines, run one after the other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// The lists in source order.
    pub items: Vec<AndOr>,
}

/// Pipelines joined by `&&` and `||`, which bash evaluates left to right with equal precedence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    /// The first pipeline, always run.
    pub first: Pipeline,
    /// Each following pipeline with the operator in front of it.
    pub rest: Vec<(Connector, Pipeline)>,
    /// It ended in `&`: it runs as a background job beside what follows.
    pub background: bool,
}

/// `&&` or `||`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `&&`: run the next pipeline only if the previous one succeeded.
    And,
    /// `||`: run the next pipeline only if the previous one failed.
    Or,
}

/// Commands joined by `|`: each one's stdout is the next one's stdin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    /// A leading `!` inverts the status.
    pub negated: bool,
    /// At least one command (a bare `!` has none and yields status 1, as bash does).
    pub commands: Vec<Command>,
}

/// One stage of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `NAME=value ... word ... redirections`.
    Simple(SimpleCommand),
    /// `( script ) redirections`: runs in a copy of the shell's variables and directory.
    Subshell(Script, Vec<Redirect>),
    /// A loop, `if` or `{ ...; }` with its redirections: runs in the shell itself.
    Compound(Box<Compound>, Vec<Redirect>),
}

/// The compound commands this shell runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compound {
    /// `for NAME in WORDS; do BODY; done` (no `in`: the positional parameters, none here).
    For {
        /// The loop variable.
        var: String,
        /// The words after `in`, expanded when the loop starts.
        words: Option<Vec<Word>>,
        /// The loop body.
        body: Script,
    },
    /// `while COND; do BODY; done`, or `until` (`until` is true).
    Loop {
        /// `until`: loop while the condition fails.
        until: bool,
        /// The condition list; its last status decides.
        cond: Script,
        /// The loop body.
        body: Script,
    },
    /// `if COND; then BODY; elif ...; else ...; fi`.
    If {
        /// Each condition with its branch, in order.
        arms: Vec<(Script, Script)>,
        /// The `else` branch.
        otherwise: Option<Script>,
    },
    /// `{ LIST; }`.
    Group(Script),
}

/// Assignments, words and redirections, in the order bash collects them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// Leading `NAME=value` words.
    pub assigns: Vec<Assign>,
    /// The command name and its arguments, before expansion.
    pub words: Vec<Word>,
    /// Redirections, applied left to right (`|&` adds a final `2>&1`).
    pub redirects: Vec<Redirect>,
}

/// `NAME=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assign {
    /// The variable name.
    pub name: String,
    /// The value, expanded without splitting or globbing.
    pub value: Word,
}

/// A redirection such as `2>/dev/null`, `>> file`, `2>&1`, `<<< text` or `<<EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor written before the operator (`2>`), if any.
    pub fd: Option<u32>,
    /// The operator.
    pub op: RedirOp,
    /// The file name, descriptor number or here-string.
    pub target: Word,
}

/// Redirection operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>` or `>|`: truncate and write.
    Out,
    /// `>>`: append.
    Append,
    /// `<`: read a file as stdin.
    In,
    /// `>&`: duplicate an output descriptor (`2>&1`), or `>& file` like `&>`.
    DupOut,
    /// `<&`: duplicate an input descriptor.
    DupIn,
    /// `&>`: stdout and stderr to a file.
    OutErr,
    /// `&>>`: stdout and stderr appended to a file.
    AppendErr,
    /// `<<<`: a here-string.
    HereString,
    /// `<<` or `<<-`: a here-document. The target word is its body, read from the lines after
    /// the command (tabs already stripped for `<<-`): quoted when the delimiter was quoted,
    /// otherwise double-quote-like (`$x`, `$(...)` and backslash escapes expand).
    HereDoc,
}

/// One shell word before expansion: a sequence of differently quoted pieces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// The pieces in order; `a"b"'c'` is three parts.
    pub parts: Vec<WordPart>,
}

/// A piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPart {
    /// Unquoted text: subject to globbing (and, at the very start, nothing else).
    Literal(String),
    /// Text protected from every expansion: `'...'`, `$'...'` or a backslash-escaped character.
    Quoted(String),
    /// `"..."`: parameters and substitutions expand but are neither split nor globbed.
    DoubleQuoted(Vec<WordPart>),
    /// `$name`, `${name}` and the `${name:-word}` family.
    Param(Param),
    /// `$(...)` or backticks.
    CommandSubst(Script),
    /// `$((...))`: the expression is itself a word (it may contain `$x`).
    Arith(Word),
    /// `~` or `~user` at the start of a word or an assignment value.
    Tilde(String),
    /// A `${...}` that does not parse: bash reports `bad substitution` only when it is expanded.
    BadSubst(String),
}

/// A parameter expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name: a variable, a digit or one of `? $ # ! @ * - 0`.
    pub name: String,
    /// What to do with the value.
    pub op: ParamOp,
}

/// The operator of a `${...}` expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOp {
    /// `$x` or `${x}`.
    Plain,
    /// `${#x}`: the length.
    Length,
    /// `${x:-w}` (colon: also when empty) or `${x-w}`.
    Default(bool, Word),
    /// `${x:=w}` or `${x=w}`: default and assign.
    Assign(bool, Word),
    /// `${x:+w}` or `${x+w}`: the alternative when set.
    Alt(bool, Word),
    /// `${x:?w}` or `${x?w}`: fail with a message when unset.
    Error(bool, Word),
    /// `${x#p}` (shortest) or `${x##p}` (longest): remove a matching prefix.
    TrimPrefix(bool, Word),
    /// `${x%p}` (shortest) or `${x%%p}` (longest): remove a matching suffix.
    TrimSuffix(bool, Word),
}

impl Word {
    /// A word made of one unquoted literal.
    pub fn literal(s: &str) -> Word {
        Word { parts: vec![WordPart::Literal(s.to_string())] }
    }

    /// The text if the word is one unquoted literal (what alias lookup and reserved words need).
    pub fn as_plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [WordPart::Literal(s)] => Some(s),
            _ => None,
        }
    }
}

impl Script {
    /// Whether a list anywhere in it (a loop body, a subshell, a `$(...)`) ends in `&`.
    pub fn has_background(&self) -> bool {
        self.items.iter().any(|ao| {
            ao.background
                || std::iter::once(&ao.first).chain(ao.rest.iter().map(|(_, p)| p)).any(Pipeline::has_background)
        })
    }
}

impl Pipeline {
    fn has_background(&self) -> bool {
        self.commands.iter().any(|c| match c {
            Command::Simple(sc) => {
                sc.assigns.iter().any(|a| a.value.has_background())
                    || sc.words.iter().any(Word::has_background)
                    || sc.redirects.iter().any(|r| r.target.has_background())
            }
            Command::Subshell(s, r) => s.has_background() || r.iter().any(|r| r.target.has_background()),
            Command::Compound(c, r) => {
                r.iter().any(|r| r.target.has_background())
                    || match c.as_ref() {
                        Compound::For { words, body, .. } => {
                            body.has_background() || words.iter().flatten().any(Word::has_background)
                        }
                        Compound::Loop { cond, body, .. } => cond.has_background() || body.has_background(),
                        Compound::If { arms, otherwise } => {
                            arms.iter().any(|(c, b)| c.has_background() || b.has_background())
                                || otherwise.as_ref().is_some_and(Script::has_background)
                        }
                        Compound::Group(b) => b.has_background(),
                    }
            }
        })
    }
}

impl Word {
    fn has_background(&self) -> bool {
        fn part(p: &WordPart) -> bool {
            match p {
                WordPart::CommandSubst(s) => s.has_background(),
                WordPart::DoubleQuoted(ps) => ps.iter().any(part),
                WordPart::Arith(w) => w.has_background(),
                WordPart::Param(p) => match &p.op {
                    ParamOp::Plain | ParamOp::Length => false,
                    ParamOp::Default(_, w)
                    | ParamOp::Assign(_, w)
                    | ParamOp::Alt(_, w)
                    | ParamOp::Error(_, w)
                    | ParamOp::TrimPrefix(_, w)
                    | ParamOp::TrimSuffix(_, w) => w.has_background(),
                },
                _ => false,
            }
        }
        self.parts.iter().any(part)
    }
}
