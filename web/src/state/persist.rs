//! What survives a reload, as text for localStorage: the command history and the solved
//! exercises (with or without help), each under a versioned header. The machines have their
//! own format (`state::machine`).
//!
//! Pure encode/decode; platform reads and writes the storage. Anything that does not start
//! with the expected header (another version, a hand edit, garbage) is reported as
//! [`Corrupt`] so the page can say so in Korean and start fresh, never fail to load.
//!
//! The same data also travels as a file: [`encode_export`] and [`decode_export`] write and
//! read the "진행 상황 내보내기" JSON (schema version, solved exercises, history, current
//! lesson) with the same validation rules, so an import can never smuggle in what a reload
//! would reject. A small JSON reader lives here because the file is the only JSON the page
//! reads (no new crate for it).

use whalelab_core::map::Map;
use whalelab_core::write_json_string;

/// localStorage key of the command history.
pub const HISTORY_KEY: &str = "whalelab.history";
/// localStorage key of the progress (solved exercise ids).
pub const PROGRESS_KEY: &str = "whalelab.progress";
/// First line of the stored history (bump the number when the format changes).
pub const HISTORY_HEADER: &str = "whalelab-history v1";
/// First line of the stored progress. Version 2 marks exercises solved with help; version 1
/// (every line an exercise solved) still reads.
pub const PROGRESS_HEADER: &str = "whalelab-progress v2";
/// The version 1 header.
const PROGRESS_HEADER_V1: &str = "whalelab-progress v1";
/// After an id in the stored progress: solved with help.
const WITH_HELP: &str = " help";
/// How many commands are kept across reloads.
pub const MAX_SAVED_HISTORY: usize = 500;

/// Stored data that cannot be read (wrong version or damaged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrupt;

/// How an exercise was solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solved {
    /// By the learner's own commands.
    Alone,
    /// With a command from the solution or a lesson's ▶ button.
    WithHelp,
}

/// Solved exercises by id.
pub type Progress = Map<String, Solved>;

/// `progress` with exercise `id` solved `how`: solving alone counts over an earlier solve
/// with help, never the other way round. Returns whether anything changed.
pub fn mark_solved(progress: &mut Progress, id: &str, how: Solved) -> bool {
    match progress.get(id) {
        Some(Solved::Alone) => false,
        Some(Solved::WithHelp) if how == Solved::WithHelp => false,
        _ => {
            progress.insert(id.to_string(), how);
            true
        }
    }
}

/// Exercise ids: what `whalelab check` accepts, and nothing that could break a line.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 200 && !id.chars().any(|c| c.is_control() || c == ' ')
}

