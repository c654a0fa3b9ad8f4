//! Lines and cells from glyph positions: glyphs on one baseline make a line, and a wide
//! horizontal gap starts a new cell, so that table columns survive.

use super::{Cell, Line};

/// Glyphs whose baselines differ by at most this much (pt) are on one line, at least: a
/// CJK font and a Latin font on one printed row sit up to ≈ 2.3 pt apart in LibreOffice tables.
pub const BASELINE_TOLERANCE: f32 = 2.0;
/// …or by at most this many font sizes, whichever is larger (≈ 3.2 pt at 10.5 pt; lines of text
/// are at least 1.1 em apart).
pub const BASELINE_TOLERANCE_EM: f32 = 0.3;
/// A gap wider than this many font sizes starts a new cell. Table columns in LibreOffice
/// exports are at least two cell paddings apart (≈ 11 pt, ≈ 1 em at 11 pt); word spaces are
/// ≈ 0.25–0.35 em, and justified Latin text rarely stretches them past 0.8 em.
pub const CELL_GAP_EM: f32 = 0.9;
/// A gap wider than this many font sizes inside a cell is a word space.
pub const WORD_GAP_EM: f32 = 0.15;

/// One glyph on a page. `y` is the baseline measured from the top of the page, in pt.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge.
    pub x: f32,
    /// Right edge (x plus the advance).
    pub x_end: f32,
    /// Baseline from the top of the page.
    pub y: f32,
    /// Effective font size (pt).
    pub size: f32,
    /// The decoded text (usually one character).
    pub text: String,
}

/// Groups a page's glyphs into lines (top to bottom, numbered from 1) and cells.
/// Whitespace glyphs only separate: spaces come from the gaps between the other glyphs.
pub fn lines_from_glyphs(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| {
        !g.text.trim().is_empty() && g.x.is_finite() && g.y.is_finite() && g.x_end.is_finite()
    });
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    let mut line_y = 0.0_f32;
    let mut line_size = 0.0_f32;
    for g in glyphs {
        let tolerance = BASELINE_TOLERANCE.max(BASELINE_TOLERANCE_EM * line_size.min(g.size));
        if !current.is_empty() && g.y - line_y > tolerance {
            lines.push(line_from(std::mem::take(&mut current), lines.len() + 1));
        }
        if current.is_empty() {
            line_y = g.y;
            line_size = g.size;
        }
        current.push(g);
    }
    if !current.is_empty() {
        lines.push(line_from(current, lines.len() + 1));
    }
    lines
}

/// How far (pt) the same glyph may be drawn again from `p` and still be `p` overprinted (fake
/// bold, a shadow): less than half its advance, and less than 0.3 em. A repeated letter of a
/// word (the `ll` of "all", drawn one advance further, ≈ 0.28 em in DejaVu Sans) is a letter.
fn overprint_offset(p: &Glyph, size: f32) -> f32 {
    let advance = p.x_end - p.x;
    if advance > 0.0 {
        (0.5 * advance).min(0.3 * size)
    } else {
        0.3 * size
    }
}

