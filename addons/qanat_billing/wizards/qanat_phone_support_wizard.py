from odoo import api, fields, models

from odoo.addons.qanat_devices.tools.dates import company_today_default


class QanatPhoneSupportWizard(models.TransientModel):
    _name = "qanat.phone.support.wizard"
    _description = "Log Phone Support"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    hours = fields.Float(string="Call Length (hours)", required=True)
    date = fields.Date(required=True, default=company_today_default)
    description = fields.Char(string="Subject")
    hours_left = fields.Float(
        string="Hours Left in Valid Packages", compute="_compute_hours_left"
    )

    @api.depends("partner_id", "date")
    def _compute_hours_left(self):
        packages = self.env["qanat.support.package"]
        for wizard in self:
            wizard.hours_left = (
                packages._hours_left(wizard.partner_id, wizard.date)
                if wizard.partner_id and wizard.date
                else 0.0
            )

    def action_log(self):
        self.ensure_one()
        self.env["qanat.support.package"]._log_phone_support(
            self.partner_id, self.hours, self.description, self.date
        )
        return {"type": "ir.actions.act_window_close"}
