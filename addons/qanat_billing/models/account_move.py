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
            self._qanat_apply_first_invoice_term()
        posted = super()._post(soft=soft)
        if customers:
            posted.invalidate_recordset()
            customers.invalidate_recordset(["qanat_debt"])
            customers._qanat_check_debt_thresholds()
        return posted

    def _qanat_apply_first_invoice_term(self):
        """A customer's first invoice gets the grace term (30 days by default)."""
        first_invoices = self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and not m.invoice_payment_term_id
                and m.state == "draft"
            )
        )
        if not first_invoices:
            return
        invoiced = set(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    (
                        "commercial_partner_id",
                        "in",
                        first_invoices.commercial_partner_id.ids,
                    ),
                ],
                ["commercial_partner_id"],
            )
        )
        term = None
        for move in first_invoices:
            if (move.commercial_partner_id,) in invoiced:
                continue
            term = term or self._qanat_first_invoice_term()
            move.invoice_payment_term_id = term

    def _qanat_first_invoice_term(self):
        days = self.env["res.partner"]._qanat_first_invoice_days()
        terms = self.env["account.payment.term"].sudo()
        name = self.env._("First invoice: %(days)s days", days=days)
        term = terms.search(
            [("name", "=", name), ("company_id", "in", (False, self.env.company.id))],
            limit=1,
        )
        return term or terms.create(
            {
                "name": name,
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 100, "nb_days": days})
                ],
            }
        )

    def _qanat_lock_partners(self, partners):
        # A LockNotAvailable error is a concurrency error: Odoo retries the call.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(partners.ids),
            )
        )

    def _qanat_demo_pay(self):
        """Demo only: the invoices paid in full by bank transfer on their date."""
        for move in self:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": move.invoice_date})._create_payments()
