import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import str2bool

from odoo.addons.qanat_devices.tools import persian

from . import zarinpal_const as const

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    zarinpal_ref_id = fields.Char(
        string="Zarinpal Reference", readonly=True, copy=False
    )

    def _check_amount_and_confirm_order(self):
        """Once a payment has confirmed its order, invoice Qanat's pro-formas.

        Odoo invoices paid quotations only when the company-wide "automatic
        invoice" setting is on; Qanat's renewals, packages and courses are
        invoiced in any case (a renewal is earned by its paid invoice), without
        turning that setting on for every other quotation. Odoo posts the invoice
        and reconciles the payment right after this step."""
        confirmed_orders = super()._check_amount_and_confirm_order()
        automatic = str2bool(
            self.env["ir.config_parameter"].sudo().get_param("sale.automatic_invoice")
        )
        if not automatic:
            for tx in self.filtered(
                lambda tx: tx.state == "done" and tx.operation != "validation"
            ):
                if tx.sale_order_ids._qanat_invoice_on_payment() and not tx.invoice_ids:
                    tx._invoice_sale_orders()
        return confirmed_orders

    def _zarinpal_amount(self):
        """The stored amount in whole Rials: what was asked, what is verified."""
        self.ensure_one()
        if self.currency_id.name != "IRR":
            raise ValidationError(self.env._("Zarinpal only accepts Rial payments."))
        return persian.round_half_up(self.amount)

    def _get_specific_rendering_values(self, processing_values):
        values = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "zarinpal":
            return values
        provider = self.provider_id
        amount = self._zarinpal_amount()
        if amount < const.MINIMUM_AMOUNT_RIAL:
            raise ValidationError(
                self.env._("The minimum online payment is 1,000 Rials.")
            )
        base_url = provider.get_base_url()
        payload = {
            "merchant_id": provider.sudo().zarinpal_merchant_id,
            "amount": amount,
            "currency": "IRR",
            "callback_url": f"{base_url}{const.RETURN_ROUTE}?ref={self.reference}",
            "description": self.reference,
            "metadata": {
                key: value
                for key, value in {
                    "mobile": self.partner_id.mobile or self.partner_phone,
                    "email": self.partner_email,
                }.items()
                if value
            },
        }
        code, data = provider._zarinpal_call(
            provider._zarinpal_url(const.REQUEST_PATH), payload
        )
        if code != const.SUCCESS or not data.get("authority"):
            raise ValidationError(provider._zarinpal_error_message(code))
        self.provider_reference = data["authority"]
        return {
            "api_url": provider._zarinpal_url(const.START_PAY_PATH + data["authority"])
        }

    @api.model
    def _get_tx_from_notification_data(self, provider_code, notification_data):
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "zarinpal" or len(tx) == 1:
            return tx
        authority = notification_data.get("Authority")
        reference = notification_data.get("ref")
        if not all(
            isinstance(value, str) and "\x00" not in value
            for value in (authority, reference)
        ):
            # Forged return (no value, or bytes PostgreSQL cannot compare).
            raise ValidationError(
                self.env._("Zarinpal: no transaction matches this payment.")
            )
        tx = self.search(
            [
                ("provider_code", "=", "zarinpal"),
                ("provider_reference", "=", authority),
                ("reference", "=", reference),
            ]
        )
        if not authority or not reference or len(tx) != 1:
            raise ValidationError(
                self.env._("Zarinpal: no transaction matches this payment.")
            )
        return tx

    def _process_notification_data(self, notification_data):
        super()._process_notification_data(notification_data)
        if self.provider_code != "zarinpal":
            return
        if self.state in ("done", "cancel", "error"):
            # Replayed or late callback: the transaction was already settled.
            _logger.info("Zarinpal: ignoring callback for settled %s", self.reference)
            return
        if notification_data.get("Status") != "OK":
            self._set_canceled(self.env._("The payment was cancelled at the gateway."))
            return
        provider = self.provider_id
        # Verify server-side with the amount we stored, never one from the callback.
        code, data = provider._zarinpal_call(
            provider._zarinpal_url(const.VERIFY_PATH),
            {
                "merchant_id": provider.sudo().zarinpal_merchant_id,
                "amount": self._zarinpal_amount(),
                "authority": self.provider_reference,
            },
        )
        if code in (const.SUCCESS, const.ALREADY_VERIFIED):
            # The gateway also answers the (masked) card number and its hash:
            # card data is never stored (seed 001), only the bank reference.
            self.zarinpal_ref_id = str(data.get("ref_id") or "")
            self._set_done()
        else:
            self._set_error(provider._zarinpal_error_message(code))
