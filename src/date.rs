//! Calendar dates that may be partial (`2019`, `2019-12`, `2019-12-19`), as gazetteer role
//! rows and documents carry them.

use std::fmt;

/// A date given to the year, month or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month 1–12, if given.
    pub month: Option<u8>,
    /// Day 1–31, if given (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar (2019-02-29 fails).
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let bad = || format!("{s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        let mut parts = s.split('-');
        let y = parts.next().ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let num = |p: Option<&str>| -> Result<Option<u8>, String> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let month = num(parts.next())?;
        let day = num(parts.next())?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("{s:?} is not a date: month {m} is out of range"));
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return Err(format!("{s:?} is not a date: {year}-{m:02} has no day {d}"));
                }
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// Parses a full `YYYY-MM-DD` date.
    pub fn parse_full(s: &str) -> Result<PartialDate, String> {
        let d = PartialDate::parse(s)?;
        if d.day.is_none() {
            return Err(format!("{s:?} is not a full date (YYYY-MM-DD)"));
        }
        Ok(d)
    }

    /// The first day this date can mean, as (year, month, day).
    pub fn earliest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date can mean.
    pub fn latest(&self) -> (i32, u8, u8) {
        let m = self.month.unwrap_or(12);
        (
            self.year,
            m,
            self.day.unwrap_or_else(|| days_in_month(self.year, m)),
        )
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_and_full() {
        assert_eq!(PartialDate::parse("2019").unwrap().to_string(), "2019");
        assert_eq!(
            PartialDate::parse("2019-12").unwrap().to_string(),
            "2019-12"
        );
        assert_eq!(
            PartialDate::parse("2019-12-19").unwrap().to_string(),
            "2019-12-19"
        );
        assert_eq!(
            PartialDate::parse("2020-02-29").unwrap().latest(),
            (2020, 2, 29)
        );
        assert_eq!(
            PartialDate::parse("2019-02").unwrap().latest(),
            (2019, 2, 28)
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "19",
            "2019-13",
            "2019-13-01",
            "2019-02-29",
            "2019-1-1",
            "2019-01-00",
            "x",
            "2019-01-01-01",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
        assert!(PartialDate::parse_full("2019-01").is_err());
    }
}
