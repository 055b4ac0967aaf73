import base64
import binascii
import datetime
import io
import re
import warnings

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.qanat_devices.tools import access, persian
from odoo.addons.qanat_devices.tools.dates import (
    company_today,
    company_today_default,
)

# A receipt tells of a transfer already made: not in the future, and not older than
# a year (older transfers are settled by an accountant from the bank statement).
MAX_RECEIPT_AGE_DAYS = 365
# Paid on account (no invoice chosen), a receipt may not exceed this, in Rial
# (1,000,000,000 Toman); system parameter qanat.billing.receipt_max_on_account.
# Bank references as they appear on statements: Latin letters and digits, with
# - / _ . between them, and at least one digit (words alone are no reference).
_BANK_REFERENCE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9/_.\-]{0,38}[A-Za-z0-9])?$")
_BANK_REFERENCE_STRIP_RE = re.compile(r"[\s\u200c\u200e\u200f]+")
# What a customer gives when registering a receipt; the rest is the system's.
CUSTOMER_FIELDS = frozenset(
    {
        "invoice_id",
        "order_id",
        "amount",
        "payment_date",
        "bank_reference",
        "receipt_image",
        "partner_id",  # replaced by the customer's own
    }
)
# A photo of a receipt: JPEG or PNG by its content, not by what the browser says.
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
MAX_IMAGE_PIXELS = 50_000_000


