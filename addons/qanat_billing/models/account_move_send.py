from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _get_default_pdf_report_id(self, move):
        """Invoices are sent as the official Persian invoice once it can be
        issued, unless the customer has an invoice template of their own."""
        partner = move.partner_id.with_company(move.company_id)
        if partner.invoice_template_pdf_report_id:
            return super()._get_default_pdf_report_id(move)
        return move._qanat_invoice_report()
