import re
import subprocess
import tempfile

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.qanat_devices.tools import persian

from .common import QanatBillingCase
from .official_invoice_common import (
    SELLER_ECONOMIC_CODE,
    SELLER_LEGAL_ID,
    SELLER_ZIP,
    PdfLayout,
    give_seller_identity,
    letters_match,
)

REPORT = "qanat_billing.report_official_invoice"
# The invoice of the layout test, with a figure found once per cell:
# QX-100: 2 h x 12,500,000 - 10% = 22,500,000 + 10% VAT = 24,750,000
# QX-200: 3 x 1,000,000 - 5% = 2,850,000 + 10% VAT = 3,135,000
LINE_1 = {
    "unit_price": "۱۲٬۵۰۰٬۰۰۰",
    "gross": "۲۵٬۰۰۰٬۰۰۰",
    "discount": "۲٬۵۰۰٬۰۰۰",
    "subtotal": "۲۲٬۵۰۰٬۰۰۰",
    "tax": "۲٬۲۵۰٬۰۰۰",
    "total": "۲۴٬۷۵۰٬۰۰۰",
}
SUMS = {
    "gross": "۲۸٬۰۰۰٬۰۰۰",
    "discount": "۲٬۶۵۰٬۰۰۰",
    "subtotal": "۲۵٬۳۵۰٬۰۰۰",
    "tax": "۲٬۵۳۵٬۰۰۰",
    "total": "۲۷٬۸۸۵٬۰۰۰",
}
MONEY_HEADERS = {
    "unit_price": "مبلغ واحد (ریال)",
    "gross": "مبلغ کل (ریال)",
    "discount": "مبلغ تخفیف (ریال)",
    "subtotal": "مبلغ کل پس از تخفیف (ریال)",
    "tax": "جمع مالیات و عوارض (ریال)",
    "total": "جمع کل پس از تخفیف و مالیات و عوارض (ریال)",
}
# Right to left, the order of the columns on the form.
MONEY_ORDER = ["unit_price", "gross", "discount", "subtotal", "tax", "total"]
BUYER_NATIONAL_CODE = "۶۱۲۷۳۲۵۱۲۹"
BUYER_ZIP = "1619735744"


