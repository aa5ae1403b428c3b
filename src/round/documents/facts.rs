//! The round's facts, the 轮次 row: each cell read once. A document takes what it needs
//! (`need`) or uses what it may print (`text`); a cell that is wrong, or empty where a document
//! needs it, is told once at its cell (`unusable`), and each document that needed it fails
//! saying which cell.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde_json::Value;

use super::draft::Draft;
use super::names::county_of;
use crate::diagnostics::InputError;
use crate::model::feedback::Framework;
use crate::model::{Contact, IsoDate, OrgName, Round, SealKind, Signature};
use crate::round::register::{ROUND, RegisterRow};

/// Copies of each secret list when 轮次 does not say.
pub const DEFAULT_COPIES: usize = 5;

/// The 轮次 row, read for the documents.
pub(super) struct Facts<'r> {
    pub(super) row: &'r RegisterRow,
    /// 轮次名称.
    pub(super) label: String,
    /// The county of the round, from the 巡察办's name.
    pub(super) county: Option<String>,
    /// The framework, when its cell is good.
    pub(super) framework: Option<Framework>,
    /// Copies of each secret list.
    pub(super) copies: usize,
    /// Cells some document needed.
    wanted: RefCell<BTreeSet<&'static str>>,
    /// Cells told wrong beyond what the reader found (the number of copies).
    refused: Vec<InputError>,
}

impl<'r> Facts<'r> {
    /// The facts of the 轮次 row; without a usable 轮次名称 no document can be made, and the
    /// error says so.
    pub(super) fn of(row: &'r RegisterRow) -> Result<Self, InputError> {
        let Some(label) = row.text("label") else {
            let why = row
                .bad("label")
                .cloned()
                .unwrap_or_else(|| row.cell("label").error("", "为空：请填写轮次名称"));
            return Err(InputError {
                message: format!("{}（每份文书都要用到，本轮文书无法生成）", why.message),
                ..why
            });
        };
        let framework = row
            .text("framework")
            .and_then(|code| serde_json::from_value(Value::from(code)).ok());
        let mut refused = Vec::new();
        let copies = match row.text("copies") {
            None => DEFAULT_COPIES,
            Some(text) => match text.trim_end_matches('份').parse::<usize>() {
                Ok(n) if (1..=99).contains(&n) => n,
                _ => {
                    refused.push(row.cell("copies").error(
                        "",
                        format!(
                            "“{text}”不是 1 到 99 之间的份数，已按默认 {DEFAULT_COPIES} 份印制涉密清单"
                        ),
                    ));
                    DEFAULT_COPIES
                }
            },
        };
        Ok(Self {
            row,
            label: label.to_string(),
            county: row.text("office").and_then(county_of),
            framework,
            copies,
            wanted: RefCell::default(),
            refused,
        })
    }

    /// A cell a document prints when it is good, else leaves out.
    pub(super) fn text(&self, member: &str) -> Option<&'r str> {
        self.row.text(member)
    }

    /// A cell a document cannot do without: its value, or `None` with the reason added to
    /// `needs`, pointing at the cell (whose own error is told once, see `unusable`).
    pub(super) fn need(&self, member: &'static str, draft: &mut Draft) -> Option<&'r str> {
        if let Some(text) = self.row.text(member) {
            return Some(text);
        }
        self.wanted.borrow_mut().insert(member);
        let why = if self.row.bad(member).is_some() {
            "有误（原因见该单元格的报错），本文书需要此项"
        } else {
            "为空，本文书需要此项"
        };
        draft.needs.push(self.row.cell(member).error("", why));
        None
    }

    /// The round as the kinds carry it.
    pub(super) fn round(&self) -> Round {
        Round {
            label: self.label.clone(),
            round_type: self
                .text("type")
                .and_then(|t| serde_json::from_value(Value::from(t)).ok()),
        }
    }

    /// The contact, when both its cells are good.
    pub(super) fn contact(&self) -> Option<Contact> {
        Some(Contact {
            name: self.text("contact_name")?.to_string(),
            phone: self.text("contact_phone")?.to_string(),
        })
    }

    /// The contact a document cannot do without.
    pub(super) fn need_contact(&self, draft: &mut Draft) -> Option<Contact> {
        let name = self.need("contact_name", draft);
        let phone = self.need("contact_phone", draft);
        draft.places.add("/contact", self.row.cell("contact_phone"));
        draft
            .places
            .add("/contact/name", self.row.cell("contact_name"));
        Some(Contact {
            name: name?.to_string(),
            phone: phone?.to_string(),
        })
    }

    /// A document number from a pattern of the 轮次 sheet, `{n}` replaced.
    pub(super) fn number(&self, member: &str, n: usize) -> Option<String> {
        self.text(member)
            .map(|pattern| pattern.replace("{n}", &n.to_string()))
    }

    /// The signature of the 巡察办 on the round's date.
    pub(super) fn office_signature(&self, draft: &mut Draft) -> Option<Signature> {
        draft
            .places
            .add("/signature/org_name", self.row.cell("office"));
        draft.places.add("/signature/date", self.row.cell("date"));
        let office = self.need("office", draft);
        let date = self.need("date", draft);
        Some(signature(office?, date?))
    }

    /// The 纪委监委 of the round: its cell, else named from the county.
    pub(super) fn discipline(&self) -> Option<String> {
        self.text("discipline")
            .map(str::to_string)
            .or_else(|| Some(format!("{}纪委监委", self.county.as_deref()?)))
    }

    /// The 组织部 of the round: its cell, else named from the county.
    pub(super) fn organization(&self) -> Option<String> {
        self.text("organization")
            .map(str::to_string)
            .or_else(|| Some(format!("中共{}委组织部", self.county.as_deref()?)))
    }

    /// Every 轮次 cell that cannot be used, each once at its cell: the wrong ones, and the
    /// empty ones a document needed.
    pub(super) fn unusable(&self) -> Vec<InputError> {
        let wanted = self.wanted.borrow();
        let mut told: Vec<InputError> = self.row.errors().cloned().collect();
        for member in wanted.iter().filter(|m| self.row.bad(m).is_none()) {
            let header = ROUND
                .spec
                .columns
                .iter()
                .find(|c| matches!(c.fills, crate::model::sheet::Fill::Item(m) if m == *member))
                .map_or(*member, |c| c.header);
            told.push(self.row.cell(member).error(
                "",
                format!("为空：请填写{header}（本轮有文书需要，未能生成）"),
            ));
        }
        told.extend(self.refused.iter().cloned());
        told
    }
}

/// A sealed signature.
pub(super) fn signature(org: &str, date: &str) -> Signature {
    Signature {
        org_name: OrgName(org.to_string()),
        date: IsoDate(date.to_string()),
        seal: SealKind::Seal,
        seal_image_ref: None,
        signer_title: None,
        signer_name: None,
    }
}
