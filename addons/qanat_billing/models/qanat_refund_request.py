from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from odoo.addons.qanat_devices.tools import access, persian

try:
    from persian_tools.bank import sheba as fa_sheba
except ImportError:  # pragma: no cover - an external dependency of the module
    fa_sheba = None

# What a customer gives when asking for money back; the rest is the accounting's.
CUSTOMER_FIELDS = frozenset(
    {
        "reason",
        "sale_order_id",
        "invoice_id",
        "amount",
        "method",
        "sheba",
        "account_holder",
        "description",
        "partner_id",  # replaced by the customer's own
    }
)
IDENTITY_METHODS = [
    ("bank_inquiry", "Sheba owner inquiry: the bank's holder and national code match"),
    ("in_person", "National card checked in person"),
    ("video_call", "National card shown on a video call"),
]


class QanatRefundRequest(models.Model):
    """Money back to a customer (seeds 000 and 004): for an overpayment, a
    cancelled order or an unused service.

    A credit refund becomes a credit note (the customer's credit); a cash refund
    also needs the customer's identity verified and a Sheba of an account in
    their name, and is paid by an outgoing payment reconciled with the credit
    note. Above the limits of the settings a manager approves. Nothing is
    refunded for an order whose money has been passed to the supplier.
    """

    _name = "qanat.refund.request"
    _description = "Refund Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    reason = fields.Selection(
        [
            ("overpayment", "Overpayment"),
            ("cancelled_order", "Cancelled order"),
            ("unused_service", "Unused service"),
        ],
        required=True,
        tracking=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id),"
        " ('state', 'in', ('sale', 'cancel'))]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Paid Invoice",
        index="btree_not_null",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id)]",
    )
    amount = fields.Monetary(required=True, tracking=True)
    method = fields.Selection(
        [("credit", "Customer credit"), ("cash", "Bank transfer to a Sheba")],
        required=True,
        default="credit",
        tracking=True,
        help="Credit: a credit note the customer's next invoices use. Cash: a "
        "transfer to an account in the customer's name.",
    )
    sheba = fields.Char(
        string="Sheba (IBAN)",
        tracking=True,
        help="IR and 24 digits, as the bank prints.",
    )
    bank_name = fields.Char(compute="_compute_bank_name", string="Bank")
    account_holder = fields.Char(
        string="Account Holder",
        help="Name of the account's owner, as the bank gives it.",
    )
    description = fields.Html(sanitize=True)
    identity_method = fields.Selection(
        IDENTITY_METHODS, string="Identity Verified By", tracking=True
    )
    identity_note = fields.Char(string="Verification Note", tracking=True)
    identity_verified_by_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, copy=False, tracking=True
    )
    identity_verified_at = fields.Datetime(
        string="Verified On", readonly=True, copy=False
    )
    needs_manager = fields.Boolean(
        string="Manager Approval",
        compute="_compute_needs_manager",
        store=True,
        help="Above the refund limits of the settings a manager approves.",
    )
    state = fields.Selection(
        [
            ("submitted", "To review"),
            ("approved", "Approved"),
            ("done", "Refunded"),
            ("refused", "Refused"),
        ],
        default="submitted",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    refuse_reason = fields.Char(tracking=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    credit_note_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False
    )
    payment_id = fields.Many2one(
        "account.payment", string="Payout", readonly=True, copy=False
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount must be positive."),
    ]

    # -- computes ---------------------------------------------------------------

    @api.depends("sheba")
    def _compute_bank_name(self):
        for request in self:
            data = None
            if fa_sheba and request.sheba and persian.is_valid_sheba(request.sheba):
                data = fa_sheba.bank_data(persian.normalize_sheba(request.sheba))
            request.bank_name = (data or {}).get("persian_name") or False

    @api.depends("amount", "method", "company_id")
    def _compute_needs_manager(self):
        credit_limit, cash_limit = self._limits()
        for request in self:
            limit = cash_limit if request.method == "cash" else credit_limit
            request.needs_manager = request.amount > limit

    @api.model
    def _limits(self):
        settings = self.env["qanat.billing.settings"]
        return settings._get("refund_credit_limit"), settings._get("refund_cash_limit")

    # -- rules ------------------------------------------------------------------

    @api.constrains("method", "sheba")
    def _check_sheba(self):
        for request in self.filtered(lambda r: r.method == "cash"):
            if not request.sheba:
                raise ValidationError(
                    self.env._("A cash refund needs the Sheba of your bank account.")
                )
            if not persian.is_valid_sheba(request.sheba):
                raise ValidationError(
                    self.env._(
                        "%(sheba)s is not a valid Sheba number: IR followed by 24 "
                        "digits, as printed by the bank.",
                        sheba=request.sheba,
                    )
                )

    @api.constrains("reason", "sale_order_id", "invoice_id", "partner_id")
    def _check_documents(self):
        for request in self:
            partner = request.commercial_partner_id
            order, invoice = request.sudo().sale_order_id, request.sudo().invoice_id
            if order and order.partner_id.commercial_partner_id != partner:
                raise ValidationError(self.env._("Please choose one of your orders."))
            if invoice and invoice.commercial_partner_id != partner:
                raise ValidationError(self.env._("Please choose one of your invoices."))
            if request.reason == "cancelled_order" and not order:
                raise ValidationError(
                    self.env._("Please choose the cancelled order to refund.")
                )
            if request.reason == "unused_service" and not (order or invoice):
                raise ValidationError(
                    self.env._("Please choose the invoice of the unused service.")
                )

    @api.model
    def _check_document_ids(self, vals):
        """Before anything is stored: a foreign id and a missing id get the same
        answer, and never a database error."""
        partner = self.env["res.partner"].sudo().browse(vals.get("partner_id"))
        commercial = partner.exists().commercial_partner_id
        for field_name, model_name, message in (
            (
                "sale_order_id",
                "sale.order",
                self.env._("Please choose one of your orders."),
            ),
            (
                "invoice_id",
                "account.move",
                self.env._("Please choose one of your invoices."),
            ),
        ):
            if not vals.get(field_name):
                continue
            document = self.env[model_name].sudo().browse(vals[field_name]).exists()
            owner = (
                document.partner_id.commercial_partner_id
                if model_name == "sale.order"
                else document.commercial_partner_id
            )
            if not document or owner != commercial:
                raise ValidationError(message)
            if model_name == "account.move" and (
                document.move_type != "out_invoice" or document.state != "posted"
            ):
                raise ValidationError(message)

    def _refundable_amount(self):
        """What may still come back: the paid part of the order's or invoice's
        invoices, or the customer's credit for an overpayment, less the requests
        not refused."""
        self.ensure_one()
        me = self.sudo()
        if me.invoice_id:
            invoices = me.invoice_id
        elif me.sale_order_id:
            invoices = me.sale_order_id.invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )
        else:
            invoices = None
        if invoices is None:
            # An overpayment: the customer's receivable balance is in credit;
            # refunds already paid out are in that balance.
            balance = me.commercial_partner_id.with_company(me.company_id).credit
            available = max(-balance, 0.0)
            others = self.search(
                [
                    ("commercial_partner_id", "=", me.commercial_partner_id.id),
                    ("reason", "=", "overpayment"),
                    ("state", "in", ("submitted", "approved")),
                    ("id", "!=", me.id),
                ]
            )
        else:
            available = sum(
                invoice.amount_total - invoice.amount_residual for invoice in invoices
            )
            orders = invoices.line_ids.sale_line_ids.order_id | me.sale_order_id
            others = self.search(
                [
                    ("state", "in", ("submitted", "approved", "done")),
                    ("id", "!=", me.id),
                    "|",
                    ("invoice_id", "in", invoices.ids),
                    ("sale_order_id", "in", orders.ids),
                ]
            )
        return max(available - sum(others.sudo().mapped("amount")), 0.0)

    def _check_refundable(self):
        for request in self:
            order = request.sudo().sale_order_id
            if order.qanat_supplier_paid_at:
                raise UserError(
                    self.env._(
                        "The money of order %(order)s has been passed to the "
                        "supplier: it can no longer be refunded.",
                        order=order.name,
                    )
                )
            left = request._refundable_amount()
            if request.currency_id.compare_amounts(request.amount, left) > 0:
                raise UserError(
                    self.env._(
                        "At most %(amount)s can be refunded here.",
                        amount=request.company_id._qanat_format_money(left),
                    )
                )

    # -- CRUD -------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        is_staff = access.is_staff(self.env)
        for vals in vals_list:
            if vals.get("state", "submitted") != "submitted":
                raise UserError(
                    self.env._("A refund request is created to be reviewed.")
                )
            if not is_staff:
                if set(vals) - CUSTOMER_FIELDS:
                    raise AccessError(
                        self.env._("These details of a refund are not yours to set.")
                    )
                vals["partner_id"] = self.env.user.partner_id.id
            if vals.get("sheba"):
                vals["sheba"] = persian.normalize_sheba(vals["sheba"])
            self._check_document_ids(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("qanat.refund.request")
                    or "/"
                )
        requests = super().create(vals_list)
        requests._check_refundable()
        requests.sudo()._schedule_review()
        return requests

    def write(self, vals):
        content = {
            name for name in vals if not name.startswith(("message_", "activity_"))
        }
        if content and not (self.env.su or self._is_accountant()):
            raise AccessError(
                self.env._("Only an accountant can change a refund request.")
            )
        if set(vals) & {"amount", "method", "sheba", "sale_order_id", "invoice_id"}:
            if any(request.state != "submitted" for request in self):
                raise UserError(
                    self.env._("A decided refund request can no longer change.")
                )
            if "sheba" in vals or "method" in vals:
                # A verified identity was for this account only.
                vals = dict(
                    vals, identity_verified_by_id=False, identity_verified_at=False
                )
        if vals.get("sheba"):
            vals = dict(vals, sheba=persian.normalize_sheba(vals["sheba"]))
        result = super().write(vals)
        if set(vals) & {"amount", "sale_order_id", "invoice_id"}:
            self._check_refundable()
        return result

    def _schedule_review(self):
        """An activity for the salesperson of the order or customer, else for an
        accountant of the company (the follow-up unit)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        accountants = self.env.ref("account.group_account_invoice").users.filtered(
            lambda u: not u.share and u.active
        )
        for request in self:
            user = request.sale_order_id.user_id or request.partner_id.user_id
            if not user or user.share:
                user = accountants.filtered(
                    lambda u, company=request.company_id: company in u.company_ids
                )[:1]
            if not user:
                continue
            request.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=self.with_context(lang=user.lang).env._("Review the refund"),
            )

    # -- decisions --------------------------------------------------------------

    def _is_accountant(self):
        return self.env.user.has_group("account.group_account_invoice")

    def _check_accountant(self):
        if not self._is_accountant():
            raise AccessError(self.env._("Only an accountant can decide on refunds."))

    def action_verify_identity(self):
        """Record who verified, and how, that the Sheba's account is the
        customer's (seed 004: cash refunds to the customer's own account)."""
        self._check_accountant()
        for request in self:
            if request.method != "cash":
                raise UserError(
                    self.env._("Only a cash refund needs the identity verified.")
                )
            if not request.identity_method:
                raise UserError(
                    self.env._("Choose how the account's owner was verified.")
                )
            national_code = (
                request.commercial_partner_id.national_code
                or request.commercial_partner_id.legal_national_id
            )
            if not national_code:
                raise UserError(
                    self.env._(
                        "The customer has no national code or national ID to verify "
                        "the account's owner against."
                    )
                )
            request.sudo().write(
                {
                    "identity_verified_by_id": self.env.user.id,
                    "identity_verified_at": fields.Datetime.now(),
                }
            )
            request.message_post(
                body=self.env._(
                    "Owner of %(sheba)s verified against national code %(code)s: "
                    "%(method)s. %(note)s",
                    sheba=request.sheba,
                    code=national_code,
                    method=dict(
                        request._fields["identity_method"]._description_selection(
                            self.env
                        )
                    )[request.identity_method],
                    note=request.identity_note or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_approve(self):
        """Approve: the credit note is posted (the customer's credit). A cash
        refund then waits for its payout."""
        self._check_accountant()
        for request in self.filtered(lambda r: r.state == "submitted"):
            request._check_refundable()
            if request.needs_manager and not self.env.user.has_group(
                "account.group_account_manager"
            ):
                raise AccessError(
                    self.env._(
                        "%(amount)s is above the refund limit: a manager approves it.",
                        amount=request.company_id._qanat_format_money(request.amount),
                    )
                )
            if request.method == "cash" and not request.identity_verified_at:
                raise UserError(
                    self.env._(
                        "Verify that the Sheba's account belongs to the customer "
                        "before approving a cash refund."
                    )
                )
            # An overpayment is already the customer's credit: no credit note.
            credit_note = (
                request._create_credit_note()
                if request.reason != "overpayment"
                else self.env["account.move"]
            )
            request.sudo().write(
                {
                    "state": "done" if request.method == "credit" else "approved",
                    "approved_by_id": self.env.user.id,
                    "credit_note_id": credit_note.id,
                }
            )
            request.activity_feedback(["mail.mail_activity_data_todo"])
            request._notify_customer()
        return True

    def _create_credit_note(self):
        self.ensure_one()
        product = self.env.ref("qanat_billing.product_refund")
        # The invoice the money came from: the credit note returns it (the tax
        # system registers a credit note as the return of an invoice).
        origin = (
            self.invoice_id
            or self.sale_order_id.invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )[:1]
        )
        credit_note = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.commercial_partner_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_origin": self.name,
                    "ref": self.invoice_id.name or self.sale_order_id.name or self.name,
                    "reversed_entry_id": origin.id or False,
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "name": self.env._(
                                    "Refund %(number)s: %(reason)s",
                                    number=self.name,
                                    reason=dict(
                                        self._fields["reason"]._description_selection(
                                            self.env
                                        )
                                    )[self.reason],
                                ),
                                "quantity": 1,
                                "price_unit": self.amount,
                                "tax_ids": [fields.Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        credit_note.action_post()
        return credit_note

    def action_register_payout(self):
        """The transfer to the customer's Sheba is made: an outgoing payment to
        their bank account, reconciled with the credit note."""
        self._check_accountant()
        for request in self.filtered(
            lambda r: r.state == "approved" and r.method == "cash"
        ):
            me = request.sudo()
            bank_account = me._customer_bank_account()
            payment = (
                self.env["account.payment"]
                .sudo()
                .with_company(me.company_id)
                .create(
                    {
                        "partner_id": me.commercial_partner_id.id,
                        "payment_type": "outbound",
                        "partner_type": "customer",
                        "amount": me.amount,
                        "currency_id": me.currency_id.id,
                        "partner_bank_id": bank_account.id,
                        "memo": me.name,
                    }
                )
            )
            payment.action_post()
            credit_lines = me.credit_note_id.line_ids or me._open_credit_lines()
            lines = (payment.move_id.line_ids | credit_lines).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            )
            lines.reconcile()
            me.write({"state": "done", "payment_id": payment.id})
            request._notify_customer()
        return True

    def _open_credit_lines(self):
        """The customer's receivable credit an overpayment refund pays back."""
        self.ensure_one()
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "<", 0),
                ],
                order="date, id",
            )
        )

    def _customer_bank_account(self):
        self.ensure_one()
        banks = self.env["res.partner.bank"].sudo()
        account = banks.search(
            [
                ("sanitized_acc_number", "=", self.sheba),
                ("partner_id", "=", self.commercial_partner_id.id),
            ],
            limit=1,
        )
        return account or banks.create(
            {
                "acc_number": self.sheba,
                "partner_id": self.commercial_partner_id.id,
                "acc_holder_name": self.account_holder or False,
            }
        )

    def action_refuse_with_reason(self):
        for request in self:
            request.action_refuse(request.refuse_reason)
        return True

    def action_refuse(self, reason):
        self._check_accountant()
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason for the refusal."))
        requests = self.filtered(lambda r: r.state == "submitted")
        requests.sudo().write({"state": "refused", "refuse_reason": reason.strip()})
        requests.activity_unlink(["mail.mail_activity_data_todo"])
        requests._notify_customer()
        return True

    def _notify_customer(self):
        for request in self:
            lang = request.partner_id.lang or self.env.lang
            env = request.with_context(lang=lang).env
            state = dict(request._fields["state"]._description_selection(env))[
                request.state
            ]
            body = env._(
                "Your refund request %(number)s: %(state)s.",
                number=request.name,
                state=state,
            )
            if request.state == "refused":
                body = f"{body} {request.refuse_reason}"
            request.sudo().message_post(
                body=plaintext2html(body),
                partner_ids=request.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
