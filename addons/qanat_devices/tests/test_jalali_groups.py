from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import NATIONAL_CODES, create_device


@tagged("post_install", "-at_install")
class TestJalaliGroups(TransactionCase):
    """Lists, pivots and graphs grouped by month or year follow the Jalali
    calendar for Persian users and the Gregorian one for English users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        customer = cls.env["res.partner"].create(
            {"name": "Grouped Customer", "national_code": NATIONAL_CODES[3]}
        )
        cls.devices = cls.env["qanat.device"]
        days = {
            "JG-ESFAND": "2026-03-20",  # 29 Esfand 1404
            "JG-AZAR": "2026-12-21",  # 30 Azar 1405
            "JG-DEY": "2026-12-22",  # 1 Dey 1405
        }
        for identifier, day in days.items():
            device = create_device(cls.env, customer, identifier)
            cls.env.cr.execute(
                "UPDATE qanat_device SET installation_date = %s, create_date = %s"
                " WHERE id = %s",
                (day, f"{day} 21:00:00", device.id),
            )
            cls.devices |= device
        cls.devices.invalidate_recordset()
        cls.domain = [("id", "in", cls.devices.ids)]

    def _groups(self, lang, groupby, tz="Asia/Tehran"):
        model = self.env["qanat.device"].with_context(lang=lang, tz=tz)
        return model.read_group(self.domain, ["id:count"], [groupby], lazy=False)

    def test_persian_months_of_a_date(self):
        groups = self._groups("fa_IR", "installation_date:month")
        self.assertEqual(
            [group["installation_date:month"] for group in groups],
            ["اسفند ۱۴۰۴", "آذر ۱۴۰۵", "دی ۱۴۰۵"],
        )
        self.assertEqual(
            groups[1]["__range"]["installation_date:month"],
            {"from": "2026-11-22", "to": "2026-12-22"},
        )
        for group in groups:
            found = self.env["qanat.device"].search(group["__domain"])
            self.assertEqual(len(found), 1, group)

    def test_persian_years_and_english_months(self):
        years = self._groups("fa_IR", "installation_date:year")
        self.assertEqual(
            [(group["installation_date:year"], group["__count"]) for group in years],
            [("۱۴۰۴", 1), ("۱۴۰۵", 2)],
        )
        months = self._groups("en_US", "installation_date:month")
        self.assertEqual(
            [(group["installation_date:month"], group["__count"]) for group in months],
            [("March 2026", 1), ("December 2026", 2)],
        )

    def test_persian_weeks(self):
        """Weeks start on Saturday and are named by their rank in the Jalali
        year: 14-20 March 2026 is the 53rd week of 1404, 19-25 December 2026
        the 40th of 1405."""
        groups = self._groups("fa_IR", "installation_date:week")
        self.assertEqual(
            [(group["installation_date:week"], group["__count"]) for group in groups],
            [("هفته ۵۳ ۱۴۰۴", 1), ("هفته ۴۰ ۱۴۰۵", 2)],
        )

    def test_datetime_in_tehran_time(self):
        # 21:00 UTC is 00:30 the next day in Tehran: 1 Farvardin, 1 Dey, 2 Dey.
        groups = self._groups("fa_IR", "create_date:month")
        self.assertEqual(
            [(group["create_date:month"], group["__count"]) for group in groups],
            [("فروردین ۱۴۰۵", 1), ("دی ۱۴۰۵", 2)],
        )
        dey = groups[1]
        self.assertEqual(
            dey["__range"]["create_date:month"],
            {"from": "2026-12-21 20:30:00", "to": "2027-01-20 20:30:00"},
        )
        self.assertEqual(len(self.env["qanat.device"].search(dey["__domain"])), 2)

    def test_code_grouping_stays_gregorian(self):
        """Computations that group by month (_read_group) are not affected."""
        rows = (
            self.env["qanat.device"]
            .with_context(lang="fa_IR")
            ._read_group(self.domain, ["installation_date:month"], ["__count"])
        )
        self.assertEqual(sorted(rows), [(date(2026, 3, 1), 1), (date(2026, 12, 1), 2)])
