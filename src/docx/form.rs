//! Table forms (表格式文书) such as the 巡察抄告单, as `templates/lib/form.typ` arranges them:
//! label | value rows, a list whose label and column heads repeat on every page, the sealing
//! cell and the 签收栏, on the GB/T 9704 page.

use crate::model::cc_notice::Receipt;
use crate::model::{SealKind, Signature};

use super::closing::SealPicture;
use super::content::{
    Align, Block, Cell, Font, Inline, Para, Row, RunStyle, SealAnchor, Table, style,
};
use super::tables::{cell_para, widths};
use super::text::cn_date;
use super::units::{SEAL_MM, SI, TYPE_WIDTH_MM, XIAOSI, pt_twips, twips};

/// The label column's width, shared by every part of a form: eight 四号 characters and the
/// cell's margins.
fn label_width() -> i64 {
    pt_twips(9.4 * 14.0)
}

/// Frame lines of forms: 0.75 pt, in eighths of a point.
const FORM_BORDER: u32 = 6;

/// Cell margins of forms, in twips: 0.3 em of 四号 above and below, as the templates' `form.inset`.
const FORM_MARGINS: (u32, u32) = (120, 84);

/// A value cell's contents.
pub enum Value {
    /// Text (lines separated by `\n`).
    Text(String),
    /// Paragraphs made by the caller.
    Paras(Vec<Para>),
}

/// A paragraph of a form's cell: `cell_para` with an exact line height of 1.3 of its size, as
/// the templates' forms set ordinary line spacing (`form-text`: the face's ascender and
/// descender, 0.4 em leading); LibreOffice's automatic spacing of the bundled 仿宋 is taller,
/// and a one-problem form would not keep to one page.
fn form_para(text: impl Into<String>, font: Option<Font>, size: u32, align: Align) -> Para {
    cell_para(text, font, size, align).with(|s| s.line_exact = Some(form_line(size)))
}

/// The exact line height, in twips, of a form's text of `size` half-points.
fn form_line(size: u32) -> i64 {
    i64::from(size) * 13
}

/// Label | value rows in a full grid, 四号: labels in 黑体 centred, values flush left.
pub fn form_rows(rows: Vec<(&str, Value)>) -> Block {
    let width = twips(TYPE_WIDTH_MM);
    let rows = rows
        .into_iter()
        .map(|(label, value)| Row {
            header: false,
            cant_split: true,
            height: None,
            cells: vec![
                Cell::of(form_para(label, Some(Font::Heiti), SI, Align::Center)),
                Cell::with_paras(match value {
                    Value::Text(text) => vec![form_para(text, None, SI, Align::Justify)],
                    Value::Paras(paras) => paras,
                }),
            ],
        })
        .collect();
    Block::Table(Table {
        widths: vec![label_width(), width - label_width()],
        rows,
        border: FORM_BORDER,
        margins: FORM_MARGINS,
        float: None,
    })
}

/// A column of a form list: its head, its width (`Em` in 小四 characters or a share `Fr` of
/// what is left), its cells' alignment, and how it fits the items.
pub enum Width {
    /// Fixed, in 小四 ems.
    Em(f64),
    /// A share of the rest.
    Fr(f64),
}

/// How a column of a form list fits its items, as `fit` in `templates/lib/form.typ`'s
/// `fit-columns` decides; both must decide alike (tests/docx.rs compares the texts).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Left out when every cell is empty; folded into one “head：value” line above the heads
    /// when every cell holds the same value.
    Fold,
    /// A 序号: left out when every cell is empty or there is one item.
    Number,
    /// Always kept.
    Keep,
}

/// A column of a form list.
pub struct Column<'a> {
    /// Its head.
    pub head: &'a str,
    /// Its width.
    pub width: Width,
    /// Its cells' alignment.
    pub align: Align,
    /// How it fits the items.
    pub fit: Fit,
}

/// A column of a form list.
pub fn column(head: &str, width: Width, align: Align, fit: Fit) -> Column<'_> {
    Column {
        head,
        width,
        align,
        fit,
    }
}

