//! `document!`: a kind's Rust value built in code, with the fields every kind shares at their
//! defaults; each module that builds a document uses it.

/// A document of kind `$kind` with its own fields as given, the signature, and the fields every
/// kind shares at their defaults (the kind's first layout).
macro_rules! document {
    ($kind:ident { $($fields:tt)* }, $signature:expr) => {
        $kind {
            doc_kind: $crate::model::KindTag::default(),
            extra: Default::default(),
            template: None,
            layout: <$kind as $crate::model::Kind>::LAYOUTS[0],
            envelope: None,
            render_hints: Default::default(),
            signature: $signature,
            annotation: None,
            attachments: Vec::new(),
            cc: Vec::new(),
            imprint: None,
            $($fields)*
        }
    };
}
