"""Fake Kavenegar, WhatsApp Cloud and Didar servers on 127.0.0.1 for the tests.

Each follows the documented contract (../shared/reference/integrations.md),
including its errors, and records what it received. Behaviour switches
(``down``, ``fail_next``...) let a test play outages and refusals.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeServer:
    """Base: a threaded HTTP server on a free loopback port."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                url = urlparse(self.path)
                with server.lock:
                    server.requests.append((url.path, raw, dict(self.headers)))
                if server.delay:
                    time.sleep(server.delay)
                if server.down:
                    status, body = 503, {"message": "Service Unavailable"}
                else:
                    with server.lock:
                        status, body = server.handle(url, raw, self.headers)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                url = urlparse(self.path)
                with server.lock:
                    server.requests.append((url.path, "", dict(self.headers)))
                    status, content_type, body = server.handle_get(url, self.headers)
                payload = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reset(self):
        """Forget what was received and return to normal behaviour."""
        self.requests = []
        self.down = False  # answer 503 to everything
        self.delay = 0.0  # seconds to wait before answering

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, url, raw, headers):
        raise NotImplementedError

    def handle_get(self, url, headers):
        """(status, content type, body) of a GET; the APIs are POST only."""
        return 405, "text/plain", "method not allowed"


class FakeKavenegar(FakeServer):
    """POST /v1/{API-KEY}/sms/send.json (form: receptor, message, sender, localid).

    Statuses: 200 ok, 403 bad key, 411 bad receptor, 414 too many requests,
    418 no credit. A repeated ``localid`` is not delivered again: the first
    answer is returned (Kavenegar's documented duplicate protection).
    """

    api_key = "test-kavenegar-key"

    def reset(self):
        super().reset()
        self.delivered = []  # (receptor, message, localid)
        self.by_localid = {}
        self.fail_next = []  # statuses to answer before accepting again
        self.lose_next_answer = False  # deliver, then answer 503
        self.no_credit = False

    def handle(self, url, raw, headers):
        match = re.fullmatch(r"/v1/([^/]+)/sms/send\.json", url.path)
        if not match:
            return 404, {"return": {"status": 404, "message": "not found"}}
        if match.group(1) != self.api_key:
            return 403, {"return": {"status": 403, "message": "invalid apikey"}}
        form = {key: values[0] for key, values in parse_qs(raw).items()}
        localid = form.get("localid")
        if localid and localid in self.by_localid:
            return 200, self.by_localid[localid]
        if self.fail_next:
            status = self.fail_next.pop(0)
            return status, {"return": {"status": status, "message": "error"}}
        if self.no_credit:
            return 418, {"return": {"status": 418, "message": "credit"}}
        receptor = form.get("receptor", "")
        if not re.fullmatch(r"09\d{9}", receptor):
            return 411, {"return": {"status": 411, "message": "invalid receptor"}}
        self.delivered.append((receptor, form.get("message"), localid))
        answer = {
            "return": {"status": 200, "message": "تایید شد"},
            "entries": [
                {
                    "messageid": 8792000 + len(self.delivered),
                    "status": 1,
                    "receptor": receptor,
                    "cost": 120,
                }
            ],
        }
        if localid:
            self.by_localid[localid] = answer
        if self.lose_next_answer:
            self.lose_next_answer = False
            return 503, {"message": "gateway timeout"}
        return 200, answer


class FakeWhatsApp(FakeServer):
    """POST /{version}/{phone-number-id}/messages with a Bearer token.

    Errors as the Cloud API sends them: {"error": {"message", "type", "code"}};
    131026 undeliverable, 130429 rate limit, 190 bad token.
    """

    token = "test-whatsapp-token"
    phone_number_id = "1234567890"

    def reset(self):
        super().reset()
        self.sent = []  # (to, template name, parameters)
        self.undeliverable = set()
        self.rate_limited = 0  # answer 130429 this many times

    def _error(self, status, code, message):
        return status, {
            "error": {"message": message, "type": "OAuthException", "code": code}
        }

    def handle(self, url, raw, headers):
        if headers.get("Authorization") != f"Bearer {self.token}":
            return self._error(401, 190, "Invalid OAuth access token")
        if not re.fullmatch(rf"/v[\d.]+/{self.phone_number_id}/messages", url.path):
            return self._error(400, 100, "Unsupported post request")
        payload = json.loads(raw)
        if self.rate_limited:
            self.rate_limited -= 1
            return self._error(429, 130429, "Rate limit hit")
        if payload["to"] in self.undeliverable:
            return self._error(400, 131026, "Message undeliverable")
        template = payload["template"]
        parameters = [
            parameter["text"]
            for component in template.get("components", [])
            for parameter in component.get("parameters", [])
        ]
        self.sent.append((payload["to"], template["name"], parameters))
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
            "messages": [{"id": f"wamid.TEST{len(self.sent)}"}],
        }


class FakeDidar(FakeServer):
    """POST /api/contact/search and /api/contact/save?apikey=KEY.

    Envelope {"Response": ...}; an unknown key gets HTTP 401 without Response.
    """

    api_key = "test-didar-key"

    def reset(self):
        super().reset()
        self.contacts = {}  # Id -> contact

    def handle(self, url, raw, headers):
        query = parse_qs(url.query)
        if query.get("apikey", [""])[0] != self.api_key:
            return 401, {"Message": "Authorization has been denied"}
        payload = json.loads(raw or "{}")
        if url.path == "/api/contact/search":
            mobile = payload.get("Criteria", {}).get("MobilePhone")
            found = [
                c for c in self.contacts.values() if c.get("MobilePhone") == mobile
            ]
            return 200, {"Response": {"TotalCount": len(found), "List": found}}
        if url.path == "/api/contact/save":
            contact = dict(payload["Contact"])
            contact_id = contact.get("Id") or f"didar-{len(self.contacts) + 1}"
            contact["Id"] = contact_id
            self.contacts[contact_id] = contact
            return 200, {"Response": {"Id": contact_id}}
        return 404, {"Message": "No HTTP resource was found"}
