//! Conversion between byte offsets (Rust) and character offsets (the JSON contract).

/// Maps byte offsets of a text to character (Unicode scalar) offsets and back.
///
/// Memory is proportional to the number of non-ASCII characters, so ASCII text costs nothing.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// For each multi-byte character: (byte offset just after it, extra bytes so far).
    extra: Vec<(usize, usize)>,
    byte_len: usize,
}

impl OffsetMap {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        let mut extra = Vec::new();
        let mut so_far = 0;
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                let n = c.len_utf8();
                if n > 1 {
                    so_far += n - 1;
                    extra.push((i + n, so_far));
                }
            }
        }
        OffsetMap { extra, byte_len: text.len() }
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.byte_len - self.extra.last().map_or(0, |e| e.1)
    }

    /// Character offset of byte offset `b` (which must be on a character boundary).
    pub fn byte_to_char(&self, b: usize) -> usize {
        // Number of multi-byte characters that end at or before b.
        let k = self.extra.partition_point(|&(end, _)| end <= b);
        let extra = if k == 0 { 0 } else { self.extra[k - 1].1 };
        b - extra
    }

    /// Byte offset of character offset `c`, or `None` past the end of the text.
    pub fn char_to_byte(&self, c: usize) -> Option<usize> {
        // Character offset just after each multi-byte char is end - extra.
        let k = self.extra.partition_point(|&(end, extra)| end - extra <= c);
        let extra = if k == 0 { 0 } else { self.extra[k - 1].1 };
        let b = c + extra;
        (b <= self.byte_len).then_some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_boundary() {
        let text = "“PAÍS” — naïve 😀 end";
        let map = OffsetMap::new(text);
        assert_eq!(map.char_len(), text.chars().count());
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.byte_to_char(bi), ci);
            assert_eq!(map.char_to_byte(ci), Some(bi));
        }
        assert_eq!(map.byte_to_char(text.len()), text.chars().count());
        assert_eq!(map.char_to_byte(text.chars().count()), Some(text.len()));
        assert_eq!(map.char_to_byte(text.chars().count() + 1), None);
    }

    #[test]
    fn ascii_is_identity() {
        let map = OffsetMap::new("plain words");
        assert_eq!(map.byte_to_char(5), 5);
        assert_eq!(map.char_to_byte(5), Some(5));
    }
}
