//! Finding the header row of an equipment list and mapping its column names.

use unicode_normalization::UnicodeNormalization;

/// A column anfang understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    No,
    Name,
    Model,
    Quantity,
    Unit,
    Location,
    Remark,
}

impl Field {
    pub(crate) const ALL: [Field; 7] = [
        Field::No,
        Field::Name,
        Field::Model,
        Field::Quantity,
        Field::Unit,
        Field::Location,
        Field::Remark,
    ];

    fn index(self) -> usize {
        match self {
            Field::No => 0,
            Field::Name => 1,
            Field::Model => 2,
            Field::Quantity => 3,
            Field::Unit => 4,
            Field::Location => 5,
            Field::Remark => 6,
        }
    }

    /// How the column is usually headed, for messages.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::No => "序号/No.",
            Field::Name => "设备名称/Name",
            Field::Model => "型号/Model",
            Field::Quantity => "数量/Qty",
            Field::Unit => "单位/Unit",
            Field::Location => "安装位置/Location",
            Field::Remark => "备注/Remarks",
        }
    }

    /// Header names (already normalised by [`normalise`]) that mean this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::No => &["序号", "编号", "no", "itemno", "number"],
            Field::Name => &[
                "设备名称",
                "名称",
                "设备",
                "设备名",
                "产品名称",
                "品名",
                "材料名称",
                "设备及材料名称",
                "name",
                "equipment",
                "equipmentname",
                "item",
                "device",
                "devicename",
            ],
            Field::Model => &[
                "型号",
                "规格型号",
                "型号规格",
                "规格",
                "品牌型号",
                "model",
                "modelno",
                "spec",
                "specification",
            ],
            Field::Quantity => &["数量", "工程量", "qty", "quantity", "count"],
            Field::Unit => &["单位", "计量单位", "unit", "uom"],
            Field::Location => &[
                "安装位置",
                "位置",
                "安装地点",
                "安装部位",
                "安装区域",
                "点位",
                "location",
                "position",
                "installationlocation",
            ],
            Field::Remark => &[
                "备注", "说明", "remarks", "remark", "notes", "note", "comment", "comments",
            ],
        }
    }
}

/// Normalises a header cell: NFKC (full-width letters, digits and brackets become ASCII),
/// bracketed parts dropped (`数量（台）` → `数量`), spaces and `.:*` dropped, lowercase.
pub(crate) fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.nfkc() {
        match c {
            '(' | '[' | '【' | '〔' | '<' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '>' | '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '.' | ':' | '*' | '、' | '。') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The column a header cell names, if any. `数量/台` is tried whole, then before the slash.
pub(crate) fn field_of(header: &str) -> Option<Field> {
    let norm = normalise(header);
    if norm.is_empty() {
        return None;
    }
    let lookup = |s: &str| Field::ALL.into_iter().find(|f| f.aliases().contains(&s));
    lookup(&norm).or_else(|| norm.split('/').next().and_then(lookup))
}

/// The columns of a header row.
#[derive(Debug, Clone, Default)]
pub(crate) struct HeaderMap {
    columns: [Option<usize>; 7],
    /// 0-based index and header text of every column that maps to nothing (or repeats one).
    pub(crate) unmapped: Vec<(usize, String)>,
}

impl HeaderMap {
    /// Maps a row of header texts (index = 0-based column).
    pub(crate) fn from_cells<'a>(cells: impl IntoIterator<Item = (usize, &'a str)>) -> HeaderMap {
        let mut map = HeaderMap::default();
        for (index, text) in cells {
            if text.trim().is_empty() {
                continue;
            }
            match field_of(text) {
                Some(field) if map.column(field).is_none() => {
                    if let Some(slot) = map.columns.get_mut(field.index()) {
                        *slot = Some(index);
                    }
                }
                _ => map.unmapped.push((index, text.trim().to_owned())),
            }
        }
        map
    }

    /// The 0-based column of a field.
    pub(crate) fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(field.index()).copied().flatten()
    }

    /// How many known columns the row names.
    pub(crate) fn mapped(&self) -> usize {
        self.columns.iter().flatten().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_tolerate_spaces_brackets_units_and_case() {
        for (header, field) in [
            ("序号", Field::No),
            ("No.", Field::No),
            ("设备名称", Field::Name),
            (" 名 称 ", Field::Name),
            ("Equipment", Field::Name),
            ("Item", Field::Name),
            ("规格型号", Field::Model),
            ("MODEL", Field::Model),
            ("数量（台）", Field::Quantity),
            ("数量(套)", Field::Quantity),
            ("数量/台", Field::Quantity),
            ("Qty", Field::Quantity),
            ("Quantity (pcs)", Field::Quantity),
            ("单位", Field::Unit),
            ("安装位置", Field::Location),
            ("位置：", Field::Location),
            ("备注", Field::Remark),
            ("Remarks", Field::Remark),
        ] {
            assert_eq!(field_of(header), Some(field), "{header}");
        }
        assert_eq!(field_of("XX小区安防设备清单"), None);
        assert_eq!(field_of("单价（元）"), None);
    }

    #[test]
    fn a_repeated_column_is_unmapped() {
        let map = HeaderMap::from_cells([(0, "名称"), (1, "型号"), (2, "规格"), (3, "数量")]);
        assert_eq!(map.column(Field::Model), Some(1));
        assert_eq!(map.unmapped, vec![(2, "规格".to_owned())]);
        assert_eq!(map.mapped(), 3);
    }
}
