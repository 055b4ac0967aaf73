from odoo import fields, models


class QanatSupportPackageUse(models.Model):
    _name = "qanat.support.package.use"
    _description = "Support Hours Used"

    package_id = fields.Many2one(
        "qanat.support.package", required=True, ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one("qanat.ticket", required=True, ondelete="restrict")
    hours = fields.Float(required=True)
