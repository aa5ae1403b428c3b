//! The arguments of `gongwen(...)`, the GB/T 9704 frame of `templates/lib/gongwen.typ`, built
//! once in Rust from the fields every kind shares. A template applies it with one line,
//! `#show: gongwen.with(..{{ gongwen | typst }})`, and writes only its kind's body.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::attachment::Attachment;
use super::common::{Envelope, Imprint, Layout, OrgName, Signature};
use super::shared::Common;
use super::title_breaks::{self, Piece};

/// The named arguments of `gongwen(...)`, serialized under their Typst names.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Frame<'a> {
    /// `standard`, `letter`, `form` or `plain`.
    pub layout: Layout,
    /// 版头 elements; in the layouts with a 版头 the 发文机关标志 defaults to the author.
    pub envelope: Option<Cow<'a, Envelope>>,
    /// 发文字号 (a form's 编号).
    pub doc_number: Option<&'a str>,
    /// 签发人 of an upward document.
    pub signers: &'a [String],
    /// The title, with the line breaks its author forced in it (`\n`).
    pub title: &'a str,
    /// The title broken into lines by the author.
    pub title_lines: &'a [String],
    /// Where the title (each line of it its author gave) and the attachments' titles may
    /// break, by title ([`title_breaks`]).
    pub title_breaks: BTreeMap<String, Vec<Piece>>,
    /// 主送机关.
    pub addressee: Vec<String>,
    /// Bold 楷体/仿宋 headings (practice).
    pub heading_bold: bool,
    /// 署名, 成文日期, 印章; `None` in a form, whose sealing cell carries them.
    pub signature: Option<&'a Signature>,
    /// 附注.
    pub annotation: Option<&'a str>,
    /// 附件.
    pub attachments: &'a [Attachment],
    /// 抄送.
    pub cc: &'a [OrgName],
    /// 印发机关和印发日期.
    pub imprint: Option<&'a Imprint>,
    /// The PDF's author.
    pub author: &'a str,
}

/// What a kind says of its document, besides the shared fields, that the frame prints.
#[derive(Debug, Clone)]
pub struct FrameText<'a> {
    /// The title (a form's 文书名称).
    pub title: &'a str,
    /// 发文字号 (a form's 编号).
    pub doc_number: Option<&'a str>,
    /// 主送机关.
    pub addressee: Vec<String>,
    /// The body the document comes from.
    pub author: &'a str,
}

impl<'a> Frame<'a> {
    /// The frame of a document, from its shared fields and its kind's title, number,
    /// addressee and author.
    ///
    /// The 文件格式 and 信函格式 print a 发文机关标志 [rows 7, 27]; when the input names none
    /// (`envelope.header_org`), it is the body the document comes from (`author`, by default
    /// `Kind::author`): the issuer of a 抄告单, the signing body of the others, which GB/T 9704
    /// makes the 发文机关.
    pub fn of(common: Common<'a>, text: FrameText<'a>) -> Self {
        let mut envelope = common.envelope.map(Cow::Borrowed);
        let has_mark = envelope
            .as_ref()
            .and_then(|e| e.header_org.as_deref())
            .is_some_and(|org| !org.trim().is_empty());
        if matches!(common.layout, Layout::Standard | Layout::Letter) && !has_mark {
            let mut with_mark = envelope.map(Cow::into_owned).unwrap_or_default();
            with_mark.header_org = Some(text.author.to_string());
            envelope = Some(Cow::Owned(with_mark));
        }
        // Names a title usually contains whole: the author, the signing body, the addressees.
        let mut names: Vec<&str> = vec![text.author, common.signature.org_name.0.as_str()];
        names.extend(text.addressee.iter().map(String::as_str));
        if let Some(org) = envelope.as_ref().and_then(|e| e.header_org.as_deref()) {
            names.push(org);
        }
        // A title the author broke (`\n`) is balanced line by line.
        let title_breaks = title_breaks::of_titles(
            text.title
                .split('\n')
                .chain(common.attachments.iter().map(|a| a.title.as_str())),
            &names,
        );
        Self {
            layout: common.layout,
            envelope,
            doc_number: text.doc_number,
            signers: common.envelope.map_or(&[], |e| e.signers.as_slice()),
            title: text.title,
            title_lines: &common.render_hints.title_lines,
            title_breaks,
            // A form names its addressee in a row and carries the signature in its sealing cell.
            addressee: if common.layout == Layout::Form {
                Vec::new()
            } else {
                text.addressee
            },
            heading_bold: common.render_hints.heading_bold,
            signature: (common.layout != Layout::Form).then_some(common.signature),
            annotation: common.annotation,
            attachments: common.attachments,
            cc: common.cc,
            imprint: common.imprint,
            author: text.author,
        }
    }
}
