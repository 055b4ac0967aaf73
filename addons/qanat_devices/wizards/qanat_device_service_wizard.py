from odoo import fields, models


class QanatDeviceServiceWizard(models.TransientModel):
    _name = "qanat.device.service.wizard"
    _description = "Suspend or Cancel a Device's Service"

    device_ids = fields.Many2many("qanat.device", string="Devices", required=True)
    action = fields.Selection(
        [("suspend", "Suspend the service"), ("cancel", "Cancel the service")],
        required=True,
        default="cancel",
    )
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.device_ids._check_qanat_user()
        if self.action == "suspend":
            self.device_ids._suspend_service(self.reason)
        else:
            self.device_ids._cancel_service(self.reason)
        return {"type": "ir.actions.act_window_close"}
