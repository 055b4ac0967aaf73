import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.sms.base import PROVIDERS, SENT
from ..tools import persian
from ..tools.actions import notification_action


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    @api.model
    def _qanat_sms_provider_selection(self):
        return [("odoo", "Odoo SMS (IAP)")] + [
            (code, provider.name) for code, provider in sorted(PROVIDERS.items())
        ]

    qanat_sms_provider = fields.Selection(
        selection="_qanat_sms_provider_selection",
        string="SMS Provider",
        default="odoo",
        config_parameter="qanat.sms.provider",
    )
    qanat_sms_api_key = fields.Char(
        string="SMS API Key", config_parameter="qanat.sms.api_key"
    )
    qanat_sms_sender = fields.Char(
        string="SMS Sender Number", config_parameter="qanat.sms.sender"
    )
    qanat_sms_base_url = fields.Char(
        string="SMS API URL",
        config_parameter="qanat.sms.base_url",
        help="Leave empty for the provider's public address.",
    )
    qanat_messaging_test_mode = fields.Boolean(
        string="Messaging Test Mode", config_parameter="qanat.messaging.test_mode"
    )
    qanat_messaging_test_number = fields.Char(
        string="Test Mobile Number",
        config_parameter="qanat.messaging.test_number",
        help="In test mode every SMS and WhatsApp message goes to this number; "
        "without one, nothing is sent.",
    )
    qanat_whatsapp_enabled = fields.Boolean(
        string="WhatsApp", config_parameter="qanat.whatsapp.enabled"
    )
    qanat_whatsapp_token = fields.Char(
        string="WhatsApp Access Token", config_parameter="qanat.whatsapp.token"
    )
    qanat_whatsapp_phone_number_id = fields.Char(
        string="WhatsApp Phone Number ID",
        config_parameter="qanat.whatsapp.phone_number_id",
    )
    qanat_whatsapp_base_url = fields.Char(
        string="WhatsApp API URL", config_parameter="qanat.whatsapp.base_url"
    )
    qanat_whatsapp_api_version = fields.Char(
        string="WhatsApp API Version", config_parameter="qanat.whatsapp.api_version"
    )
    qanat_didar_enabled = fields.Boolean(
        string="Didar CRM", config_parameter="qanat.didar.enabled"
    )
    qanat_didar_api_key = fields.Char(
        string="Didar API Key", config_parameter="qanat.didar.api_key"
    )
    qanat_didar_base_url = fields.Char(
        string="Didar API URL", config_parameter="qanat.didar.base_url"
    )
    qanat_didar_status_field = fields.Char(
        string="Didar Status Field",
        config_parameter="qanat.didar.status_field",
        help="Key of the Didar custom field that receives the service status, "
        "e.g. Field_1234_0_5 (see supplementary/getbaseinfo).",
    )
    qanat_didar_owner_id = fields.Char(
        string="Didar Owner ID", config_parameter="qanat.didar.owner_id"
    )
    qanat_test_message_number = fields.Char(string="Send a Test SMS To")
    qanat_money_unit = fields.Selection(
        related="company_id.qanat_money_unit", readonly=False
    )

    def action_qanat_send_test_sms(self):
        """Send one SMS now through the configured provider and report the answer."""
        self.ensure_one()
        self.env["ir.config_parameter"].check_access("write")
        number = persian.normalize_mobile(self.qanat_test_message_number or "")
        if not number:
            raise UserError(
                self.env._("Enter a valid Iranian mobile number, e.g. 09121234567.")
            )
        self.execute()  # save the settings being tested
        provider = self.env["qanat.messaging"]._sms_provider()
        if provider is None:
            raise UserError(self.env._("Choose an Iranian SMS provider first."))
        result = provider.send(
            f"qanat-test-{uuid.uuid4().hex}",
            number,
            self.env._("Test message from %(company)s.", company=self.env.company.name),
        )
        ok = result.outcome == SENT
        return notification_action(
            ok,
            self.env._("The test SMS was accepted by the provider.")
            if ok
            else self.env._(
                "The provider refused the test SMS: %(error)s",
                error=result.error or result.outcome,
            ),
        )
