//! A small writer of XML parts over quick-xml: elements with attributes, escaped text, and the
//! text of a run split so that no line break or tab ever stands inside a `w:t`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML part being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A new part, with its XML declaration (`standalone="yes"`, as Word writes it).
    pub fn new() -> Self {
        let mut writer = Writer::new(Vec::new());
        writer
            .write_event(Event::Decl(BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                Some("yes"),
            )))
            .expect("writing to memory cannot fail");
        Self { writer }
    }

    fn write(&mut self, event: Event<'_>) {
        self.writer
            .write_event(event)
            .expect("writing to memory cannot fail");
    }

    /// `<name attrs…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Start(
            BytesStart::new(name).with_attributes(attrs.iter().copied()),
        ));
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Empty(
            BytesStart::new(name).with_attributes(attrs.iter().copied()),
        ));
    }

    /// `<name attrs…>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) {
        self.write(Event::Text(BytesText::new(text)));
    }

    /// A run's text as `w:t`, `w:br` and `w:tab`: a line break inside `w:t` makes Word call
    /// the file unreadable, so `\n` becomes `w:br` and `\t` becomes `w:tab`.
    pub fn run_text(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.empty("w:br", &[]);
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    self.empty("w:tab", &[]);
                }
                if piece.is_empty() {
                    continue;
                }
                let spaced =
                    piece.starts_with(char::is_whitespace) || piece.ends_with(char::is_whitespace);
                let attrs: &[(&str, &str)] = if spaced {
                    &[("xml:space", "preserve")]
                } else {
                    &[]
                };
                self.element("w:t", attrs, piece);
            }
        }
    }

    /// The part's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

/// The namespaces of the main document part and of headers and footers.
pub const MAIN_NAMESPACES: &[(&str, &str)] = &[
    (
        "xmlns:w",
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        "xmlns:r",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        "xmlns:wp",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        "xmlns:a",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        "xmlns:pic",
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
    ),
];

/// The WordprocessingML namespace alone, for styles, settings, numbering and the font table.
pub const W_NAMESPACE: &[(&str, &str)] = &[(
    "xmlns:w",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_tabs_never_stand_inside_text() {
        let mut x = Xml::new();
        x.run_text("甲\n乙\t丙 \n");
        let xml = String::from_utf8(x.finish()).unwrap();
        let body = xml.split("?>").nth(1).unwrap();
        assert_eq!(
            body,
            "<w:t>甲</w:t><w:br/><w:t>乙</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">丙 </w:t><w:br/>"
        );
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.element("w:t", &[("w:val", "\"<&>")], "<b>&</b>");
        let xml = String::from_utf8(x.finish()).unwrap();
        assert!(xml.ends_with("<w:t w:val=\"&quot;&lt;&amp;&gt;\">&lt;b&gt;&amp;&lt;/b&gt;</w:t>"));
    }
}