/// The columns kept (their indices) and the (head, value) pairs folded above the heads.
fn fit_columns<'a>(
    columns: &[Column<'a>],
    items: &[Vec<String>],
) -> (Vec<usize>, Vec<(&'a str, String)>) {
    let mut kept = Vec::new();
    let mut folded = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        let cells: Vec<&str> = items.iter().map(|item| item[i].as_str()).collect();
        let empty = cells.iter().all(|c| c.trim().is_empty());
        match column.fit {
            Fit::Keep => kept.push(i),
            _ if empty => {}
            Fit::Number if items.len() > 1 => kept.push(i),
            Fit::Number => {}
            Fit::Fold if cells.iter().all(|c| *c == cells[0]) => {
                folded.push((column.head, cells[0].to_string()))
            }
            Fit::Fold => kept.push(i),
        }
    }
    (kept, folded)
}

/// Values every item shares, each “head：value”, two ems apart.
fn shared_line(folded: &[&(&str, String)]) -> String {
    folded
        .iter()
        .map(|(head, value)| format!("{head}：{value}"))
        .collect::<Vec<_>>()
        .join("\u{3000}\u{3000}")
}

/// A list inside a form: the label across the whole width, the values every item shares, the
/// column heads (when more than one column is left), all repeated on every page, then one row
/// per item, 小四. Columns fit the items as `templates/lib/form.typ` fits them: an empty column
/// is left out, a column with one value throughout becomes a line above the heads, a single
/// item has no 序号; one item in one column is a label | value row instead.
pub fn form_list(label: &str, columns: &[Column], items: Vec<Vec<String>>) -> Block {
    let (kept, folded) = fit_columns(columns, &items);
    if kept.len() == 1 && items.len() == 1 {
        let at = kept[0];
        let position = |head: &str| columns.iter().position(|c| c.head == head).unwrap_or(0);
        let before: Vec<_> = folded.iter().filter(|f| position(f.0) < at).collect();
        let after: Vec<_> = folded.iter().filter(|f| position(f.0) > at).collect();
        let mut paras = Vec::new();
        if !before.is_empty() {
            paras.push(form_para(shared_line(&before), None, SI, Align::Justify));
        }
        paras.extend(
            items[0][at]
                .split("\n\n")
                .map(|p| form_para(p, None, SI, Align::Justify)),
        );
        if !after.is_empty() {
            paras.push(form_para(shared_line(&after), None, SI, Align::Justify));
        }
        return form_rows(vec![(label, Value::Paras(paras))]);
    }
    let columns: Vec<&Column> = kept.iter().map(|&i| &columns[i]).collect();
    let width = twips(TYPE_WIDTH_MM);
    let fixed: i64 = columns
        .iter()
        .map(|c| match c.width {
            Width::Em(em) => pt_twips(em * 12.0),
            Width::Fr(_) => 0,
        })
        .sum();
    let shares: Vec<f64> = columns
        .iter()
        .filter_map(|c| match c.width {
            Width::Fr(fr) => Some(fr),
            Width::Em(_) => None,
        })
        .collect();
    let mut flexible = widths(&shares, width - fixed).into_iter();
    let column_widths: Vec<i64> = columns
        .iter()
        .map(|c| match c.width {
            Width::Em(em) => pt_twips(em * 12.0),
            Width::Fr(_) => flexible.next().unwrap_or(0),
        })
        .collect();
    let across = |para: Para| Row {
        header: true,
        cant_split: true,
        height: None,
        cells: vec![Cell {
            span: columns.len(),
            ..Cell::of(para)
        }],
    };
    let mut rows = vec![across(form_para(
        label,
        Some(Font::Heiti),
        SI,
        Align::Center,
    ))];
    if !folded.is_empty() {
        let all: Vec<_> = folded.iter().collect();
        rows.push(across(form_para(
            shared_line(&all),
            None,
            XIAOSI,
            Align::Left,
        )));
    }
    // A single column needs no head: the label says what it holds.
    if columns.len() > 1 {
        rows.push(Row {
            header: true,
            cant_split: true,
            height: None,
            cells: columns
                .iter()
                .map(|c| Cell::of(form_para(c.head, Some(Font::Heiti), XIAOSI, Align::Center)))
                .collect(),
        });
    }
    for item in items {
        rows.push(Row {
            header: false,
            cant_split: false,
            height: None,
            cells: kept
                .iter()
                .zip(&columns)
                .map(|(&i, column)| {
                    Cell::with_paras(
                        item[i]
                            .split("\n\n")
                            .map(|p| form_para(p, None, XIAOSI, column.align))
                            .collect(),
                    )
                })
                .collect(),
        });
    }
    Block::Table(Table {
        widths: column_widths,
        rows,
        border: FORM_BORDER,
        margins: FORM_MARGINS,
        float: None,
    })
}

