//! The progress bar on stderr (a terminal only): bytes of total, docs/s, ETA.

use std::sync::atomic::Ordering;
use std::time::Instant;

use super::read::ByteCounter;

/// Progress display on stderr.
pub(crate) struct Progress {
    pub(crate) bar: indicatif::ProgressBar,
    stored: ByteCounter,
    start: Instant,
}

impl Progress {
    pub(crate) fn new(total: Option<u64>, stored: ByteCounter) -> Progress {
        let bar = match total {
            Some(t) => {
                let bar = indicatif::ProgressBar::new(t);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} ETA {eta}",
                ) {
                    bar.set_style(style);
                }
                bar
            }
            None => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        Progress {
            bar,
            stored,
            start: Instant::now(),
        }
    }

    pub(crate) fn update(&self, records: u64) {
        self.bar.set_position(self.stored.load(Ordering::Relaxed));
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{:.0} docs/s", records as f64 / secs));
    }
}
