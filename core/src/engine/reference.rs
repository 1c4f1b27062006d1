//! Image references: parsing and normalising `nginx`, `nginx:1.27`,
//! `docker.io/library/nginx:latest`, `user/app`, `localhost:5000/app@sha256:...`.
//!
//! Follows the distribution/reference grammar docker uses: lower-case path components
//! separated by `/`, an optional registry domain (a first component with `.` or `:`, or
//! `localhost`), a tag of up to 128 word characters, an optional digest.

use std::fmt;

/// The registry every short name refers to.
pub const DEFAULT_DOMAIN: &str = "docker.io";

/// A parsed, normalised reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// Registry host (`docker.io`).
    pub domain: String,
    /// Repository path (`library/nginx`).
    pub path: String,
    /// Tag, if one was given or implied.
    pub tag: Option<String>,
    /// Digest (`sha256:<64 hex>`), if given.
    pub digest: Option<String>,
}

/// Why a reference could not be parsed; `Display` is docker's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// Generic grammar error.
    Invalid,
    /// Upper-case letters in the repository path.
    Uppercase(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Invalid => write!(f, "invalid reference format"),
            RefError::Uppercase(p) => write!(f, "invalid reference format: repository name ({p}) must be lowercase"),
        }
    }
}

/// Whether a repository name starts with a registry host (`docker.elastic.co/...`), i.e. is
/// not on Docker Hub.
pub fn has_registry_host(name: &str) -> bool {
    ImageRef::parse(name).is_ok_and(|r| r.domain != DEFAULT_DOMAIN)
}

impl ImageRef {
    /// Parses a reference as the user typed it; no default tag is added.
    pub fn parse(s: &str) -> Result<ImageRef, RefError> {
        if s.is_empty() || s.len() > 255 {
            return Err(RefError::Invalid);
        }
        let (name, digest) = match s.split_once('@') {
            Some((n, d)) => {
                if !valid_digest(d) {
                    return Err(RefError::Invalid);
                }
                (n, Some(d.to_string()))
            }
            None => (s, None),
        };
        // A tag is after the last ':' that follows the last '/'.
        let last_slash = name.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (repo, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
            None => (name, None),
        };
        if let Some(t) = tag {
            if !valid_tag(t) {
                return Err(RefError::Invalid);
            }
        }
        let mut parts: Vec<&str> = repo.split('/').collect();
        let domain = if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
        {
            let d = parts.remove(0);
            if !d.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)) {
                return Err(RefError::Invalid);
            }
            d.to_string()
        } else {
            DEFAULT_DOMAIN.to_string()
        };
        let domain = if domain == "index.docker.io" { DEFAULT_DOMAIN.to_string() } else { domain };
        let mut path = parts.join("/");
        if domain == DEFAULT_DOMAIN && parts.len() == 1 {
            path = format!("library/{path}");
        }
        if parts.iter().any(|p| p.chars().any(|c| c.is_ascii_uppercase())) {
            if parts.iter().all(|p| valid_component(&p.to_ascii_lowercase())) {
                return Err(RefError::Uppercase(path));
            }
            return Err(RefError::Invalid);
        }
        if !parts.iter().all(|p| valid_component(p)) {
            return Err(RefError::Invalid);
        }
        Ok(ImageRef { domain, path, tag: tag.map(str::to_string), digest })
    }

    /// The same reference with `latest` added when neither tag nor digest was given.
    pub fn with_default_tag(mut self) -> ImageRef {
        if self.tag.is_none() && self.digest.is_none() {
            self.tag = Some("latest".to_string());
        }
        self
    }

    /// The repository as docker prints it in tables: `nginx`, `user/app`, `ghcr.io/x/y`.
    pub fn familiar_repo(&self) -> String {
        if self.domain == DEFAULT_DOMAIN {
            self.path.strip_prefix("library/").unwrap_or(&self.path).to_string()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// Familiar form with tag and digest: `nginx:latest`, `nginx@sha256:...`.
    pub fn familiar(&self) -> String {
        let mut s = self.familiar_repo();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    /// Fully qualified: `docker.io/library/nginx:latest`.
    pub fn full(&self) -> String {
        let mut s = format!("{}/{}", self.domain, self.path);
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    /// The key under which a tag is stored: the full name with tag (no digest).
    pub fn tag_key(&self) -> String {
        format!("{}/{}:{}", self.domain, self.path, self.tag.as_deref().unwrap_or("latest"))
    }
}

fn valid_component(p: &str) -> bool {
    // [a-z0-9]+ separated by '.', '_', '__' or one or more '-'.
    if p.is_empty() {
        return false;
    }
    let b = p.as_bytes();
    if !b[0].is_ascii_lowercase() && !b[0].is_ascii_digit() {
        return false;
    }
    if !b[b.len() - 1].is_ascii_lowercase() && !b[b.len() - 1].is_ascii_digit() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !(b[i].is_ascii_lowercase() || b[i].is_ascii_digit()) {
            i += 1;
        }
        let sep = &p[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.' || *c == b'-')
}

fn valid_digest(d: &str) -> bool {
    match d.split_once(':') {
        Some((alg, hex)) => {
            !alg.is_empty()
                && alg.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && hex.len() >= 32
                && hex.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got = match ImageRef::parse(input) {
            Ok(r) => r.with_default_tag().full(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect, "{input}");
    }

    #[test]
    fn normalises_like_docker() {
        check("nginx", "docker.io/library/nginx:latest");
        check("nginx:1.27", "docker.io/library/nginx:1.27");
        check("docker.io/library/httpd:2.2", "docker.io/library/httpd:2.2");
        check("index.docker.io/library/httpd", "docker.io/library/httpd:latest");
        check("user/app", "docker.io/user/app:latest");
        check("localhost:5000/app", "localhost:5000/app:latest");
        check("Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase");
        check("nginx:", "invalid reference format");
        check("-nginx", "invalid reference format");
        check("ngi nx", "invalid reference format");
        check("a//b", "invalid reference format");
        check("", "invalid reference format");
        assert_eq!(ImageRef::parse("nginx").unwrap().with_default_tag().familiar(), "nginx:latest");
        assert_eq!(
            ImageRef::parse("nginx@sha256:0123456789abcdef0123456789abcdef").unwrap().with_default_tag().tag,
            None
        );
    }
}