/// One line from glyphs on (about) one baseline.
fn line_from(mut glyphs: Vec<Glyph>, number: usize) -> Line {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let y = glyphs.iter().map(|g| g.y).sum::<f32>() / glyphs.len().max(1) as f32;
    let mut cells: Vec<Cell> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in &glyphs {
        let size = prev.map_or(g.size, |p| p.size.max(g.size)).max(1.0);
        if let Some(p) = prev
            && p.text == g.text
            && (g.x - p.x).abs() < overprint_offset(p, size)
        {
            continue; // the same glyph drawn twice (fake bold, shadow)
        }
        match (prev, cells.last_mut()) {
            (Some(p), Some(cell)) if g.x - p.x_end <= CELL_GAP_EM * size => {
                if g.x - p.x_end > WORD_GAP_EM * size {
                    cell.text.push(' ');
                }
                cell.text.push_str(&g.text);
                cell.x_end = cell.x_end.max(g.x_end);
            }
            _ => cells.push(Cell {
                x: g.x,
                x_end: g.x_end,
                text: g.text.clone(),
            }),
        }
        prev = Some(g);
    }
    Line { number, y, cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` from `x`, each `size` wide (CJK: one em per character).
    fn run(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut x0 = x;
        text.chars()
            .map(|c| {
                let w = if c.is_ascii() { size * 0.55 } else { size };
                let g = Glyph {
                    x: x0,
                    x_end: x0 + w,
                    y,
                    size,
                    text: c.to_string(),
                };
                x0 += w;
                g
            })
            .collect()
    }

    fn texts(lines: &[Line]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn glyphs_on_one_baseline_make_one_line_in_x_order() {
        let mut glyphs = run("户数：1200户", 72.0, 100.0, 11.0);
        glyphs.reverse(); // stream order must not matter
        // a Latin font's baseline is a little off
        glyphs[0].y += 1.2;
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].number, 1);
        assert_eq!(lines[0].text(), "户数：1200户");
    }

    #[test]
    fn latin_and_cjk_glyphs_of_one_row_stay_on_one_line() {
        // LibreOffice: the Latin font's baseline 2.3 pt above the CJK font's, at 9 pt.
        let mut glyphs = run("1", 116.0, 496.0, 9.0);
        glyphs.extend(run("GK-", 214.0, 496.0, 9.0));
        glyphs.extend(run("高空抛物", 155.0, 498.3, 9.0));
        glyphs.extend(run("台", 292.0, 498.3, 9.0));
        // the wrapped cell's next line, 15 pt below, stays apart
        glyphs.extend(run("监测摄像", 155.0, 513.4, 9.0));
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(
            texts(&lines),
            vec![vec!["1", "高空抛物", "GK-", "台"], vec!["监测摄像"]]
        );
    }

    #[test]
    fn lines_are_numbered_top_to_bottom() {
        let mut glyphs = run("第二行", 72.0, 130.0, 11.0);
        glyphs.extend(run("第一行", 72.0, 110.0, 11.0));
        glyphs.extend(run("第三行", 72.0, 150.0, 11.0));
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(
            texts(&lines),
            vec![vec!["第一行"], vec!["第二行"], vec!["第三行"]]
        );
        assert_eq!(
            lines.iter().map(|l| l.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert!(lines[0].y < lines[1].y);
    }

    #[test]
    fn wide_gaps_split_cells_and_word_gaps_make_spaces() {
        // 序号 | 设备名称 | 型号 with 15 pt between the columns
        let mut glyphs = run("1", 60.0, 200.0, 11.0);
        glyphs.extend(run("高清网络摄像机", 90.0, 200.0, 11.0));
        glyphs.extend(run("DS-2CD3T47", 182.0, 200.0, 11.0));
        glyphs.extend(run("48", 260.0, 200.0, 11.0));
        // "GB 50348": a word gap of 3 pt
        glyphs.extend(run("GB", 72.0, 230.0, 11.0));
        glyphs.extend(run("50348", 72.0 + 2.0 * 6.05 + 3.0, 230.0, 11.0));
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(
            texts(&lines),
            vec![
                vec!["1", "高清网络摄像机", "DS-2CD3T47", "48"],
                vec!["GB 50348"]
            ]
        );
        let row = &lines[0];
        assert_eq!(row.cells[1].x, 90.0);
        assert_eq!(row.cells[1].x_end, 90.0 + 7.0 * 11.0);
        assert_eq!(row.text(), "1 高清网络摄像机 DS-2CD3T47 48");
    }

    #[test]
    fn whitespace_glyphs_and_overprinting_do_not_split() {
        let mut glyphs = run("视频 监控", 72.0, 100.0, 11.0);
        // fake bold: the same glyphs again, shifted by 0.3 pt
        let bold: Vec<Glyph> = run("视频", 72.3, 100.0, 11.0);
        glyphs.extend(bold);
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].cells.len(), 1, "{:?}", lines[0]);
        assert_eq!(lines[0].text(), "视频 监控");
    }

    #[test]
    fn a_repeated_narrow_letter_is_kept() {
        // "Bullet" in DejaVu Sans at 10 pt: each l is 2.78 pt wide, the second one advance on
        let mut glyphs = Vec::new();
        let mut x = 56.8;
        for (c, w) in [
            ('B', 6.86),
            ('u', 6.34),
            ('l', 2.78),
            ('l', 2.78),
            ('e', 6.15),
            ('t', 3.92),
        ] {
            glyphs.push(Glyph {
                x,
                x_end: x + w,
                y: 300.0,
                size: 10.0,
                text: c.to_string(),
            });
            x += w;
        }
        // and fake bold drawn 0.4 pt to the right of the first glyph
        glyphs.push(Glyph {
            x: 57.2,
            x_end: 57.2 + 6.86,
            y: 300.0,
            size: 10.0,
            text: "B".into(),
        });
        let lines = lines_from_glyphs(glyphs);
        assert_eq!(lines[0].text(), "Bullet");
    }

    #[test]
    fn no_glyphs_no_lines() {
        assert!(lines_from_glyphs(Vec::new()).is_empty());
        let blank = run("   ", 72.0, 100.0, 11.0);
        assert!(lines_from_glyphs(blank).is_empty());
    }
}
