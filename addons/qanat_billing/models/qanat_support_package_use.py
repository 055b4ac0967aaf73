from odoo import fields, models

from odoo.addons.qanat_devices.tools.dates import company_today_default


class QanatSupportPackageUse(models.Model):
    """Hours taken from a package: a ticket's effort or a logged phone call."""

    _name = "qanat.support.package.use"
    _description = "Support Hours Used"
    _order = "date desc, id desc"

    package_id = fields.Many2one(
        "qanat.support.package", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="package_id.partner_id", store=True, string="Customer"
    )
    ticket_id = fields.Many2one("qanat.ticket", ondelete="restrict", index=True)
    channel = fields.Selection(
        [("ticket", "Ticket"), ("phone", "Phone")], required=True, default="ticket"
    )
    date = fields.Date(required=True, default=company_today_default)
    description = fields.Char()
    user_id = fields.Many2one(
        "res.users", string="Logged By", default=lambda self: self.env.user
    )
    hours = fields.Float(required=True)
