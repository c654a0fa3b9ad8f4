//! The budget of a workbook, checked before calamine reads it: the zip directory (read here,
//! byte by byte), the decompressed size of every XML part (streamed with a limit, so a part
//! that claims to be small but inflates to gigabytes is caught), the shared strings (declared
//! and counted), and each worksheet's declared dimension, rows, cells and merged regions.
//!
//! Calamine trusts a workbook: it reserves the shared-string count the file declares, turns the
//! cells' bounding box into a dense grid (cells A1 and XFD60000 asked for 31 GB) and buffers a
//! whitespace run whole. Every limit here is named in its message and in the README.

use std::io::{Cursor, Read};

use memchr::memmem;

use crate::diagnostic::{Problem, thousands};

use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};

/// Entries in the zip archive (a workbook has a dozen; pictures add one each).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Decompressed size of one XML part of the workbook (a worksheet, the shared strings).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Decompressed size of all XML parts together.
pub const MAX_UNZIPPED_BYTES: u64 = 128 * 1024 * 1024;
/// Shared strings (distinct texts) of a workbook, declared or counted.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Merged regions of a sheet.
pub const MAX_MERGED_REGIONS: usize = 10_000;

/// Checks a workbook's bytes against the budget.
pub(super) fn check(name: &str, bytes: &[u8]) -> Result<(), Problem> {
    let fail = |message: String, hint: &str| Problem::file(name, message).hint(hint);
    const SPLIT: &str = "split the list into several files, or save only the equipment sheet";
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(fail(
            "is not an .xlsx workbook: it is password-protected or an old binary .xls file".into(),
            "remove the password, or open it in Excel or WPS and save it as .xlsx (Excel 工作簿)",
        ));
    }
    let entries = directory(bytes).map_err(|e| {
        fail(
            format!("is not a readable .xlsx workbook (a zip archive): {e}"),
            "open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)",
        )
    })?;
    let mut declared_total = 0u64;
    for entry in entries.iter().filter(|e| is_xml(&e.name)) {
        if entry.size > MAX_PART_BYTES {
            return Err(fail(
                format!(
                    "part {} declares {} of XML; anfang reads parts of at most {} MiB",
                    entry.name,
                    mib(entry.size),
                    MAX_PART_BYTES >> 20
                ),
                SPLIT,
            ));
        }
        declared_total += entry.size;
    }
    if declared_total > MAX_UNZIPPED_BYTES {
        return Err(fail(
            format!(
                "declares {} of XML in all; anfang reads at most {} MiB",
                mib(declared_total),
                MAX_UNZIPPED_BYTES >> 20
            ),
            SPLIT,
        ));
    }
    // Declared sizes can lie: inflate every XML part with a limit, counting as it streams.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        fail(
            format!("is not a readable .xlsx workbook: {e}"),
            "open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)",
        )
    })?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|e| {
            fail(
                format!("part {index} of the workbook cannot be read: {e}"),
                "open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)",
            )
        })?;
        let part_name = part
            .name()
            .map_or_else(|_| format!("#{index}"), std::borrow::Cow::into_owned);
        if !is_xml(&part_name) {
            continue;
        }
        let kind = PartKind::of(&part_name);
        let scan = scan(&mut part, kind).map_err(|e| {
            fail(
                format!("part {part_name} of the workbook cannot be read: {e}"),
                "open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)",
            )
        })?;
        let over = |what: String| fail(format!("part {part_name} {what}"), SPLIT);
        if let Some(limit) = scan.over {
            return Err(over(limit.describe()));
        }
        total += scan.bytes;
        if total > MAX_UNZIPPED_BYTES {
            return Err(fail(
                format!(
                    "inflates to more than {} MiB of XML; anfang reads at most that much",
                    MAX_UNZIPPED_BYTES >> 20
                ),
                SPLIT,
            ));
        }
        if let Some(declared) = scan.declared_strings
            && declared > MAX_SHARED_STRINGS
        {
            return Err(over(format!(
                "declares {} shared strings; anfang reads at most {}",
                thousands(usize::try_from(declared).unwrap_or(usize::MAX)),
                thousands(MAX_SHARED_STRINGS as usize)
            )));
        }
        if let Some((rows, columns)) = scan.dimension {
            let area = rows.saturating_mul(columns);
            if rows > MAX_ROWS || columns > MAX_COLUMNS || area > MAX_CELLS {
                return Err(over(format!(
                    "declares a sheet of {} rows × {} columns; anfang reads at most {} rows, {} \
                     columns and {} cells",
                    thousands(rows),
                    thousands(columns),
                    thousands(MAX_ROWS),
                    thousands(MAX_COLUMNS),
                    thousands(MAX_CELLS)
                )));
            }
        }
    }
    Ok(())
}

