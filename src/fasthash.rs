//! A fast hash for short keys (words, output paths) in maps that are lookup tables or buffers:
//! nothing is ever read from their iteration order, so output stays deterministic.

/// FNV-1a: a fast hash for the short words of a page (the sets and maps it is used in are
/// filters and buffers; nothing is read from their order).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastHash = std::hash::BuildHasherDefault<Fnv>;
