from odoo import api, models

from ..services.didar import DidarClient
from ..services.sms.base import PROVIDERS
from ..services.whatsapp import WhatsAppClient
from ..tools import persian

PARAM = "qanat.{}".format


class QanatMessaging(models.AbstractModel):
    """Configuration of the external messaging and CRM services, in one place."""

    _name = "qanat.messaging"
    _description = "Qanat Messaging Configuration"

    @api.model
    def _param(self, key, default=False):
        return self.env["ir.config_parameter"].sudo().get_param(PARAM(key), default)

    @api.model
    def _sms_provider(self):
        """The configured SMS provider adapter, or None to use Odoo's IAP."""
        provider_class = PROVIDERS.get(self._param("sms.provider"))
        if not provider_class:
            return None
        return provider_class(
            api_key=self._param("sms.api_key", ""),
            sender=self._param("sms.sender", ""),
            base_url=self._param("sms.base_url") or None,
            timeout=self._timeout(),
        )

    @api.model
    def _timeout(self):
        """Seconds to wait for any external service (default 15)."""
        try:
            return float(self._param("http.timeout", 15)) or 15
        except ValueError:
            return 15

    @api.model
    def _test_mode(self):
        return bool(self._param("messaging.test_mode"))

    @api.model
    def _test_number(self):
        """In test mode, every message goes to this number instead."""
        if not self._test_mode():
            return ""
        return persian.normalize_mobile(self._param("messaging.test_number", ""))

    @api.model
    def _whatsapp_client(self):
        if not self._param("whatsapp.enabled"):
            return None
        token = self._param("whatsapp.token")
        phone_number_id = self._param("whatsapp.phone_number_id")
        if not (token and phone_number_id):
            return None
        return WhatsAppClient(
            token,
            phone_number_id,
            base_url=self._param("whatsapp.base_url") or None,
            version=self._param("whatsapp.api_version") or None,
            timeout=self._timeout(),
        )

    @api.model
    def _didar_client(self):
        if not self._param("didar.enabled"):
            return None
        api_key = self._param("didar.api_key")
        if not api_key:
            return None
        return DidarClient(
            api_key,
            base_url=self._param("didar.base_url") or None,
            timeout=self._timeout(),
        )

    @api.model
    def _customer_lang(self, partner):
        """Customers read Persian: use it when installed, unless they chose another
        language than the server's default English."""
        lang = partner.lang
        if lang and lang != "en_US":
            return lang
        if self.env["res.lang"]._get_code("fa_IR"):
            return "fa_IR"
        return lang or self.env.lang

    @api.model
    def _format_customer_date(self, value, partner):
        """A date in a text sent to ``partner``: Jalali, with Persian digits when
        the customer reads Persian (an SMS never carries an ISO date)."""
        lang = self._customer_lang(partner) or ""
        return persian.format_jalali_date(value, persian_digits=lang.startswith("fa"))
