//! `--filter name=value` as the daemon reads it (`filters.Args`): pairs, the check for
//! unknown names, value matching (exact, or an unanchored regular expression for names and
//! IDs) and label matching. Shared by `ps`, `events`, `images`, `search` and the prune
//! commands. Pure functions over strings.

/// `--filter` values as `(name, value)` pairs (the parser already lower-cased names).
pub(crate) fn filter_pairs(list: &[String]) -> Vec<(String, String)> {
    list.iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (f.clone(), String::new()),
        })
        .collect()
}

/// The daemon's `filters.Args.Validate`: the first unknown filter name, in name order
/// (Go walks a map, so any order is possible; sorting keeps us deterministic).
pub(crate) fn invalid_filter(pairs: &[(String, String)], accepted: &[&str]) -> Option<String> {
    let mut names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).filter(|k| !accepted.contains(k)).collect();
    crate::sort::sort(&mut names);
    names.first().map(|k| format!("invalid filter '{k}'"))
}

/// `filters.Args.Match`: with no values for `name` everything matches; otherwise a value
/// matches when it equals `source` or, read as a regular expression, matches part of it.
pub(crate) fn filter_match(pairs: &[(String, String)], name: &str, source: &str) -> bool {
    let values: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
    if values.is_empty() {
        return true;
    }
    values.iter().any(|v| *v == source || crate::regex::go_match_string(v, source))
}

/// `filters.Args.MatchKVList` for `label=`: every `key` or `key=value` must be present.
pub(crate) fn labels_match(pairs: &[(String, String)], labels: &[(String, String)]) -> bool {
    let wanted: Vec<&str> = pairs.iter().filter(|(k, _)| k == "label").map(|(_, v)| v.as_str()).collect();
    if wanted.is_empty() {
        return true;
    }
    if labels.is_empty() {
        return false;
    }
    wanted.iter().all(|w| {
        let (k, v) = match w.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (*w, None),
        };
        labels.iter().any(|(lk, lv)| lk == k && v.is_none_or(|v| v == lv))
    })
}

/// The values given for filter `name`, in order.
pub(crate) fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[&str]) -> Vec<(String, String)> {
        filter_pairs(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn filter_matching_is_regex_like_the_daemon() {
        let p = pairs(&["name=web"]);
        assert!(filter_match(&p, "name", "web"));
        assert!(filter_match(&p, "name", "myweb2"));
        assert!(!filter_match(&p, "name", "db"));
        assert!(filter_match(&pairs(&["name=^w.b$"]), "name", "web"));
        assert!(!filter_match(&pairs(&["name=^w.b$"]), "name", "webs"));
        assert!(filter_match(&pairs(&["name=db[0-9]+"]), "name", "mydb12"));
        assert!(filter_match(&pairs(&[r"name=^(web|db)-\d{2}$"]), "name", "db-12"));
        assert!(!filter_match(&pairs(&[r"name=^(web|db)-\d{2}$"]), "name", "db-123"));
        assert!(!filter_match(&pairs(&["name=web("]), "name", "a web("));
        assert!(filter_match(&pairs(&["status=run"]), "status", "running"));
        assert!(filter_match(&pairs(&[]), "name", "anything"));
        let accepted = ["name", "status"];
        assert_eq!(invalid_filter(&pairs(&["nope=1", "name=x"]), &accepted), Some("invalid filter 'nope'".to_string()));
    }

    #[test]
    fn label_filters() {
        let labels = vec![("app".to_string(), "web".to_string()), ("tier".to_string(), "front".to_string())];
        assert!(labels_match(&pairs(&["label=app"]), &labels));
        assert!(labels_match(&pairs(&["label=app=web", "label=tier"]), &labels));
        assert!(!labels_match(&pairs(&["label=app=db"]), &labels));
        assert!(!labels_match(&pairs(&["label=app"]), &[]));
    }
}
