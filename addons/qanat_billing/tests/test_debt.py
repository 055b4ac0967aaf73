from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tests.common import (
    NATIONAL_CODES,
    ConcurrentCursorsMixin,
)

from .common import QanatBillingCase, stop_tax_reporting

MILLION = 1_000_000


def make_invoice(env, partner, amount):
    return env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "currency_id": env.ref("base.IRR").id,
            "invoice_line_ids": [
                (0, 0, {"name": "Service", "quantity": 1, "price_unit": amount})
            ],
        }
    )


@tagged("post_install", "-at_install")
class TestDebtCeiling(QanatBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.env["ir.config_parameter"].sudo()
        config.set_param("qanat.billing.debt_ceiling", "100000000")
        config.set_param("qanat.billing.debt_warning_percent", "80")
        cls.per_case = cls._create_device(cls.customer_a, "DEBT-PPC")
        cls._activate(cls.per_case)
        cls.per_case._set_pay_per_case()
        cls.covered = cls._create_device(cls.customer_a, "DEBT-COV")
        cls._activate(cls.covered)

    def _post(self, amount):
        invoice = make_invoice(self.env, self.customer_a, amount)
        invoice.action_post()
        return invoice

    def _warnings(self):
        return self.env["qanat.notification"].search(
            [
                ("event_id.code", "=", "debt_warning"),
                ("partner_id", "=", self.customer_a.id),
            ]
        )

    def _ticket(self, device):
        return self.env["qanat.ticket"].create(
            {"name": "Help", "partner_id": self.customer_a.id, "device_id": device.id}
        )

    def test_warning_once_per_crossing_and_ceiling(self):
        self._post(70 * MILLION)
        self.assertFalse(self._warnings())
        self._post(15 * MILLION)  # 85M >= 80M: warned
        self.assertEqual(len(self._warnings()), 1)
        self.assertIn("۸٬۵۰۰٬۰۰۰ تومان", self._warnings().body)
        self.assertTrue(
            self.customer_a.activity_ids.filtered(
                lambda a: "ceiling" in (a.summary or "")
            )
        )
        self._post(5 * MILLION)  # 90M: same crossing, no second warning
        self.assertEqual(len(self._warnings()), 1)
        self.assertTrue(self._ticket(self.per_case))  # below the ceiling
        at_ceiling = self._post(10 * MILLION)  # exactly 100M: reached
        with self.assertRaises(UserError):
            self._ticket(self.per_case)
        at_ceiling.button_draft()
        invoice = self._post(15 * MILLION)  # 105M > 100M
        with self.assertRaises(UserError) as error:
            self._ticket(self.per_case)
        self.assertIn("ceiling", str(error.exception))
        self.assertTrue(self._ticket(self.covered))  # covered service unaffected
        # Paying down restores tickets and re-arms the warning.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 15 * MILLION})._create_payments()
        self.env["account.payment"].create(
            {
                "partner_id": self.customer_a.id,
                "payment_type": "inbound",
                "partner_type": "customer",
                "amount": 30 * MILLION,
                "currency_id": self.rial.id,
            }
        ).action_post()
        self.assertLess(self.customer_a.qanat_debt, 80 * MILLION)
        self.assertFalse(self.customer_a.qanat_debt_warned)
        self.assertTrue(self._ticket(self.per_case))
        self._post(20 * MILLION)
        self.assertEqual(len(self._warnings()), 2)

    def _sent(self, code):
        return self.env["qanat.notification"].search(
            [("event_id.code", "=", code), ("partner_id", "=", self.customer_a.id)]
        )

    def test_pay_per_case_suspended_after_grace_over_the_ceiling(self):
        """At the ceiling the customer is told the day pay-per-case service stops
        (7 days later); the daily run then suspends it, covered service goes
        on, and paying below the ceiling gives it back."""
        steps = self.env["qanat.overdue.step"]
        with freeze_time("2026-12-01 08:00:00"):
            invoice = self._post(105 * MILLION)
        self.assertEqual(self.customer_a.qanat_debt_ceiling_since, date(2026, 12, 1))
        notice = self._sent("debt_ceiling_reached")
        self.assertEqual(len(notice), 1)
        self.assertIn(
            self.env["qanat.messaging"]._format_customer_date(
                date(2026, 12, 8), self.customer_a
            ),
            notice.body,
        )
        with freeze_time("2026-12-07 08:00:00"):
            steps._cron_apply()
        self.assertEqual(self.per_case.service_state, "pay_per_case")
        with freeze_time("2026-12-08 08:00:00"):
            steps._cron_apply()
            steps._cron_apply()
        self.assertEqual(self.per_case.service_state, "suspended")
        self.assertTrue(self.per_case.qanat_suspended_for_debt)
        self.assertEqual(self.covered.service_state, "active")
        self.assertEqual(len(self._sent("per_case_suspended_for_debt")), 1)
        with freeze_time("2026-12-09 08:00:00"):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        self.assertFalse(self.customer_a.qanat_debt_ceiling_since)
        self.assertEqual(self.per_case.service_state, "pay_per_case")
        self.assertFalse(self.per_case.qanat_suspended_for_debt)


@tagged("post_install", "-at_install")
class TestDebtConcurrency(ConcurrentCursorsMixin, TransactionCase):
    """Two invoices posted at the same time are both counted by the ceiling check."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param(
                "qanat.billing.debt_ceiling", "100000000"
            )
            self.memory_id = stop_tax_reporting(env.company)
            partner = env["res.partner"].create(
                {
                    "name": "Concurrent Debtor",
                    "national_code": NATIONAL_CODES[4],
                    "mobile": "09125550000",
                }
            )
            invoices = make_invoice(env, partner, 50 * MILLION) | make_invoice(
                env, partner, 45 * MILLION
            )
            self.ids = {"partner": partner.id, "invoices": invoices.ids}
        self.envs = self._concurrent_envs(2)

    def _clean_up_committed(self, env):
        invoices = env["account.move"].browse(self.ids["invoices"])
        invoices.filtered(lambda m: m.state == "posted").button_draft()
        invoices.unlink()
        env["res.partner"].browse(self.ids["partner"]).active = False
        if self.memory_id:
            env.company.qanat_moadian_memory_id = self.memory_id

    @mute_logger("odoo.sql_db")
    def test_concurrent_posting_is_serialised(self):
        env_a, env_b = self.envs
        first, second = self.ids["invoices"]
        env_a["account.move"].browse(first).action_post()  # holds the customer lock
        with self.assertRaises(Exception) as error:
            env_b["account.move"].browse(second).action_post()
        self.assertEqual(error.exception.pgcode, "55P03")  # lock_not_available
        env_b.cr.rollback()
        env_a.cr.commit()
        # Odoo retries the second call; it now sees the first invoice.
        env_b["account.move"].browse(second).action_post()
        env_b.cr.commit()
        partner = env_b["res.partner"].browse(self.ids["partner"])
        partner.invalidate_recordset()
        self.assertEqual(partner.qanat_debt, 95 * MILLION)
        self.assertTrue(partner.qanat_debt_warned)
        warnings = env_b["qanat.notification"].search(
            [("partner_id", "=", partner.id), ("event_id.code", "=", "debt_warning")]
        )
        self.assertEqual(len(warnings), 1)
