from odoo import models
from odoo.exceptions import UserError


class AccountMoveOfficialInvoice(models.Model):
    _inherit = "account.move"

    def _qanat_official_invoice_refusal(self):
        """Why the official invoice cannot be issued yet, or False.

        Posted customer invoices only; legal customers' once paid.
        """
        self.ensure_one()
        if (
            self.move_type not in ("out_invoice", "out_refund")
            or self.state != "posted"
        ):
            return self.env._(
                "An official invoice is issued for posted customer invoices."
            )
        buyer = self.partner_id.commercial_partner_id
        is_legal = buyer.is_company or buyer.legal_national_id
        if is_legal and self.payment_state not in ("paid", "in_payment"):
            return self.env._(
                "The official invoice of %(customer)s (a legal entity) is "
                "available once invoice %(invoice)s is paid.",
                customer=buyer.name,
                invoice=self.name,
            )
        return False

    def _qanat_check_official_invoice_available(self):
        refusal = self._qanat_official_invoice_refusal()
        if refusal:
            raise UserError(refusal)
