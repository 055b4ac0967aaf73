import datetime

import pytz

from odoo import api, models

from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.language import in_user_language
from odoo.addons.resource.models.utils import make_aware

# Official holidays fixed in the Jalali calendar: (month, day, English name).
# Lunar (Hijri) holidays move every year and are entered by the company.
IRANIAN_SOLAR_HOLIDAYS = (
    (1, 1, "Nowruz"),
    (1, 2, "Nowruz"),
    (1, 3, "Nowruz"),
    (1, 4, "Nowruz"),
    (1, 12, "Islamic Republic Day"),
    (1, 13, "Nature Day"),
    (3, 14, "Death of Imam Khomeini"),
    (3, 15, "Khordad 15 Uprising"),
    (11, 22, "Victory of the Islamic Revolution"),
    (12, 29, "Nationalisation of the Oil Industry"),
)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _qanat_plan_hours_many(self, hours_list, day_dt):
        """``plan_hours(hours, day_dt, compute_leaves=True)`` for each of
        ``hours_list`` (hours >= 0), reading the calendar's working intervals
        once for all of them instead of once each; same arithmetic."""
        self.ensure_one()
        day_dt, revert = make_aware(day_dt)
        remaining = {hours: hours for hours in set(hours_list)}
        planned = {}
        delta = datetime.timedelta(days=14)
        resources = self.env["resource.resource"]
        for n in range(100):
            if not remaining:
                break
            window = day_dt + delta * n
            intervals = self._work_intervals_batch(
                window, window + delta, resources=resources
            )[False]
            for start, stop, _meta in intervals:
                interval_hours = (stop - start).total_seconds() / 3600
                for hours, left in list(remaining.items()):
                    if left <= interval_hours:
                        planned[hours] = revert(start + datetime.timedelta(hours=left))
                        del remaining[hours]
                    else:
                        remaining[hours] = left - interval_hours
                if not remaining:
                    break
        return [planned.get(hours, False) for hours in hours_list]

    def _qanat_solar_holiday_names(self):
        return {
            "Nowruz": self.env._("Nowruz"),
            "Islamic Republic Day": self.env._("Islamic Republic Day"),
            "Nature Day": self.env._("Nature Day"),
            "Death of Imam Khomeini": self.env._("Death of Imam Khomeini"),
            "Khordad 15 Uprising": self.env._("Khordad 15 Uprising"),
            "Victory of the Islamic Revolution": self.env._(
                "Victory of the Islamic Revolution"
            ),
            "Nationalisation of the Oil Industry": self.env._(
                "Nationalisation of the Oil Industry"
            ),
        }

    @api.model
    @in_user_language
    def _cron_add_iranian_holidays(self):
        """Every month: this and next Jalali year's official holidays (the fixed
        solar ones and the shipped lunar ones) on the calendars support
        deadlines and pro-forma validity count on, so that a new year never
        starts with Nowruz or Ashura as working days."""
        calendars = self.env["qanat.helpdesk.team"].search([]).resource_calendar_id
        default = self.env.ref(
            "qanat_helpdesk.resource_calendar_iran_support", raise_if_not_found=False
        )
        calendars |= default or self.browse()
        calendars |= (
            self.env["res.company"]
            .search([])
            .resource_calendar_id.filtered(
                lambda calendar: calendar.tz == "Asia/Tehran"
            )
        )
        calendars._qanat_add_iranian_solar_holidays()
        calendars._qanat_add_lunar_holidays()
        self._qanat_warn_missing_lunar_holidays()

    def _qanat_day_bounds_utc(self, day):
        """The whole day ``day`` of this calendar's time zone, as naive UTC."""
        tz = pytz.timezone(self.tz or "Asia/Tehran")
        start = tz.localize(datetime.datetime.combine(day, datetime.time()))
        stop = start + datetime.timedelta(days=1, seconds=-1)
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _qanat_global_leave_ranges(self):
        """The (start, stop) of every leave of the whole calendar, by calendar:
        one query, then each candidate holiday is checked in memory."""
        leaves = self.env["resource.calendar.leaves"].search_read(
            [("calendar_id", "in", self.ids), ("resource_id", "=", False)],
            ["calendar_id", "date_from", "date_to"],
        )
        ranges = {calendar.id: [] for calendar in self}
        for leave in leaves:
            ranges[leave["calendar_id"][0]].append(
                (leave["date_from"], leave["date_to"])
            )
        return ranges

    def _qanat_create_free_leaves(self, candidates):
        """Create the leaves ``candidates`` (values with calendar_id, date_from
        and date_to) whose day no whole-calendar leave already covers."""
        ranges = self._qanat_global_leave_ranges()
        values = []
        for candidate in candidates:
            existing = ranges[candidate["calendar_id"]]
            if any(
                start <= candidate["date_from"] and stop >= candidate["date_to"]
                for start, stop in existing
            ):
                continue
            existing.append((candidate["date_from"], candidate["date_to"]))
            values.append(
                {
                    **candidate,
                    "company_id": self.browse(candidate["calendar_id"]).company_id.id,
                    "time_type": "leave",
                }
            )
        return self.env["resource.calendar.leaves"].create(values)

    def _qanat_add_iranian_solar_holidays(self, jalali_years=None):
        """Add the fixed official holidays of the given Jalali years as leaves.

        Existing leaves on the same day are kept, so calling it twice is harmless.
        """
        if jalali_years is None:
            current = persian.jalali_year()
            jalali_years = [current, current + 1]
        names = self._qanat_solar_holiday_names()
        candidates = []
        for calendar in self:
            for year in jalali_years:
                for month, day, name in IRANIAN_SOLAR_HOLIDAYS:
                    gregorian = persian.jalali_to_gregorian(year, month, day)
                    start_utc, stop_utc = calendar._qanat_day_bounds_utc(gregorian)
                    candidates.append(
                        {
                            "name": names[name],
                            "calendar_id": calendar.id,
                            "date_from": start_utc,
                            "date_to": stop_utc,
                        }
                    )
        self._qanat_create_free_leaves(candidates)
        return True

    def _qanat_add_lunar_holidays(self, jalali_years=None):
        """Add the official lunar holidays of the given Jalali years (default:
        this and next) from the holiday table as leaves linked to their
        holiday, so that a corrected date moves them. Harmless twice."""
        if jalali_years is None:
            current = persian.jalali_year()
            jalali_years = [current, current + 1]
        holidays = self.env["qanat.official.holiday"].search(
            [("jalali_year", "in", jalali_years)]
        )
        linked = {
            (leave.calendar_id.id, leave.qanat_holiday_id.id)
            for leave in holidays.leave_ids
        }
        candidates = [
            {
                **holiday._leave_values(calendar),
                "calendar_id": calendar.id,
                "qanat_holiday_id": holiday.id,
            }
            for calendar in self
            for holiday in holidays
            if (calendar.id, holiday.id) not in linked
        ]
        self._qanat_create_free_leaves(candidates)
        return True

    @api.model
    @in_user_language
    def _qanat_warn_missing_lunar_holidays(self):
        """When the holiday table has nothing for next Jalali year, the support
        teams' managers get an activity to enter the official dates."""
        next_year = persian.jalali_year() + 1
        if self.env["qanat.official.holiday"].search_count(
            [("jalali_year", "=", next_year)], limit=1
        ):
            return False
        summary = self.env._(
            "Enter the official lunar holidays of %(year)s", year=next_year
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        teams = self.env["qanat.helpdesk.team"].search([])
        for team in teams:
            if team.activity_ids.filtered(lambda act, s=summary: act.summary == s):
                continue
            team.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=self.env._(
                    "The holiday table (After-Sales → Configuration → Lunar "
                    "Holidays) has no lunar holiday for %(year)s: support "
                    "deadlines and pro-forma validity would count Tasua, Ashura "
                    "and the Eids as working days.",
                    year=next_year,
                ),
                user_id=(team.manager_id or self.env.ref("base.user_admin")).id,
            )
        return True
