from odoo import fields, models


class QanatDeviceTransferRejectWizard(models.TransientModel):
    _name = "qanat.device.transfer.reject.wizard"
    _description = "Reject a Transfer Request"

    transfer_ids = fields.Many2many(
        "qanat.device.transfer", string="Transfer Requests", required=True
    )
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.transfer_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
