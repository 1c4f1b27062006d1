//! Tables exactly as docker/cli prints them: Go's text/tabwriter with minimum cell width
//! 10, padding 3, padded with spaces; the last cell of a row is never padded.
//!
//! Widths count terminal cells, not bytes: Hangul and other East Asian wide characters take
//! two cells, so columns stay aligned in a terminal (docker pads by display width too).

/// Renders rows (the first one is usually the header) into lines.
pub fn render(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    // Each cell's width is measured once (a thousand-row `docker ps -a` measures 6,000).
    let mut cell_widths: Vec<usize> = Vec::with_capacity(rows.len() * cols);
    for row in rows {
        // Go's tabwriter only aligns cells that are terminated by a tab: the last cell of
        // each row is free text.
        let aligned = row.len().saturating_sub(1);
        for (i, cell) in row.iter().enumerate().take(aligned) {
            let w = display_width(cell);
            cell_widths.push(w);
            if let Some(max) = widths.get_mut(i) {
                *max = (*max).max(w);
            }
        }
    }
    for w in &mut widths {
        *w = (*w + 3).max(10);
    }
    let mut measured = cell_widths.into_iter();
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let aligned = row.len().saturating_sub(1);
        let mut line = String::with_capacity(widths.iter().take(aligned).sum::<usize>() + row.last().map_or(0, String::len) + 8);
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < aligned {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(measured.next().unwrap_or(0));
                push_spaces(&mut line, pad);
            }
        }
        lines.push(line);
    }
    lines
}

/// Appends `n` spaces a slice at a time (faster than pushing them one `char` at a time).
fn push_spaces(line: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        line.push_str(SPACES.get(..k).unwrap_or(""));
        n -= k;
    }
}

/// How many terminal cells a string takes: wide (East Asian) characters count two,
/// combining marks zero. Plain ASCII (nearly every cell docker prints) is one cell a byte.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        // Control characters would count 1 in `char_width` too, except NUL.
        return s.len() - s.bytes().filter(|b| *b == 0).count();
    }
    s.chars().map(char_width).sum()
}

/// Cells one character takes (a compact subset of Unicode's East Asian Width table).
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    if u == 0 || (0x300..=0x36F).contains(&u) || (0x200B..=0x200F).contains(&u) {
        return 0;
    }
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0x303E).contains(&u)
        || (0x3041..=0x33FF).contains(&u)
        || (0x3400..=0x4DBF).contains(&u)
        || (0x4E00..=0x9FFF).contains(&u)
        || (0xA000..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x1F300..=0x1F64F).contains(&u)
        || (0x1F900..=0x1F9FF).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if wide {
        2
    } else {
        1
    }
}

/// Shortens to `max` display cells, ending with `…` when cut (docker's `Ellipsis`).
pub fn ellipsis(s: &str, max: usize) -> String {
    if s.len() <= max || display_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn empty_ps_header_matches_docker() {
        let lines = render(&[row(&["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"])]);
        assert_eq!(lines, vec!["CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES"]);
    }

    #[test]
    fn the_ascii_fast_path_measures_like_the_general_one() {
        for s in ["", "abc", "a\0b", "httpd-foreground", "\t x", "웹서버", "é", "a\u{301}"] {
            assert_eq!(display_width(s), s.chars().map(char_width).sum::<usize>(), "{s:?}");
        }
        let long = "x".repeat(100);
        let lines = render(&[row(&[&long, "a"]), row(&["b", "c"])]);
        assert_eq!(lines[1], format!("b{}c", " ".repeat(102)));
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let lines = render(&[row(&["NAME", "X"]), row(&["웹서버", "y"])]);
        assert_eq!(lines, vec!["NAME      X", "웹서버    y"]);
        assert_eq!(ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20), "/docker-entrypoint.…");
        assert_eq!(ellipsis("httpd-foreground", 20), "httpd-foreground");
    }
}
