//! The rule parser on any text: no panic, errors name the file and a line; a file that
//! parses runs on its own text with spans that cut it.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(&data[..data.len().min(8 << 10)]);
    props::rule_parser(&text);
});
