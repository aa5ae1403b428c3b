//! [`document_fields!`](crate::document_fields): a kind's input type with the fields every kind
//! shares, written here once.
//!
//! The shared fields stay flat in the JSON next to the kind's own, and unknown fields are still
//! refused: serde's `flatten` would have kept them apart in one struct, but it cannot be
//! combined with `deny_unknown_fields`, on which the "未知字段" errors rest.

/// Declares the input type of a document kind: the kind's own fields (the body of the struct
/// given) between the shared ones, `doc_kind`, `extra`, `template`, `layout`, `envelope` and
/// `render_hints` before them, and `signature`, `annotation`, `attachments`, `cc` and `imprint`
/// after. It also implements [`SharedFields`](crate::model::SharedFields). The type must
/// implement [`Kind`](crate::model::Kind); `layout` defaults to the first of its `LAYOUTS`.
///
/// One kind per module: the macro defines the module's `default_layout` function.
#[macro_export]
macro_rules! document_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($fields:tt)*
        }
    ) => {
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$meta])*
        pub struct $name {
            /// Which kind of document this is.
            pub doc_kind: $crate::model::KindTag<$name>,
            /// Fields for a custom template, passed through as they are: `{{ extra.NAME }}` in a
            /// template. xuncha checks only that their text is printable.
            #[serde(default)]
            pub extra: serde_json::Map<String, serde_json::Value>,
            /// The template to render with (a name from `xuncha templates list`); default: the
            /// one named after the kind.
            #[serde(default)]
            #[schemars(
                regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"),
                extend("x-pattern-message" = "模板名称只能由小写字母、数字、下划线和连字符组成，以字母或数字开头，最长 64 个字符")
            )]
            pub template: Option<String>,
            /// 版式: one of the layouts of this kind (the first is the default).
            #[serde(default = "default_layout")]
            pub layout: $crate::model::Layout,
            /// 版头 elements.
            #[serde(default)]
            pub envelope: Option<$crate::model::Envelope>,
            /// Typesetting hints (`title_lines` break the title).
            #[serde(default)]
            pub render_hints: $crate::model::RenderHints,
            $($fields)*
            /// 署名, 成文日期, 印章.
            pub signature: $crate::model::Signature,
            /// 附注, in full-width parentheses.
            #[serde(default)]
            #[schemars(
                regex(pattern = r"^（.+）$"),
                extend("x-pattern-message" = "附注应用全角圆括号括起，如“（此件发至局党组成员）”")
            )]
            pub annotation: Option<String>,
            /// 附件.
            #[serde(default)]
            pub attachments: Vec<$crate::model::Attachment>,
            /// 抄送机关.
            #[serde(default)]
            pub cc: Vec<$crate::model::OrgName>,
            /// 印发机关和印发日期.
            #[serde(default)]
            pub imprint: Option<$crate::model::Imprint>,
        }

        /// The first of the kind's layouts.
        fn default_layout() -> $crate::model::Layout {
            <$name as $crate::model::Kind>::LAYOUTS[0]
        }

        impl $crate::model::SharedFields for $name {
            fn common(&self) -> $crate::model::Common<'_> {
                $crate::model::Common {
                    extra: &self.extra,
                    template: self.template.as_deref(),
                    layout: self.layout,
                    envelope: self.envelope.as_ref(),
                    render_hints: &self.render_hints,
                    signature: &self.signature,
                    annotation: self.annotation.as_deref(),
                    attachments: &self.attachments,
                    cc: &self.cc,
                    imprint: self.imprint.as_ref(),
                }
            }

            fn set_layout(&mut self, layout: $crate::model::Layout) {
                self.layout = layout;
            }
        }
    };
}
