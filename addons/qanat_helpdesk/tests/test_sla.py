from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QanatHelpdeskCase

# Tehran is UTC+03:30; Odoo stores UTC. 2026-11-26 is a Thursday.
THURSDAY_10_TEHRAN = "2026-11-26 06:30:00"


@tagged("post_install", "-at_install")
class TestSla(QanatHelpdeskCase):
    def test_deadline_across_thursday_noon_and_friday(self):
        # Thursday 10:00: 2 working hours left that morning, Friday off, the
        # remaining 3 hours end Saturday 11:00 Tehran.
        with freeze_time(THURSDAY_10_TEHRAN):
            ticket = self._create_ticket()
        self.assertEqual(ticket.sla_state, "running")
        self.assertEqual(ticket.sla_hours, 5)
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 28, 7, 30))
        self.assertEqual(ticket.sla_risk_at, datetime(2026, 11, 28, 6, 30))

    def test_deadlines_planned_together_match_plan_hours(self):
        """The deadline and the risk time come from one reading of the
        calendar, exactly as two plan_hours calls would give them."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2026-11-27 20:30:00",
                "date_to": "2026-11-28 20:29:59",
                "time_type": "leave",
            }
        )
        hours = [0.0, 0.5, 1.0, 4.0, 5.0, 7.25, 40.0, 300.0]
        for start in (
            datetime(2026, 11, 26, 6, 30),  # Thursday morning
            datetime(2026, 11, 27, 9, 0),  # Friday
            datetime(2026, 11, 28, 13, 45),  # the holiday
            datetime(2026, 11, 29, 14, 0),  # after hours
        ):
            self.assertEqual(
                self.calendar._qanat_plan_hours_many(hours, start),
                [
                    self.calendar.plan_hours(h, start, compute_leaves=True)
                    for h in hours
                ],
                start,
            )

    def test_deadline_from_friday(self):
        with freeze_time("2026-11-27 09:00:00"):  # Friday 12:30 Tehran
            ticket = self._create_ticket()
        # Saturday 08:00-12:00 (4 h) then 13:00-14:00 Tehran.
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 28, 10, 30))

    def test_deadline_skips_official_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2026-11-27 20:30:00",  # Saturday 00:00 Tehran
                "date_to": "2026-11-28 20:29:59",
                "time_type": "leave",
            }
        )
        with freeze_time(THURSDAY_10_TEHRAN):
            ticket = self._create_ticket()
        # Thursday 2 h, Friday off, Saturday holiday, Sunday 08:00 + 3 h.
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 29, 7, 30))

    def test_solar_holidays_are_loaded(self):
        nowruz = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", self.calendar.id),
                ("date_from", "=", "2027-03-20 20:30:00"),
            ]
        )
        self.assertTrue(nowruz)
        count = self.env["resource.calendar.leaves"].search_count([])
        self.calendar._qanat_add_iranian_solar_holidays([1407])
        self.calendar._qanat_add_iranian_solar_holidays([1406, 1407])
        self.assertEqual(
            self.env["resource.calendar.leaves"].search_count([]), count + 10
        )

    def test_next_years_holidays_come_by_cron(self):
        """Years after those loaded at install: Nowruz 1410 is a holiday once
        the monthly cron has run in 1409."""
        leaves = self.env["resource.calendar.leaves"]
        nowruz_1410 = [
            ("calendar_id", "=", self.calendar.id),
            ("date_from", "=", "2031-03-20 20:30:00"),
        ]
        self.assertFalse(leaves.search(nowruz_1410))
        with freeze_time("2030-06-01"):  # 1409
            self.env["resource.calendar"]._cron_add_iranian_holidays()
        self.assertTrue(leaves.search(nowruz_1410))

    def test_deadline_skips_shipped_lunar_holiday(self):
        """Monday 21 December 2026 15:00 Tehran: 2 hours that day, Tuesday is the
        birthday of Imam Ali (13 Rajab, from the shipped holiday table), the
        remaining 3 hours end Wednesday 11:00."""
        holiday = self.env.ref("qanat_helpdesk.official_holiday_1448_imam_ali_birthday")
        self.assertEqual(str(holiday.date), "2026-12-22")
        with freeze_time("2026-12-21 11:30:00"):
            ticket = self._create_ticket()
        self.assertEqual(ticket.sla_deadline, datetime(2026, 12, 23, 7, 30))

    def test_corrected_lunar_holiday_moves_the_time_off(self):
        holiday = self.env.ref("qanat_helpdesk.official_holiday_1448_ashura")
        leave = holiday.leave_ids.filtered(
            lambda leave: leave.calendar_id == self.calendar
        )
        self.assertEqual(len(leave), 1)
        self.assertEqual(str(leave.date_from), "2026-06-24 20:30:00")
        # Iran's official calendar says one day later.
        holiday.date = "2026-06-26"
        self.assertEqual(str(leave.date_from), "2026-06-25 20:30:00")
        self.assertEqual(str(leave.date_to), "2026-06-26 20:29:59")
        self.calendar._qanat_add_lunar_holidays([1405])
        self.assertEqual(
            len(
                holiday.leave_ids.filtered(
                    lambda leave: leave.calendar_id == self.calendar
                )
            ),
            1,
        )
        holiday.active = False
        self.assertFalse(leave.exists())

    def test_missing_lunar_holidays_warn_the_team_manager(self):
        team = self.team
        with freeze_time("2030-06-01"):  # 1409: the table covers 1410
            self.env["resource.calendar"]._cron_add_iranian_holidays()
        self.assertFalse(team.activity_ids)
        with freeze_time("2031-06-01"):  # 1410: nothing for 1411
            self.env["resource.calendar"]._cron_add_iranian_holidays()
            self.env["resource.calendar"]._cron_add_iranian_holidays()
        self.assertEqual(len(team.activity_ids), 1)
        self.assertIn("1411", team.activity_ids.summary)
        self.assertEqual(team.activity_ids.user_id, self.team_manager)

    def test_urgent_priority_override(self):
        with freeze_time(THURSDAY_10_TEHRAN):
            ticket = self._create_ticket(priority="3")
        # Two working hours: exactly Thursday noon.
        self.assertEqual(ticket.sla_hours, 2)
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 26, 8, 30))

    def test_priority_change_replans_from_start(self):
        with freeze_time(THURSDAY_10_TEHRAN):
            ticket = self._create_ticket()
        with freeze_time("2026-11-26 07:00:00"):
            ticket.priority = "3"
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 26, 8, 30))

    def test_first_staff_reply_stops_clock(self):
        with freeze_time("2026-11-29 05:30:00"):  # Sunday 09:00 Tehran
            ticket = self._create_ticket()
        with freeze_time("2026-11-29 07:30:00"):  # 11:00
            ticket.with_user(self.agent).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.sla_state, "met")
        self.assertEqual(ticket.state, "answered")
        self.assertEqual(ticket.first_response_at, datetime(2026, 11, 29, 7, 30))
        self.assertAlmostEqual(ticket.first_response_hours, 2.0)
        # Later replies and the cron after the deadline change nothing.
        with freeze_time("2026-12-05 07:30:00"):
            ticket.with_user(self.agent).message_post(
                body="Second answer",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.env["qanat.ticket"]._cron_update_sla()
        self.assertEqual(ticket.sla_state, "met")
        self.assertEqual(ticket.first_response_at, datetime(2026, 11, 29, 7, 30))

    def test_internal_note_does_not_stop_clock(self):
        with freeze_time("2026-11-29 05:30:00"):
            ticket = self._create_ticket()
            ticket.with_user(self.agent).message_post(
                body="Internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(ticket.sla_state, "running")
        self.assertFalse(ticket.first_response_at)
        self.assertEqual(ticket.state, "open")

    def test_cron_marks_at_risk_then_failed_and_failure_is_final(self):
        with freeze_time("2026-11-29 05:30:00"):  # Sunday 09:00, deadline 15:00
            ticket = self._create_ticket()
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 29, 11, 30))
        with freeze_time("2026-11-29 10:45:00"):  # 14:15, less than 1 h left
            self.env["qanat.ticket"]._cron_update_sla()
        self.assertEqual(ticket.sla_state, "at_risk")
        with freeze_time("2026-11-29 12:00:00"):
            self.env["qanat.ticket"]._cron_update_sla()
            self.env["qanat.ticket"]._cron_update_sla()  # rerun: no second activity
        self.assertEqual(ticket.sla_state, "failed")
        activities = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.team_manager
        )
        self.assertEqual(len(activities), 1)
        with freeze_time("2026-11-29 12:30:00"):
            ticket.with_user(self.agent).message_post(
                body="Sorry for the delay",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.sla_state, "failed")
        self.assertTrue(ticket.first_response_at)

    def test_late_reply_without_cron_fails(self):
        with freeze_time("2026-11-29 05:30:00"):
            ticket = self._create_ticket()
        with freeze_time("2026-11-30 05:30:00"):
            ticket.with_user(self.agent).message_post(
                body="Late", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.sla_state, "failed")
        self.assertAlmostEqual(ticket.first_response_hours, 8.0)

    def test_sla_fields_are_not_writable(self):
        ticket = self._create_ticket()
        for vals in ({"sla_state": "met"}, {"sla_deadline": "2030-01-01 00:00:00"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                ticket.with_user(self.agent).write(vals)

    def test_sla_report(self):
        with freeze_time("2026-11-29 05:30:00"):
            met = self._create_ticket(name="met")
            failed = self._create_ticket(name="failed")
            met.with_user(self.agent).message_post(
                body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time("2026-12-02 05:30:00"):
            self.env["qanat.ticket"]._cron_update_sla()
        self.assertEqual(failed.sla_state, "failed")
        self.env.flush_all()
        groups = self.env["qanat.ticket.sla.report"]._read_group(
            [("ticket_id", "in", (met | failed).ids)],
            ["priority"],
            ["met_count:sum", "failed_count:sum", "ticket_count:sum"],
        )
        self.assertEqual(groups, [("1", 1, 1, 2)])

    def test_sla_report_by_jalali_month_for_persian_users(self):
        """The SLA analysis by month: Azar and Dey 1405 for a Persian user,
        split at Tehran midnight (1 Dey = 22 December); December for an
        English one."""
        self.env["res.lang"]._activate_lang("fa_IR")
        opened = {
            "azar": "2026-12-03 06:00:00",
            "azar, late": "2026-12-21 20:00:00",  # 23:30 on 30 Azar in Tehran
            "dey": "2026-12-21 21:00:00",  # 00:30 on 1 Dey in Tehran
        }
        tickets = self.env["qanat.ticket"]
        for name, when in opened.items():
            ticket = self._create_ticket(name=name)
            # create_date is the transaction's clock, which freezegun cannot set.
            self.env.cr.execute(
                "UPDATE qanat_ticket SET create_date = %s WHERE id = %s",
                (when, ticket.id),
            )
            tickets |= ticket
        self.env.invalidate_all()
        report = self.env["qanat.ticket.sla.report"].with_context(tz="Asia/Tehran")
        domain = [("ticket_id", "in", tickets.ids)]
        for lang, expected in (
            ("fa_IR", [("آذر ۱۴۰۵", 2), ("دی ۱۴۰۵", 1)]),
            ("en_US", [("December 2026", 3)]),
        ):
            groups = report.with_context(lang=lang).read_group(
                domain, ["ticket_count:sum"], ["create_date:month"]
            )
            self.assertEqual(
                [(g["create_date:month"], g["ticket_count"]) for g in groups],
                expected,
            )