/// The history as stored: the header, then one command per line (newest last, capped).
pub fn encode_history(entries: &[String]) -> String {
    let start = entries.len().saturating_sub(MAX_SAVED_HISTORY);
    let mut text = HISTORY_HEADER.to_string();
    for line in entries.get(start..).unwrap_or_default().iter().filter(|l| !l.contains('\n')) {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// Reads stored history; `None` stored means an empty history.
pub fn decode_history(stored: Option<&str>) -> Result<Vec<String>, Corrupt> {
    let Some(text) = stored else { return Ok(Vec::new()) };
    let mut lines = text.split('\n');
    if lines.next() != Some(HISTORY_HEADER) {
        return Err(Corrupt);
    }
    Ok(lines.filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// The progress as stored: the header, then one solved exercise id per line, followed by
/// ` help` when it was solved with help.
pub fn encode_progress(progress: &Progress) -> String {
    let mut text = PROGRESS_HEADER.to_string();
    for (id, how) in progress {
        text.push('\n');
        text.push_str(id);
        if *how == Solved::WithHelp {
            text.push_str(WITH_HELP);
        }
    }
    text
}

/// Reads stored progress (this version or version 1).
pub fn decode_progress(stored: Option<&str>) -> Result<Progress, Corrupt> {
    let Some(text) = stored else { return Ok(Progress::new()) };
    let mut lines = text.split('\n');
    let v1 = match lines.next() {
        Some(PROGRESS_HEADER) => false,
        Some(PROGRESS_HEADER_V1) => true,
        _ => return Err(Corrupt),
    };
    let mut progress = Progress::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (id, how) = match line.strip_suffix(WITH_HELP) {
            Some(id) if !v1 => (id, Solved::WithHelp),
            _ => (line, Solved::Alone),
        };
        if !valid_id(id) {
            return Err(Corrupt);
        }
        mark_solved(&mut progress, id, how);
    }
    Ok(progress)
}

/// `format` of the export file.
pub const EXPORT_FORMAT: &str = "whalelab-progress";
/// `version` of the export file (bump with the stored headers). Version 2 adds
/// `solved_with_help`; version 1 files still import.
pub const EXPORT_VERSION: u32 = 2;
/// The export file's suggested name.
pub const EXPORT_FILE_NAME: &str = "whalelab-progress.json";

/// What an export file carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// Solved exercises.
    pub solved: Progress,
    /// Commands, oldest first (capped like the stored history).
    pub history: Vec<String>,
    /// The lesson id open when exporting, if any.
    pub lesson: Option<String>,
}

/// The export file: pretty JSON, one field per line, so it is readable and diffable.
pub fn encode_export(export: &Export) -> String {
    let mut out = String::from("{\n  \"format\": ");
    write_json_string(&mut out, EXPORT_FORMAT, false);
    out.push_str(",\n  \"version\": ");
    out.push_str(&EXPORT_VERSION.to_string());
    out.push_str(",\n  \"lesson\": ");
    match &export.lesson {
        Some(id) => write_json_string(&mut out, id, false),
        None => out.push_str("null"),
    }
    out.push_str(",\n  \"solved\": ");
    json_list(&mut out, export.solved.iter().filter(|(_, how)| **how == Solved::Alone).map(|(id, _)| id));
    out.push_str(",\n  \"solved_with_help\": ");
    json_list(&mut out, export.solved.iter().filter(|(_, how)| **how == Solved::WithHelp).map(|(id, _)| id));
    out.push_str(",\n  \"history\": ");
    let start = export.history.len().saturating_sub(MAX_SAVED_HISTORY);
    json_list(&mut out, export.history.get(start..).unwrap_or_default().iter());
    out.push_str("\n}\n");
    out
}

/// Reads an export file; anything else (another format or version, bad JSON, bad ids) is
/// [`Corrupt`], and the caller changes nothing.
pub fn decode_export(text: &str) -> Result<Export, Corrupt> {
    let Json::Object(fields) = Json::parse(text).ok_or(Corrupt)? else { return Err(Corrupt) };
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let version = match field("version") {
        Some(Json::Number(n)) => *n,
        _ => 0.0,
    };
    let v1 = version == 1.0;
    if !matches!(field("format"), Some(Json::String(f)) if f == EXPORT_FORMAT)
        || !(v1 || version == f64::from(EXPORT_VERSION))
    {
        return Err(Corrupt);
    }
    let strings = |value: Option<&Json>| -> Result<Vec<String>, Corrupt> {
        let Some(Json::Array(items)) = value else { return Err(Corrupt) };
        items.iter().map(|i| if let Json::String(s) = i { Ok(s.clone()) } else { Err(Corrupt) }).collect()
    };
    let alone = strings(field("solved"))?;
    let helped = if v1 { Vec::new() } else { strings(field("solved_with_help"))? };
    let mut solved = Progress::new();
    for (ids, how) in [(alone, Solved::Alone), (helped, Solved::WithHelp)] {
        for id in ids {
            if !valid_id(&id) {
                return Err(Corrupt);
            }
            mark_solved(&mut solved, &id, how);
        }
    }
    let history = strings(field("history"))?;
    if history.len() > MAX_SAVED_HISTORY || history.iter().any(|l| l.contains('\n')) {
        return Err(Corrupt);
    }
    let lesson = match field("lesson") {
        None | Some(Json::Null) => None,
        Some(Json::String(id)) if !id.is_empty() && id.len() <= 200 && !id.chars().any(char::is_control) => {
            Some(id.clone())
        }
        Some(_) => return Err(Corrupt),
    };
    Ok(Export { solved, history, lesson })
}

fn json_list<'a>(out: &mut String, items: impl Iterator<Item = &'a String>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        write_json_string(out, item, false);
    }
    out.push_str("\n  ]");
}