/// The sealing cell: the issuing body (with a signer's seal: the post and the signer's name)
/// and the date at the right, room for the seal above them, the seal centred on the date.
pub fn seal_cell(sig: &Signature, seal: Option<&SealPicture>) -> Vec<Para> {
    let date = cn_date(&sig.date);
    let signer = sig.seal == SealKind::SignerSeal;
    let org = if signer {
        let post = sig.signer_title.as_deref().unwrap_or_default();
        let name = sig.signer_name.as_deref().unwrap_or_default();
        format!("{post}　{name}")
    } else {
        sig.org_name.0.clone()
    };
    let right = pt_twips(2.0 * 14.0);
    let line = |inlines: Vec<Inline>| {
        Para::runs(Some(style::TABLE), inlines).with(|s| {
            s.align = Some(Align::Right);
            s.right = Some(right);
            s.line_exact = Some(form_line(SI));
        })
    };
    let text = |t: String| {
        Inline::Text(
            t,
            RunStyle {
                size: Some(SI),
                ..RunStyle::default()
            },
        )
    };
    let mut date_line = vec![text(date.clone())];
    if let Some(seal) = seal.filter(|_| !signer) {
        let value_width = (twips(TYPE_WIDTH_MM) - label_width()) as f64 * 25.4 / 1440.0;
        let date_mm = super::units::text_width(&date) as f64 * 25.4 / 1440.0 * 14.0 / 15.75;
        let ratio = seal.ratio();
        date_line.push(Inline::Seal(SealAnchor {
            left_mm: value_width - 2.0 * 14.0 * 25.4 / 72.0 - date_mm / 2.0 - SEAL_MM / 2.0,
            // Its foot on the cell's, as the templates': the 签收栏 under it stays clear.
            top_mm: -SEAL_MM * ratio + 7.0,
            width_mm: SEAL_MM,
            height_mm: SEAL_MM * ratio,
        }));
    }
    // The 署名 and its date; the seal rises over the rows above, behind the text, as in the
    // templates (where the cell is `form.seal-height`, 4 em of 四号, a line taller).
    vec![line(vec![text(org)]), line(date_line)]
}

/// 签收栏: the signer and date, or lines to fill in by hand.
pub fn receipt(receipt: Option<&Receipt>) -> Vec<Para> {
    let signer = receipt.and_then(|r| r.signer.clone());
    let date = receipt.and_then(|r| r.date.as_ref()).map(cn_date);
    let plain = |t: &str| {
        Inline::Text(
            t.to_string(),
            RunStyle {
                size: Some(SI),
                ..RunStyle::default()
            },
        )
    };
    let mut inlines = vec![plain("签收人：")];
    match signer {
        Some(name) => inlines.push(plain(&name)),
        None => inlines.push(Inline::Text(
            "　　　　".to_string(),
            RunStyle {
                size: Some(SI),
                underline: true,
                ..RunStyle::default()
            },
        )),
    }
    inlines.push(plain("　签收时间："));
    // Room to write a date by hand, on the one line the cell has.
    inlines.push(plain(date.as_deref().unwrap_or("　年　月　日")));
    vec![Para::runs(Some(style::TABLE), inlines).with(|s| s.line_exact = Some(form_line(SI)))]
}
