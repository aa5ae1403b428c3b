//! Object ids: one sequence for the whole document (fonts, images, pages, layers, objects),
//! as OFD wants ids unique across the document with `MaxUnitID` at least the largest.

/// The next free id.
#[derive(Debug, Default)]
pub struct Ids {
    last: u32,
}

impl Ids {
    /// A new id, one more than the last.
    pub fn next(&mut self) -> u32 {
        self.last += 1;
        self.last
    }

    /// The largest id given so far (`MaxUnitID`).
    pub fn max(&self) -> u32 {
        self.last
    }
}
