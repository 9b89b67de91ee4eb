//! Calendar dates that may be partial (`2019`, `2019-12`, `2019-12-19`), as gazetteer role
//! rows and documents carry them, and the one reader of dates as news records write them
//! ([`read`]).

use std::fmt;

use crate::text::normalize::normalize;

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

/// Reads a date as news records and users write it, to the day (or month, or year, when no
/// more is given). The date is the calendar date as written: a time and a zone are read past,
/// never used to shift the day.
///
/// - ISO 8601: `2023-08-13`, `2023-08`, `2023`, `2023-08-13T10:00:00+04:00`, `2023-08-13 10:00`;
/// - RFC 2822 (RSS `pubDate`): `Sun, 18 Feb 2018 21:35:43 +0400`;
/// - Reuters: `26-FEB-1987 15:01:01.79`;
/// - numeric, day first (as Arabic and European news write it): `13/08/2023`, `13-08-2023`,
///   `13.08.2023`; a four-digit first number is a year (`2023/08/13`);
/// - month names in English (`Aug. 13, 2023`, `13 August 2023`, `August 2023`) and Arabic,
///   in the Egyptian and Gulf (`13 أغسطس 2023`), Levantine and Iraqi (`13 آب 2023`,
///   `كانون الثاني`), Maghreb (`جانفي`، `فيفري`، `أوت`) and Moroccan (`يوليوز`، `غشت`) series;
///   two names of one month side by side (`13 آب (أغسطس) 2023`) must agree.
///
/// Weekday names, commas, the Gregorian marker `م` and Arabic-Indic digits are fine. Anything
/// else (a word that is not a month, a two-digit year, a month-first numeric date such as
/// `05/17/2015`, a day the calendar does not have) is an error that quotes the input.
pub fn read(s: &str) -> Result<PartialDate, String> {
    let bad = |why: &str| format!("{s:?} is not a date ({why})");
    let t = s.trim();
    if t.is_empty() {
        return Err(bad("empty"));
    }
    // ISO 8601 with a time: the date is the first ten characters.
    let b = t.as_bytes();
    if b.len() > 10 && b[4] == b'-' && b[7] == b'-' && matches!(b[10], b'T' | b't' | b' ') {
        let rest = &t[11..];
        if rest
            .bytes()
            .all(|c| c.is_ascii_digit() || b":.,+-Zz ".contains(&c))
        {
            return PartialDate::parse(&t[..10]).map_err(|e| bad(&e));
        }
    }
    let norm = normalize(t);
    let mut numbers: Vec<&str> = Vec::new();
    let mut months: Vec<u8> = Vec::new();
    let mut words = Vec::new();
    for piece in norm.split(|c: char| c.is_whitespace() || c == ',' || c == '،') {
        if piece.is_empty() || is_time(piece) || is_zone_offset(piece) {
            continue;
        }
        // Runs of digits and runs of letters; separators (- / . parentheses) only divide.
        let mut start = None;
        let mut digits = false;
        for (i, c) in piece.char_indices().chain([(piece.len(), ' ')]) {
            let class = if c.is_ascii_digit() {
                Some(true)
            } else if c.is_alphabetic() {
                Some(false)
            } else {
                None
            };
            if let Some(st) = start {
                if class != Some(digits) {
                    let tok = &piece[st..i];
                    if digits {
                        numbers.push(tok);
                    } else {
                        words.push(tok);
                    }
                    start = None;
                }
            }
            if start.is_none() {
                if let Some(d) = class {
                    start = Some(i);
                    digits = d;
                }
            }
        }
    }
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied();
        if let Some(m) = next.and_then(|n| two_word_month(w, n)) {
            months.push(m);
            i += 2;
            continue;
        }
        if let Some(m) = month(w) {
            months.push(m);
        } else if !is_filler(w) {
            return Err(bad(&format!("{w:?} is not a month or weekday")));
        }
        i += 1;
    }
    if months.windows(2).any(|w| w[0] != w[1]) {
        return Err(bad("two different months"));
    }
    let (year, month, day) = match (months.first(), numbers.as_slice()) {
        (None, [y]) => (*y, None, None),
        (None, [a, b]) if a.len() == 4 => (*a, Some(*b), None),
        (None, [a, b]) if b.len() == 4 => (*b, Some(*a), None),
        (None, [a, b, c]) if a.len() == 4 => (*a, Some(*b), Some(*c)),
        (None, [d, m, y]) => (*y, Some(*m), Some(*d)),
        (Some(_), [y]) => (*y, None, None),
        (Some(_), [a, b]) if a.len() == 4 => (*a, None, Some(*b)),
        (Some(_), [d, y]) => (*y, None, Some(*d)),
        _ => return Err(bad("no day, month and year in it")),
    };
    if year.len() != 4 {
        return Err(bad("the year must have four digits"));
    }
    let small = |n: &str| -> Result<u8, String> {
        match n.parse::<u8>() {
            Ok(v) if n.len() <= 2 => Ok(v),
            _ => Err(bad(&format!("{n} is not a day or month number"))),
        }
    };
    let month = match (months.first(), month) {
        (Some(m), _) => Some(*m),
        (None, Some(m)) => Some(small(m)?),
        (None, None) => None,
    };
    let iso = match (month, day) {
        (None, _) => year.to_string(),
        (Some(m), None) => format!("{year}-{m:02}"),
        (Some(m), Some(d)) => format!("{year}-{m:02}-{:02}", small(d)?),
    };
    PartialDate::parse(&iso).map_err(|e| bad(&e))
}

