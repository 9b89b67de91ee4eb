//! The JSONL and text readers on arbitrary bytes: no panic, every non-blank line one record
//! (a document or a reject), in order, sizes and offsets as in the input.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The first byte picks the record size limit, so oversized lines are reached too.
    let (max, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => (usize::from(*b) + 1, rest),
        Some((_, rest)) => (1 << 20, rest),
        None => (1 << 20, data),
    };
    props::jsonl_reader(bytes, max);
    props::text_reader(bytes);
});
