from odoo import fields, models


class QanatDeviceDebt(models.Model):
    _inherit = "qanat.device"

    qanat_suspended_for_debt = fields.Boolean(
        string="Suspended for Debt", readonly=True, copy=False
    )
