"""SMS providers plugged into Odoo's sms.sms queue.

A provider is one small class registered with :func:`register`; the settings page
lists every registered provider. To add one (e.g. SMS.ir), write a module like
``kavenegar.py`` and import it in ``__init__.py``.
"""

from dataclasses import dataclass

PROVIDERS = {}

# Outcomes of one SMS; failure codes are Odoo's sms.sms failure types.
SENT = "sent"
RETRY = "retry"


@dataclass
class SmsResult:
    uuid: str
    outcome: str  # SENT, RETRY, or an Odoo failure type such as "sms_credit"
    remote_id: str = ""
    error: str = ""


def register(cls):
    PROVIDERS[cls.code] = cls
    return cls


class SmsProvider:
    code = None
    name = None
    default_url = None

    def __init__(self, api_key, sender, base_url=None, timeout=None):
        self.timeout = timeout
        self.api_key = api_key
        self.sender = sender
        self.base_url = (base_url or self.default_url).rstrip("/")

    def send(self, uuid, number, body):
        """Send one SMS and return an :class:`SmsResult`. Never raises.

        ``uuid`` is our reference: providers that support it must use it to
        refuse a second delivery of the same SMS.
        """
        raise NotImplementedError
