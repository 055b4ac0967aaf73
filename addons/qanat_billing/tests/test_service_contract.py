import datetime
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QanatBillingCase

START = datetime.date(2026, 12, 5)


@tagged("post_install", "-at_install")
class TestServiceContract(QanatBillingCase):
    """Seed 001: monthly, quarterly or yearly contracts, invoiced once on the
    first day of each period, the first invoice due in 30 days, the next ones
    within the period; longer periods get a discount."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.env["ir.config_parameter"].sudo()
        config.set_param("qanat.billing.contract_discount_quarterly", "5")
        config.set_param("qanat.billing.contract_discount_yearly", "15")
        config.set_param("qanat.billing.contract_due_days", "15")
        config.set_param("qanat.billing.first_invoice_days", "30")
        # Installed a year before the contract: its included service has ended.
        with freeze_time("2025-12-01"):
            cls.device = cls._create_device(cls.customer_a, "CT-1")
            cls._activate(cls.device)

    def _contract(self, **vals):
        return self.env["qanat.service.contract"].create(
            {
                "partner_id": self.customer_a.id,
                "device_ids": [(6, 0, self.device.ids)],
                "monthly_price": 1_000_000,
                "date_start": START,
                **vals,
            }
        )

    def test_discount_by_length(self):
        amounts = {
            period: self._contract(period=period).period_amount
            for period in ("monthly", "quarterly", "yearly")
        }
        self.assertEqual(
            amounts,
            {"monthly": 1_000_000, "quarterly": 2_850_000, "yearly": 10_200_000},
        )

    def test_each_period_invoiced_once_on_its_first_day(self):
        contract = self._contract()
        self.assertTrue(contract.name.startswith("CT/"))
        with freeze_time(START):
            contract.with_user(self.user_qanat).action_start()
        first = contract.invoice_ids
        self.assertEqual(len(first), 1)
        self.assertEqual(first.state, "posted")
        self.assertEqual(first.invoice_date, START)
        self.assertEqual(first.invoice_date_due, datetime.date(2027, 1, 4))  # 30 days
        self.assertEqual(first.amount_untaxed, 1_000_000)
        self.assertEqual(contract.next_invoice_date, datetime.date(2027, 1, 5))
        self.assertEqual(self.device.service_state, "renewed")
        self.assertEqual(self.device.service_end, datetime.date(2027, 1, 4))
        model = self.env["qanat.service.contract"]
        # The cron before the next period: nothing; on its first day: one invoice,
        # due within the term; again the same day: nothing more.
        with freeze_time("2027-01-04"):
            self.assertFalse(model._cron_invoice_periods())
        with freeze_time("2027-01-05"):
            second = model._cron_invoice_periods()
            self.assertFalse(model._cron_invoice_periods())
        self.assertEqual(len(second), 1)
        self.assertEqual(second.invoice_date, datetime.date(2027, 1, 5))
        self.assertEqual(second.invoice_date_due, datetime.date(2027, 1, 20))
        self.assertEqual(len(contract.invoice_ids), 2)
        self.assertEqual(self.device.service_end, datetime.date(2027, 2, 4))

    def test_later_invoices_due_within_their_period(self):
        contract = self._contract(due_days=40)
        with freeze_time("2027-01-05"):
            contract.action_start()  # two periods have started
        self.assertEqual(len(contract.invoice_ids), 2)
        later = contract.invoice_ids.filtered(
            lambda m: m.invoice_date == datetime.date(2027, 1, 5)
        )
        self.assertEqual(later.invoice_date_due, datetime.date(2027, 2, 4))

    def test_missed_periods_caught_up_each_once(self):
        contract = self._contract(period="quarterly")
        with freeze_time("2027-07-01"):
            invoices = contract.action_start() and contract.invoice_ids
        self.assertEqual(
            sorted(invoices.mapped("invoice_date")),
            [
                datetime.date(2026, 12, 5),
                datetime.date(2027, 3, 5),
                datetime.date(2027, 6, 5),
            ],
        )
        self.assertEqual(set(invoices.mapped("amount_untaxed")), {2_850_000})
        self.assertEqual(contract.next_invoice_date, datetime.date(2027, 9, 5))
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            invoices[0].copy(
                {
                    "qanat_contract_id": contract.id,
                    "qanat_contract_period_start": START,
                }
            )

    def test_last_short_period_billed_for_its_days_then_closed(self):
        contract = self._contract(date_end=datetime.date(2027, 1, 20))
        with freeze_time("2027-01-10"):
            contract.action_start()
        self.assertEqual(len(contract.invoice_ids), 2)
        last = contract.invoice_ids.filtered(
            lambda m: m.invoice_date == datetime.date(2027, 1, 5)
        )
        # 15 of the 31 days of the period from 5 January.
        self.assertEqual(last.amount_untaxed, round(1_000_000 * 15 / 31))
        self.assertEqual(contract.state, "closed")
        self.assertEqual(self.device.service_end, datetime.date(2027, 1, 19))

    def test_batched_cron_resumes(self):
        contracts = self._contract() | self._contract()
        contracts.write({"state": "running", "next_invoice_date": START})
        model = self.env["qanat.service.contract"]
        with freeze_time(START):
            self.assertEqual(len(model._cron_invoice_periods(batch_size=1)), 1)
            self.assertEqual(len(model._cron_invoice_periods(batch_size=1)), 1)
            self.assertFalse(model._cron_invoice_periods(batch_size=1))
        self.assertEqual(len(contracts.invoice_ids), 2)

    def test_contract_that_cannot_be_invoiced_does_not_hold_up_others(self):
        broken, fine = self._contract(), self._contract()
        (broken | fine).write({"state": "running", "next_invoice_date": START})
        model = self.env["qanat.service.contract"]
        invoice_period = type(model)._invoice_period

        refusal = "The customer's tax data is missing."

        def refuse_broken(contract, start):
            if contract == broken:
                raise UserError(refusal)
            return invoice_period(contract, start)

        with (
            freeze_time(START),
            patch.object(type(model), "_invoice_period", refuse_broken),
            mute_logger("odoo.addons.qanat_devices.tools.batches"),
        ):
            invoices = model._cron_invoice_periods()
            model._cron_invoice_periods()  # again: still one activity
        self.assertEqual(invoices, fine.invoice_ids)
        self.assertFalse(broken.invoice_ids)
        self.assertEqual(broken.next_invoice_date, START)  # waits, not skipped
        self.assertEqual(len(broken.activity_ids), 1)
        self.assertIn("tax data is missing", broken.activity_ids.note)

    def test_terms_frozen_once_started_and_only_staff_start(self):
        contract = self._contract()
        with self.assertRaises(AccessError):
            contract.with_user(self.portal_a).action_start()
        with freeze_time(START):
            contract.action_start()
        with self.assertRaises(UserError):
            contract.monthly_price = 10
        contract.with_user(self.user_qanat).action_close()
        self.assertEqual(contract.state, "closed")
        with freeze_time("2027-03-01"):
            self.env["qanat.service.contract"]._cron_invoice_periods()
        self.assertEqual(len(contract.invoice_ids), 1)

    def test_devices_are_the_customers(self):
        other = self._create_device(self.customer_b, "CT-B")
        with self.assertRaises(ValidationError):
            self._contract(device_ids=[(6, 0, other.ids)])
        with self.assertRaises(ValidationError):
            self._contract(date_end=START)
        with self.assertRaises(UserError):
            self._contract(device_ids=False).action_start()
