from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    qanat_holiday_id = fields.Many2one(
        "qanat.official.holiday",
        string="Official holiday",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
    )
