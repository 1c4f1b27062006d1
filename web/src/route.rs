//! Routes and their addresses: every page of the site is a file of its own folder
//! (`01-first-container.html`, `sandbox.html`, `check.html`, the folder itself for the first
//! lesson), so the release build can render each one ahead of time (`whalelab render`) and a
//! static host serves it with no rewrites, from any sub-path.
//!
//! A lesson's id in the address is its file stem (`lessons/01-first-container.md` →
//! `01-first-container.html`), so the outline alone maps an address to a file. Addresses of the
//! hash-routed site before it (`#/lesson/<id>`, `#/sandbox?z=…`, `#/check`) still route: the
//! page's head script sends them to the page that now holds them, and a lesson added to a
//! built site without a page of its own keeps the hash form (see [`Pages`]).
//!
//! A share link is the sandbox page with the commands to replay in its fragment:
//! `sandbox.html#z=…` holds them compressed by the browser's `CompressionStream` (raw DEFLATE,
//! then URL-safe base64: a fraction of the plain form's length), `#h=…` (older links) as plain
//! base64. Decompressing is asynchronous, so a packed link parses to [`Share::Packed`] and the
//! page unpacks it (`platform::inflate`). Pure: it must not read `window.location` (platform
//! does).

use std::rc::Rc;

/// Where the learner is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    /// The site's folder (`./`, `index.html`): the course's first lesson.
    #[default]
    Home,
    /// `<id>.html`: one lesson by file stem.
    Lesson(String),
    /// `sandbox.html`, optionally with a share link's commands to replay.
    Sandbox {
        /// The share link's commands, if any.
        share: Share,
    },
    /// `check.html`: the instructors' content check page.
    Check,
    /// An old `#/…` address that names nothing: shown as "no such page" with a way home.
    NotFound(String),
}

/// The page file of the sandbox.
pub const SANDBOX_PAGE: &str = "sandbox.html";
/// The page file of the check page.
pub const CHECK_PAGE: &str = "check.html";
/// Page names a lesson cannot have: the site's own pages.
pub const RESERVED: [&str; 3] = ["index", "sandbox", "check"];

impl Route {
    /// The route of an address: its path (only the last segment counts: the site may live in
    /// any folder) and its fragment (`#z=…` of a share link, or an old `#/…` address, which
    /// wins over the path).
    pub fn from_location(path: &str, hash: &str) -> Route {
        if hash.starts_with("#/") {
            return Route::from_hash(hash);
        }
        let file = percent_decode(path.rsplit('/').next().unwrap_or_default());
        let stem = file.strip_suffix(".html").unwrap_or(&file);
        match stem {
            "" | "index" => Route::Home,
            "sandbox" => Route::Sandbox { share: hash.strip_prefix('#').map(share_from_query).unwrap_or_default() },
            "check" => Route::Check,
            id => Route::Lesson(id.to_string()),
        }
    }

    /// The route of an old hash address (`#/`, `#/lesson/<id>`, `#/sandbox?z=…`, `#/check`).
    pub fn from_hash(hash: &str) -> Route {
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

    /// The link to this route, relative to the site's folder (`01-first-container.html`,
    /// `sandbox.html#z=…`); a lesson without a page of its own keeps the hash form.
    pub fn href(&self, pages: &Pages) -> String {
        match self {
            Route::Home => "./".to_string(),
            Route::Lesson(id) if pages.has(id) => format!("{}.html", encode_segment(id)),
            Route::Lesson(id) => format!("./#/lesson/{}", encode_segment(id)),
            Route::Sandbox { share: Share::None } => SANDBOX_PAGE.to_string(),
            Route::Sandbox { share: Share::Plain(lines) } => format!("{SANDBOX_PAGE}#h={}", encode_history(lines)),
            Route::Sandbox { share: Share::Packed(packed) } => format!("{SANDBOX_PAGE}#z={packed}"),
            Route::Check => CHECK_PAGE.to_string(),
            Route::NotFound(hash) => hash.clone(),
        }
    }
}

/// Which lessons have a page of their own: every one on a development server (which answers
/// any address with the app), else those the release build rendered (`whalelab render` names
/// them in the page's `whalelab-pages` meta). A lesson added to `dist/content/` after the build
/// has none until the next render, so its links keep the old hash form, which the site's
/// folder always answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pages(Option<Rc<Vec<String>>>);

impl Pages {
    /// Only these lessons (by id) have pages.
    pub fn only(ids: Vec<String>) -> Self {
        Pages(Some(Rc::new(ids)))
    }

    /// Whether lesson `id` has a page of its own.
    pub fn has(&self, id: &str) -> bool {
        self.0.as_ref().is_none_or(|ids| ids.iter().any(|p| p == id))
    }

    /// The ids, space-separated, as the `whalelab-pages` meta holds them (`None`: all).
    pub fn to_meta(&self) -> Option<String> {
        self.0.as_ref().map(|ids| ids.iter().map(|id| encode_segment(id)).collect::<Vec<_>>().join(" "))
    }

