from odoo import api, fields, models

from odoo.addons.qanat_devices.tools import persian


class QanatOfficialHoliday(models.Model):
    """A dated official holiday of Iran that moves with the Hijri calendar.

    The suite ships a forecast for the coming Jalali years; the dates of Iran's
    official calendar can differ by a day (moon sighting), so staff correct
    them here and the calendars' time off follows.
    """

    _name = "qanat.official.holiday"
    _description = "Official lunar holiday"
    _order = "date"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    jalali_year = fields.Integer(
        compute="_compute_jalali_year", store=True, string="Jalali year"
    )
    active = fields.Boolean(default=True)
    leave_ids = fields.One2many(
        "resource.calendar.leaves", "qanat_holiday_id", string="Time off"
    )

    _sql_constraints = [
        (
            "name_date_unique",
            "unique(name, date)",
            "This holiday is already on this date.",
        ),
    ]

    @api.depends("date")
    def _compute_jalali_year(self):
        for holiday in self:
            holiday.jalali_year = (
                persian.jalali_year(holiday.date) if holiday.date else 0
            )

    def write(self, vals):
        result = super().write(vals)
        if {"date", "name"} & set(vals):
            for leave in self.leave_ids:
                leave.write(leave.qanat_holiday_id._leave_values(leave.calendar_id))
        if "active" in vals:
            self.filtered(lambda holiday: not holiday.active).leave_ids.unlink()
        return result

    def _leave_values(self, calendar):
        self.ensure_one()
        start_utc, stop_utc = calendar._qanat_day_bounds_utc(self.date)
        return {"name": self.name, "date_from": start_utc, "date_to": stop_utc}
