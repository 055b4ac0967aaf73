"""Didar CRM API (app.didar.me/api): contacts."""

from .http import DEFAULT_TIMEOUT, ServiceError, call, json_body

DEFAULT_URL = "https://app.didar.me/api"


class DidarClient:
    def __init__(self, api_key, base_url=None, timeout=None):
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.api_key = api_key
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")

    def _post(self, path, payload):
        response = call(
            "POST",
            f"{self.base_url}/{path}",
            "Didar",
            params={"apikey": self.api_key},
            json=payload,
            timeout=self.timeout,
        )
        answer = json_body(response, "Didar")
        if not response.ok or "Response" not in answer:
            raise ServiceError(
                f"Didar: {path} answered HTTP {response.status_code}",
                code=response.status_code,
                transient=response.status_code in (408, 429),
            )
        return answer["Response"]

    def find_contact_by_mobile(self, mobile):
        """The first contact with this mobile number, or None."""
        result = self._post(
            "contact/search",
            {"Criteria": {"MobilePhone": mobile}, "From": 0, "Limit": 1},
        )
        contacts = (result or {}).get("List") or []
        return contacts[0] if contacts else None

    def save_contact(self, contact):
        """Create (no Id) or update (with Id) a contact; return its Didar Id."""
        result = self._post("contact/save", {"Contact": contact})
        contact_id = result.get("Id") if isinstance(result, dict) else result
        if not contact_id:
            raise ServiceError("Didar: contact/save returned no Id")
        return contact_id