/// What a part is, for what is counted in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Sheet,
    SharedStrings,
    Other,
}

impl PartKind {
    fn of(name: &str) -> PartKind {
        let lower = name.to_ascii_lowercase();
        if lower.contains("worksheets/") {
            PartKind::Sheet
        } else if lower.ends_with("sharedstrings.xml") {
            PartKind::SharedStrings
        } else {
            PartKind::Other
        }
    }
}

/// The first limit a part exceeded.
#[derive(Debug, Clone, Copy)]
enum Over {
    Reference,
    Bytes,
    Rows,
    Cells,
    Merged,
    Strings,
}

impl Over {
    fn describe(self) -> String {
        match self {
            Over::Reference => {
                "has a cell reference that is not a cell (such as A1 to XFD1048576)".to_owned()
            }
            Over::Bytes => format!(
                "inflates to more than {} MiB; anfang reads parts of at most that size",
                MAX_PART_BYTES >> 20
            ),
            Over::Rows => format!(
                "has more than {} rows; anfang reads at most that many",
                thousands(MAX_ROWS)
            ),
            Over::Cells => format!(
                "has more than {} cells; anfang reads at most that many",
                thousands(MAX_CELLS)
            ),
            Over::Merged => format!(
                "has more than {} merged regions; anfang reads at most that many",
                thousands(MAX_MERGED_REGIONS)
            ),
            Over::Strings => format!(
                "has more than {} shared strings; anfang reads at most that many",
                thousands(MAX_SHARED_STRINGS as usize)
            ),
        }
    }
}

#[derive(Debug, Default)]
struct Scan {
    bytes: u64,
    over: Option<Over>,
    declared_strings: Option<u64>,
    /// A worksheet's declared dimension: (rows, columns) of its `ref`.
    dimension: Option<(usize, usize)>,
}

/// An element start tag `<name` followed by one of the bytes that may end a tag name.
struct Tag {
    finder: memmem::Finder<'static>,
    len: usize,
    count: usize,
}

impl Tag {
    fn new(name: &'static [u8]) -> Tag {
        Tag {
            finder: memmem::Finder::new(name),
            len: name.len(),
            count: 0,
        }
    }

    /// Counts the tags whose name ends in the fresh part of `window` (after `carried` bytes
    /// kept from the chunk before), so that a tag split across chunks is counted once.
    fn count_in(&mut self, window: &[u8], carried: usize) {
        for at in self.finder.find_iter(window) {
            let after = at + self.len;
            let Some(&next) = window.get(after) else {
                continue;
            };
            if after >= carried && matches!(next, b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r') {
                self.count += 1;
            }
        }
    }
}

/// Streams a part through with a limit, counting what its kind needs counted.
fn scan(part: &mut dyn Read, kind: PartKind) -> std::io::Result<Scan> {
    const CHUNK: usize = 64 * 1024;
    /// Kept from one chunk to the next: the longest tag name counted (`<mergeCell`), and a
    /// cell reference attribute with enough of its value to judge it.
    const CARRY: usize = 32;
    let mut out = Scan::default();
    let mut tags: Vec<Tag> = match kind {
        PartKind::Sheet => vec![Tag::new(b"<row"), Tag::new(b"<c"), Tag::new(b"<mergeCell")],
        PartKind::SharedStrings => vec![Tag::new(b"<si")],
        PartKind::Other => Vec::new(),
    };
    let mut head: Vec<u8> = Vec::new();
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + CARRY);
    let mut chunk = vec![0u8; CHUNK];
    let mut limited = part.take(MAX_PART_BYTES + 1);
    loop {
        let n = limited.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        out.bytes += n as u64;
        if out.bytes > MAX_PART_BYTES {
            out.over = Some(Over::Bytes);
            return Ok(out);
        }
        let fresh = chunk.get(..n).unwrap_or_default();
        if head.len() < CHUNK && kind != PartKind::Other {
            let room = CHUNK - head.len();
            head.extend_from_slice(fresh.get(..room.min(n)).unwrap_or(fresh));
        }
        let carried = window.len();
        window.extend_from_slice(fresh);
        for tag in &mut tags {
            tag.count_in(&window, carried);
        }
        if kind == PartKind::Sheet && !references_are_cells(&window) {
            out.over = Some(Over::Reference);
            return Ok(out);
        }
        let keep = window.len().saturating_sub(CARRY);
        window.drain(..keep);
        let over = match (kind, tags.as_slice()) {
            (PartKind::Sheet, [rows, cells, merged]) => {
                if rows.count > MAX_ROWS {
                    Some(Over::Rows)
                } else if cells.count > MAX_CELLS {
                    Some(Over::Cells)
                } else if merged.count > MAX_MERGED_REGIONS {
                    Some(Over::Merged)
                } else {
                    None
                }
            }
            (PartKind::SharedStrings, [strings]) if strings.count as u64 > MAX_SHARED_STRINGS => {
                Some(Over::Strings)
            }
            _ => None,
        };
        if over.is_some() {
            out.over = over;
            return Ok(out);
        }
    }
    match kind {
        PartKind::Sheet => out.dimension = declared_dimension(&head),
        PartKind::SharedStrings => out.declared_strings = declared_strings(&head),
        PartKind::Other => {}
    }
    Ok(out)
}

