from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestJalaliDatesInTheBrowser(HttpCase):
    """The web client shows and picks dates in the Jalali calendar with Persian
    digits for a Persian user, in the Gregorian one for an English user; the
    server receives the same Gregorian date either way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.holiday = cls.env.ref("qanat_helpdesk.official_holiday_1447_eid_fitr_2")

    def _manager(self, login, lang):
        return new_test_user(
            self.env,
            login=login,
            groups="qanat_devices.group_qanat_manager",
            lang=lang,
            tz="Asia/Tehran",
        )

    def _start(self, tour, login):
        self.assertEqual(self.holiday.date, date(2026, 3, 21))
        self.start_tour(
            "/odoo/action-qanat_helpdesk.qanat_official_holiday_action",
            tour,
            login=login,
        )

    def test_persian_user_picks_a_jalali_date(self):
        self._manager("holiday_fa", "fa_IR")
        self._start("qanat_holiday_jalali_dates_tour", "holiday_fa")
        # 1405/01/10
        self.assertEqual(self.holiday.date, date(2026, 3, 30))

    def test_english_user_keeps_gregorian_dates(self):
        self._manager("holiday_en", "en_US")
        self._start("qanat_holiday_gregorian_dates_tour", "holiday_en")
        self.assertEqual(self.holiday.date, date(2026, 3, 25))

    def test_persian_user_filters_by_jalali_month(self):
        self.env["ir.module.module"]._load_module_terms(["qanat_helpdesk"], ["fa_IR"])
        self._manager("sla_fa", "fa_IR")
        self.start_tour(
            "/odoo/action-qanat_helpdesk.qanat_ticket_sla_report_action",
            "qanat_sla_jalali_filter_tour",
            login="sla_fa",
        )

    def test_month_alone_filters_its_jalali_year(self):
        self.env["ir.module.module"]._load_module_terms(["qanat_helpdesk"], ["fa_IR"])
        self._manager("sla_year_fa", "fa_IR")
        self.start_tour(
            "/odoo/action-qanat_helpdesk.qanat_official_holiday_action",
            "qanat_sla_jalali_month_year_tour",
            login="sla_year_fa",
        )
