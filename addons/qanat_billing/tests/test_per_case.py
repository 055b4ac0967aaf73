from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatBillingCase


@tagged("post_install", "-at_install")
class TestPerCaseInvoicing(QanatBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = cls.env["ir.config_parameter"].sudo()
        config.set_param("qanat.billing.per_case_hourly_rate", "4000000")
        config.set_param("qanat.billing.per_case_invoicing", "ticket")
        cls.difficulty = cls.env.ref("qanat_helpdesk.qanat_ticket_difficulty_standard")
        cls.difficulty.base_price = 2_000_000  # factor 1.5
        cls.device = cls._create_device(cls.customer_a, "PPC-INV")
        cls._activate(cls.device)
        cls.device._set_pay_per_case()
        cls.package_product = cls.env["product.product"].create(
            {
                "name": "Support package, 2 hours",
                "type": "service",
                "list_price": 6_000_000,
                "qanat_plan_kind": "support_hours",
                "qanat_support_hours": 2,
            }
        )

    def _closed_ticket(self, hours, device=None):
        device = device or self.device
        ticket = self.env["qanat.ticket"].create(
            {
                "name": "Calibration",
                "partner_id": device.partner_id.id,
                "device_id": device.id,
                "difficulty_id": self.difficulty.id,
                "effort_line_ids": [(0, 0, {"hours": hours, "description": "Work"})],
            }
        )
        ticket.action_close()
        return ticket

    def test_closed_ticket_invoiced_by_difficulty_and_effort(self):
        ticket = self._closed_ticket(2)
        invoice = ticket.qanat_invoice_id
        self.assertEqual(invoice.state, "posted")
        # 2,000,000 + 2 h x 4,000,000 x 1.5
        self.assertEqual(invoice.amount_untaxed, 14_000_000)
        self.assertTrue(ticket.effort_line_ids.invoiced)
        ticket.action_reopen()
        ticket.action_close()
        self.assertEqual(ticket.qanat_invoice_id, invoice)  # never invoiced twice

    def test_support_package_consumed_first_for_one_jalali_year(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "order_line": [(0, 0, {"product_id": self.package_product.id})],
            }
        )
        order.action_confirm()
        package = self.env["qanat.support.package"].search(
            [("partner_id", "=", self.customer_a.id)]
        )
        self.assertEqual(package.hours, 2)
        self.assertEqual(package.valid_from, company_today(self.env))
        self.assertGreater(package.valid_until, package.valid_from)
        ticket = self._closed_ticket(3)  # 2 h from the package, 1 h billed
        self.assertEqual(ticket.qanat_invoice_id.amount_untaxed, 8_000_000)
        self.assertEqual(package.hours_left, 0)

    def test_package_expires_one_jalali_year_later_without_carry_over(self):
        """Bought on 1 Farvardin 1405 (2026-03-21): valid through 29 Esfand 1405
        (2027-03-20), not a day more; what is left then is lost, and a new
        package starts with its own hours only."""
        Package = self.env["qanat.support.package"]
        first = Package.create(
            {"partner_id": self.customer_a.id, "hours": 5, "valid_from": "2026-03-21"}
        )
        self.assertEqual(first.valid_until, date(2027, 3, 20))
        ticket = self.env["qanat.ticket"].create(
            {"name": "Phone call", "partner_id": self.customer_a.id}
        )
        uncovered = Package._consume(self.customer_a, 2, ticket, date(2027, 3, 20))
        self.assertEqual(uncovered, 0)
        self.assertEqual(first.hours_left, 3)
        # Nowruz 1406: the 3 hours left are not carried over.
        uncovered = Package._consume(self.customer_a, 2, ticket, date(2027, 3, 21))
        self.assertEqual(uncovered, 2)
        self.assertEqual(first.hours_left, 3)
        second = Package.create(
            {"partner_id": self.customer_a.id, "hours": 4, "valid_from": "2027-03-21"}
        )
        self.assertEqual(second.valid_until, date(2028, 3, 19))  # 29 Esfand 1406
        uncovered = Package._consume(self.customer_a, 6, ticket, date(2027, 3, 22))
        self.assertEqual(uncovered, 2)
        self.assertEqual((first.hours_left, second.hours_left), (3, 0))

    def test_covered_tickets_are_not_invoiced(self):
        covered = self._create_device(self.customer_a, "PPC-COV")
        self._activate(covered)
        ticket = self.env["qanat.ticket"].create(
            {
                "name": "Question",
                "partner_id": self.customer_a.id,
                "device_id": covered.id,
            }
        )
        ticket.action_close()
        self.assertFalse(ticket.qanat_invoice_id)

    def test_monthly_mode(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "qanat.billing.per_case_invoicing", "monthly"
        )
        first, second = self._closed_ticket(1), self._closed_ticket(1)
        self.assertFalse(first.qanat_invoice_id)
        invoices = self.env["qanat.ticket"]._cron_invoice_per_case()
        self.assertEqual(len(invoices), 1)
        self.assertEqual(first.qanat_invoice_id, second.qanat_invoice_id)
        self.assertEqual(len(invoices.invoice_line_ids), 2)

    def test_monthly_run_goes_on_past_a_customer_who_cannot_be_invoiced(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "qanat.billing.per_case_invoicing", "monthly"
        )
        other_device = self._create_device(self.customer_b, "PPC-INV-B")
        self._activate(other_device)
        other_device._set_pay_per_case()
        broken = self._closed_ticket(1)
        fine = self._closed_ticket(1, device=other_device)
        tickets = type(self.env["qanat.ticket"])
        invoice_per_case = tickets._qanat_invoice_per_case

        refusal = "The customer's tax data is missing."

        def refuse_customer_a(records):
            if records.commercial_partner_id == self.customer_a:
                raise UserError(refusal)
            return invoice_per_case(records)

        with (
            patch.object(tickets, "_qanat_invoice_per_case", refuse_customer_a),
            mute_logger("odoo.addons.qanat_devices.tools.batches"),
        ):
            invoices = self.env["qanat.ticket"]._cron_invoice_per_case()
            self.env["qanat.ticket"]._cron_invoice_per_case()  # still one activity
        self.assertEqual(invoices, fine.qanat_invoice_id)
        self.assertFalse(broken.qanat_invoice_id)  # waits for the next run
        activity = self.customer_a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("tax data is missing", activity.note)
        # Once the cause is mended, the next run invoices it.
        self.assertTrue(self.env["qanat.ticket"]._cron_invoice_per_case())
        self.assertTrue(broken.qanat_invoice_id)
