from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class QanatPaymentReceipt(models.Model):
    """A bank transfer the customer made offline; an accountant approves it."""

    _name = "qanat.payment.receipt"
    _description = "Offline Payment Receipt"
    _inherit = ["mail.thread"]
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
    )
    order_id = fields.Many2one("sale.order", string="Quotation")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.IRR")
    )
    amount = fields.Monetary(required=True, tracking=True)
    payment_date = fields.Date(required=True, default=fields.Date.context_today)
    bank_reference = fields.Char(
        string="Bank Reference", required=True, help="Tracking number of the transfer."
    )
    receipt_image = fields.Image(string="Receipt", max_width=1920, max_height=1920)
    state = fields.Selection(
        [
            ("submitted", "To approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="submitted",
        required=True,
        readonly=True,
        tracking=True,
    )
    reject_reason = fields.Char(tracking=True)
    payment_id = fields.Many2one("account.payment", readonly=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        is_staff = self.env.user.has_group("qanat_devices.group_qanat_user")
        for vals in vals_list:
            if vals.get("state", "submitted") != "submitted":
                raise UserError(self.env._("A receipt is registered to be approved."))
            if not is_staff:
                vals["partner_id"] = self.env.user.partner_id.id
            if (vals.get("amount") or 0) <= 0:
                raise UserError(self.env._("The amount must be positive."))
        receipts = super().create(vals_list)
        for receipt in receipts:
            if receipt.invoice_id and (
                receipt.invoice_id.commercial_partner_id
                != receipt.commercial_partner_id
            ):
                raise UserError(self.env._("Please choose one of your invoices."))
        return receipts

    def _check_accountant(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only an accountant can decide on receipts."))

    def action_approve(self):
        """Register the payment and reconcile it with the invoice (or confirm the
        quotation, which is then invoiced)."""
        self._check_accountant()
        for receipt in self.filtered(lambda r: r.state == "submitted"):
            if receipt.order_id and receipt.order_id.state in ("draft", "sent"):
                receipt.order_id.action_confirm()
                invoice = receipt.order_id._create_invoices()
                invoice.action_post()
                receipt.invoice_id = invoice
            payment = receipt._register_payment()
            receipt.write({"state": "approved", "payment_id": payment.id})
        return True

    def _register_payment(self):
        self.ensure_one()
        if self.invoice_id:
            wizard = (
                self.env["account.payment.register"]
                .with_context(
                    active_model="account.move", active_ids=self.invoice_id.ids
                )
                .create(
                    {
                        "amount": self.amount,
                        "currency_id": self.currency_id.id,
                        "payment_date": self.payment_date,
                        "communication": self.bank_reference,
                    }
                )
            )
            return wizard._create_payments()
        payment = self.env["account.payment"].create(
            {
                "partner_id": self.commercial_partner_id.id,
                "payment_type": "inbound",
                "partner_type": "customer",
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "date": self.payment_date,
                "memo": self.bank_reference,
            }
        )
        payment.action_post()
        return payment

    def action_reject_with_reason(self):
        """Form button: reject with the reason typed on the receipt."""
        for receipt in self:
            receipt.action_reject(receipt.reject_reason)
        return True

    def action_reject(self, reason):
        self._check_accountant()
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason for the rejection."))
        self.filtered(lambda r: r.state == "submitted").write(
            {"state": "rejected", "reject_reason": reason.strip()}
        )
        return True
