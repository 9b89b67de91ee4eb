//! The gazetteer loader on any text: no panic, errors name the file and a line; a file that
//! loads finds its aliases in its own text with spans that cut it.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(&data[..data.len().min(8 << 10)]);
    props::gazetteer_loader(&text);
});
