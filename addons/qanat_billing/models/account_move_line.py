from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def reconcile(self):
        result = super().reconcile()
        receivable = self.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        if receivable:
            # Only the customers whose debt this payment changed.
            self.env["res.partner"]._qanat_restore_paid_customers(
                receivable.partner_id.commercial_partner_id
            )
        return result
