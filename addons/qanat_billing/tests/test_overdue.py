from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QanatBillingCase
from .test_debt import make_invoice


@tagged("post_install", "-at_install")
class TestOverduePolicy(QanatBillingCase):
    def setUp(self):
        super().setUp()
        self.device = self._create_device(self.customer_b, "OVERDUE-1")
        self._activate(self.device)
        self.steps = self.env["qanat.overdue.step"]

    def _reminders(self, invoice):
        return self.env["qanat.notification"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )

    def test_first_invoice_has_thirty_days_then_standard(self):
        with freeze_time("2026-11-22"):
            first = make_invoice(self.env, self.customer_b, 10_000_000)
            first.invoice_date = "2026-11-22"
            first.action_post()
            second = make_invoice(self.env, self.customer_b, 10_000_000)
            second.invoice_date = "2026-11-22"
            second.action_post()
        self.assertEqual(str(first.invoice_date_due), "2026-12-22")
        self.assertEqual(str(second.invoice_date_due), "2026-11-22")

    def test_first_invoice_term_is_one_term_in_every_language(self):
        """Found by what it does: a Persian and an English accountant posting
        first invoices get the same term, not one per translated name."""
        self.env["res.lang"]._activate_lang("fa_IR")
        terms = set()
        for lang, customer in (("fa_IR", self.customer_a), ("en_US", self.customer_b)):
            invoice = make_invoice(self.env(context={"lang": lang}), customer, 1_000)
            invoice.action_post()
            terms.add(invoice.invoice_payment_term_id)
        self.assertEqual(len(terms), 1)
        term = terms.pop()
        self.assertEqual(term.line_ids.nb_days, 30)
        self.assertEqual(term.line_ids.value_amount, 100)

    def test_reminder_texts_carry_jalali_dates(self):
        """The due date in a reminder is Jalali, in Persian digits for a Persian
        customer and Latin ones otherwise: never the ISO date."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["res.lang"]._activate_lang("en_GB")
        customer_en = self.env["res.partner"].create(
            {"name": "English Customer", "lang": "en_GB", "mobile": "09121112233"}
        )
        self.customer_b.lang = "fa_IR"
        invoices = {}
        with freeze_time("2026-11-22"):
            for customer in (self.customer_b, customer_en):
                invoice = make_invoice(self.env, customer, 10_000_000)
                invoice.invoice_date = "2026-11-22"
                invoice.action_post()
                invoices[customer] = invoice
        with freeze_time("2026-12-19"):  # three days before 2026-12-22
            self.steps._cron_apply()
        persian_body = self._reminders(invoices[self.customer_b]).body
        english_body = self._reminders(invoices[customer_en]).body
        self.assertIn("۱۴۰۵/۱۰/۰۱", persian_body)
        self.assertIn("1405/10/01", english_body)
        for body in (persian_body, english_body):
            self.assertNotRegex(body, r"20\d\d[-/.]\d\d?[-/.]\d\d?")
            self.assertNotRegex(body, r"\d\d?[-/.]\d\d?[-/.]20\d\d")

    def test_reminders_suspension_restore_and_cancellation(self):
        with freeze_time("2026-11-22"):
            invoice = make_invoice(self.env, self.customer_b, 10_000_000)
            invoice.invoice_date = "2026-11-22"
            invoice.action_post()
        due = invoice.invoice_date_due  # 2026-12-22
        with freeze_time(due - timedelta(days=3)):
            self.steps._cron_apply()
            self.steps._cron_apply()  # rerun: nothing twice
        self.assertEqual(len(self._reminders(invoice)), 1)
        with freeze_time(due + timedelta(days=8)):
            self.steps._cron_apply()
        # The reminders of day 1 and day 7 were both due: only the later is sent.
        self.assertEqual(len(self._reminders(invoice)), 2)
        logs = self.env["qanat.overdue.log"].search([("move_id", "=", invoice.id)])
        self.assertEqual(len(logs), 3)
        self.assertEqual(
            logs.filtered("superseded").step_id,
            self.env.ref("qanat_billing.overdue_step_after_due"),
        )
        self.assertEqual(self.device.service_state, "active")
        with freeze_time(due + timedelta(days=15)):
            self.steps._cron_apply()
            self.steps._cron_apply()
        self.assertEqual(self.device.service_state, "suspended")
        self.assertTrue(self.device.qanat_suspended_for_debt)
        # Suspended: no ticket.
        with self.assertRaises(UserError):
            self.env["qanat.ticket"].create(
                {
                    "name": "Help",
                    "partner_id": self.customer_b.id,
                    "device_id": self.device.id,
                }
            )
        # Payment restores the state the suspension interrupted.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(self.device.service_state, "active")
        self.assertFalse(self.device.qanat_suspended_for_debt)

    def test_long_unpaid_invoice_cancels_service(self):
        with freeze_time("2026-11-22"):
            invoice = make_invoice(self.env, self.customer_b, 10_000_000)
            invoice.invoice_date = "2026-11-22"
            invoice.action_post()
        due = invoice.invoice_date_due  # 2026-12-22
        self.customer_b.lang = "fa_IR"
        self.env["res.lang"]._activate_lang("fa_IR")

        def sent(code):
            return self._reminders(invoice).filtered(
                lambda notice: notice.event_id.code == code
            )

        with freeze_time(due + timedelta(days=53)):
            self.steps._cron_apply()
        self.assertEqual(self.device.service_state, "suspended")
        warning = sent("service_cancellation_warning")
        self.assertEqual(len(warning), 1)
        # The day of the cancellation, 60 days after the due date: 1405/12/01.
        self.assertIn("۱۴۰۵/۱۲/۰۱", warning.body)
        self.assertFalse(sent("service_cancelled_for_debt"))
        with freeze_time(due + timedelta(days=61)):
            self.steps._cron_apply()
            self.steps._cron_apply()
        self.assertEqual(self.device.service_state, "cancelled")
        for code in ("service_cancellation_warning", "service_cancelled_for_debt"):
            self.assertEqual(len(sent(code)), 1, code)
        self.assertEqual(
            self.env["qanat.overdue.log"].search_count([("move_id", "=", invoice.id)]),
            6,
        )

    def test_catching_up_sends_the_latest_word_not_every_reminder(self):
        """A cron that was stopped, or a go-live with old debts: an invoice 20
        days late is suspended and told so, without the three reminders it
        missed arriving at the same moment."""
        with freeze_time("2026-11-22"):
            invoice = make_invoice(self.env, self.customer_b, 10_000_000)
            invoice.invoice_date = "2026-11-22"
            invoice.action_post()
        with freeze_time(invoice.invoice_date_due + timedelta(days=20)):
            self.steps._cron_apply()
        self.assertEqual(self.device.service_state, "suspended")
        self.assertEqual(
            self._reminders(invoice).event_id.mapped("code"),
            ["service_suspended_for_debt"],
        )
        logs = self.env["qanat.overdue.log"].search([("move_id", "=", invoice.id)])
        self.assertEqual(len(logs), 4)  # each step once, as before
        self.assertEqual(len(logs.filtered("superseded")), 3)

    def test_next_step_date_follows_the_invoice_and_the_policy(self):
        """The cron selects invoices by the day their next step falls due; it
        moves on as steps apply, when the policy changes and when paid."""
        with freeze_time("2026-11-22"):
            invoice = make_invoice(self.env, self.customer_b, 10_000_000)
            invoice.invoice_date = "2026-11-22"
            invoice.action_post()
        due = invoice.invoice_date_due
        self.assertEqual(invoice.qanat_overdue_next_date, due - timedelta(days=3))
        with freeze_time(due - timedelta(days=3)):
            self.steps._cron_apply()
        self.assertEqual(invoice.qanat_overdue_next_date, due + timedelta(days=1))
        courtesy = self.steps.create(
            {"name": "Courtesy reminder", "days": 0, "action": "reminder"}
        )
        self.assertEqual(invoice.qanat_overdue_next_date, due)
        courtesy.active = False
        self.assertEqual(invoice.qanat_overdue_next_date, due + timedelta(days=1))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertFalse(invoice.qanat_overdue_next_date)
        with freeze_time(due + timedelta(days=30)):
            self.assertEqual(self.steps._cron_apply(), 0)
        self.assertEqual(len(self._reminders(invoice)), 1)  # the one before due
