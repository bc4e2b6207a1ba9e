//! Django's `timesince`/`timeuntil` (`django.utils.timesince`) for naive datetimes and
//! UTC datetimes: calendar arithmetic with no time-zone rules involved.

/// How a datetime is anchored: naive, UTC (`datetime.timezone.utc`), or another zone
/// (left to Django: DST can move offsets between the two moments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Naive,
    Utc,
    Other,
}

pub use super::dates::Moment;

/// Days since 1970-01-01 (proleptic Gregorian).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Moment {
    fn micros(&self) -> i128 {
        let days = i128::from(days_from_civil(self.year, self.month, self.day));
        let secs = i128::from(self.hour * 3600 + self.minute * 60 + self.second);
        (days * 86_400 + secs) * 1_000_000 + i128::from(self.microsecond)
    }
    fn time(&self) -> (u32, u32, u32, u32) {
        (self.hour, self.minute, self.second, self.microsecond)
    }
}

const MONTHS_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CHUNKS: [i128; 4] = [60 * 60 * 24 * 7, 60 * 60 * 24, 60 * 60, 60];

/// The unit counts Django's `timesince` shows: (unit index, count) pairs, units being
/// year, month, week, day, hour, minute; empty means "0 minutes".
pub fn partials(d: Moment, now: Moment, reversed: bool, depth: usize) -> Vec<(usize, i64)> {
    let (d, now) = if reversed { (now, d) } else { (d, now) };
    let delta = now.micros() - d.micros();
    if delta.div_euclid(1_000_000) <= 0 {
        return Vec::new();
    }
    let mut total_months =
        i64::from(now.year - d.year) * 12 + i64::from(now.month) - i64::from(d.month);
    if d.day > now.day || (d.day == now.day && d.time() > now.time()) {
        total_months -= 1;
    }
    let (years, months) = (total_months.div_euclid(12), total_months.rem_euclid(12));
    let pivot = if years != 0 || months != 0 {
        let mut year = d.year + years as i32;
        let mut month = d.month + months as u32;
        if month > 12 {
            month -= 12;
            year += 1;
        }
        Moment {
            year,
            month,
            day: MONTHS_DAYS[month as usize - 1].min(d.day),
            hour: d.hour,
            minute: d.minute,
            second: d.second,
            microsecond: 0,
        }
    } else {
        d
    };
    let mut remaining = now.micros() - pivot.micros();
    let mut counts = vec![years, months];
    for chunk in CHUNKS {
        let c = remaining.div_euclid(chunk * 1_000_000);
        counts.push(c as i64);
        remaining -= chunk * 1_000_000 * c;
    }
    let Some(first) = counts.iter().position(|&c| c != 0) else {
        return Vec::new();
    };
    counts[first..]
        .iter()
        .take(depth)
        .take_while(|&&c| c != 0)
        .enumerate()
        .map(|(k, &c)| (first + k, c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Moment {
        Moment {
            year,
            month,
            day,
            hour,
            minute,
            second: 0,
            microsecond: 0,
        }
    }

    #[test]
    fn counts_like_django() {
        // "1 year, 1 month" between 2013-02-10 and 2014-03-10.
        assert_eq!(
            partials(m(2013, 2, 10, 0, 0), m(2014, 3, 10, 0, 0), false, 2),
            vec![(0, 1), (1, 1)]
        );
        // 2 weeks, 3 days.
        assert_eq!(
            partials(m(2024, 1, 1, 0, 0), m(2024, 1, 18, 5, 0), false, 2),
            vec![(2, 2), (3, 3)]
        );
        // Adjacent units only: 1 day, then hours are 0 -> stop.
        assert_eq!(
            partials(m(2024, 1, 1, 0, 0), m(2024, 1, 2, 0, 5), false, 2),
            vec![(3, 1)]
        );
        assert_eq!(
            partials(m(2024, 1, 2, 0, 0), m(2024, 1, 1, 0, 0), false, 2),
            vec![]
        );
        assert_eq!(
            partials(m(2024, 1, 2, 0, 0), m(2024, 1, 1, 0, 0), true, 2),
            vec![(3, 1)]
        );
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
