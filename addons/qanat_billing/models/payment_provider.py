import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.qanat_devices.services.http import ServiceError, call, json_body

from . import zarinpal_const as const

_logger = logging.getLogger(__name__)


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("zarinpal", "Zarinpal")], ondelete={"zarinpal": "set default"}
    )
    zarinpal_merchant_id = fields.Char(
        string="Zarinpal Merchant ID",
        required_if_provider="zarinpal",
        groups="base.group_system",
        help="The 36-character merchant code from the Zarinpal panel.",
    )
    zarinpal_base_url = fields.Char(
        string="Zarinpal Gateway URL",
        groups="base.group_system",
        help="Leave empty: the sandbox in test mode, the live gateway when enabled.",
    )

    def _get_supported_currencies(self):
        currencies = super()._get_supported_currencies()
        if self.code == "zarinpal":
            currencies = currencies.filtered(lambda c: c.name == "IRR")
        return currencies

    def _get_default_payment_method_codes(self):
        codes = super()._get_default_payment_method_codes()
        if self.code != "zarinpal":
            return codes
        return {"shetab"}

    def _zarinpal_url(self, path):
        self.ensure_one()
        base = self.sudo().zarinpal_base_url or (
            const.SANDBOX_URL if self.state == "test" else const.LIVE_URL
        )
        return base.rstrip("/") + path

    def _zarinpal_error_message(self, code):
        messages = {
            -9: self.env._("The payment request was not valid."),
            -10: self.env._("The merchant code or the server address is not accepted."),
            -11: self.env._("The merchant account is not active."),
            -12: self.env._("Too many attempts: please try again in a few minutes."),
            -50: self.env._("The paid amount does not match the amount to pay."),
            -51: self.env._("The payment was not completed."),
            -54: self.env._("The payment reference is not valid."),
        }
        return messages.get(
            code, self.env._("The gateway answered with code %(code)s.", code=code)
        )

    @api.model
    def _zarinpal_call(self, url, payload):
        """POST to Zarinpal; return (code, data). Network faults become errors."""
        try:
            response = call("POST", url, "Zarinpal", json=payload)
            answer = json_body(response, "Zarinpal")
        except ServiceError as error:
            _logger.warning("Zarinpal unreachable: %s", error.message)
            raise ValidationError(
                self.env._("The payment gateway cannot be reached; please try again.")
            ) from error
        data = answer.get("data") or {}
        errors = answer.get("errors") or {}
        if isinstance(data, dict) and data.get("code") is not None:
            return data["code"], data
        return (errors.get("code") if isinstance(errors, dict) else None), data
