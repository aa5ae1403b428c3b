//! Cross-field rules, which a schema cannot state: the model's rule vocabulary. The rules every
//! kind shares live here ([`Checks::shared`]), and each kind's own are in its file
//! (`Kind::rules`), written with the helpers of [`Checks`]; `Document::check` runs both.

use std::collections::{HashMap, HashSet};

use super::attachment::Attachment;
use super::common::{
    IsoDate, RenderHints, SIGNER_NAME_NEEDED, SIGNER_TITLE_NEEDED, SealKind, Signature,
    TITLE_LINE_CAPACITY,
};
use super::shared::Common;
use crate::diagnostics::InputError;
use crate::diagnostics::pointer::escape_pointer;

/// Collects the errors that cross-field rules find.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<InputError>,
}

impl Checks {
    /// The rules every kind shares, run over a document's shared fields and its title (at
    /// `title_path`); the kind's own rules add to what they found.
    pub fn shared(common: Common<'_>, title: &str, title_path: &str) -> Self {
        let mut checks = Checks::default();
        checks.title_lines(title, title_path, common.render_hints);
        checks.attachments(common.attachments);
        checks.signer_seal(common.signature);
        if let Some(imprint) = common.imprint {
            checks.not_before(
                ("/imprint/date", &imprint.date),
                ("/signature/date", &common.signature.date),
                "印发日期",
                "成文日期",
            );
        }
        checks
    }

    /// Every error found.
    pub fn into_errors(self) -> Vec<InputError> {
        self.errors
    }

    /// Records an error at `path`.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError::new(path, message));
    }

    /// `later` (a path and a date) must not be before `earlier`; `what` and `earlier_what` name
    /// them in the message.
    pub fn not_before(
        &mut self,
        later: (&str, &IsoDate),
        earlier: (&str, &IsoDate),
        what: &str,
        earlier_what: &str,
    ) {
        let (Some(l), Some(e)) = (later.1.parse(), earlier.1.parse()) else {
            return;
        };
        if l < e {
            self.add(
                later.0,
                format!(
                    "{what}（{}）早于{earlier_what}（{}，{}）",
                    later.1.0, earlier.1.0, earlier.0
                ),
            );
        }
    }

    /// The `seq` numbers of a list (`/{list}/{i}/seq`) must run 1, 2, 3 …
    pub fn numbered_from_one(&mut self, list: &str, what: &str, seqs: impl Iterator<Item = u32>) {
        for (i, seq) in seqs.enumerate() {
            let expected = i as u32 + 1;
            if seq != expected {
                self.add(
                    format!("/{list}/{i}/seq"),
                    format!("{what}序号应从 1 起连续编排：此处应为 {expected}，实际为 {seq}"),
                );
            }
        }
    }

    /// Identifiers (path, id) must be unique; a repeat names the first use. `what` names them,
    /// e.g. 问题编号.
    pub fn unique_ids<'a>(&mut self, what: &str, ids: impl Iterator<Item = (String, &'a str)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (path, id) in ids {
            if let Some(first) = seen.get(id) {
                self.add(path, format!("{what}“{id}”重复（已用于 {first}）"));
            } else {
                seen.insert(id, path);
            }
        }
    }

    fn title_lines(&mut self, title: &str, title_path: &str, hints: &RenderHints) {
        if hints.title_lines.is_empty() {
            return;
        }
        // The title's own line breaks are not characters of it.
        let joined: String = hints.title_lines.concat();
        if joined != title.replace('\n', "") {
            self.add(
                "/render_hints/title_lines",
                format!(
                    "标题分行连起来应与 {} 完全一致（请检查是否漏字、多字或改动了标点）",
                    title_path.trim_start_matches('/')
                ),
            );
        }
        for (i, line) in hints.title_lines.iter().enumerate() {
            let n = line.chars().count();
            if n > TITLE_LINE_CAPACITY {
                self.add(
                    format!("/render_hints/title_lines/{i}"),
                    format!(
                        "标题每行最多 {TITLE_LINE_CAPACITY} 字（2号字一行的容量），本行 {n} 字"
                    ),
                );
            } else if n == 0 {
                self.add(format!("/render_hints/title_lines/{i}"), "标题行不能为空");
            }
        }
    }

    /// A signer's seal (签发人签名章, row 18) stands beside the signer's post, and is either an
    /// image or the signer's name.
    fn signer_seal(&mut self, signature: &Signature) {
        if signature.seal != SealKind::SignerSeal {
            return;
        }
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
        if blank(&signature.signer_title) {
            self.add("/signature/signer_title", SIGNER_TITLE_NEEDED);
        }
        if blank(&signature.signer_name) && blank(&signature.seal_image_ref) {
            self.add("/signature/signer_name", SIGNER_NAME_NEEDED);
        }
    }

    fn attachments(&mut self, attachments: &[Attachment]) {
        self.numbered_from_one("attachments", "附件", attachments.iter().map(|a| a.seq));
        for (i, a) in attachments.iter().enumerate() {
            let parts = [a.body.is_some(), a.table.is_some(), a.file_ref.is_some()]
                .iter()
                .filter(|&&x| x)
                .count();
            if parts == 0 {
                self.add(
                    format!("/attachments/{i}"),
                    "附件应有正文（body）、表格（table）或外部文件（file_ref）之一",
                );
            }
            if let Some(table) = &a.table {
                let keys: HashSet<_> = table.columns.iter().map(|c| c.key.as_str()).collect();
                for (r, row) in table.rows.iter().enumerate() {
                    for key in row.keys() {
                        if !keys.contains(key.as_str()) {
                            self.add(
                                format!("/attachments/{i}/table/rows/{r}/{}", escape_pointer(key)),
                                format!("表格没有名为“{key}”的列（columns 中未定义）"),
                            );
                        }
                    }
                }
            }
        }
    }
}
