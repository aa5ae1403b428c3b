//! The end of the body [15–20]: 附件说明, 署名/日期/印章 (sealed, unsealed, signer's seal) and
//! 附注, as `templates/lib/body.typ` sets them, kept with the last lines of 正文.

use crate::model::{Attachment, SealKind, Signature};

use super::content::{Block, Font, Inline, Para, SealAnchor, run, style, zi};
use super::text::cn_date;
use super::units::{PITCH, SEAL_MM, ZI, text_width};

/// The seal picture the draft carries, with its size as drawn (for its proportions).
#[derive(Debug, Clone)]
pub struct SealPicture {
    /// A PNG file.
    pub png: Vec<u8>,
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
}

impl SealPicture {
    /// Height over width (1 for a picture with no size).
    pub fn ratio(&self) -> f64 {
        if self.width > 0.0 && self.height > 0.0 {
            self.height / self.width
        } else {
            1.0
        }
    }
}

const MM_PER_TWIP: f64 = 25.4 / 1440.0;

/// The closing elements for a 版心 `width` twips wide: 附件说明, the signature, 附注; each
/// paragraph kept with the next, so that they travel together and with the body's last line.
pub fn closing(
    attachments: &[Attachment],
    signature: Option<&Signature>,
    annotation: Option<&str>,
    width: i64,
    seal: Option<&SealPicture>,
) -> Vec<Para> {
    let mut paras = attachment_note(attachments);
    if let Some(sig) = signature {
        paras.extend(match sig.seal {
            SealKind::Seal => sealed(sig, width, seal),
            SealKind::None => unsealed(sig),
            SealKind::SignerSeal => signer(sig, width, seal),
        });
    }
    if let Some(note) = annotation.filter(|a| !a.is_empty()) {
        paras.push(Para::body(note));
    }
    let count = paras.len();
    for (i, para) in paras.iter_mut().enumerate() {
        para.set.keep_lines = true;
        para.set.keep_next = i + 1 < count;
    }
    paras
}

/// 附件说明 [15]: a blank line, then “附件：名称”, or “附件：1. …” for several, indented 2 字,
/// wrapped lines aligned with the name.
fn attachment_note(items: &[Attachment]) -> Vec<Para> {
    if items.is_empty() {
        return Vec::new();
    }
    let mut paras = vec![Para::blank()];
    let label = zi(3.0);
    if let [only] = items {
        paras.push(
            Para::styled(Some(style::PLAIN), format!("附件：{}", only.title)).with(|s| {
                s.left = Some(zi(2.0) + label);
                s.first_line = Some(-label);
            }),
        );
        return paras;
    }
    for (i, a) in items.iter().enumerate() {
        let number = format!("{}.", a.seq);
        let number_width = text_width(&number);
        let prefix = if i == 0 { "附件：" } else { "" };
        paras.push(
            Para::styled(Some(style::PLAIN), format!("{prefix}{number}{}", a.title)).with(|s| {
                s.left = Some(zi(2.0) + label + number_width);
                s.first_line = Some(-(number_width + if i == 0 { label } else { 0 }));
            }),
        );
    }
    paras
}

/// A right-aligned line `right` twips from the 版心's right edge.
fn right_line(inlines: Vec<Inline>, right: i64) -> Para {
    Para::runs(Some(style::PLAIN), inlines).with(|s| {
        s.align = Some(super::content::Align::Right);
        s.right = Some(right.max(0));
    })
}

/// Sealed [16]: two blank lines, the date right + 4 字, the 署名 centred over it, the seal
/// centred on both, its centre a fifth of a line above the middle of 署名 and 日期.
fn sealed(sig: &Signature, width: i64, seal: Option<&SealPicture>) -> Vec<Para> {
    let org = sig.org_name.0.as_str();
    let date = cn_date(&sig.date);
    let (w_org, w_date) = (text_width(org), text_width(&date));
    let date_x = width - 4 * ZI - w_date;
    let center = date_x + w_date / 2;
    let org_x = (center - w_org / 2).clamp(0, (width - w_org).max(0));
    let mut org_line = vec![run(org, None)];
    if let Some(seal) = seal {
        let (w, h) = seal_size(seal, SEAL_MM);
        let pitch_mm = PITCH as f64 * MM_PER_TWIP;
        org_line.push(Inline::Seal(SealAnchor {
            left_mm: center as f64 * MM_PER_TWIP - w / 2.0,
            top_mm: pitch_mm - pitch_mm / 5.0 - h / 2.0,
            width_mm: w,
            height_mm: h,
        }));
    }
    vec![
        Para::blank(),
        Para::blank(),
        right_line(org_line, width - org_x - w_org),
        right_line(vec![run(date, None)], width - date_x - w_date),
    ]
}

/// Unsealed [17]: a blank line, 署名 right + 2 字, the date on the next line 2 字 right of the
/// 署名's first character; a longer date stands right + 2 字 and pushes the 署名 left.
fn unsealed(sig: &Signature) -> Vec<Para> {
    let org = sig.org_name.0.as_str();
    let date = cn_date(&sig.date);
    let (w_org, w_date) = (text_width(org), text_width(&date));
    let (org_right, date_right) = if w_date + 2 * ZI <= w_org {
        (2 * ZI, w_org - w_date)
    } else {
        (4 * ZI + w_date - w_org, 2 * ZI)
    };
    vec![
        Para::blank(),
        right_line(vec![run(org, None)], org_right),
        right_line(vec![run(date, None)], date_right),
    ]
}

/// Signer's seal [18]: two blank lines, the seal (or the signer's name in 楷体) right + 4 字
/// with the post 2 字 to its left, a blank line, the date right + 4 字.
fn signer(sig: &Signature, width: i64, seal: Option<&SealPicture>) -> Vec<Para> {
    let post = sig.signer_title.clone().unwrap_or_default();
    let date = cn_date(&sig.date);
    let line = match seal {
        Some(seal) => {
            let pitch_mm = PITCH as f64 * MM_PER_TWIP;
            let (w, h) = seal_size(seal, 2.0 * pitch_mm);
            let w_twips = (w / MM_PER_TWIP).round() as i64;
            let anchor = Inline::Seal(SealAnchor {
                left_mm: (width - 4 * ZI - w_twips) as f64 * MM_PER_TWIP,
                top_mm: -pitch_mm / 2.0,
                width_mm: w,
                height_mm: h,
            });
            right_line(vec![run(post, None), anchor], 6 * ZI + w_twips)
        }
        None => {
            let name = sig.signer_name.clone().unwrap_or_default();
            right_line(
                vec![
                    run(format!("{post}　　"), None),
                    run(name, Some(Font::Kaiti)),
                ],
                4 * ZI,
            )
        }
    };
    vec![
        Para::blank(),
        Para::blank(),
        line,
        Para::blank(),
        right_line(vec![run(date, None)], 4 * ZI),
    ]
}

/// The seal's size in millimetres: `across` wide, or as tall when it is taller than wide.
fn seal_size(seal: &SealPicture, across: f64) -> (f64, f64) {
    let ratio = seal.ratio();
    if ratio <= 1.0 {
        (across, across * ratio)
    } else {
        (across / ratio, across)
    }
}

/// The closing elements as blocks.
pub fn as_blocks(paras: Vec<Para>) -> impl Iterator<Item = Block> {
    paras.into_iter().map(Block::Para)
}
