from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_post(self):
        result = super().action_post()
        partners = self.filtered(lambda p: p.partner_type == "customer").partner_id
        if partners:
            partners.commercial_partner_id.invalidate_recordset(["qanat_debt"])
            partners._qanat_check_debt_thresholds()
        return result
