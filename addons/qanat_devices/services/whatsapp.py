"""WhatsApp Cloud API: template messages (graph.facebook.com)."""

from .http import DEFAULT_TIMEOUT, ServiceError, call, json_body

DEFAULT_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v21.0"
# Error codes after which a retry may succeed: rate limits and temporary faults.
TRANSIENT_CODES = {4, 80007, 130429, 131000, 131016, 133004, 2}
UNDELIVERABLE_CODES = {131026, 131047, 131051, 131052, 131053, 100}


class WhatsAppClient:
    def __init__(
        self, token, phone_number_id, base_url=None, version=None, timeout=None
    ):
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.token = token
        self.phone_number_id = phone_number_id
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.version = version or DEFAULT_VERSION

    def send_template(self, number, template, language, parameters):
        """Send a template message; return the WhatsApp message id.

        :param str number: international number without "+", e.g. 989121234567
        :param list parameters: the template's body parameters, in order
        :raises ServiceError: with ``transient`` set for rate limits and outages
        """
        payload = {
            "messaging_product": "whatsapp",
            "to": number,
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": str(value)} for value in parameters
                        ],
                    }
                ],
            },
        }
        response = call(
            "POST",
            f"{self.base_url}/{self.version}/{self.phone_number_id}/messages",
            "WhatsApp",
            json=payload,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=self.timeout,
        )
        answer = json_body(response, "WhatsApp")
        if response.ok and answer.get("messages"):
            return answer["messages"][0]["id"]
        error = answer.get("error") or {}
        code = error.get("code")
        raise ServiceError(
            f"WhatsApp {code}: {error.get('message') or response.status_code}",
            code=code,
            transient=code in TRANSIENT_CODES or response.status_code == 429,
        )
