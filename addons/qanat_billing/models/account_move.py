from odoo import models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """Post customer invoices one customer at a time, then check the debt.

        The customer's row is locked (NOWAIT: a concurrent posting fails at once
        and Odoo retries it), so two invoices posted together are both counted
        before the warning and the ceiling are evaluated.
        """
        customers = self.filtered(lambda m: m.is_sale_document()).partner_id
        customers = customers.commercial_partner_id
        if customers:
            self._qanat_lock_partners(customers)
        posted = super()._post(soft=soft)
        if customers:
            posted.invalidate_recordset()
            customers.invalidate_recordset(["qanat_debt"])
            customers._qanat_check_debt_thresholds()
        return posted

    def _qanat_lock_partners(self, partners):
        # A LockNotAvailable error is a concurrency error: Odoo retries the call.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(partners.ids),
            )
        )
