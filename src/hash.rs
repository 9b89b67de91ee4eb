//! The stable hash of fingerprints (gazetteers, rules, pipeline, resume checkpoints) and of
//! generated ids: the same on every platform and release, unlike `std`'s `DefaultHasher`.

/// 64-bit FNV-1a: a stable hash for fingerprints (the same on every platform and release).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// A new hasher.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Hashes bytes (with their length, so concatenations differ).
    pub fn write(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}
