import datetime

import pytz

from odoo import api, models

from odoo.addons.qanat_devices.tools import persian

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
    def _cron_add_iranian_solar_holidays(self):
        """Every month: this and next Jalali year's fixed holidays on the
        calendars support deadlines and pro-forma validity count on, so that a
        new year never starts with Nowruz as working days."""
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

    def _qanat_add_iranian_solar_holidays(self, jalali_years=None):
        """Add the fixed official holidays of the given Jalali years as leaves.

        Existing leaves on the same day are kept, so calling it twice is harmless.
        """
        if jalali_years is None:
            current = persian.jalali_year()
            jalali_years = [current, current + 1]
        names = self._qanat_solar_holiday_names()
        leaves = self.env["resource.calendar.leaves"]
        for calendar in self:
            tz = pytz.timezone(calendar.tz or "Asia/Tehran")
            values = []
            for year in jalali_years:
                for month, day, name in IRANIAN_SOLAR_HOLIDAYS:
                    gregorian = persian.jalali_to_gregorian(year, month, day)
                    start = tz.localize(
                        datetime.datetime.combine(gregorian, datetime.time())
                    )
                    stop = start + datetime.timedelta(days=1, seconds=-1)
                    start_utc = start.astimezone(pytz.utc).replace(tzinfo=None)
                    stop_utc = stop.astimezone(pytz.utc).replace(tzinfo=None)
                    if leaves.search_count(
                        [
                            ("calendar_id", "=", calendar.id),
                            ("resource_id", "=", False),
                            ("date_from", "<=", start_utc),
                            ("date_to", ">=", stop_utc),
                        ],
                        limit=1,
                    ):
                        continue
                    values.append(
                        {
                            "name": names[name],
                            "calendar_id": calendar.id,
                            "company_id": calendar.company_id.id,
                            "date_from": start_utc,
                            "date_to": stop_utc,
                            "time_type": "leave",
                        }
                    )
            leaves.create(values)
        return True
