from odoo import fields, models


class QanatDeviceOwnership(models.Model):
    """One line per owner of a device, written only by the device's own methods."""

    _name = "qanat.device.ownership"
    _description = "Device Ownership History"
    _order = "date_start desc, id desc"

    device_id = fields.Many2one(
        "qanat.device", required=True, ondelete="cascade", index=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, ondelete="restrict", readonly=True
    )
    date_start = fields.Datetime(string="Owner Since", required=True, readonly=True)
    date_end = fields.Datetime(string="Owner Until", readonly=True)
    reason = fields.Selection(
        [
            ("registration", "Registration"),
            ("transfer", "Ownership transfer"),
            ("correction", "Correction before installation"),
        ],
        required=True,
        readonly=True,
    )
    transfer_id = fields.Many2one(
        "qanat.device.transfer", string="Transfer Request", readonly=True
    )
    company_id = fields.Many2one(related="device_id.company_id", store=True)
