//! Django's `date` and `time` filters (`django.utils.dateformat`), for the format
//! characters that need no time-zone database. Names (months, weekdays, a.m./p.m.)
//! come translated from the host; anything involving time zones is left to Django.

/// Which `datetime` type a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Date,
    DateTime,
    Time,
}

/// The fields of a `date`, `datetime` (already in local time) or `time`.
/// A date or time's wall-clock fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub microsecond: u32,
}

/// A value for the date filters: its type and its fields.
#[derive(Debug, Clone, Copy)]
pub struct DateParts {
    pub kind: DateKind,
    pub at: Moment,
}

impl std::ops::Deref for DateParts {
    type Target = Moment;
    fn deref(&self) -> &Moment {
        &self.at
    }
}

/// Translated names for the active language (`django.utils.dates`).
#[derive(Debug, Clone)]
pub struct DateNames {
    /// Index 0..12: January..December.
    pub months: Vec<String>,
    pub months_3: Vec<String>,
    pub months_alt: Vec<String>,
    pub months_ap: Vec<String>,
    /// Index 0..7: Monday..Sunday.
    pub weekdays: Vec<String>,
    pub weekdays_abbr: Vec<String>,
    /// "a.m.", "p.m.", "AM", "PM", "midnight", "noon".
    pub ampm: Vec<String>,
}

const FORMAT_CHARS: &str = "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ";
/// Characters `TimeFormat` defines (a `date` object may not use them).
const TIME_CHARS: &str = "aAefgGhHiOPsTuZ";
/// Characters that need the time zone: left to Django.
const TZ_CHARS: &str = "eOTZIUrc";

enum Piece {
    Lit(String),
    Fmt(char),
}

