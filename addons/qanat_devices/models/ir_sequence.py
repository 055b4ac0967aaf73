import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import persian

# Placeholder of a sequence prefix or suffix for the Jalali year of the
# sequence date (Odoo's %(year)s is the Gregorian one).
JALALI_YEAR = "{jalali_year}"


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _get_prefix_suffix(self, date=None, date_range=None):
        prefix, suffix = super()._get_prefix_suffix(date=date, date_range=date_range)
        if JALALI_YEAR in prefix or JALALI_YEAR in suffix:
            year = str(persian.jalali_year(self._qanat_sequence_date(date)))
            prefix = prefix.replace(JALALI_YEAR, year)
            suffix = suffix.replace(JALALI_YEAR, year)
        return prefix, suffix

    def _qanat_sequence_date(self, date=None):
        """The day the number is for: the given or context date, else today
        in the user's time zone (Tehran by default)."""
        value = date or self.env.context.get("ir_sequence_date")
        if value:
            return fields.Date.to_date(value)
        tz = pytz.timezone(self.env.context.get("tz") or "Asia/Tehran")
        return fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()

    @api.model
    def _qanat_next_by_code_many(self, sequence_code, count):
        """``count`` numbers of the sequence ``sequence_code`` at once, as
        ``next_by_code`` would give them one by one: a standard sequence draws
        them in one query, any other falls back to one call each."""
        if count <= 0:
            return []
        company_id = self.env.company.id
        sequence = self.search(
            [("code", "=", sequence_code), ("company_id", "in", [company_id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return [False] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]