/// `10:00`, `21:35:43`, `15:01:01.79` (a time of day, read past).
fn is_time(p: &str) -> bool {
    let p = p.trim_end_matches(['z', 'Z']);
    let mut parts = p.split(':');
    let ok2 = |x: Option<&str>| {
        x.is_some_and(|x| (1..=2).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit()))
    };
    if !ok2(parts.next()) {
        return false;
    }
    let Some(m) = parts.next() else { return false };
    if !(m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(sec) => {
            parts.next().is_none()
                && sec.split_once('.').map_or(sec, |(a, _)| a).len() == 2
                && sec.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        }
    }
}

/// `+0400`, `-05:00` (a zone offset, read past).
fn is_zone_offset(p: &str) -> bool {
    let Some(rest) = p.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits = rest.replace(':', "");
    digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Words a written date may carry besides its month: weekdays, zone names, am/pm and the
/// Gregorian marker (all in matching form).
fn is_filler(w: &str) -> bool {
    const EN: [&str; 25] = [
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "gmt",
        "ut",
        "utc",
        "z",
        "am",
        "pm",
        "est",
        "edt",
    ];
    const ZONES: [&str; 6] = ["cst", "cdt", "mst", "mdt", "pst", "pdt"];
    // يوم, and م (ميلادي) / ص for the time of day.
    const AR: [&str; 4] = ["يوم", "م", "ص", "ميلادي"];
    EN.contains(&w) || ZONES.contains(&w) || AR_WEEKDAYS.contains(&w) || AR.contains(&w)
}

/// The Arabic days of the week, الأحد … السبت, normalized (`text::normalize`).
pub(crate) const AR_WEEKDAYS: [&str; 7] = [
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
];

/// A month's number from one word of its name (matching form: see `text::normalize`).
fn month(w: &str) -> Option<u8> {
    Some(match w {
        "jan" | "january" | "يناير" | "جانفي" => 1,
        "feb" | "february" | "فبراير" | "فيفري" | "شباط" => 2,
        "mar" | "march" | "مارس" | "اذار" => 3,
        "apr" | "april" | "ابريل" | "افريل" | "نيسان" => 4,
        "may" | "مايو" | "ماي" | "ايار" => 5,
        "jun" | "june" | "يونيو" | "يونيه" | "جوان" | "حزيران" => 6,
        "jul" | "july" | "يوليو" | "يوليه" | "يوليوز" | "جويليه" | "تموز" => {
            7
        }
        "aug" | "august" | "اغسطس" | "غشت" | "اوت" | "اب" => 8,
        "sep" | "sept" | "september" | "سبتمبر" | "شتنبر" | "ايلول" => 9,
        "oct" | "october" | "اكتوبر" => 10,
        "nov" | "november" | "نوفمبر" | "نونبر" => 11,
        "dec" | "december" | "ديسمبر" | "دجنبر" => 12,
        _ => return None,
    })
}

/// The Levantine months named in two words: كانون الثاني (1), تشرين الأول (10), تشرين الثاني
/// (11), كانون الأول (12).
fn two_word_month(a: &str, b: &str) -> Option<u8> {
    match (a, b) {
        ("كانون", "الثاني") => Some(1),
        ("تشرين", "الاول") => Some(10),
        ("تشرين", "الثاني") => Some(11),
        ("كانون", "الاول") => Some(12),
        _ => None,
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

    /// One row per way of writing a date: (name, input, expected).
    macro_rules! reads {
        ($($name:ident: $input:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(read($input).map(|d| d.to_string()), Ok($want.to_string()), "{}", $input);
            }
        )*};
    }

    reads! {
        iso_day: "2023-08-13" => "2023-08-13";
        iso_month: "2023-08" => "2023-08";
        iso_year: "2023" => "2023";
        iso_time_zone: "2023-08-13T10:00:00+04:00" => "2023-08-13";
        iso_time_utc: "2023-08-13T23:59:59.5Z" => "2023-08-13";
        iso_space_time: "2023-08-13 10:00" => "2023-08-13";
        iso_slashes: "2023/08/13" => "2023-08-13";
        rfc2822: "Sun, 18 Feb 2018 21:35:43 +0400" => "2018-02-18";
        rfc2822_no_weekday: "4 May 2017 13:39:00 GMT" => "2017-05-04";
        rfc2822_colon_zone: "Thu, 04 May 2017 13:39:00 +01:00" => "2017-05-04";
        reuters: "26-FEB-1987 15:01:01.79" => "1987-02-26";
        day_first_slash: "13/08/2023" => "2023-08-13";
        day_first_dash: "13-08-2023" => "2023-08-13";
        day_first_dot_short: "4.1.2017" => "2017-01-04";
        day_first_with_time: "17/05/2015 10:30" => "2015-05-17";
        month_year_numeric: "08/2023" => "2023-08";
        en_abbrev_dot: "Aug. 13, 2023" => "2023-08-13";
        en_day_month: "13 August 2023" => "2023-08-13";
        en_month_day: "August 13, 2023" => "2023-08-13";
        en_weekday: "Sunday, August 13, 2023" => "2023-08-13";
        en_sept: "Sept. 1, 2019" => "2019-09-01";
        en_month_year: "August 2023" => "2023-08";
        ar_egypt: "13 أغسطس 2023" => "2023-08-13";
        ar_egypt_no_hamza: "13 اغسطس 2023" => "2023-08-13";
        ar_levant: "13 آب 2023" => "2023-08-13";
        ar_levant_two_words: "5 كانون الثاني 2020" => "2020-01-05";
        ar_levant_tishrin: "1 تشرين الأول 2019" => "2019-10-01";
        ar_levant_kanun_first: "31 كانون الأول 2019" => "2019-12-31";
        ar_both_names: "13 آب (أغسطس) 2023" => "2023-08-13";
        ar_both_names_slash: "13 آب/أغسطس 2023" => "2023-08-13";
        ar_maghreb_janvier: "3 جانفي 2017" => "2017-01-03";
        ar_maghreb_fevrier: "28 فيفري 2017" => "2017-02-28";
        ar_maghreb_avril: "4 أفريل 2017" => "2017-04-04";
        ar_maghreb_mai: "4 ماي 2017" => "2017-05-04";
        ar_maghreb_juin: "30 جوان 2017" => "2017-06-30";
        ar_maghreb_juillet: "14 جويلية 2017" => "2017-07-14";
        ar_maghreb_aout: "15 أوت 2017" => "2017-08-15";
        ar_morocco_juillet: "30 يوليوز 2017" => "2017-07-30";
        ar_morocco_aout: "20 غشت 2017" => "2017-08-20";
        ar_morocco_sept: "6 شتنبر 2017" => "2017-09-06";
        ar_morocco_nov: "18 نونبر 2017" => "2017-11-18";
        ar_morocco_dec: "2 دجنبر 2017" => "2017-12-02";
        ar_indic_digits: "١٣ أغسطس ٢٠٢٣" => "2023-08-13";
        ar_weekday_marker: "الأحد 13 أغسطس 2023م" => "2023-08-13";
        ar_comma: "الأحد، 13 أغسطس، 2023" => "2023-08-13";
        ar_yuniyah: "1 يونية 2016" => "2016-06-01";
    }

    #[test]
    fn unreadable_dates_are_errors_that_quote_the_input() {
        for bad in [
            "",
            "yesterday",
            "05/17/2015",
            "31/02/2020",
            "2023-02-30",
            "2023-02-30T10:00:00Z",
            "13/08/23",
            "13 August",
            "13 آب (سبتمبر) 2023",
            "1445 هـ",
            "13 13 August 2023",
            "Sun, 18 Feb 2018 21:35:43 +0400 extra",
            "2023-08-13Tnoon",
        ] {
            let e = read(bad).expect_err(bad);
            assert!(e.starts_with(&format!("{bad:?}")), "{bad}: {e}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in [
            "-",
            "٫",
            "2023-08-1\u{0661}T",
            "T",
            "::",
            "+0400",
            "آب",
            "ﻷ 2023",
            "9999999999999",
        ] {
            let _ = read(s);
        }
    }
}
