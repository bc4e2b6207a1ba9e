//! Reading Python dates and datetimes for the date filters and `timesince`.

use super::errors::host_err;
use super::host::PyRenderHost;
use super::object::PyObj;
use crate::template::dates::{DateKind, DateParts, Moment};
use crate::template::error::Result;
use crate::template::timesince::Zone;
use crate::template::value::Value;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyTime, PyTimeAccess, PyTzInfoAccess};

static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `datetime.timezone.utc`.
pub(super) fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || {
        Ok::<_, PyErr>(
            py.import("datetime")?
                .getattr("timezone")?
                .getattr("utc")?
                .unbind(),
        )
    })
    .map(|u| u.bind(py))
}

/// A date at midnight.
pub(super) fn date_moment(d: &Bound<'_, PyDate>) -> Moment {
    Moment {
        year: d.get_year(),
        month: u32::from(d.get_month()),
        day: u32::from(d.get_day()),
        hour: 0,
        minute: 0,
        second: 0,
        microsecond: 0,
    }
}

pub(super) fn moment_of(dt: &Bound<'_, PyDateTime>) -> Moment {
    Moment {
        year: dt.get_year(),
        month: u32::from(dt.get_month()),
        day: u32::from(dt.get_day()),
        hour: u32::from(dt.get_hour()),
        minute: u32::from(dt.get_minute()),
        second: u32::from(dt.get_second()),
        microsecond: dt.get_microsecond(),
    }
}

impl<'py> PyRenderHost<'py> {
    /// The time zone aware datetimes are shown in (`None` when USE_TZ is off), asked of
    /// Django once per render.
    pub(super) fn local_timezone(&self) -> Result<Option<Bound<'py, PyAny>>> {
        if self.timezone.borrow().is_none() {
            let tz = self.call("local_timezone", ())?;
            let tz = if tz.is_none() {
                None
            } else {
                Some(tz.unbind())
            };
            *self.timezone.borrow_mut() = Some(tz);
        }
        Ok(self
            .timezone
            .borrow()
            .as_ref()
            .and_then(|t| t.as_ref())
            .map(|t| t.bind(self.py).clone()))
    }

    pub(super) fn read_date_parts(&self, value: &Value) -> Result<Option<DateParts>> {
        let Value::Object(o) = value else {
            return Ok(None);
        };
        let Some(p) = o.as_any().downcast_ref::<PyObj>() else {
            return Ok(None);
        };
        let obj = p.0.bind(self.py);
        if let Ok(dt) = obj.cast::<PyDateTime>() {
            if !obj.is_exact_instance_of::<PyDateTime>() {
                return Ok(None);
            }
            // expects_localtime (Django's template_localtime): an aware datetime is
            // shown in the current time zone when USE_TZ (or the context's use_tz) is on.
            let local;
            let aware = dt.get_tzinfo().is_some()
                && !dt
                    .call_method0(intern!(self.py, "utcoffset"))
                    .map_err(host_err)?
                    .is_none();
            let dt = match (aware, self.local_timezone()?) {
                (true, Some(tz)) => {
                    local = dt
                        .call_method1(intern!(self.py, "astimezone"), (tz,))
                        .map_err(host_err)?;
                    local.cast::<PyDateTime>().map_err(|e| host_err(e.into()))?
                }
                _ => dt,
            };
            return Ok(Some(DateParts {
                kind: DateKind::DateTime,
                at: moment_of(dt),
            }));
        }
        if obj.is_exact_instance_of::<PyDate>() {
            let d = obj.cast::<PyDate>().map_err(|e| host_err(e.into()))?;
            return Ok(Some(DateParts {
                kind: DateKind::Date,
                at: date_moment(d),
            }));
        }
        if obj.is_exact_instance_of::<PyTime>() {
            let t = obj.cast::<PyTime>().map_err(|e| host_err(e.into()))?;
            return Ok(Some(DateParts {
                kind: DateKind::Time,
                at: Moment {
                    year: 1,
                    month: 1,
                    day: 1,
                    hour: u32::from(t.get_hour()),
                    minute: u32::from(t.get_minute()),
                    second: u32::from(t.get_second()),
                    microsecond: t.get_microsecond(),
                },
            }));
        }
        Ok(None)
    }

    pub(super) fn read_moment(&self, value: &Value) -> Result<Option<(Moment, Zone)>> {
        let Value::Object(o) = value else {
            return Ok(None);
        };
        let Some(p) = o.as_any().downcast_ref::<PyObj>() else {
            return Ok(None);
        };
        let obj = p.0.bind(self.py);
        if obj.is_exact_instance_of::<PyDateTime>() {
            let dt = obj.cast::<PyDateTime>().map_err(|e| host_err(e.into()))?;
            let zone = match dt.get_tzinfo() {
                None => Zone::Naive,
                Some(tz) if tz.is(utc(self.py).map_err(host_err)?) => Zone::Utc,
                Some(_) => Zone::Other,
            };
            return Ok(Some((moment_of(dt), zone)));
        }
        if obj.is_exact_instance_of::<PyDate>() {
            let d = obj.cast::<PyDate>().map_err(|e| host_err(e.into()))?;
            return Ok(Some((date_moment(d), Zone::Naive)));
        }
        Ok(None)
    }
}