/// Whether every cell reference (`r="B7"`, `ref="A1:C3"`) in `window` that is complete, or
/// long enough to judge, is a cell: at most 3 letters and 7 digits (calamine's parser
/// overflows on longer ones). A reference cut by the window's end is judged in the next one.
fn references_are_cells(window: &[u8]) -> bool {
    const LONGEST: usize = 16;
    for pattern in [&b" r=\""[..], b" ref=\""] {
        for at in memmem::find_iter(window, pattern) {
            let value = window.get(at + pattern.len()..).unwrap_or_default();
            let value = match value.iter().position(|&b| b == b'"') {
                Some(end) => value.get(..end).unwrap_or_default(),
                None if value.len() < LONGEST => continue,
                None => return false,
            };
            if value.len() > 2 * LONGEST || !value.split(|&b| b == b':').all(is_cell) {
                return false;
            }
        }
    }
    true
}

/// `A1`, `$XFD$1048576`, `7` (a row), `B` (a column).
fn is_cell(reference: &[u8]) -> bool {
    let text: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = text.get(letters..).unwrap_or_default();
    letters <= 3 && digits.len() <= 7 && digits.iter().all(u8::is_ascii_digit)
}

/// The value of attribute `name` in the first `<tag …>` of `xml`.
fn attribute<'a>(xml: &'a [u8], tag: &[u8], name: &[u8]) -> Option<&'a [u8]> {
    let start = memmem::find(xml, tag)?;
    let rest = xml.get(start..)?;
    let end = rest.iter().position(|&b| b == b'>')?;
    let element = rest.get(..end)?;
    let mut pattern = Vec::with_capacity(name.len() + 3);
    pattern.push(b' ');
    pattern.extend_from_slice(name);
    pattern.extend_from_slice(b"=\"");
    let at = memmem::find(element, &pattern)? + pattern.len();
    let value = element.get(at..)?;
    let close = value.iter().position(|&b| b == b'"')?;
    value.get(..close)
}

/// `uniqueCount` (else `count`) of the shared strings.
fn declared_strings(head: &[u8]) -> Option<u64> {
    let value =
        attribute(head, b"<sst", b"uniqueCount").or_else(|| attribute(head, b"<sst", b"count"))?;
    std::str::from_utf8(value).ok()?.trim().parse().ok()
}

/// Rows and columns spanned by `<dimension ref="A1:XFD60000"/>`.
fn declared_dimension(head: &[u8]) -> Option<(usize, usize)> {
    let value = attribute(head, b"<dimension", b"ref")?;
    let text = std::str::from_utf8(value).ok()?;
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    let (r0, c0) = cell_position(first)?;
    let (r1, c1) = cell_position(last)?;
    Some((r1.saturating_sub(r0) + 1, c1.saturating_sub(c0) + 1))
}

/// `XFD60000` → (60000, 16384), 1-based.
fn cell_position(reference: &str) -> Option<(usize, usize)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let (column, row) = reference.split_at(letters);
    let column = column.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1
    });
    Some((row.parse().ok()?, column))
}

fn is_xml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

/// One entry of the zip's central directory.
#[derive(Debug)]
struct ZipEntry {
    name: String,
    /// Declared decompressed size.
    size: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 2)?;
    Some(u64::from(u16::from_le_bytes([*s.first()?, *s.get(1)?])))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    let s: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
    Some(u64::from(u32::from_le_bytes(s)))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s: [u8; 8] = b.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(s))
}