@tagged("post_install", "-at_install")
class TestOfficialInvoice(QanatBillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.state = give_seller_identity(cls.env)
        cls.env.company.partner_id.name = "Qanat Dental Co"
        cls.vat = cls.env["account.tax"].create(
            {"name": "VAT 10%", "amount": 10, "amount_type": "percent"}
        )
        cls.customer_a.write(
            {"street": "Valiasr Street 12", "city": "Tehran", "zip": BUYER_ZIP}
        )
        # Numbered as the Iranian setup numbers invoices: letters, then digits.
        cls.persian_journal = cls.env["account.journal"].create(
            {
                "name": "فروش خدمات",
                "code": "فخ",
                "type": "sale",
                "qanat_jalali_sequence": True,
            }
        )
        cls.chair_service = cls.env["product.product"].create(
            {
                "name": "Dental chair service",
                "default_code": "QX-100",
                "type": "service",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "uom_po_id": cls.env.ref("uom.product_uom_hour").id,
            }
        )
        cls.filter_kit = cls.env["product.product"].create(
            {"name": "Filter kit", "default_code": "QX-200", "type": "consu"}
        )
        cls.pars_clinic = cls.env["res.partner"].create(
            {
                "name": "Pars Clinic",
                "is_company": True,
                "legal_national_id": "10380284790",
                "economic_code": "10380284790",
                "zip": "1434843631",
                "state_id": cls.state.id,
                "city": "Tehran",
                "street": "Enghelab Street 7",
                "property_product_pricelist": cls.pricelist.id,
            }
        )

    # -- helpers ----------------------------------------------------------------

    def _invoice(self, partner=None, lines=None, currency=None, **values):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer_a).id,
                "currency_id": (currency or self.rial).id,
                "invoice_date": "2026-11-22",
                "invoice_line_ids": [
                    (0, 0, line)
                    for line in lines
                    or [{"name": "Service", "quantity": 1, "price_unit": 1_000_000}]
                ],
                **values,
            }
        )

    def _layout_invoice(self):
        invoice = self._invoice(
            lines=[
                {
                    "product_id": self.chair_service.id,
                    "quantity": 2,
                    "price_unit": 12_500_000,
                    "discount": 10,
                    "tax_ids": [(6, 0, self.vat.ids)],
                },
                {
                    "product_id": self.filter_kit.id,
                    "name": "Filter kit for the suction unit",
                    "quantity": 3,
                    "price_unit": 1_000_000,
                    "discount": 5,
                    "tax_ids": [(6, 0, self.vat.ids)],
                },
            ],
            invoice_payment_term_id=self.env.ref(
                "account.account_payment_term_30days"
            ).id,
            journal_id=self.persian_journal.id,
        )
        invoice.action_post()
        self.assertTrue(invoice.name.startswith("فخ/14"), invoice.name)
        return invoice

    def _html(self, invoice):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, invoice.ids
        )
        return html.decode()

    def _pdf(self, invoice):
        # Odoo returns HTML in tests unless asked to really run wkhtmltopdf.
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = report._render_qweb_pdf(REPORT, invoice.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _pdf_fonts(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                ["pdffonts", handle.name], capture_output=True, check=True, timeout=60
            ).stdout.decode()

    def _one(self, layout, text, near=None):
        found = layout.find(text)
        if near is not None:
            found = [cell for cell in found if cell.same_line(near)]
        self.assertEqual(len(found), 1, f"{text!r} once in the PDF, found {found}")
        return found[0]

    def assert_label_of(self, layout, label, value, name=None):
        """``value`` is the cell just on the left of ``label``, on its line, not
        touching it, and closer to it than to anything further left: a reader
        going right to left reads the label, then its value."""
        labels = layout.find(label)
        self.assertTrue(labels, f"label {label!r} not in the PDF")
        pairs = [(cell, layout.neighbours(cell)[0]) for cell in labels]
        matches = value if callable(value) else lambda cell: cell.matches(value)
        name = name or value
        pairs = [(cell, left) for cell, left in pairs if left and matches(left)]
        self.assertEqual(
            len(pairs),
            1,
            f"{name!r} must stand just left of one {label!r}; on their left: "
            f"{[layout.neighbours(cell)[0] for cell in labels]}",
        )
        label_cell, value_cell = pairs[0]
        self.assertFalse(label_cell.intersects(value_cell, margin=0))
        gap = label_cell.x0 - value_cell.x1
        self.assertGreater(gap, 2, f"{label!r} touches its value {name!r}")
        further_left = layout.neighbours(value_cell)[0]
        if further_left:
            self.assertLess(
                gap,
                value_cell.x0 - further_left.x1,
                f"{name!r} is closer to {further_left} than to its label {label!r}",
            )
        return label_cell, value_cell

    # -- layout -------------------------------------------------------------------

    def test_pdf_reads_right_to_left(self):
        """Each label is right of its value, figures stand under their headers,
        the payable total is the figure next to its label, nothing overlaps."""
        invoice = self._layout_invoice()
        pdf = self._pdf(invoice)
        self.assertIn("Vazirmatn", self._pdf_fonts(pdf))
        layout = PdfLayout(pdf)
        # (Digits compared: the Iranian setup numbers invoices «ف/۱۴۰۵/…».)
        digits = persian.to_persian_digits(re.sub(r"\D", "", invoice.name))
        _label, number = self.assert_label_of(
            layout,
            "شماره صورتحساب",
            lambda cell: re.sub(r"[^۰-۹]", "", cell.text) == digits,
            name=f"invoice number {invoice.name}",
        )
        _label, date = self.assert_label_of(layout, "تاریخ صورتحساب", "۱۴۰۵/۰۹/۰۱")
        # Values of one column end on one edge: a number that mixes letters and
        # digits («ف/۱۴۰۵/…») once ran past its cell, under its label.
        self.assertAlmostEqual(number.x1, date.x1, delta=1)
        self.assert_label_of(layout, "مبلغ قابل پرداخت (ریال)", SUMS["total"])
        self.assert_label_of(layout, "نام شخص حقیقی / حقوقی", "Qanat Dental Co")
        self.assert_label_of(layout, "نام شخص حقیقی / حقوقی", "Customer A")
        fa = persian.to_persian_digits
        self.assert_label_of(layout, "کد اقتصادی", fa(SELLER_ECONOMIC_CODE))
        self.assert_label_of(layout, "شناسه ملی", fa(SELLER_LEGAL_ID))
        self.assert_label_of(layout, "کد ملی", BUYER_NATIONAL_CODE)
        self.assert_label_of(layout, "کد پستی", fa(SELLER_ZIP))
        self.assert_label_of(layout, "کد پستی", fa(BUYER_ZIP))
        self.assert_label_of(layout, "استان", "تهران")

        # Columns: right to left in the form's order, each figure of the first
        # line and of the sums row centred under its own header.
        code = self._one(layout, "QX-100")
        number_cell = layout.neighbours(code)[1]
        self.assertTrue(number_cell.matches("۱"), "the row number is right of the code")
        cells = {key: self._one(layout, LINE_1[key], near=code) for key in LINE_1}
        xs = [cells[key].center for key in MONEY_ORDER]
        self.assertEqual(xs, sorted(xs, reverse=True), "money columns right to left")
        self.assertLess(cells["unit_price"].x1, code.x0)
        rial_heads = layout.find("(ریال)")
        self.assertEqual(len(rial_heads), 6, rial_heads)
        title = self._one(layout, "مشخصات کالا یا خدمات مورد معامله")
        for key in MONEY_ORDER:
            value = cells[key]
            # The header lines centred over the figure, top to bottom.
            head = sorted(
                (
                    cell
                    for cell in layout.clusters
                    if abs(cell.center - value.center) < 3
                    and title.y1 <= cell.y0
                    and cell.y1 <= value.y0
                ),
                key=lambda cell: cell.y0,
            )
            self.assertTrue(
                letters_match(
                    "".join(cell.letters for cell in head), MONEY_HEADERS[key]
                ),
                f"{key}: {value} has {head} above it, not {MONEY_HEADERS[key]!r}",
            )
            nearest = min(rial_heads, key=lambda cell: abs(cell.center - value.center))
            self.assertLess(abs(nearest.center - value.center), 3)
        for key, figure in SUMS.items():
            cell = self._one(layout, figure, near=self._one(layout, "جمع کل"))
            self.assertLess(
                abs(cell.center - cells[key].center), 3, f"sum of {key} in its column"
            )
        # The sums row: «جمع کل» followed (leftwards) by the sum of the gross.
        self.assert_label_of(layout, "جمع کل", SUMS["gross"])

        # Nothing drawn over anything else, nothing cut by the page edge.
        self.assertFalse(layout.overlaps())
        for word in layout.words:
            self.assertTrue(
                0 < word.x0 and word.x1 < layout.width and word.y1 < layout.height,
                f"{word} outside the page",
            )

    # -- content -----------------------------------------------------------------

    def test_content_in_rial_with_codes_units_and_terms(self):
        invoice = self._layout_invoice()
        html = self._html(invoice)
        tree = lxml_html.fromstring(html)

        def texts(css_class):
            return [
                " ".join(node.text_content().split())
                for node in tree.xpath(
                    f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]"
                )
            ]

        self.assertIn("صورتحساب فروش کالا و خدمات", html)
        self.assertEqual(texts("qanat-line-code"), ["QX-100", "QX-200"])
        # The code has its own column: not repeated in the description.
        self.assertEqual(
            texts("qanat-line-name"),
            ["Dental chair service", "Filter kit for the suction unit"],
        )
        self.assertEqual(
            texts("qanat-line-uom"),
            [self.env.ref("uom.product_uom_hour").name, self.filter_kit.uom_id.name],
        )
        heads = texts("qanat-money-head")
        self.assertEqual(len(heads), 6)
        for head in heads:
            self.assertTrue(head.endswith("(ریال)"), head)
        self.assertIn("مبلغ قابل پرداخت (ریال)", html)
        # Persian digits and separators, Jalali dates, words in Rial.
        self.assertEqual(
            texts("qanat-invoice-number"),
            [persian.to_persian_digits(invoice.name)],
        )
        self.assertEqual(texts("qanat-invoice-date"), ["۱۴۰۵/۰۹/۰۱"])
        self.assertEqual(texts("qanat-payable"), [SUMS["total"]])
        self.assertEqual(
            texts("qanat-amount-words"),
            ["بیست و هفت میلیون و هشتصد و هشتاد و پنج هزار ریال"],
        )
        self.assertNotIn("27,885,000", html)
        self.assertNotIn("USD", html)
        # Seller and buyer identity, full address.
        self.assertIn(persian.to_persian_digits(SELLER_LEGAL_ID), html)
        self.assertEqual(texts("qanat-party-state")[0], "تهران")
        self.assertEqual(
            texts("qanat-party-street"),
            ["Keshavarz Blvd 45, Unit 3", "Valiasr Street 12"],
        )
        # Terms of sale: on credit (30 days, unpaid), cash once paid.
        self.assertIn("شرایط و نحوه فروش", html)
        self.assertEqual(tree.xpath("//*[@data-terms]/@data-terms"), ["credit"])
        self.assertEqual(texts("qanat-payment-state"), ["پرداخت نشده"])
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        tree = lxml_html.fromstring(self._html(invoice))
        self.assertEqual(tree.xpath("//*[@data-terms]/@data-terms"), ["cash"])
        self.assertIn(texts("qanat-payment-state")[0], ("پرداخت شده", "در حال پرداخت"))

    # -- refusals ------------------------------------------------------------------

    def assert_refused(self, invoice, *expected):
        refusal = invoice._qanat_official_invoice_refusal()
        self.assertTrue(refusal, "the official invoice must be refused")
        for text in expected:
            self.assertIn(text, refusal)
        with self.assertRaises(UserError) as caught:
            self.env["ir.actions.report"]._render_qweb_pdf(REPORT, invoice.ids)
        self.assertEqual(str(caught.exception), refusal)
        return refusal

    def test_seller_details_required(self):
        invoice = self._invoice()
        invoice.action_post()
        self.assertFalse(invoice._qanat_official_invoice_refusal())
        seller = self.env.company.partner_id
        for fields, missing in (
            (["economic_code"], "economic code"),
            (["legal_national_id"], "national ID"),
            (["zip"], "postal code"),
            (["street", "street2"], "street address"),
            (["city"], "city"),
            (["state_id"], "province"),
        ):
            with self.subTest(fields=fields):
                saved = {field: seller[field] for field in fields}
                seller.write(dict.fromkeys(fields, False))
                refusal = self.assert_refused(invoice, "seller", missing)
                self.assertEqual(refusal.count(","), 0, refusal)
                seller.update(saved)
                self.assertFalse(invoice._qanat_official_invoice_refusal())
        # One line alone is an address.
        seller.street = False
        self.assertFalse(invoice._qanat_official_invoice_refusal())
        seller.write({"economic_code": False, "zip": False})
        self.assert_refused(invoice, "economic code and postal code")

    def test_legal_buyer_details_required_then_paid(self):
        company = self.pars_clinic
        invoice = self._invoice(partner=company)
        invoice.action_post()
        company.write({"economic_code": False, "zip": False, "street": False})
        self.assert_refused(
            invoice, "Pars Clinic", "economic code, postal code, and street address"
        )
        company.write(
            {
                "economic_code": "10380284790",
                "zip": "1434843631",
                "street": "Enghelab 7",
            }
        )
        # Complete but unpaid: a legal customer's official invoice waits for payment.
        self.assert_refused(invoice, "once invoice", "is paid")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(invoice._qanat_official_invoice_refusal())
        self.assertIn("۱۰۳۸۰۲۸۴۷۹۰", self._html(invoice))
        layout = PdfLayout(self._pdf(invoice))
        self.assert_label_of(layout, "نام شخص حقیقی / حقوقی", "Pars Clinic")
        self.assert_label_of(layout, "شناسه ملی", "۱۰۳۸۰۲۸۴۷۹۰")
        # A partner with a legal national id is legal too, even if not a company.
        person = self.customer_b
        person.write({"legal_national_id": "10862014307"})
        invoice = self._invoice(partner=person)
        invoice.action_post()
        self.assert_refused(invoice, "Customer B", "economic code", "postal code")

    def test_natural_buyer_needs_national_code(self):
        invoice = self._invoice(partner=self.customer_b)
        invoice.action_post()
        self.assertFalse(invoice._qanat_official_invoice_refusal())
        self.customer_b.national_code = False
        self.assert_refused(invoice, "Customer B", "national code")

    def test_invoice_in_another_currency_refused(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        invoice = self._invoice(currency=usd)
        invoice.action_post()
        self.assert_refused(invoice, "Rial", "USD")

    def test_draft_invoice_refused(self):
        self.assert_refused(self._invoice(), "posted customer invoices")

    def test_refusals_in_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["qanat_billing"], ["fa_IR"])
        invoice = self._invoice(partner=self.pars_clinic)
        invoice.action_post()
        self.pars_clinic.write({"economic_code": False, "zip": False})
        refusal = invoice.with_context(lang="fa_IR")._qanat_official_invoice_refusal()
        self.assertIn("کد اقتصادی", refusal)
        self.assertIn("کد پستی", refusal)
        self.assertIn("Pars Clinic", refusal)
        usd = self.env.ref("base.USD")
        usd.active = True
        invoice = self._invoice(currency=usd)
        invoice.action_post()
        refusal = invoice.with_context(lang="fa_IR")._qanat_official_invoice_refusal()
        self.assertIn("ریال", refusal)

    # -- the invoice customers get by default --------------------------------------

    def test_invoice_is_sent_printed_and_downloaded_as_the_official_form(self):
        official = self.env.ref(REPORT)
        invoice = self._invoice()
        invoice.action_post()
        self.assertEqual(
            self.env["account.move.send"]._get_default_pdf_report_id(invoice), official
        )
        self.assertEqual(
            invoice.with_context(discard_logo_check=True).action_print_pdf()[
                "report_name"
            ],
            official.report_name,
        )
        self.assertTrue(official.is_invoice_report)
        # Downloaded before it was ever sent (Odoo renders HTML in tests).
        document = invoice._get_invoice_legal_documents("pdf", allow_fallback=True)
        self.assertIn(b"qanat-official-invoice", document["content"])

    def test_invoice_that_cannot_be_official_yet_is_the_persian_form(self):
        persian_form = self.env.ref("qanat_billing.report_persian_invoice")
        self.customer_b.national_code = False
        invoice = self._invoice(partner=self.customer_b)
        invoice.action_post()
        self.assertEqual(
            self.env["account.move.send"]._get_default_pdf_report_id(invoice),
            persian_form,
        )
        self.assertEqual(
            invoice.with_context(discard_logo_check=True).action_print_pdf()[
                "report_name"
            ],
            persian_form.report_name,
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            persian_form.report_name, invoice.ids
        )
        tree = lxml_html.fromstring(html)
        [note] = tree.xpath("//*[contains(@class, 'qanat-not-official')]")
        self.assertIn("national code", note.text_content())
        self.assertIn("صورتحساب فروش کالا و خدمات", html.decode())
        # The official form itself stays refused.
        with self.assertRaises(UserError):
            self._html(invoice)

    def test_invoice_in_another_currency_keeps_odoos_layout(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        invoice = self._invoice(currency=usd)
        invoice.action_post()
        self.assertEqual(
            self.env["account.move.send"]._get_default_pdf_report_id(invoice),
            self.env.ref("account.account_invoices"),
        )
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_html(
                "qanat_billing.report_persian_invoice_document", invoice.ids
            )

    def test_draft_is_a_persian_proforma(self):
        invoice = self._invoice()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "qanat_billing.report_persian_invoice_document", invoice.ids
        )
        tree = lxml_html.fromstring(html)
        self.assertEqual(tree.xpath("//h2")[0].text_content(), "پیش‌فاکتور")

    def test_customers_own_invoice_template_wins(self):
        standard = self.env.ref("account.account_invoices")
        self.customer_a.invoice_template_pdf_report_id = standard
        invoice = self._invoice()
        invoice.action_post()
        self.assertEqual(
            self.env["account.move.send"]._get_default_pdf_report_id(invoice), standard
        )
        self.assertEqual(
            invoice.with_context(discard_logo_check=True).action_print_pdf()[
                "report_name"
            ],
            standard.report_name,
        )

    def test_unpaid_invoice_says_where_to_pay(self):
        bank = self.env["res.bank"].create({"name": "بانک ملت"})
        account = self.env["res.partner.bank"].create(
            {
                "acc_number": "IR380120000000004021345678",
                "partner_id": self.env.company.partner_id.id,
                "bank_id": bank.id,
                "allow_out_payment": True,
            }
        )
        invoice = self._invoice(partner_bank_id=account.id)
        invoice.action_post()
        tree = lxml_html.fromstring(self._html(invoice))
        [row] = tree.xpath("//tr[contains(@class, 'qanat-payment-instructions')]")
        text = " ".join(row.text_content().split())
        self.assertIn("IR380120000000004021345678", text)
        self.assertIn("نزد بانک ملت،", text)
        self.assertIn(
            f"شناسه واریز {persian.to_persian_digits(invoice.payment_reference)}", text
        )
        self.assertIn("مانده ۱٬۰۰۰٬۰۰۰ ریال", text)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        tree = lxml_html.fromstring(self._html(invoice))
        self.assertFalse(
            tree.xpath("//tr[contains(@class, 'qanat-payment-instructions')]")
        )
