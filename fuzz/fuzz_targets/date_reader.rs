//! The date reader on any string: no panic; what it accepts is a calendar date.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(&data[..data.len().min(256)]);
    props::date_reader(&text);
});
