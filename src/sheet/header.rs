//! Finding a sheet's header row and what each of its columns means for one kind: headers are
//! matched as clerks write them (spaces, line breaks, full-width letters, a `*` or a
//! 「（必填）」 after the name), columns that mean nothing are reported, and near misses suggested.

use crate::model::sheet::{SheetColumn, SheetSpec};

use super::table::{Table, column_letters};

/// Headers of a column numbering the rows, which documents number for themselves.
const ROW_NUMBER_HEADERS: [&str; 3] = ["序号", "NO.", "NO"];

/// How many rows from the top may hold titles before the header row.
const HEADER_SEARCH_ROWS: usize = 10;

/// A sheet's header row, read for one kind.
pub struct Header<'s> {
    /// Index of the header row in the table's rows.
    pub row: usize,
    /// For each column of the sheet, what it fills (`None`: nothing).
    pub columns: Vec<Option<&'s SheetColumn>>,
    /// What was in the header row, column by column, as written.
    pub found: Vec<String>,
}

impl<'s> Header<'s> {
    /// How many of the spec's columns the row names.
    pub fn named(&self) -> usize {
        self.columns.iter().flatten().count()
    }

    /// The sheet column a spec column is in.
    pub fn position(&self, column: &SheetColumn) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.is_some_and(|c| std::ptr::eq(c, column)))
    }

    /// The sheet column holding `header` (a spec column's header).
    pub fn position_of(&self, spec: &SheetSpec, header: &str) -> Option<usize> {
        spec.column(header).and_then(|c| self.position(c))
    }

    /// Headers the spec needs that this row lacks, each with a near miss found in the row.
    pub fn missing(&self, spec: &'s SheetSpec, key: &str) -> Vec<String> {
        spec.columns
            .iter()
            .filter(|c| c.required || c.header == key)
            .filter(|c| self.position(c).is_none())
            .map(|c| {
                let near = self
                    .found
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| self.columns[*i].is_none())
                    .find(|(_, h)| is_near(&canonical(h), c));
                match near {
                    Some((i, h)) => format!(
                        "「{}」（第 {} 列是「{h}」，是否应为「{}」？）",
                        c.header,
                        column_letters(i),
                        c.header
                    ),
                    None => format!("「{}」", c.header),
                }
            })
            .collect()
    }

    /// Columns whose content is not used, in words, with a suggestion where a header is close
    /// to one the kind knows.
    pub fn ignored(&self, spec: &SheetSpec, table: &Table) -> Vec<String> {
        let data = &table.rows[self.row + 1..];
        let width = data
            .iter()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .max(self.found.len());
        let mut said = Vec::new();
        for i in 0..width {
            if self.columns.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let header = self.found.get(i).map_or("", String::as_str);
            let canonical = canonical(header);
            if ROW_NUMBER_HEADERS.contains(&canonical.as_str()) {
                continue;
            }
            let letters = column_letters(i);
            if header.is_empty() {
                if data.iter().any(|r| !r.cell(i).is_empty()) {
                    said.push(format!("第 {letters} 列没有列名，其中的内容未使用"));
                }
                continue;
            }
            let unused = spec.columns.iter().filter(|c| self.position(c).is_none());
            let hint = match unused.into_iter().find(|c| is_near(&canonical, c)) {
                Some(c) => format!("，是否应为「{}」？", c.header),
                None => String::new(),
            };
            said.push(format!(
                "第 {letters} 列「{header}」不是可识别的列名，其中的内容未使用{hint}"
            ));
        }
        said
    }
}

/// The header row among the first rows of `table` that names most of `spec`'s columns, and what
/// each of its columns fills. `None` when no row names any.
pub fn find_header<'s>(spec: &'s SheetSpec, table: &Table) -> Option<Header<'s>> {
    let mut best: Option<Header<'s>> = None;
    for (row, cells) in table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.blank)
        .take(HEADER_SEARCH_ROWS)
    {
        let header = read_header(spec, row, &cells.cells);
        let named = header.named();
        if named > 0 && best.as_ref().is_none_or(|b| named > b.named()) {
            best = Some(header);
        }
    }
    best
}

/// What each cell of a header row names. A column named twice counts once, where it is first.
fn read_header<'s>(spec: &'s SheetSpec, row: usize, cells: &[String]) -> Header<'s> {
    let mut columns: Vec<Option<&'s SheetColumn>> = Vec::with_capacity(cells.len());
    for cell in cells {
        let named = spec.column(&canonical(cell));
        let already = named.is_some_and(|n| columns.iter().flatten().any(|c| std::ptr::eq(*c, n)));
        columns.push(named.filter(|_| !already));
    }
    Header {
        row,
        columns,
        found: cells.to_vec(),
    }
}

/// Sheets of explanations, which a workbook may carry (`round --template` writes one): never
/// a table of documents.
pub const GUIDE_SHEETS: [&str; 3] = ["填表说明", "说明", "使用说明"];

/// Whether a worksheet is one of explanations ([`GUIDE_SHEETS`]).
pub fn is_guide(table: &Table) -> bool {
    table
        .name
        .as_deref()
        .is_some_and(|name| GUIDE_SHEETS.contains(&canonical(name).as_str()))
}

/// A header as it would be written plainly: without spaces and line breaks, full-width letters
/// and digits as ASCII, upper case, and without a trailing `*` or bracketed note (「（必填）」,
/// 「(YYYY-MM-DD)」).
pub fn canonical(header: &str) -> String {
    let mut text: String = header
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            other => other,
        })
        .collect::<String>()
        .to_uppercase();
    loop {
        let trimmed = text.trim_end_matches('*');
        let trimmed = match trimmed.strip_suffix(')') {
            Some(rest) => rest.rfind('(').map_or(trimmed, |at| &rest[..at]),
            None => trimmed,
        };
        if trimmed.len() == text.len() || trimmed.is_empty() {
            return text;
        }
        text = trimmed.to_string();
    }
}

/// Whether a header is a slip for a column's header or one of its aliases: one character off
/// (two for long names), or the name with words added.
fn is_near(header: &str, column: &SheetColumn) -> bool {
    let length = header.chars().count();
    std::iter::once(column.header)
        .chain(column.aliases.iter().copied())
        .any(|known| {
            let allowed = if known.chars().count() >= 5 { 2 } else { 1 };
            strsim::levenshtein(header, known) <= allowed
                || (length > known.chars().count() && header.contains(known))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_as_clerks_write_them() {
        for (written, plain) in [
            ("问题描述", "问题描述"),
            (" 问题\n描述 ", "问题描述"),
            ("问题描述*", "问题描述"),
            ("问题描述（必填）", "问题描述"),
            ("整改时限(YYYY-MM-DD)*", "整改时限"),
            ("ｎｏ．", "NO."),
            ("（必填）", "(必填)"),
        ] {
            assert_eq!(canonical(written), plain, "{written:?}");
        }
    }
}
