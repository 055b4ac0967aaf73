from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qanat_moadian_memory_id = fields.Char(
        related="company_id.qanat_moadian_memory_id", readonly=False
    )
    qanat_moadian_environment = fields.Selection(
        related="company_id.qanat_moadian_environment", readonly=False
    )
    qanat_moadian_private_key = fields.Binary(
        related="company_id.qanat_moadian_private_key", readonly=False
    )
    qanat_moadian_certificate = fields.Binary(
        related="company_id.qanat_moadian_certificate", readonly=False
    )
