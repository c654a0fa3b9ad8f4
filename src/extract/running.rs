//! Running headers and footers: lines among the first or last three of a page that recur at
//! the same height on at least two pages (and on at least half of them), once their digits are
//! masked (`第3页共4页`, `12/5/26, 5:50 AM`, a page number), are removed before anything is read.

use super::recognise::{Provenance, SourceLine};

/// How far (pt) the baseline of a running line may move from page to page.
const SAME_HEIGHT: f32 = 3.0;
/// How many lines at the top and at the bottom of a page may be running lines.
const EDGE_LINES: usize = 3;

fn masked(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// The lines without running headers and footers, and the running lines (first seen).
pub(crate) fn remove_running(lines: &[SourceLine]) -> (Vec<SourceLine>, Vec<Provenance>) {
    let mut pages: Vec<usize> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    if pages.len() < 2 {
        return (lines.to_vec(), Vec::new());
    }
    // the edge lines of each page: (page, masked text, y)
    let mut edges: Vec<(usize, String, f32, usize)> = Vec::new();
    for &p in &pages {
        let on_page: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].page == p).collect();
        let n = on_page.len();
        for (k, &i) in on_page.iter().enumerate() {
            if k < EDGE_LINES || k + EDGE_LINES >= n {
                edges.push((p, masked(&lines[i].text()), lines[i].y, i));
            }
        }
    }
    let mut running = vec![false; lines.len()];
    let mut first_seen = Vec::new();
    for (p, text, y, i) in &edges {
        if text.is_empty() {
            continue;
        }
        let pages_with: Vec<usize> = edges
            .iter()
            .filter(|(_, t, y2, _)| t == text && (y2 - y).abs() <= SAME_HEIGHT)
            .map(|e| e.0)
            .collect();
        let mut distinct = pages_with.clone();
        distinct.dedup();
        if distinct.len() >= 2 && distinct.len() * 2 >= pages.len() {
            running[*i] = true;
            if distinct.first() == Some(p) {
                first_seen.push(lines[*i].provenance());
            }
        }
    }
    let kept = lines
        .iter()
        .zip(&running)
        .filter(|(_, r)| !**r)
        .map(|(l, _)| l.clone())
        .collect();
    (kept, first_seen)
}

#[cfg(test)]
mod tests {
    use super::super::recognise::SourceCell;
    use super::*;

    fn l(page: usize, line: usize, y: f32, text: &str) -> SourceLine {
        SourceLine {
            page,
            line,
            y,
            cells: vec![SourceCell {
                x: 90.0,
                x_end: 300.0,
                text: text.into(),
            }],
        }
    }

    #[test]
    fn page_headers_and_footers_go_and_body_lines_stay() {
        let mut lines = Vec::new();
        for page in 1..=2 {
            lines.push(l(page, 1, 48.0, "锦绣华庭设计说明 工程编号ZHK-BG-3000"));
            for k in 0..7 {
                // the same body line at the same height on both pages, away from the edges
                let text = if k == 3 {
                    "户数:240户".to_owned()
                } else {
                    "正文".repeat(page * 7 + k)
                };
                lines.push(l(page, k + 2, 90.0 + 20.0 * k as f32, &text));
            }
            lines.push(l(page, 9, 803.0, &format!("第{page}页共2页")));
        }
        let (kept, running) = remove_running(&lines);
        let texts: Vec<String> = kept.iter().map(SourceLine::text).collect();
        assert!(!texts.iter().any(|t| t.contains("页共")), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("ZHK")), "{texts:?}");
        assert_eq!(texts.iter().filter(|t| *t == "户数:240户").count(), 2);
        assert_eq!(kept.len(), 14);
        assert_eq!(running.len(), 2, "{running:?}");
        let single = remove_running(&lines[..9]);
        assert_eq!(single.0.len(), 9, "one page: nothing is running");
    }
}
