//! Hash routes (`#/`, `#/lesson/<id>`, `#/sandbox`, `#/check`): parsing and printing.
//!
//! A share link is the sandbox route with the commands to replay: `#/sandbox?z=…` holds them
//! compressed by the browser's `CompressionStream` (raw DEFLATE, then URL-safe base64: a
//! fraction of the plain form's length), `#/sandbox?h=…` (older links) as plain base64.
//! Decompressing is asynchronous, so a packed link parses to [`Share::Packed`] and the page
//! unpacks it (`platform::inflate`).
//!
//! Routes live in the fragment so that `dist/` works from any static host and any sub-path
//! (the server never sees them) and back/forward work through `hashchange`. A lesson's id in
//! the URL is its file stem (`lessons/01-first-container.md` → `01-first-container`), so the
//! outline alone maps a URL to a file. Pure: it must not read `window.location` (platform does).

/// Where the learner is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    /// `#/` or no hash: the course's first lesson.
    #[default]
    Home,
    /// `#/lesson/<id>`: one lesson by file stem.
    Lesson(String),
    /// `#/sandbox`, optionally with a share link's commands to replay.
    Sandbox {
        /// The share link's commands, if any.
        share: Share,
    },
    /// `#/check`: the instructors' content check page.
    Check,
    /// Anything else: shown as "no such page" with a way home.
    NotFound(String),
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Home,
            "/sandbox" => Route::Sandbox { share: query.map(share_from_query).unwrap_or_default() },
            "/check" => Route::Check,
            _ => match path.strip_prefix("/lesson/") {
                Some(id) if !id.is_empty() && !id.contains('/') => Route::Lesson(percent_decode(id)),
                _ => Route::NotFound(hash.to_string()),
            },
        }
    }

    /// The hash for this route (`#/lesson/01-first-container`).
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Sandbox { share: Share::None } => "#/sandbox".to_string(),
            Route::Sandbox { share: Share::Plain(lines) } => format!("#/sandbox?h={}", encode_history(lines)),
            Route::Sandbox { share: Share::Packed(packed) } => format!("#/sandbox?z={packed}"),
            Route::Check => "#/check".to_string(),
            Route::NotFound(hash) => hash.clone(),
        }
    }
}

/// The commands of a share link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Share {
    /// A plain sandbox.
    #[default]
    None,
    /// `?h=`: the commands, as they are.
    Plain(Vec<String>),
    /// `?z=`: the commands compressed (URL-safe base64 of raw DEFLATE), still to unpack.
    Packed(String),
}

/// A lesson's route id: its file name without `.md` (`lessons/01-a.md` → `01-a`).
pub fn lesson_id(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The `h=` parameter of a share link: the command lines, newline-joined, as URL-safe
/// base64 without padding.
pub fn encode_history(lines: &[String]) -> String {
    base64_encode(share_text(lines).as_bytes())
}

/// The commands a share link carries, one per line (what [`lines_of`] reads back).
pub fn share_text(lines: &[String]) -> String {
    lines.join("\n")
}

/// The commands of a share link's text: its non-blank lines.
pub fn lines_of(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

/// URL-safe base64 without padding of compressed bytes (a `?z=` value).
pub fn pack(bytes: &[u8]) -> String {
    base64_encode(bytes)
}

/// The bytes of a `?z=` value, if it is base64.
pub fn unpack(value: &str) -> Option<Vec<u8>> {
    base64_decode(value)
}

fn share_from_query(query: &str) -> Share {
    let mut pairs = query.split('&');
    if let Some(packed) = pairs.clone().find_map(|kv| kv.strip_prefix("z=")) {
        return if packed.is_empty() { Share::None } else { Share::Packed(packed.to_string()) };
    }
    let Some(value) = pairs.find_map(|kv| kv.strip_prefix("h=")) else { return Share::None };
    let Some(bytes) = base64_decode(value) else { return Share::None };
    let Ok(text) = String::from_utf8(bytes) else { return Share::None };
    let lines = lines_of(&text);
    if lines.is_empty() {
        Share::None
    } else {
        Share::Plain(lines)
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        // Accept the standard alphabet too, and ignore padding.
        let v = match c {
            b'+' => 62,
            b'/' => 63,
            b'=' => continue,
            _ => B64.iter().position(|&b| b == c)? as u32,
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// Decodes `%XX` escapes (browsers escape non-ASCII ids in the hash); bad escapes stay as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (Some(b), _, _) => {
                out.push(*b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn routes_parse_and_print() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/lesson/01-first"), Route::Lesson("01-first".into()));
        assert_eq!(Route::parse("#/lesson/%ED%95%9C"), Route::Lesson("한".into()));
        assert_eq!(Route::parse("#/check"), Route::Check);
        assert_eq!(Route::parse("#/sandbox"), Route::Sandbox { share: Share::None });
        assert!(matches!(Route::parse("#/lesson/"), Route::NotFound(_)));
        assert!(matches!(Route::parse("#/bogus"), Route::NotFound(_)));
        for r in [Route::Home, Route::Lesson("02-x".into()), Route::Check, Route::Sandbox { share: Share::None }] {
            assert_eq!(Route::parse(&r.to_hash()), r);
        }
        assert_eq!(lesson_id("lessons/01-first-container.md"), "01-first-container");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn share_links_round_trip_the_history() {
        let replay: Vec<String> =
            ["docker run -d --name 웹 nginx", "docker ps -a", "echo a&b=c"].map(String::from).into();
        let route = Route::Sandbox { share: Share::Plain(replay.clone()) };
        let hash = route.to_hash();
        assert!(hash.starts_with("#/sandbox?h=") && !hash[12..].contains(['+', '/', '=', '&']), "{hash}");
        assert_eq!(Route::parse(&hash), route);
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE");
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(Route::parse("#/sandbox?h=!!!"), Route::Sandbox { share: Share::None }, "garbage replays nothing");
        let packed = Route::Sandbox { share: Share::Packed(pack(&[0xfb, 0xff, 0x00])) };
        assert_eq!(packed.to_hash(), "#/sandbox?z=-_8A");
        assert_eq!(Route::parse("#/sandbox?z=-_8A"), packed);
        assert_eq!(unpack("-_8A").as_deref(), Some(&[0xfb, 0xff, 0x00][..]));
        assert_eq!(lines_of(&share_text(&replay)), replay);
    }
}
