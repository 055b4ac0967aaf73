"""Kavenegar (kavenegar.com) REST API v1: sms/send.json."""

from ..http import ServiceError, call, json_body
from .base import RETRY, SENT, SmsProvider, SmsResult, register

# Kavenegar return statuses -> Odoo sms.sms failure types; absent ones are retried.
FAILURES = {
    400: "unknown",  # missing or invalid parameters
    401: "sms_acc",  # account deactivated
    403: "sms_acc",  # invalid API key
    405: "unknown",
    406: "unknown",
    411: "sms_number_format",  # invalid receptor
    412: "sms_acc",  # invalid sender line
    413: "unknown",  # message too long or empty
    417: "unknown",  # invalid date
    418: "sms_credit",  # insufficient credit
    424: "unknown",  # template not found
}
TRANSIENT = {414}  # too many requests: rate limited


@register
class KavenegarProvider(SmsProvider):
    code = "kavenegar"
    name = "Kavenegar"
    default_url = "https://api.kavenegar.com"

    def send(self, uuid, number, body):
        url = f"{self.base_url}/v1/{self.api_key}/sms/send.json"
        data = {"receptor": number, "message": body, "localid": uuid}
        if self.sender:
            data["sender"] = self.sender
        try:
            response = call("POST", url, "Kavenegar", data=data, timeout=self.timeout)
            answer = json_body(response, "Kavenegar")
        except ServiceError as error:
            return SmsResult(
                uuid, RETRY if error.transient else "unknown", error=error.message
            )
        status = (answer.get("return") or {}).get("status")
        message = (answer.get("return") or {}).get("message") or ""
        if status == 200:
            entries = answer.get("entries") or [{}]
            return SmsResult(uuid, SENT, remote_id=str(entries[0].get("messageid", "")))
        if status in TRANSIENT or status is None:
            return SmsResult(uuid, RETRY, error=f"Kavenegar {status}: {message}")
        return SmsResult(
            uuid,
            FAILURES.get(status, "unknown"),
            error=f"Kavenegar {status}: {message}",
        )