    /// Reads a `whalelab-pages` meta's content.
    pub fn from_meta(content: &str) -> Self {
        Pages::only(content.split_ascii_whitespace().map(percent_decode).collect())
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

/// A lesson id as one path segment: letters, digits, `-._~` and non-ASCII text as they are,
/// anything that would end or split the segment (`/`, `?`, `#`, `%`, spaces) as `%XX`.
pub fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || "-._~".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            // ASCII only reaches here: one byte, two hex digits.
            let b = c as u8;
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn addresses_route_by_their_file_from_any_folder() {
        let at = |path: &str| Route::from_location(path, "");
        assert_eq!(at("/course/"), Route::Home);
        assert_eq!(at("/course/index.html"), Route::Home);
        assert_eq!(at(""), Route::Home);
        assert_eq!(at("/a/b/01-first.html"), Route::Lesson("01-first".into()));
        assert_eq!(at("/01-first"), Route::Lesson("01-first".into()), "hosts that drop .html");
        assert_eq!(at("/x/%ED%95%9C.html"), Route::Lesson("한".into()));
        assert_eq!(at("/x/sandbox.html"), Route::Sandbox { share: Share::None });
        assert_eq!(at("/x/check.html"), Route::Check);
        let pages = Pages::default();
        for r in [Route::Home, Route::Lesson("02-x".into()), Route::Check, Route::Sandbox { share: Share::None }] {
            let href = r.href(&pages);
            let (path, hash) = href.split_once('#').map_or((href.as_str(), ""), |(p, h)| (p, h));
            let hash = if hash.is_empty() { String::new() } else { format!("#{hash}") };
            assert_eq!(Route::from_location(&format!("/course/{path}"), &hash), r, "{href}");
        }
        assert_eq!(Route::Lesson("a b/c".into()).href(&pages), "a%20b%2Fc.html");
        assert_eq!(Route::from_location("/c/a%20b%2Fc.html", ""), Route::Lesson("a b/c".into()));
        assert_eq!(Route::Lesson("한".into()).href(&pages), "한.html");
        assert_eq!(lesson_id("lessons/01-first-container.md"), "01-first-container");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn old_hash_addresses_still_route() {
        assert_eq!(Route::from_location("/c/", "#/"), Route::Home);
        assert_eq!(Route::from_location("/c/", "#/lesson/01-first"), Route::Lesson("01-first".into()));
        assert_eq!(Route::from_location("/c/", "#/lesson/%ED%95%9C"), Route::Lesson("한".into()));
        assert_eq!(Route::from_location("/c/02.html", "#/check"), Route::Check, "the old hash wins");
        assert_eq!(Route::from_location("/c/", "#/sandbox"), Route::Sandbox { share: Share::None });
        assert!(matches!(Route::from_location("/c/", "#/lesson/"), Route::NotFound(_)));
        assert!(matches!(Route::from_location("/c/", "#/bogus"), Route::NotFound(_)));
        assert_eq!(
            Route::from_location("/c/01.html", "#section-2"),
            Route::Lesson("01".into()),
            "an anchor is no route"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn lessons_without_a_page_keep_the_hash_form() {
        let pages = Pages::from_meta("01-a 02-b %ED%95%9C");
        assert!(pages.has("01-a") && pages.has("한") && !pages.has("98-added"));
        assert_eq!(Route::Lesson("02-b".into()).href(&pages), "02-b.html");
        assert_eq!(Route::Lesson("98-added".into()).href(&pages), "./#/lesson/98-added");
        assert_eq!(Route::from_location("/c/", "#/lesson/98-added"), Route::Lesson("98-added".into()));
        assert_eq!(pages.to_meta().as_deref(), Some("01-a 02-b 한"));
        assert_eq!(Pages::default().to_meta(), None);
        assert!(Pages::default().has("anything"), "a development server answers every address");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn share_links_round_trip_the_history() {
        let replay: Vec<String> =
            ["docker run -d --name 웹 nginx", "docker ps -a", "echo a&b=c"].map(String::from).into();
        let route = Route::Sandbox { share: Share::Plain(replay.clone()) };
        let href = route.href(&Pages::default());
        assert!(href.starts_with("sandbox.html#h=") && !href[15..].contains(['+', '/', '=', '&']), "{href}");
        assert_eq!(Route::from_location("/c/sandbox.html", &href[12..]), route);
        assert_eq!(Route::from_hash(&format!("#/sandbox?{}", &href[13..])), route, "the old form of the same link");
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE");
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(
            Route::from_hash("#/sandbox?h=!!!"),
            Route::Sandbox { share: Share::None },
            "garbage replays nothing"
        );
        let packed = Route::Sandbox { share: Share::Packed(pack(&[0xfb, 0xff, 0x00])) };
        assert_eq!(packed.href(&Pages::default()), "sandbox.html#z=-_8A");
        assert_eq!(Route::from_location("/c/sandbox.html", "#z=-_8A"), packed);
        assert_eq!(Route::from_hash("#/sandbox?z=-_8A"), packed);
        assert_eq!(unpack("-_8A").as_deref(), Some(&[0xfb, 0xff, 0x00][..]));
        assert_eq!(lines_of(&share_text(&replay)), replay);
    }
}
