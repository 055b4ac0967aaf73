from odoo import api, fields, models
from odoo.exceptions import UserError


class QanatTicket(models.Model):
    _inherit = "qanat.ticket"

    qanat_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False
    )

    def _get_service_refusal(self, partner, device, kind="support"):
        """Above the debt ceiling, no new pay-per-case ticket until paid down."""
        refusal = super()._get_service_refusal(partner, device, kind)
        if refusal or kind != "support":
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

    def action_close(self):
        result = super().action_close()
        if self._qanat_per_case_mode() == "ticket":
            self.filtered(lambda t: t.state == "closed")._qanat_invoice_per_case()
        return result

    @api.model
    def _qanat_per_case_mode(self):
        return self.env["qanat.billing.settings"]._get("per_case_invoicing")

    @api.model
    def _qanat_hourly_rate(self):
        return self.env["qanat.billing.settings"]._get("per_case_hourly_rate")

    def _qanat_invoice_per_case(self):
        """One posted invoice per customer for closed, billable, uninvoiced tickets.

        Prepaid support hours are consumed first; the rest is charged at the
        hourly rate times the difficulty's factor, plus its base price.
        """
        # Runs after the caller's access check (e.g. a customer closing their own
        # ticket): invoicing itself is done with full rights.
        self = self.sudo()
        tickets = self.filtered(
            lambda t: (
                t.state == "closed"
                and t.billing_mode == "per_case"
                and not t.qanat_invoice_id
            )
        )
        product = self.env.ref("qanat_billing.product_per_case_service")
        rate = self._qanat_hourly_rate()
        default_difficulty = self.env["qanat.ticket.difficulty"].search([], limit=1)
        invoices = self.env["account.move"]
        for partner, partner_tickets in tickets.grouped(
            "commercial_partner_id"
        ).items():
            lines = []
            for ticket in partner_tickets:
                difficulty = ticket.difficulty_id or default_difficulty
                if not difficulty:
                    raise UserError(
                        self.env._("Define a difficulty level to invoice tickets.")
                    )
                effort = ticket.effort_line_ids.filtered(lambda e: not e.invoiced)
                hours = sum(effort.mapped("hours"))
                billable = self.env["qanat.support.package"]._consume(
                    partner, hours, ticket, fields.Date.context_today(self)
                )
                amount = (
                    difficulty.base_price + billable * rate * difficulty.price_factor
                )
                lines.append(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "%(ticket)s — %(difficulty)s, %(hours)s h "
                            "(%(covered)s h from support packages)",
                            ticket=ticket.display_name,
                            difficulty=difficulty.name,
                            hours=round(hours, 2),
                            covered=round(hours - billable, 2),
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                    }
                )
                effort.write({"invoiced": True})
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": self.env.ref("base.IRR").id,
                    "invoice_line_ids": [(0, 0, line) for line in lines],
                }
            )
            invoice.action_post()
            partner_tickets.write({"qanat_invoice_id": invoice.id})
            invoices |= invoice
        return invoices

    @api.model
    def _cron_invoice_per_case(self):
        """Monthly mode (the cron runs once a month): invoice every closed
        pay-per-case ticket not invoiced yet, whenever it was closed."""
        if self._qanat_per_case_mode() != "monthly":
            return self.env["account.move"]
        tickets = self.search(
            [
                ("state", "=", "closed"),
                ("billing_mode", "=", "per_case"),
                ("qanat_invoice_id", "=", False),
            ]
        )
        return tickets._qanat_invoice_per_case()
