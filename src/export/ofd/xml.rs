//! Writing one XML file of the package with quick-xml, every element in the `ofd:` namespace
//! spelt with its literal prefix (some readers look for the string `ofd:TextObject`).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The OFD namespace of GB/T 33190-2016.
pub const NAMESPACE: &str = "http://www.ofdspec.org/2016";

/// An XML file being written in memory.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

/// Writing into a `Vec<u8>` has no way to fail.
const IN_MEMORY: &str = "writing XML into memory cannot fail";

impl Xml {
    /// A file whose root element is `ofd:{root}` with `attributes`, declaring the namespace.
    pub fn new(root: &str, attributes: &[(&str, &str)]) -> Self {
        let mut writer = Writer::new(Vec::new());
        writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .expect(IN_MEMORY);
        let mut xml = Self { writer };
        let mut all = vec![("xmlns:ofd", NAMESPACE)];
        all.extend_from_slice(attributes);
        xml.open(root, &all);
        xml
    }

    /// Opens `ofd:{name}`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let start = start(name, attributes);
        self.writer
            .write_event(Event::Start(start))
            .expect(IN_MEMORY);
    }

    /// Closes `ofd:{name}`.
    pub fn close(&mut self, name: &str) {
        self.writer
            .write_event(Event::End(BytesEnd::new(format!("ofd:{name}"))))
            .expect(IN_MEMORY);
    }

    /// An element without content.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.writer
            .write_event(Event::Empty(start(name, attributes)))
            .expect(IN_MEMORY);
    }

    /// An element holding only `text` (escaped).
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.writer
            .write_event(Event::Text(BytesText::new(text)))
            .expect(IN_MEMORY);
        self.close(name);
    }

    /// Closes the root element `ofd:{root}` and gives the bytes.
    pub fn finish(mut self, root: &str) -> Vec<u8> {
        self.close(root);
        self.writer.into_inner()
    }
}

fn start<'a>(name: &str, attributes: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    BytesStart::new(format!("ofd:{name}")).with_attributes(attributes.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_carry_the_literal_prefix_and_escape_text() {
        let mut xml = Xml::new("Page", &[]);
        xml.text("TextCode", &[("X", "1")], "a<b & \"c\"");
        let text = String::from_utf8(xml.finish("Page")).unwrap();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\">\
             <ofd:TextCode X=\"1\">a&lt;b &amp; &quot;c&quot;</ofd:TextCode></ofd:Page>"
        );
    }
}