/// The zip's central directory, read from its end record (zip64 too), refusing more than
/// [`MAX_ZIP_ENTRIES`] entries before any is read.
fn directory(bytes: &[u8]) -> Result<Vec<ZipEntry>, String> {
    const END: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
    const END64_LOCATOR: [u8; 4] = [0x50, 0x4B, 0x06, 0x07];
    const END64: [u8; 4] = [0x50, 0x4B, 0x06, 0x06];
    const ENTRY: [u8; 4] = [0x50, 0x4B, 0x01, 0x02];
    let truncated = || "the zip directory is damaged".to_owned();
    // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let tail = bytes.get(search_from..).unwrap_or_default();
    let end = memmem::rfind(tail, &END)
        .map(|i| search_from + i)
        .ok_or_else(|| "no zip directory (not a zip archive)".to_owned())?;
    let mut count = u16_at(bytes, end + 10).ok_or_else(truncated)?;
    let mut offset = u32_at(bytes, end + 16).ok_or_else(truncated)?;
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
        let locator = end.checked_sub(20).ok_or_else(truncated)?;
        if bytes.get(locator..locator + 4) == Some(&END64_LOCATOR[..]) {
            let at = usize::try_from(u64_at(bytes, locator + 8).ok_or_else(truncated)?)
                .map_err(|_| truncated())?;
            if bytes.get(at..at + 4) != Some(&END64[..]) {
                return Err(truncated());
            }
            count = u64_at(bytes, at + 32).ok_or_else(truncated)?;
            offset = u64_at(bytes, at + 48).ok_or_else(truncated)?;
        }
    }
    if count > MAX_ZIP_ENTRIES as u64 {
        return Err(format!(
            "it has {} entries; anfang reads workbooks of at most {}",
            thousands(usize::try_from(count).unwrap_or(usize::MAX)),
            thousands(MAX_ZIP_ENTRIES)
        ));
    }
    let mut at = usize::try_from(offset).map_err(|_| truncated())?;
    let mut entries = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for _ in 0..count {
        if bytes.get(at..at + 4) != Some(&ENTRY[..]) {
            return Err(truncated());
        }
        let mut size = u32_at(bytes, at + 24).ok_or_else(truncated)?;
        let name_len = u16_at(bytes, at + 28).ok_or_else(truncated)? as usize;
        let extra_len = u16_at(bytes, at + 30).ok_or_else(truncated)? as usize;
        let comment_len = u16_at(bytes, at + 32).ok_or_else(truncated)? as usize;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(truncated)?;
        let extra = bytes
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .ok_or_else(truncated)?;
        if size == 0xFFFF_FFFF {
            // The zip64 extra field (id 1) holds the real size first.
            let mut e = 0;
            while let (Some(id), Some(len)) = (u16_at(extra, e), u16_at(extra, e + 2)) {
                if id == 1 {
                    size = u64_at(extra, e + 4).unwrap_or(u64::MAX);
                    break;
                }
                e += 4 + len as usize;
            }
        }
        entries.push(ZipEntry {
            name: String::from_utf8_lossy(name).into_owned(),
            size,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_across_chunks_are_counted_once() {
        let mut tag = Tag::new(b"<row");
        let text = b"<row r=\"1\"><c r=\"A1\"/></row><rows/><row>";
        // Feed it in every split.
        for split in 0..text.len() {
            tag.count = 0;
            let (a, b) = text.split_at(split);
            let mut window = a.to_vec();
            tag.count_in(&window, 0);
            let keep = window.len().saturating_sub(10);
            window.drain(..keep);
            let carried = window.len();
            window.extend_from_slice(b);
            tag.count_in(&window, carried);
            assert_eq!(tag.count, 2, "split at {split}");
        }
    }

    #[test]
    fn dimensions_and_counts_are_read_from_the_head() {
        assert_eq!(
            declared_dimension(b"<worksheet><dimension ref=\"A1:XFD60000\"/>"),
            Some((60_000, 16_384))
        );
        assert_eq!(declared_dimension(b"<dimension ref=\"B2\"/>"), Some((1, 1)));
        assert_eq!(
            declared_strings(b"<sst xmlns=\"x\" count=\"9\" uniqueCount=\"4000000000\">"),
            Some(4_000_000_000)
        );
        assert_eq!(declared_strings(b"<sst count=\"3\">"), Some(3));
    }

    #[test]
    fn references_beyond_any_cell_are_refused() {
        assert!(references_are_cells(
            br#"<row r="7"><c r="$XFD$1048576" s="1">"#
        ));
        assert!(references_are_cells(br#"<mergeCell ref="A1:C3"/><c r="B"#));
        assert!(!references_are_cells(br#"<c r="AAAAAAAAAA1">"#));
        assert!(!references_are_cells(br#"<c r="A99999999999">"#));
        assert!(!references_are_cells(br#"<mergeCell ref="A1:ZZZZZZ3"/>"#));
        assert!(!references_are_cells(
            br#"<c r="AAAAAAAAAAAAAAAAAAAAAAAAAAAA"#
        ));
    }

    #[test]
    fn not_a_zip_is_refused() {
        let p = check("x.xlsx", b"hello").unwrap_err();
        assert!(p.message.contains("not a readable .xlsx"), "{p}");
        let p = check("x.xlsx", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err();
        assert!(p.message.contains("password-protected"), "{p}");
    }
}
