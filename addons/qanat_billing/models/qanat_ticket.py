from odoo import models


class QanatTicket(models.Model):
    _inherit = "qanat.ticket"

    def _get_service_refusal(self, partner, device):
        """Above the debt ceiling, no new pay-per-case ticket until paid down."""
        refusal = super()._get_service_refusal(partner, device)
        if refusal:
            return refusal
        per_case = device.sudo().service_state == "pay_per_case" if device else False
        if per_case and partner.commercial_partner_id._qanat_debt_reached_ceiling():
            debt = partner.commercial_partner_id.qanat_debt
            ceiling = partner._qanat_debt_limits()[1]
            return self.env._(
                "Your debt of %(debt)s is above the ceiling of %(ceiling)s: please pay "
                "your invoices before opening a new pay-per-case ticket.",
                debt=self.env.company._qanat_format_money(debt),
                ceiling=self.env.company._qanat_format_money(ceiling),
            )
        return False
