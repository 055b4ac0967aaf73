from odoo import fields, models

from odoo.addons.qanat_devices.tools import persian

# CODE/1405/00001: a Jalali year (13xx/14xx) between the code and the number.
JALALI_YEARLY_REGEX = (
    r"^(?P<prefix1>.*?)(?P<year>((?<=\D)|(?<=^))1[34]\d{2})"
    r"(?P<prefix2>\D+?)(?P<seq>\d*)(?P<suffix>\D*?)$"
)


class AccountMoveSequence(models.Model):
    """Jalali-year numbering for the journals that ask for it (Iranian sales)."""

    _inherit = "account.move"

    def _qanat_jalali_numbered(self):
        journal = self[:1].journal_id
        return (
            bool(journal.qanat_jalali_sequence) and not journal.sequence_override_regex
        )

    @property
    def _sequence_yearly_regex(self):
        if self._qanat_jalali_numbered():
            return JALALI_YEARLY_REGEX
        return super()._sequence_yearly_regex

    def _qanat_jalali_year(self):
        move_date = fields.Date.to_date(
            self.date or self.invoice_date or fields.Date.context_today(self)
        )
        return persian.jalali_year(move_date)

    def _get_sequence_date_range(self, reset):
        if reset == "year" and self._qanat_jalali_numbered():
            move_date = fields.Date.to_date(self[self._sequence_date_field])
            first, last = persian.jalali_year_bounds(move_date)
            year = self._qanat_jalali_year()
            return first, last, year, year
        return super()._get_sequence_date_range(reset)

    def _get_starting_sequence(self):
        if not self._qanat_jalali_numbered():
            return super()._get_starting_sequence()
        self.ensure_one()
        sequence = f"{self.journal_id.code}/{self._qanat_jalali_year()}/00000"
        if self.journal_id.refund_sequence and self.move_type in (
            "out_refund",
            "in_refund",
        ):
            sequence = "R" + sequence
        if (
            self.journal_id.payment_sequence and self.origin_payment_id
        ) or self.env.context.get("is_payment"):
            sequence = "P" + sequence
        return sequence
