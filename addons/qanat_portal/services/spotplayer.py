"""SpotPlayer licence API (panel.spotplayer.ir): the only code that speaks it."""

from odoo.addons.qanat_devices.services.http import (
    DEFAULT_TIMEOUT,
    ServiceError,
    call,
    json_body,
)

DEFAULT_URL = "https://panel.spotplayer.ir"
LICENCE_PATH = "/license/edit/"


class SpotPlayerClient:
    def __init__(self, api_key, base_url=None, test=False, timeout=None):
        self.api_key = api_key
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.test = bool(test)
        self.timeout = timeout or DEFAULT_TIMEOUT

    def _headers(self):
        return {"$API": self.api_key, "$LEVEL": "-1"}

    def issue_licence(self, name, course_ids, watermark, payload):
        """Create a licence; return {"_id", "key", "url"}.

        :param str payload: our reference, stored by SpotPlayer with the licence
        :raises ServiceError: ``transient`` for outages, so the caller retries
        """
        body = {
            "test": self.test,
            "name": name,
            "course": list(course_ids),
            "watermark": {"texts": [{"text": watermark}]},
            "payload": payload,
        }
        response = call(
            "POST",
            self.base_url + LICENCE_PATH,
            "SpotPlayer",
            json=body,
            headers=self._headers(),
            timeout=self.timeout,
        )
        answer = json_body(response, "SpotPlayer")
        error = answer.get("ex") if isinstance(answer, dict) else None
        if response.ok and not error and answer.get("_id") and answer.get("key"):
            return {
                "_id": answer["_id"],
                "key": answer["key"],
                "url": answer.get("url") or "",
            }
        message = (error or {}).get("msg") or f"HTTP {response.status_code}"
        raise ServiceError(
            f"SpotPlayer: {message}",
            code=response.status_code,
            transient=response.status_code == 429,
        )
