//! The "resizing".
//!
//! STAND-IN: this example is about permissions, not pictures, and a real image library would
//! triple its build time. [`shrink`] keeps every second byte, so the copy is half the size as a
//! thumbnail would be, but it is not a valid image. Replace it with the `image` crate (decode,
//! `thumbnail`, encode) in a real function.

/// Keeps the bytes at even offsets: `len / 2` rounded up.
pub fn shrink(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().step_by(2).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::shrink;

    #[test]
    fn keeps_every_second_byte() {
        assert_eq!(shrink(b"abcdefg"), b"aceg");
        assert_eq!(shrink(b"abcdef"), b"ace");
        assert_eq!(shrink(b"a"), b"a");
        assert!(shrink(b"").is_empty());
    }
}
