from odoo import models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list


class AccountMoveOfficialInvoice(models.Model):
    _inherit = "account.move"

    def _qanat_official_invoice_refusal(self):
        """Why the official invoice cannot be issued yet, or False.

        Posted customer invoices in Rial only: the official form prints the
        invoice's own amounts in Rial, so an invoice in another currency is
        refused rather than converted at some rate (re-issue it in IRR). The
        seller must have its economic code, national ID, postal code and full
        address; so must a legal buyer (a company, or a partner with a legal
        national ID), whose official invoice is issued once paid. A natural
        person needs at least a national code.
        """
        self.ensure_one()
        if (
            self.move_type not in ("out_invoice", "out_refund")
            or self.state != "posted"
        ):
            return self.env._(
                "An official invoice is issued for posted customer invoices."
            )
        if self.currency_id.name != "IRR":
            return self.env._(
                "The official invoice is written in Rial, but invoice %(invoice)s "
                "is in %(currency)s. Issue the invoice in Rial (IRR) to get its "
                "official invoice.",
                invoice=self.name,
                currency=self.currency_id.name,
            )
        seller = self.company_id.partner_id
        missing = self._qanat_official_missing_details(seller, legal=True)
        if missing:
            return self.env._(
                "The official invoice cannot be issued yet: the seller's details "
                "(%(seller)s) lack the %(missing)s.",
                seller=seller.name,
                missing=missing,
            )
        buyer = self.partner_id.commercial_partner_id
        is_legal = self._qanat_official_buyer_is_legal()
        missing = self._qanat_official_missing_details(buyer, legal=is_legal)
        if missing:
            return self.env._(
                "The official invoice cannot be issued yet: the details of "
                "customer %(customer)s lack the %(missing)s.",
                customer=buyer.name,
                missing=missing,
            )
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

    def _qanat_official_buyer_is_legal(self):
        buyer = self.partner_id.commercial_partner_id
        return bool(buyer.is_company or buyer.legal_national_id)

    def _qanat_official_missing_details(self, partner, legal):
        """The details of ``partner`` the official form needs and lacks, as a
        translated list ("economic code, postal code and city"), or ""."""
        if legal:
            checks = [
                (partner.economic_code, self.env._("economic code")),
                (partner.legal_national_id, self.env._("national ID")),
                (partner.zip, self.env._("postal code")),
                (partner.state_id, self.env._("province")),
                (partner.city, self.env._("city")),
                (partner.street or partner.street2, self.env._("street address")),
            ]
        else:
            checks = [(partner.national_code, self.env._("national code"))]
        missing = [label for value, label in checks if not value]
        if not missing:
            return ""
        return format_list(self.env, missing, lang_code=self.env.lang or "en_US")

    def _qanat_official_sale_terms(self):
        """«نقدی» (cash) or «غیر نقدی» (credit) on the official form: cash when
        the invoice is paid or falls due on its own date, credit otherwise."""
        self.ensure_one()
        if self.payment_state in ("paid", "in_payment"):
            return "cash"
        due = self.invoice_date_due
        if not due or not self.invoice_date or due <= self.invoice_date:
            return "cash"
        return "credit"
