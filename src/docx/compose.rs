//! A whole draft in the order of `gongwen(...)` (`templates/lib/gongwen.typ`): 版头, title,
//! 主送, the kind's body, 附件说明, 署名/日期/印章, 附注, attachment pages, 版记.

use crate::model::{Frame, Layout};

use super::attachments::{attachment_pages, body_table_section, closing_for};
use super::banji::banji;
use super::closing::{SealPicture, as_blocks, closing};
use super::content::Block;
use super::head::head;
use super::kinds::KindBody;
use super::units::{TYPE_WIDTH_MM, twips};

/// The blocks of the document's body.
pub fn compose(frame: &Frame<'_>, body: KindBody, seal: Option<&SealPicture>) -> Vec<Block> {
    let mut blocks = head(frame, body.subtitle.as_deref());
    let attachments = body.attachments.as_deref().unwrap_or(frame.attachments);
    let mut kind_blocks = body.blocks;
    match &body.body_table {
        Some(table) => {
            blocks.extend(kind_blocks);
            blocks.extend(body_table_section(
                table,
                closing_for(attachments, frame.signature, frame.annotation, seal),
            ));
        }
        None => {
            let closing = closing(
                attachments,
                frame.signature,
                frame.annotation,
                twips(TYPE_WIDTH_MM),
                seal,
            );
            // The 署名 never stands on a page without 正文: the last paragraph goes with it.
            if !closing.is_empty()
                && let Some(Block::Para(last)) = kind_blocks.last_mut()
            {
                last.set.keep_next = true;
            }
            blocks.extend(kind_blocks);
            blocks.extend(as_blocks(closing));
        }
    }
    blocks.extend(attachment_pages(attachments));
    blocks.extend(banji(
        frame.cc,
        frame.imprint,
        frame.layout != Layout::Letter,
    ));
    blocks
}