class QanatPaymentReceipt(models.Model):
    """A bank transfer the customer made offline; an accountant approves it."""

    _name = "qanat.payment.receipt"
    _description = "Offline Payment Receipt"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_names_search = ["bank_reference", "partner_id", "invoice_id"]

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
        index="btree_not_null",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
    )
    order_id = fields.Many2one("sale.order", string="Quotation")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.IRR")
    )
    amount = fields.Monetary(required=True, tracking=True)
    payment_date = fields.Date(
        required=True, default=company_today_default, tracking=True
    )
    bank_reference = fields.Char(
        string="Bank Reference",
        required=True,
        tracking=True,
        help="Tracking number of the transfer, stored with Latin digits and no "
        "spaces so that it matches the bank statement.",
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
    duplicate_receipt_ids = fields.Many2many(
        "qanat.payment.receipt",
        string="Possible Duplicates",
        compute="_compute_duplicates",
        help="Other receipts, not rejected, with the same bank reference, or "
        "waiting for approval for the same invoice.",
    )
    duplicate_warning = fields.Char(compute="_compute_duplicates")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount must be positive."),
    ]

    # -- names and warnings -------------------------------------------------------

    @api.depends("invoice_id.name", "order_id.name", "partner_id.name", "amount")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for receipt in self:
            document = (
                receipt.invoice_id.name
                if receipt.invoice_id and receipt.invoice_id.name != "/"
                else receipt.order_id.name or receipt.commercial_partner_id.name
            )
            receipt.display_name = self.env._(
                "Receipt of %(document)s – %(amount)s",
                document=document or "-",
                amount=receipt.company_id._qanat_format_money(receipt.amount),
            )

    @api.depends("bank_reference", "invoice_id", "state")
    def _compute_duplicates(self):
        receipts = self.filtered("id")
        (self - receipts).update(
            {"duplicate_receipt_ids": False, "duplicate_warning": False}
        )
        if not receipts:
            return
        references = [ref for ref in receipts.mapped("bank_reference") if ref]
        invoices = receipts.invoice_id
        others = self.sudo().search(
            [
                ("state", "!=", "rejected"),
                ("company_id", "in", receipts.company_id.ids),
                "|",
                ("bank_reference", "in", references),
                "&",
                ("invoice_id", "in", invoices.ids),
                ("state", "=", "submitted"),
            ]
        )
        for receipt in receipts:
            duplicates = others.filtered(
                lambda other, receipt=receipt: (
                    other.id != receipt.id
                    and other.company_id == receipt.company_id
                    and (
                        other.bank_reference == receipt.bank_reference
                        or (
                            receipt.invoice_id
                            and other.invoice_id == receipt.invoice_id
                            and other.state == "submitted"
                        )
                    )
                )
            )
            receipt.duplicate_receipt_ids = duplicates
            receipt.duplicate_warning = (
                self.env._(
                    "Possible duplicate: %(receipts)s (same bank reference or the "
                    "same invoice waiting for approval). Check the bank statement "
                    "before approving.",
                    receipts=", ".join(duplicates.mapped("display_name")),
                )
                if duplicates and receipt.state == "submitted"
                else False
            )

    # -- rules --------------------------------------------------------------------

    def _qanat_format_date(self, value):
        if (self.env.lang or "").startswith("fa"):
            return persian.format_jalali_date(value)
        return format_date(self.env, value)

    @api.model
    def _normalize_bank_reference(self, reference):
        """Latin digits, no spaces: the reference as a bank statement shows it."""
        text = persian.to_ascii_digits(reference or "")
        return _BANK_REFERENCE_STRIP_RE.sub("", text)

    def _check_bank_reference_value(self, reference):
        if (
            not reference
            or not _BANK_REFERENCE_RE.match(reference)
            or not any(char.isdigit() for char in reference)
        ):
            raise ValidationError(
                self.env._(
                    "Please give the bank's tracking number of the transfer as "
                    "printed on the receipt (its digits, with Latin letters and - "
                    "if it has any)."
                )
            )

    @api.model
    def _max_on_account(self):
        return self.env["qanat.billing.settings"]._get("receipt_max_on_account")

    def _amount_left(self):
        """(what may still be paid by receipts, in the receipt's currency, the
        document's name), or (the on-account maximum, False)."""
        self.ensure_one()
        document = self.invoice_id.sudo() or self.order_id.sudo()
        if not document:
            return self._max_on_account(), False
        if self.invoice_id:
            left, currency = document.amount_residual, document.currency_id
        else:
            left, currency = document.amount_total, document.currency_id
        if currency and currency != self.currency_id:
            left = currency._convert(
                left, self.currency_id, self.company_id, self.payment_date
            )
        return left, document.name

    def _pending_for_same_document(self):
        self.ensure_one()
        if self.invoice_id:
            domain = [("invoice_id", "=", self.invoice_id.id)]
        elif self.order_id:
            domain = [("order_id", "=", self.order_id.id), ("invoice_id", "=", False)]
        else:
            return self.browse()
        return self.sudo().search(
            [*domain, ("state", "=", "submitted"), ("id", "!=", self.id)]
        )

    @api.constrains("payment_date")
    def _check_payment_date(self):
        today = company_today(self.env)
        oldest = today - datetime.timedelta(days=MAX_RECEIPT_AGE_DAYS)
        for receipt in self.filtered(lambda r: r.state == "submitted"):
            if receipt.payment_date > today:
                raise ValidationError(
                    self.env._("The payment date cannot be in the future.")
                )
            if receipt.payment_date < oldest:
                raise ValidationError(
                    self.env._(
                        "The payment date cannot be more than a year ago (before "
                        "%(date)s). For an older transfer, please contact our "
                        "accounting.",
                        date=self._qanat_format_date(oldest),
                    )
                )

    @api.constrains("bank_reference")
    def _check_bank_reference(self):
        for receipt in self.filtered(lambda r: r.state == "submitted"):
            self._check_bank_reference_value(receipt.bank_reference)

    @api.constrains("amount", "invoice_id", "order_id", "currency_id")
    def _check_amount_bound(self):
        for receipt in self.filtered(lambda r: r.state == "submitted"):
            money = receipt.company_id._qanat_format_money
            left, document = receipt._amount_left()
            if not document:
                if receipt.currency_id.compare_amounts(receipt.amount, left) > 0:
                    raise ValidationError(
                        self.env._(
                            "A payment on account cannot be more than %(maximum)s. "
                            "Please choose the invoice you paid, or contact our "
                            "accounting.",
                            maximum=money(left),
                        )
                    )
                continue
            pending = receipt._pending_for_same_document()
            pending_total = sum(pending.mapped("amount"))
            if receipt.currency_id.compare_amounts(receipt.amount, left) > 0:
                raise ValidationError(
                    self.env._(
                        "The amount cannot be more than %(maximum)s, what is left "
                        "to pay on %(document)s.",
                        maximum=money(left),
                        document=document,
                    )
                )
            if (
                pending
                and receipt.currency_id.compare_amounts(
                    receipt.amount + pending_total, left
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(receipts)s for %(document)s is already waiting for "
                        "approval; with this one the receipts would come to more "
                        "than the %(maximum)s left to pay. Please wait for our "
                        "accounting to check it.",
                        receipts=", ".join(pending.mapped("display_name")),
                        document=document,
                        maximum=money(left),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        is_staff = access.is_staff(self.env)
        for vals in vals_list:
            if vals.get("state", "submitted") != "submitted":
                raise UserError(self.env._("A receipt is registered to be approved."))
            if not is_staff:
                if set(vals) - CUSTOMER_FIELDS:
                    raise AccessError(
                        self.env._("These details of a receipt are not yours to set.")
                    )
                vals["partner_id"] = self.env.user.partner_id.id
                if not vals.get("receipt_image"):
                    # The photo is what the accountant checks a customer's word by.
                    raise UserError(
                        self.env._(
                            "Please attach a photo of the receipt (JPEG or PNG)."
                        )
                    )
            if (vals.get("amount") or 0) <= 0:
                raise UserError(self.env._("The amount must be positive."))
            vals["bank_reference"] = self._normalize_bank_reference(
                vals.get("bank_reference")
            )
            self._check_bank_reference_value(vals["bank_reference"])
            self._check_receipt_image_value(vals.get("receipt_image"))
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            document = self._qanat_paid_document(vals, partner)
            # The money is in the paid document's currency, never in one of choice.
            if document:
                vals["currency_id"] = document.currency_id.id
            elif not is_staff:
                vals["currency_id"] = self.env.company.currency_id.id
        return super().create(vals_list)

    def write(self, vals):
        if "bank_reference" in vals:
            vals = dict(
                vals,
                bank_reference=self._normalize_bank_reference(vals["bank_reference"]),
            )
        if "receipt_image" in vals:
            self._check_receipt_image_value(vals["receipt_image"])
        return super().write(vals)

    @api.model
    def _qanat_paid_document(self, vals, partner):
        """The customer's posted invoice or waiting quotation the receipt pays.

        Customers reach their quotations by access token, not by access rights:
        ownership is the customer's own partner, and any id that is not theirs
        gets the same answer whether it exists or not."""
        refusal = self.env._("Please choose one of your invoices or quotations.")
        documents = []
        if vals.get("invoice_id"):
            documents.append(self.env["account.move"].browse(vals["invoice_id"]))
        if vals.get("order_id"):
            # Checked even beside an invoice: approval confirms the quotation.
            documents.append(self.env["sale.order"].browse(vals["order_id"]))
        checked = [
            self._qanat_check_paid_document(document, partner, refusal)
            for document in documents
        ]
        return checked[0] if checked else self.env["account.move"]

    @api.model
    def _qanat_check_paid_document(self, document, partner, refusal):
        # Read as the system, but a foreign id and a missing id get one answer.
        document_sudo = document.sudo().exists()
        if not document_sudo or (
            partner
            and document_sudo.partner_id.commercial_partner_id
            != partner.commercial_partner_id
        ):
            raise UserError(refusal)
        if document_sudo._name == "account.move":
            valid = document_sudo.state == "posted" and document_sudo.move_type in (
                "out_invoice",
                "out_refund",
            )
        else:
            valid = document_sudo.state in ("draft", "sent")
        if not valid:
            raise UserError(refusal)
        return document_sudo

    @api.model
    def _check_receipt_image_value(self, image):
        """JPEG or PNG by content, of a sane size: not an HTML or SVG file named
        .png, not a decompression bomb."""
        if not image:
            return
        refusal = self.env._("Please attach a photo of the receipt (JPEG or PNG).")
        try:
            data = base64.b64decode(image, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise UserError(refusal) from None
        if not data.startswith(IMAGE_SIGNATURES):
            raise UserError(refusal)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as picture:
                    width, height = picture.size
        except (
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ):
            raise UserError(refusal) from None
        if width * height > MAX_IMAGE_PIXELS:
            raise UserError(
                self.env._("The receipt image is too large: please send a photo.")
            )

    # -- decisions ----------------------------------------------------------------

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
