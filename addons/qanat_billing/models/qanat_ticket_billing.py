from odoo import api, fields, models
from odoo.exceptions import UserError

DEFAULT_HOURLY_RATE = 5_000_000  # Rial


class QanatTicketDifficulty(models.Model):
    _inherit = "qanat.ticket.difficulty"

    base_price = fields.Float(
        string="Base Price (Rial)",
        digits=(16, 0),
        help="Charged for every pay-per-case ticket of this difficulty.",
    )


class QanatTicketBilling(models.Model):
    _inherit = "qanat.ticket"

    qanat_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False
    )

    def action_close(self):
        result = super().action_close()
        if self._qanat_per_case_mode() == "ticket":
            self.filtered(lambda t: t.state == "closed")._qanat_invoice_per_case()
        return result

    @api.model
    def _qanat_per_case_mode(self):
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("qanat.billing.per_case_invoicing", "ticket")
        )

    @api.model
    def _qanat_hourly_rate(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("qanat.billing.per_case_hourly_rate", DEFAULT_HOURLY_RATE)
        )
        try:
            return float(value)
        except ValueError:
            return DEFAULT_HOURLY_RATE

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
        """Monthly mode: invoice last month's closed pay-per-case tickets."""
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
