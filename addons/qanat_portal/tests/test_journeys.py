"""The business end to end on the demo database, as its people would run it.

These tests use only the demo data (by xml id), so they fail when the demo cannot
run the business. Only the payment gateway is pointed at a fake Zarinpal."""

import base64
import subprocess
import tempfile
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.qanat_billing.tests.fake_zarinpal import MERCHANT_ID, FakeZarinpal
from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.dates import company_today

from .common import PortalHttpMixin

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestDemoJourneys(PortalHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = FakeZarinpal()
        cls.addClassCleanup(cls.gateway.stop)
        cls.provider = cls.env.ref("qanat_billing.payment_provider_zarinpal")
        cls.provider.write(
            {"zarinpal_merchant_id": MERCHANT_ID, "zarinpal_base_url": cls.gateway.url}
        )
        cls.company = cls.env.ref("base.main_company")
        cls.customer = cls.env.ref("qanat_devices.partner_customer_1")
        cls.customer_user = cls.env.ref("qanat_devices.user_customer_1")
        cls.accountant = cls.env.ref("qanat_billing.user_accountant")
        cls.support = cls.env.ref("qanat_helpdesk.user_support")
        cls.expired = cls.env.ref("qanat_devices.device_expired")

    def assert_shows_name(self, name, response):
        text = self.text_of(response)
        self.assertTrue(
            name in text or persian.to_persian_digits(name) in text,
            f"{name} is not on {response.url}",
        )

    def _official_pdf(self, invoice):
        # Under the test runner Odoo renders reports as HTML unless asked not to.
        reports = type(self.env["ir.actions.report"])
        render_pdf = reports._pre_render_qweb_pdf

        def render_real_pdf(report, *args, **kwargs):
            report = report.with_context(force_report_rendering=True)
            return render_pdf(report, *args, **kwargs)

        with patch.object(reports, "_pre_render_qweb_pdf", render_real_pdf):
            response = self.get(
                f"/my/invoices/{invoice.id}/official?access_token="
                f"{invoice._portal_ensure_token()}&download=true"
            )
        self.assertEqual(response.status_code, 200, response.headers.get("Location"))
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"), response.content[:200])
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(response.content)
            pdf.flush()
            result = subprocess.run(
                ["pdftotext", "-layout", pdf.name, "-"],
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_renew_for_two_years_and_pay_online(self):
        """Customer: renew the expired device for 2 years, pay through Zarinpal;
        the service end moves once, the invoice is posted and paid, the official
        PDF is downloadable and carries the invoice's figures."""
        self.assertEqual(self.company.currency_id.name, "IRR")
        self.assertEqual(self.expired.service_state, "expired")
        old_end = self.expired.service_end
        self.start_tour(
            f"/my/devices/{self.expired.id}/service",
            "qanat_portal_demo_renewal_tour",
            login="customer",
        )
        order = self.env["sale.order"].search(
            [("order_line.qanat_device_id", "=", self.expired.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.currency_id.name, "IRR")
        plan = self.env.ref("qanat_billing.product_plan_2y")
        self.assertEqual(order.order_line.product_id, plan.product_variant_id)
        # 450,000,000 Rial plus 10% VAT.
        self.assertEqual(order.amount_total, 495_000_000)
        self.assertEqual(self.gateway.verify_calls, 1)
        start = max(company_today(self.env), old_end)
        self.assertEqual(self.expired.service_state, "renewed")
        self.assertEqual(self.expired.service_end, start + relativedelta(months=24))
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertRegex(invoice.name, r"^ف/14\d\d/\d{5}$")
        # Paying again (a replayed callback) moves nothing.
        order.order_line._qanat_apply_renewals()
        self.assertEqual(self.expired.service_end, start + relativedelta(months=24))

        self.authenticate("customer", "customer")
        text = self._official_pdf(invoice)
        self.assertIn(
            persian.format_amount(invoice.amount_total, with_label=False), text
        )
        # The plan's reference, or its goods/service ID when the company
        # reports to the tax system (qanat_moadian's demo).
        report = self.env["report.qanat_billing.report_official_invoice_document"]
        code = report._line_code(invoice.invoice_line_ids[:1])
        self.assertIn(code, ("SRV-2Y", "2330001100026"))
        self.assertIn(code, text)
        self.assertIn(persian.to_persian_digits(self.company.partner_id.zip), text)

    def test_pay_the_overdue_invoice_by_bank_receipt(self):
        """Customer: send the receipt of a bank transfer for the overdue invoice;
        accountant: approve it; the invoice is paid."""
        invoice = self.env.ref("qanat_billing.invoice_overdue")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertLess(invoice.invoice_date_due, company_today(self.env))
        self.login(self.customer_user)
        form = self.get(f"/my/receipts/new?invoice_id={invoice.id}")
        self.assertEqual(form.status_code, 200)
        self.assert_shows_name(invoice.name, form)
        # The invoice says where to transfer the money: the company's Sheba.
        page = self.get(invoice.get_portal_url(report_type="html"))
        sheba = self.company.partner_id.bank_ids[:1].acc_number or ""
        self.assertTrue(sheba.startswith("IR"), sheba)
        self.assert_shows_name(sheba, page)
        residual_in_unit = self.company._qanat_format_money(
            invoice.amount_residual, lang="fa_IR", with_label=False
        )
        self.assertIn(residual_in_unit, form.text)
        response = self.post(
            "/my/receipts/new",
            {
                "invoice_id": invoice.id,
                "amount": residual_in_unit,
                "payment_date": persian.format_jalali_date(company_today(self.env)),
                "bank_reference": "۱۴۰۵۱۲۳۴۵۶",
            },
            files={"receipt_image": ("receipt.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 303, self.text_of(response)[:2000])
        receipt = self.env["qanat.payment.receipt"].search(
            [("invoice_id", "=", invoice.id), ("state", "=", "submitted")]
        )
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.amount, invoice.amount_residual)
        self.assertEqual(receipt.bank_reference, "1405123456")

        as_accountant = receipt.with_user(self.accountant)
        self.assertIn(
            as_accountant, as_accountant.search([("state", "=", "submitted")])
        )
        as_accountant.action_approve()
        self.assertEqual(receipt.state, "approved")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(invoice.amount_residual)

    def test_ticket_answered_then_pay_per_case_invoice(self):
        """Customer: go pay-per-case for the expired device and open a ticket on
        it; support: answer it and log the work; customer: read the answer and
        close the ticket, which invoices the case."""
        self.assertTrue(self.support, "the demo has a support agent (login support)")
        self.login(self.customer_user)
        response = self.post(
            f"/my/devices/{self.expired.id}/service", {"choice": "per_case"}
        )
        self.assertIn(response.status_code, (200, 303))
        self.assertEqual(self.expired.service_state, "pay_per_case")
        response = self.post(
            "/my/tickets/new",
            {
                "name": "صدای غیرعادی کمپرسور",
                "description": "از دیروز کمپرسور هنگام روشن شدن صدا می‌دهد.",
                "device_id": self.expired.id,
                "priority": "2",
            },
        )
        self.assertEqual(response.status_code, 303, self.text_of(response)[:2000])
        ticket = self.env["qanat.ticket"].search(
            [("device_id", "=", self.expired.id), ("name", "=", "صدای غیرعادی کمپرسور")]
        )
        self.assertEqual(ticket.billing_mode, "per_case")

        answer = "شیر تخلیه را باز کنید؛ کارشناس ما فردا تماس می‌گیرد."
        ticket.with_user(self.support).message_post(
            body=answer, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(ticket.state, "answered")
        ticket.with_user(self.support).write(
            {
                "difficulty_id": self.env.ref(
                    "qanat_helpdesk.qanat_ticket_difficulty_standard"
                ).id
            }
        )
        self.env["qanat.ticket.effort"].with_user(self.support).create(
            {
                "ticket_id": ticket.id,
                "user_id": self.support.id,
                "hours": 2,
                "description": "عیب‌یابی تلفنی و تنظیم شیر تخلیه",
            }
        )

        page = self.get(f"/my/tickets/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        # The conversation is the portal chatter, loaded by the page's script: the
        # answer is a public message of the ticket, not an internal note.
        public = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and not m.subtype_id.internal
        )
        self.assertIn(answer, "".join(public.mapped("body")))
        response = self.post(f"/my/tickets/{ticket.id}/close")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(ticket.state, "closed")
        invoice = ticket.qanat_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.customer)
        # Base price of a standard case plus 2 hours at the hourly rate, plus VAT.
        difficulty = ticket.difficulty_id
        expected = difficulty.base_price + 2 * 5_000_000 * difficulty.price_factor
        self.assertEqual(invoice.amount_untaxed, expected)
        self.assert_shows_name(invoice.name, self.get("/my/invoices"))
