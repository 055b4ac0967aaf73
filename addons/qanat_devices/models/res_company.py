from odoo import fields, models

from ..tools import persian

MONEY_UNITS = [("toman", "Toman"), ("rial", "Rial")]


class ResCompany(models.Model):
    _inherit = "res.company"

    qanat_money_unit = fields.Selection(
        MONEY_UNITS,
        string="Show Amounts in",
        default="toman",
        required=True,
        help="Amounts are stored in Rial; customers and staff read them in this "
        "unit on every page, message and document except the official invoice, "
        "which is always in Rial.",
    )

    def _qanat_format_money(self, amount_rial, lang=None, with_label=True):
        """One amount stored in Rial, written the way this company shows money.

        Persian readers get Persian digits and «٬»; others Latin digits and «,».
        """
        company = self[:1] or self.env.company
        lang = lang if lang is not None else (self.env.lang or "")
        text = persian.format_amount(
            amount_rial,
            unit=company.qanat_money_unit or "toman",
            persian_digits=lang.startswith("fa"),
            with_label=False,
        )
        if not lang.startswith("fa"):
            text = text.replace(persian.PERSIAN_THOUSANDS_SEPARATOR, ",")
        if not with_label:
            return text
        return f"{text} {company._qanat_money_unit_label(lang)}"

    def _qanat_money_unit_label(self, lang=None):
        """The unit's name for the reader: «تومان» / «ریال» in Persian."""
        company = self[:1] or self.env.company
        lang = lang if lang is not None else (self.env.lang or "")
        rial = company.qanat_money_unit == "rial"
        if lang.startswith("fa"):
            return persian.RIAL_LABEL if rial else persian.TOMAN_LABEL
        return "Rial" if rial else "Toman"

    def _qanat_money_to_rial(self, amount):
        """An amount typed in the company's display unit, back in Rial."""
        company = self[:1] or self.env.company
        if company.qanat_money_unit == "rial":
            return persian.round_half_up(amount)
        return persian.toman_to_rial(amount)
