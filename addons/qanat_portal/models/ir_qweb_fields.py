from odoo import api, fields, models

from odoo.addons.qanat_devices.tools import persian


def _is_persian(env):
    return (env.lang or "").startswith("fa")


class IrQwebFieldDate(models.AbstractModel):
    """Persian readers see Jalali dates with Persian digits on every QWeb page."""

    _inherit = "ir.qweb.field.date"

    @api.model
    def value_to_html(self, value, options):
        if value and _is_persian(self.env):
            return persian.format_jalali_date(value)
        return super().value_to_html(value, options)


class IrQwebFieldDatetime(models.AbstractModel):
    _inherit = "ir.qweb.field.datetime"

    @api.model
    def value_to_html(self, value, options):
        if not value or not _is_persian(self.env):
            return super().value_to_html(value, options)
        if isinstance(value, str):
            value = fields.Datetime.from_string(value)
        tz_name = (
            options.get("tz_name") or self.env.context.get("tz") or (self.env.user.tz)
        )
        if options.get("date_only"):
            datetime_format = "%Y/%m/%d"
        elif options.get("time_only"):
            datetime_format = "%H:%M"
        else:
            datetime_format = "%Y/%m/%d %H:%M"
        return persian.format_jalali_datetime(
            value, tz_name=tz_name or "Asia/Tehran", datetime_format=datetime_format
        )
