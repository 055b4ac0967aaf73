from odoo import fields, models


class QanatDeviceType(models.Model):
    _name = "qanat.device.type"
    _description = "Device Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Short code used in reports and integrations, e.g. DENTAL-CHAIR."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty to share this type between companies.",
    )
    device_ids = fields.One2many("qanat.device", "device_type_id", string="Devices")
    device_count = fields.Integer(compute="_compute_device_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The device type code must be unique."),
    ]

    def _compute_device_count(self):
        counts = dict(
            self.env["qanat.device"]._read_group(
                [("device_type_id", "in", self.ids)], ["device_type_id"], ["__count"]
            )
        )
        for device_type in self:
            device_type.device_count = counts.get(device_type, 0)
