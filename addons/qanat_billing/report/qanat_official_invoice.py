from odoo import api, models
from odoo.tools import float_round, html2plaintext, is_html_empty

from odoo.addons.qanat_devices.tools import persian

PERSIAN_DECIMAL_SEPARATOR = "\u066b"  # «٫»


class ReportOfficialInvoice(models.AbstractModel):
    """The official Persian invoice («صورتحساب فروش کالا و خدمات»).

    Always in Rial with Persian digits (invoices in another currency are refused
    by ``account.move._qanat_official_invoice_refusal``), Jalali dates, the
    amount in words, the seller's and buyer's identity and the standard columns.
    """

    _name = "report.qanat_billing.report_official_invoice_document"
    _description = "Official Persian Invoice"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        for move in moves:
            move._qanat_check_official_invoice_available()
        return self._qanat_form_values(moves)

    @api.model
    def _qanat_form_values(self, moves):
        return {
            "doc_ids": moves.ids,
            "doc_model": "account.move",
            "docs": moves,
            "to_fa": persian.to_persian_digits,
            "jalali": persian.format_jalali_date,
            "money": self._money,
            "words": self._words,
            "quantity": self._quantity,
            "invoice_lines": self._invoice_lines,
            "is_html_empty": is_html_empty,
            "text_words": self._text_words,
            "html2plaintext": html2plaintext,
            "street": self._street,
            "payment_terms": self._payment_terms,
        }

    @api.model
    def _text_words(self, text):
        return persian.pdf_words(text)

    @api.model
    def _street(self, partner):
        """Street and second street line, with a Persian comma in Persian."""
        parts = [part for part in (partner.street, partner.street2) if part]
        persian_text = any("\u0600" <= char <= "\u06ff" for char in "".join(parts))
        return ("، " if persian_text else ", ").join(parts)

    @api.model
    def _payment_terms(self, move):
        """«نزد بانک ملت، شناسه واریز ف/۱۴۰۵/۰۰۰۰۲، مانده»: the bank of the
        Sheba printed before it and the reference to quote; the form is always
        Persian, like its labels."""
        parts = []
        if move.partner_bank_id.bank_id:
            parts.append(f"نزد {move.partner_bank_id.bank_id.name}،")
        if move.payment_reference:
            parts.append(
                f"شناسه واریز {persian.to_persian_digits(move.payment_reference)}،"
            )
        parts.append("مانده")
        return " ".join(parts)

    @api.model
    def _money(self, amount_rial):
        """«۱۲٬۵۰۰٬۰۰۰»: the column headers say "(ریال)"."""
        return persian.format_amount(amount_rial, unit="rial", with_label=False)

    @api.model
    def _words(self, amount_rial):
        return persian.amount_to_words(amount_rial, unit="rial")

    @api.model
    def _quantity(self, line):
        digits = line.product_uom_id.rounding or 0.01
        text = f"{float_round(line.quantity, precision_rounding=digits):f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return persian.to_persian_digits(text).replace(".", PERSIAN_DECIMAL_SEPARATOR)

    @api.model
    def _line_code(self, line):
        """The «کد کالا» column: the product's internal reference."""
        return line.product_id.default_code or ""

    @api.model
    def _invoice_lines(self, move):
        """The printed rows: amounts before tax, whether prices include tax or not.

        ``gross`` is quantity x unit price before discount and tax; the discount is
        what the discount removed; VAT and duties are the line's taxes.
        """
        rows = []
        lines = move.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        for number, line in enumerate(lines, start=1):
            gross = line.tax_ids.compute_all(
                line.price_unit,
                currency=move.currency_id,
                quantity=line.quantity,
                product=line.product_id,
                partner=move.partner_id,
                is_refund=move.move_type == "out_refund",
            )["total_excluded"]
            reference = line.product_id.default_code or ""
            name = line.name or line.product_id.name or ""
            # Odoo starts a product line's label with "[reference] ": the code
            # has its own column.
            if reference and name.startswith(f"[{reference}] "):
                name = name[len(reference) + 3 :]
            rows.append(
                {
                    "number": number,
                    "code": self._line_code(line),
                    "name": name,
                    "quantity": self._quantity(line),
                    "uom": line.product_uom_id.name or "",
                    "unit_price": gross / line.quantity if line.quantity else 0.0,
                    "gross": gross,
                    "discount": gross - line.price_subtotal,
                    "subtotal": line.price_subtotal,
                    "tax": line.price_total - line.price_subtotal,
                    "total": line.price_total,
                }
            )
        return rows


class ReportPersianInvoice(models.AbstractModel):
    """The same Persian form for a customer invoice in Rial that cannot be
    official yet, marked unofficial with the reason (Odoo's own layout prints
    Persian text over itself on a Letter page)."""

    _name = "report.qanat_billing.report_persian_invoice_document"
    _inherit = "report.qanat_billing.report_official_invoice_document"
    _description = "Persian Invoice"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        for move in moves:
            move._qanat_check_persian_invoice_available()
        values = self._qanat_form_values(moves)
        values["not_official"] = {
            move.id: move._qanat_official_invoice_refusal() for move in moves
        }
        return values