/// The JSON values an export file can hold.
#[derive(Clone, Debug)]
enum Json {
    Null,
    /// `true` or `false` (no field of the file is one; read only to be skipped).
    Bool,
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Nesting beyond this is not an export file (and would only cost stack).
const MAX_DEPTH: u32 = 16;

impl Json {
    /// The whole text as one value, or `None` for anything that is not JSON.
    fn parse(text: &str) -> Option<Json> {
        let mut p = Parser { chars: text.trim_start_matches('\u{feff}').chars().peekable() };
        let value = p.value(0)?;
        p.skip_ws();
        p.chars.next().is_none().then_some(value)
    }
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.chars.next_if(|c| matches!(c, ' ' | '\n' | '\r' | '\t')).is_some() {}
    }

    fn eat(&mut self, word: &str) -> Option<()> {
        word.chars().all(|w| self.chars.next() == Some(w)).then_some(())
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match *self.chars.peek()? {
            'n' => self.eat("null").map(|_| Json::Null),
            't' => self.eat("true").map(|_| Json::Bool),
            'f' => self.eat("false").map(|_| Json::Bool),
            '"' => self.string().map(Json::String),
            '[' => {
                self.chars.next();
                let mut items = Vec::new();
                self.skip_ws();
                if self.chars.next_if_eq(&']').is_some() {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.chars.next()? {
                        ',' => {}
                        ']' => return Some(Json::Array(items)),
                        _ => return None,
                    }
                }
            }
            '{' => {
                self.chars.next();
                let mut fields = Vec::new();
                self.skip_ws();
                if self.chars.next_if_eq(&'}').is_some() {
                    return Some(Json::Object(fields));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    self.skip_ws();
                    self.eat(":")?;
                    fields.push((key, self.value(depth + 1)?));
                    self.skip_ws();
                    match self.chars.next()? {
                        ',' => {}
                        '}' => return Some(Json::Object(fields)),
                        _ => return None,
                    }
                }
            }
            _ => {
                let mut number = String::new();
                while let Some(c) =
                    self.chars.next_if(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                {
                    number.push(c);
                }
                number.parse().ok().filter(|n: &f64| n.is_finite()).map(Json::Number)
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        self.eat("\"")?;
        let mut s = String::new();
        loop {
            match self.chars.next()? {
                '"' => return Some(s),
                '\\' => match self.chars.next()? {
                    '"' => s.push('"'),
                    '\\' => s.push('\\'),
                    '/' => s.push('/'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'n' => s.push('\n'),
                    'r' => s.push('\r'),
                    't' => s.push('\t'),
                    'u' => {
                        let high = self.hex4()?;
                        let code = if (0xD800..0xDC00).contains(&high) {
                            self.eat("\\u")?;
                            let low = self.hex4()?;
                            if !(0xDC00..0xE000).contains(&low) {
                                return None;
                            }
                            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            high
                        };
                        s.push(char::from_u32(code)?);
                    }
                    _ => return None,
                },
                c if (c as u32) < 0x20 => return None,
                c => s.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + self.chars.next()?.to_digit(16)?;
        }
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn history_round_trips_and_rejects_other_formats() {
        let entries: Vec<String> = ["docker ps", "echo 한글"].map(String::from).into();
        assert_eq!(decode_history(Some(&encode_history(&entries))), Ok(entries));
        assert_eq!(decode_history(None), Ok(vec![]));
        assert_eq!(decode_history(Some("[\"docker ps\"]")), Err(Corrupt));
        assert_eq!(decode_history(Some("whalelab-history v0\ndocker ps")), Err(Corrupt));
        let many: Vec<String> = (0..MAX_SAVED_HISTORY + 5).map(|i| i.to_string()).collect();
        let kept = decode_history(Some(&encode_history(&many))).unwrap();
        assert_eq!((kept.len(), kept[0].as_str()), (MAX_SAVED_HISTORY, "5"), "the newest are kept");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn progress_round_trips_and_rejects_garbage() {
        let solved: Progress = [("run-nginx".to_string(), Solved::Alone), ("stop-web".to_string(), Solved::WithHelp)]
            .into_iter()
            .collect();
        let text = encode_progress(&solved);
        assert_eq!(text, "whalelab-progress v2\nrun-nginx\nstop-web help");
        assert_eq!(decode_progress(Some(&text)), Ok(solved));
        assert_eq!(
            decode_progress(Some("whalelab-progress v1\nrun-nginx\nstop-web")).map(|p| p.get("stop-web").copied()),
            Ok(Some(Solved::Alone)),
            "version 1 still reads"
        );
        assert_eq!(decode_progress(Some("{not progress}")), Err(Corrupt));
        assert_eq!(decode_progress(Some("")), Err(Corrupt));
        assert_eq!(decode_progress(Some("whalelab-progress v2\na\u{7}b")), Err(Corrupt));
        let mut p = Progress::new();
        assert!(mark_solved(&mut p, "e", Solved::WithHelp));
        assert!(!mark_solved(&mut p, "e", Solved::WithHelp));
        assert!(mark_solved(&mut p, "e", Solved::Alone), "solving alone later counts");
        assert!(!mark_solved(&mut p, "e", Solved::WithHelp), "help never replaces alone");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn export_round_trips_and_rejects_anything_else() {
        let export = Export {
            solved: [("run-web".to_string(), Solved::Alone), ("stop-web".to_string(), Solved::WithHelp)]
                .into_iter()
                .collect(),
            history: vec!["docker ps".into(), "echo \"한글\" \\ \t 🐳".into()],
            lesson: Some("03-run".into()),
        };
        let text = encode_export(&export);
        assert!(text.contains("\"version\": 2") && text.contains("\"format\": \"whalelab-progress\""), "{text}");
        assert!(text.contains("\"solved_with_help\": [\n    \"stop-web\"\n  ]"), "{text}");
        assert_eq!(decode_export(&text), Ok(export.clone()));
        let none = Export { lesson: None, ..Export::default() };
        assert_eq!(decode_export(&encode_export(&none)), Ok(none));
        let escaped = "{\"format\":\"whalelab-progress\",\"version\":1,\"lesson\":null,\"solved\":[\"\\u00e9\\ud83d\\udc33\"],\"history\":[]}";
        assert_eq!(
            decode_export(escaped).map(|e| e.solved.into_iter().map(|(id, _)| id).collect::<Vec<_>>()),
            Ok(vec!["é🐳".to_string()]),
            "a version 1 file imports"
        );
        for bad in [
            "",
            "not json",
            "[]",
            "{\"format\":\"whalelab-progress\",\"version\":3,\"solved\":[],\"history\":[]}",
            "{\"format\":\"whalelab-progress\",\"version\":2,\"solved\":[],\"history\":[]}",
            "{\"format\":\"other\",\"version\":1,\"solved\":[],\"history\":[]}",
            "{\"format\":\"whalelab-progress\",\"version\":1,\"solved\":[1],\"history\":[]}",
            "{\"format\":\"whalelab-progress\",\"version\":1,\"solved\":[\"a\\u0007\"],\"history\":[]}",
            "{\"format\":\"whalelab-progress\",\"version\":1,\"solved\":[],\"history\":[\"a\\nb\"]}",
            "{\"format\":\"whalelab-progress\",\"version\":1,\"solved\":[],\"history\":[]} trailing",
            "{\"format\":\"whalelab-progress\",\"version\":1,\"solved\":[],\"history\":[\"\\ud800\"]}",
            &"[".repeat(10_000),
        ] {
            assert_eq!(decode_export(bad), Err(Corrupt), "{bad:.80}");
        }
    }
}
