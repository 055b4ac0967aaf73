import re
import subprocess
import tempfile
import unicodedata

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import QanatBillingCase
from .test_debt import make_invoice


@tagged("post_install", "-at_install")
class TestOfficialInvoice(QanatBillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat = cls.env["account.tax"].create(
            {"name": "VAT 10%", "amount": 10, "amount_type": "percent"}
        )
        cls.customer_a.write(
            {"street": "Valiasr Street 12", "city": "Tehran", "zip": "1619735744"}
        )

    def _html(self, invoice):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "qanat_billing.report_official_invoice", invoice.ids
        )
        return html.decode()

    def _pdf_text(self, invoice):
        # Odoo returns HTML in tests unless asked to really run wkhtmltopdf.
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = report._render_qweb_pdf(
            "qanat_billing.report_official_invoice", invoice.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout.decode()
            fonts = subprocess.run(
                ["pdffonts", handle.name],
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout.decode()
        # pdftotext gives Arabic-script glyph forms and direction marks: normalise.
        text = unicodedata.normalize("NFKC", text)
        return re.sub("[\u200e\u200f\u202a-\u202e]", "", text), fonts

    def test_persian_invoice_renders_with_words_and_jalali_date(self):
        invoice = make_invoice(self.env, self.customer_a, 1_250_000)
        invoice.invoice_line_ids.tax_ids = self.vat
        invoice.invoice_date = "2026-11-22"
        invoice.action_post()
        html = self._html(invoice)
        for expected in (
            "صورتحساب فروش کالا و خدمات",
            'dir="rtl"',
            "Customer A",
            "۱۴۰۵/۰۹/۰۱",  # Jalali date with Persian digits
            "۱٬۳۷۵٬۰۰۰",  # total with 10% VAT
            "یک میلیون و سیصد و هفتاد و پنج هزار ریال",
            "۱۶۱۹۷۳۵۷۴۴",  # buyer's postal code
        ):
            self.assertIn(expected, html)
        # The PDF itself: Vazirmatn embedded as a real font, its text searchable.
        # (wkhtmltopdf embeds shaped Persian glyphs that pdftotext cannot always
        # map back to letters, so words are checked in the HTML above.)
        text, fonts = self._pdf_text(invoice)
        self.assertIn("Vazirmatn", fonts)
        for expected in ("Customer A", "۱۴۰۵/۰۹/۰۱", "۱٬۳۷۵٬۰۰۰", "Service"):
            self.assertIn(expected, text)

    def test_legal_customer_needs_payment(self):
        company = self.env["res.partner"].create(
            {
                "name": "Pars Clinic",
                "is_company": True,
                "legal_national_id": "10380284790",
                "economic_code": "10380284790",
                "property_product_pricelist": self.pricelist.id,
            }
        )
        invoice = make_invoice(self.env, company, 2_000_000)
        invoice.action_post()
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_pdf(
                "qanat_billing.report_official_invoice", invoice.ids
            )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertIn("۱۰۳۸۰۲۸۴۷۹۰", self._html(invoice))
        text, _fonts = self._pdf_text(invoice)
        self.assertIn("Pars Clinic", text)

    def test_draft_invoice_refused(self):
        invoice = make_invoice(self.env, self.customer_a, 1_000_000)
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_pdf(
                "qanat_billing.report_official_invoice", invoice.ids
            )
