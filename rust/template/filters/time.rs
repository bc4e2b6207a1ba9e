//! Date-related filters beside `date`/`time` formatting: `timesince`/`timeuntil`.

use super::*;

/// Django's `timesince`/`timeuntil` filters for naive and UTC datetimes; `None` hands
/// other zones and non-date values to Django.
pub(super) fn timesince_filter(
    reversed: bool,
    value: &Value,
    arg: Option<&Value>,
    host: &dyn RenderHost,
) -> Option<Result<Value>> {
    use crate::template::timesince::{partials, Zone};
    const UNITS: [(&str, &str); 6] = [
        ("%(num)d year", "%(num)d years"),
        ("%(num)d month", "%(num)d months"),
        ("%(num)d week", "%(num)d weeks"),
        ("%(num)d day", "%(num)d days"),
        ("%(num)d hour", "%(num)d hours"),
        ("%(num)d minute", "%(num)d minutes"),
    ];
    let run = || -> Result<Option<String>> {
        if !value.truthy()? {
            return Ok(Some(String::new()));
        }
        let Some((d, dz)) = host.moment(value)? else {
            return Ok(None);
        };
        let now = match arg {
            Some(a) if a.truthy()? => match host.moment(a)? {
                Some(m) => m,
                None => return Ok(None),
            },
            _ if dz == Zone::Other => return Ok(None),
            _ => (host.current_moment(dz == Zone::Utc)?, dz),
        };
        let (now, nz) = now;
        if dz == Zone::Other || nz == Zone::Other {
            return Ok(None);
        }
        if dz != nz {
            return Ok(Some(String::new())); // naive minus aware: TypeError -> ""
        }
        let unit = |i: usize, n: i64| -> Result<Option<String>> {
            let t = host.ngettext(UNITS[i].0, UNITS[i].1, n)?;
            Ok(fill(&t, "%(num)d", &n.to_string()).map(|s| s.replace(' ', "\u{a0}")))
        };
        let parts = partials(d, now, reversed, 2);
        if parts.is_empty() {
            return unit(5, 0);
        }
        let mut shown = Vec::with_capacity(parts.len());
        for (i, n) in parts {
            match unit(i, n)? {
                Some(s) => shown.push(s),
                None => return Ok(None),
            }
        }
        Ok(Some(shown.join(&host.gettext(", ")?)))
    };
    match run() {
        Ok(Some(text)) => Some(Ok(Value::Str(Str::plain(text)))),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    }
}

/// Django's `FORMAT_SETTINGS`: names `get_format` looks up instead of using as is.
pub(super) const FORMAT_SETTINGS: &[&str] = &[
    "DECIMAL_SEPARATOR",
    "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
    "FIRST_DAY_OF_WEEK",
    "MONTH_DAY_FORMAT",
    "TIME_FORMAT",
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "DATE_INPUT_FORMATS",
    "TIME_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS",
];
