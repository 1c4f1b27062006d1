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
        let mut line =
            String::with_capacity(widths.iter().take(aligned).sum::<usize>() + row.last().map_or(0, String::len) + 8);
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

/// A table built cell by cell into one text buffer: `docker ps` writes a thousand rows
/// without a `String` per cell, and each cell is measured as it is written.
///
/// Every row has the same number of cells; [`Grid::render`] lays it out exactly as
/// [`render`] does.
pub struct Grid {
    /// All cells' text, back to back.
    text: String,
    /// Per cell: where its text ends in `text`, and its display width.
    cells: Vec<(usize, usize)>,
    /// Cells per row.
    cols: usize,
}

impl Grid {
    /// An empty grid of `cols` columns, with room for about `rows` rows.
    pub fn new(cols: usize, rows: usize) -> Grid {
        Grid {
            text: String::with_capacity(rows * cols * 12),
            cells: Vec::with_capacity(rows * cols),
            cols: cols.max(1),
        }
    }

    /// The buffer to write the current cell's text into; [`Grid::end_cell`] closes it.
    pub fn buf(&mut self) -> &mut String {
        &mut self.text
    }

    /// Closes the cell written since the last one ended.
    pub fn end_cell(&mut self) {
        let start = self.cells.last().map_or(0, |c| c.0);
        // The last cell of a row is free text, never measured (as in `render`).
        let last = self.cells.len() % self.cols == self.cols - 1;
        let width = if last { 0 } else { display_width(self.text.get(start..).unwrap_or("")) };
        self.cells.push((self.text.len(), width));
    }

    /// Appends a whole cell.
    pub fn cell(&mut self, s: &str) {
        self.text.push_str(s);
        self.end_cell();
    }

    /// The table's lines (a partly written last row is left out).
    pub fn render(&self) -> Vec<String> {
        let cols = self.cols;
        let aligned = cols - 1;
        let mut widths = vec![0usize; aligned];
        for row in self.cells.chunks_exact(cols) {
            for (max, cell) in widths.iter_mut().zip(row) {
                *max = (*max).max(cell.1);
            }
        }
        for w in &mut widths {
            *w = (*w + 3).max(10);
        }
        let padded: usize = widths.iter().sum();
        let mut lines = Vec::with_capacity(self.cells.len() / cols);
        let mut start = 0;
        for row in self.cells.chunks_exact(cols) {
            let row_end = row.last().map_or(start, |c| c.0);
            let mut line = String::with_capacity(padded + (row_end - start));
            for (i, &(end, width)) in row.iter().enumerate() {
                line.push_str(self.text.get(start..end).unwrap_or(""));
                if let Some(w) = widths.get(i) {
                    push_spaces(&mut line, w.saturating_sub(width));
                }
                start = end;
            }
            lines.push(line);
        }
        lines
    }
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
    // One pass over the bytes that the compiler can vectorize: the OR of all bytes says
    // whether any is non-ASCII, and NULs are counted on the way.
    let (any_high, nuls) = s.bytes().fold((0u8, 0usize), |(h, z), b| (h | b, z + usize::from(b == 0)));
    if any_high < 0x80 {
        // Control characters would count 1 in `char_width` too, except NUL.
        return s.len() - nuls;
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
    fn a_grid_lays_out_like_rows() {
        let rows = [
            row(&["CONTAINER ID", "NAMES", "X"]),
            row(&["웹서버", "", "last cell"]),
            row(&["a", "much longer than ten", ""]),
        ];
        let mut g = Grid::new(3, rows.len());
        for r in &rows {
            for c in r {
                g.buf().push_str(c);
                g.end_cell();
            }
        }
        g.cell("partial");
        assert_eq!(g.render(), render(&rows));
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let lines = render(&[row(&["NAME", "X"]), row(&["웹서버", "y"])]);
        assert_eq!(lines, vec!["NAME      X", "웹서버    y"]);
        assert_eq!(ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20), "/docker-entrypoint.…");
        assert_eq!(ellipsis("httpd-foreground", 20), "httpd-foreground");
    }
}
