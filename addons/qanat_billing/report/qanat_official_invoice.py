from odoo import api, models

from odoo.addons.qanat_devices.tools import persian


class ReportOfficialInvoice(models.AbstractModel):
    """The official Persian invoice: right to left, Jalali dates, Rial in words."""

    _name = "report.qanat_billing.report_official_invoice_document"
    _description = "Official Persian Invoice"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        for move in moves:
            move._qanat_check_official_invoice_available()
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": moves,
            "to_fa": persian.to_persian_digits,
            "jalali": persian.format_jalali_date,
            "money": self._money,
            "words": self._words,
            "payment_label": self._payment_label,
        }

    @api.model
    def _money(self, amount, move):
        if move.currency_id.name == "IRR":
            return persian.format_amount(amount, unit="rial", with_label=False)
        return persian.to_persian_digits(f"{amount:,.2f}")

    @api.model
    def _words(self, amount, move):
        if move.currency_id.name == "IRR":
            return persian.amount_to_words(amount, unit="rial")
        return f"{persian.number_to_words(amount)} {move.currency_id.name}"

    @api.model
    def _payment_label(self, move):
        return {
            "paid": "پرداخت شده",
            "in_payment": "در حال پرداخت",
            "partial": "بخشی پرداخت شده",
        }.get(move.payment_state, "پرداخت نشده")