/// Django's `re_formatchars.split` + `re_escaped.sub`: a format character preceded by a
/// backslash is literal; backslash escapes in literal text are removed.
fn split(fmt: &str) -> Vec<Piece> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut pieces = Vec::new();
    let mut lit = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let escaped = i > 0 && chars[i - 1] == '\\';
        if FORMAT_CHARS.contains(c) && !escaped {
            pieces.push(Piece::Lit(std::mem::take(&mut lit)));
            pieces.push(Piece::Fmt(c));
        } else {
            lit.push(c);
        }
    }
    pieces.push(Piece::Lit(lit));
    pieces
        .into_iter()
        .map(|p| match p {
            Piece::Lit(s) => Piece::Lit(unescape(&s)),
            f => f,
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.peek() {
                Some(&n) if n != '\n' => {
                    out.push(n);
                    it.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

fn day_of_year(y: i32, m: u32, d: u32) -> u32 {
    (1..m).map(|mm| days_in_month(y, mm)).sum::<u32>() + d
}

/// Monday = 0 .. Sunday = 6 (Python's `weekday()`).
fn weekday(y: i32, m: u32, d: u32) -> u32 {
    // Days since 0001-01-01 (a Monday), proleptic Gregorian.
    let y1 = i64::from(y) - 1;
    let days = y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400 + i64::from(day_of_year(y, m, d)) - 1;
    days.rem_euclid(7) as u32
}

/// Python's `isocalendar()`: (ISO year, ISO week).
fn iso_week(y: i32, m: u32, d: u32) -> (i32, u32) {
    let wd = weekday(y, m, d) as i64; // Mon=0
    let doy = i64::from(day_of_year(y, m, d));
    let week = (doy - wd + 9) / 7; // week of the Thursday
    if week < 1 {
        let py = y - 1;
        let dec31 = iso_week(py, 12, 31);
        return (py, dec31.1);
    }
    let days_in_year = if is_leap(y) { 366 } else { 365 };
    // Thursday of this week falls in the next year?
    if doy - wd + 3 > days_in_year {
        return (y + 1, 1);
    }
    (y, week as u32)
}

/// Which formatter: the `date` filter (`DateFormat`) or the `time` filter (`TimeFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formatter {
    Date,
    Time,
}

/// Format `p` with `fmt`. `None`: leave it to Django (time-zone characters, or a case
/// where Django raises). `Some("")` where Django's filter returns "" after an
/// `AttributeError` (e.g. a date character on a `time`).
pub fn format(p: &DateParts, fmt: &str, which: Formatter, names: &DateNames) -> Option<String> {
    let pieces = split(fmt);
    let mut out = String::new();
    for piece in &pieces {
        let c = match piece {
            Piece::Lit(s) => {
                out.push_str(s);
                continue;
            }
            Piece::Fmt(c) => *c,
        };
        if TZ_CHARS.contains(c) {
            return None;
        }
        let is_time_char = TIME_CHARS.contains(c);
        if which == Formatter::Time && !is_time_char {
            return Some(String::new()); // TimeFormat has no such method
        }
        if p.kind == DateKind::Date && is_time_char {
            return match which {
                Formatter::Date => None, // DateFormat raises TypeError: Django's message
                Formatter::Time => Some(String::new()),
            };
        }
        if p.kind == DateKind::Time && !is_time_char {
            return Some(String::new()); // a time has no year/month/day
        }
        let h12 = if p.hour % 12 == 0 { 12 } else { p.hour % 12 };
        let ampm = |upper: bool| -> &str {
            let i = usize::from(p.hour > 11) + if upper { 2 } else { 0 };
            &names.ampm[i]
        };
        let f = || {
            if p.minute == 0 {
                h12.to_string()
            } else {
                format!("{}:{:02}", h12, p.minute)
            }
        };
        let m = p.month as usize - 1;
        match c {
            'a' => out.push_str(ampm(false)),
            'A' => out.push_str(ampm(true)),
            'f' => out.push_str(&f()),
            'g' => out.push_str(&h12.to_string()),
            'G' => out.push_str(&p.hour.to_string()),
            'h' => out.push_str(&format!("{h12:02}")),
            'H' => out.push_str(&format!("{:02}", p.hour)),
            'i' => out.push_str(&format!("{:02}", p.minute)),
            'P' => {
                if p.minute == 0 && p.hour == 0 {
                    out.push_str(&names.ampm[4]);
                } else if p.minute == 0 && p.hour == 12 {
                    out.push_str(&names.ampm[5]);
                } else {
                    out.push_str(&format!("{} {}", f(), ampm(false)));
                }
            }
            's' => out.push_str(&format!("{:02}", p.second)),
            'u' => out.push_str(&format!("{:06}", p.microsecond)),
            'b' => out.push_str(&names.months_3[m]),
            'd' => out.push_str(&format!("{:02}", p.day)),
            'D' => out.push_str(&names.weekdays_abbr[weekday(p.year, p.month, p.day) as usize]),
            'E' => out.push_str(&names.months_alt[m]),
            'F' => out.push_str(&names.months[m]),
            'j' => out.push_str(&p.day.to_string()),
            'l' => out.push_str(&names.weekdays[weekday(p.year, p.month, p.day) as usize]),
            'L' => out.push_str(if is_leap(p.year) { "True" } else { "False" }),
            'm' => out.push_str(&format!("{:02}", p.month)),
            'M' => out.push_str(&super::pystr::title(&names.months_3[m])),
            'n' => out.push_str(&p.month.to_string()),
            'N' => out.push_str(&names.months_ap[m]),
            'o' => out.push_str(&iso_week(p.year, p.month, p.day).0.to_string()),
            'S' => out.push_str(match p.day {
                11..=13 => "th",
                d if d % 10 == 1 => "st",
                d if d % 10 == 2 => "nd",
                d if d % 10 == 3 => "rd",
                _ => "th",
            }),
            't' => out.push_str(&days_in_month(p.year, p.month).to_string()),
            'w' => out.push_str(&((weekday(p.year, p.month, p.day) + 1) % 7).to_string()),
            'W' => out.push_str(&iso_week(p.year, p.month, p.day).1.to_string()),
            'y' => out.push_str(&format!("{:02}", p.year.rem_euclid(100))),
            'Y' => out.push_str(&format!("{:04}", p.year)),
            'z' => out.push_str(&day_of_year(p.year, p.month, p.day).to_string()),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> DateNames {
        let v = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        DateNames {
            months: v("January,February,March,April,May,June,July,August,September,October,November,December"),
            months_3: v("jan,feb,mar,apr,may,jun,jul,aug,sep,oct,nov,dec"),
            months_alt: v("January,February,March,April,May,June,July,August,September,October,November,December"),
            months_ap: v("Jan.,Feb.,March,April,May,June,July,Aug.,Sept.,Oct.,Nov.,Dec."),
            weekdays: v("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday"),
            weekdays_abbr: v("Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
            ampm: v("a.m.,p.m.,AM,PM,midnight,noon"),
        }
    }

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateParts {
        DateParts {
            kind: DateKind::DateTime,
            at: Moment {
                year: y,
                month: mo,
                day: d,
                hour: h,
                minute: mi,
                second: 5,
                microsecond: 7,
            },
        }
    }

    #[test]
    fn formats_like_django() {
        let n = names();
        let p = dt(2024, 2, 29, 13, 45);
        assert_eq!(
            format(&p, "D d M Y, H:i:s u", Formatter::Date, &n).unwrap(),
            "Thu 29 Feb 2024, 13:45:05 000007"
        );
        assert_eq!(
            format(&p, "l jS F N, P A g G h f", Formatter::Date, &n).unwrap(),
            "Thursday 29th February Feb., 1:45 p.m. PM 1 13 01 1:45"
        );
        assert_eq!(
            format(&p, r"\Y\e\s: Y \\Y", Formatter::Date, &n).unwrap(),
            r"Yes: 2024 \Y"
        );
        assert_eq!(
            format(&p, "L t z w W o y b E", Formatter::Date, &n).unwrap(),
            "True 29 60 4 9 2024 24 feb February"
        );
        assert_eq!(
            format(&dt(2021, 1, 1, 0, 0), "o-W P", Formatter::Date, &n).unwrap(),
            "2020-53 midnight"
        );
        assert_eq!(
            format(&dt(2024, 12, 30, 12, 0), "o-W P", Formatter::Date, &n).unwrap(),
            "2025-1 noon"
        );
        assert!(format(&p, "O", Formatter::Date, &n).is_none());
        assert_eq!(format(&p, "H:i Y", Formatter::Time, &n).unwrap(), "");
    }
}
