"""A fake SpotPlayer licence API on 127.0.0.1 (POST /license/edit/)."""

import json
import secrets

from odoo.addons.qanat_devices.tests.fake_services import FakeServer

API_KEY = "test-spotplayer-key"


class FakeSpotPlayer(FakeServer):
    """Headers ``$API`` (key) and ``$LEVEL``; answers {"_id", "key", "url"} or
    {"ex": {"msg"}} with a 4xx status. ``fail_next`` plays outages (5xx)."""

    def reset(self):
        super().reset()
        self.licences = []  # (payload, name, courses)
        self.fail_next = []

    def handle(self, url, raw, headers):
        if headers.get("$API") != API_KEY:
            return 403, {"ex": {"msg": "Invalid API key"}}
        if url.path != "/license/edit/":
            return 404, {"ex": {"msg": "Not found"}}
        if self.fail_next:
            status = self.fail_next.pop(0)
            return status, {"ex": {"msg": "Temporary failure"}}
        body = json.loads(raw or "{}")
        courses = body.get("course") or []
        if not body.get("name") or not courses:
            return 400, {"ex": {"msg": "name and course are required"}}
        if any(len(course) != 24 for course in courses):
            return 400, {"ex": {"msg": "Invalid course id"}}
        licence_id = secrets.token_hex(12)
        self.licences.append((body.get("payload"), body["name"], courses))
        return 200, {
            "_id": licence_id,
            "key": "SPK-" + secrets.token_hex(16),
            "url": f"https://dl.spotplayer.ir/#{licence_id}",
        }
