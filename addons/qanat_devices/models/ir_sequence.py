import pytz

from odoo import fields, models

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
