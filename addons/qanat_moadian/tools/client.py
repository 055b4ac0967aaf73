"""A client of the Moadian API v2 (../shared/reference/moadian.md, section 2).

The token and every invoice packet are signed (compact JWS, RS256, with the
taxpayer's certificate in ``x5c`` and the critical ``sigT`` time); a packet is
then encrypted (compact JWE, RSA-OAEP-256 + A256GCM) for a public key of the
tax office, named by ``kid``. The JOSE work is joserfc's; nothing here is
hand-written cryptography.
"""

import base64
import datetime
import json
import uuid

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from joserfc.jws import JWSRegistry
from joserfc.registry import HeaderParameter

from odoo.addons.qanat_devices.services import http
from odoo.addons.qanat_devices.services.http import ServiceError

SERVICE = "Moadian"
URLS = {
    "production": "https://tp.tax.gov.ir/requestsmanager/api/v2/",
    "sandbox": "https://sandboxrc.tax.gov.ir/requestsmanager/api/v2/",
}
TIMEOUT = 30
JWE_ALGORITHMS = ["RSA-OAEP-256", "A256GCM"]
# Errors of the key management service ask to be retried later.
TRANSIENT_CODES = {"5051"}


def signature_registry():
    """A registry that knows the critical ``sigT`` header and takes the
    certificate chain in the header."""
    registry = JWSRegistry(
        header_registry={"sigT": HeaderParameter("Signature time", "str")}
    )
    registry.max_header_length = 16384
    return registry


def public_key_from_der_b64(value):
    """The tax office's key as server-information gives it: base64 DER SPKI."""
    wrapped = "\n".join(value[i : i + 64] for i in range(0, len(value), 64))
    pem = f"-----BEGIN PUBLIC KEY-----\n{wrapped}\n-----END PUBLIC KEY-----\n"
    return RSAKey.import_key(pem)


class MoadianClient:
    """Calls of one taxpayer (memory ID, private key, certificate)."""

    def __init__(self, base_url, memory_id, private_key_pem, certificate_der):
        self.base_url = base_url.rstrip("/") + "/"
        self.memory_id = memory_id
        try:
            self.private_key = RSAKey.import_key(private_key_pem)
        except (ValueError, TypeError, JoseError) as error:
            raise ServiceError(
                f"{SERVICE}: the private key cannot be read ({error})"
            ) from error
        self.certificate_b64 = base64.b64encode(certificate_der).decode()
        self.registry = signature_registry()
        self._token = None
        self._server_key = None

    # -- HTTP -------------------------------------------------------------------

    def _headers(self, token=True):
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {self.token()}"
        return headers

    def _answer(self, response):
        body = http.json_body(response, SERVICE)
        if response.status_code >= 400:
            errors = body.get("errors") if isinstance(body, dict) else None
            errors = errors or [{"code": str(response.status_code), "message": ""}]
            codes = {str(error.get("code")) for error in errors}
            raise ServiceError(
                "; ".join(
                    f"{error.get('code')}: {error.get('message') or ''}".strip()
                    for error in errors
                ),
                code=",".join(sorted(codes)),
                transient=bool(codes & TRANSIENT_CODES) or response.status_code == 429,
            )
        return body

    def _get(self, path, params=None, token=True):
        response = http.call(
            "GET",
            self.base_url + path,
            SERVICE,
            timeout=TIMEOUT,
            params=params,
            headers=self._headers(token),
        )
        return self._answer(response)

    def _post(self, path, body):
        response = http.call(
            "POST",
            self.base_url + path,
            SERVICE,
            timeout=TIMEOUT,
            data=json.dumps(body),
            headers={**self._headers(), "Content-Type": "application/json"},
        )
        return self._answer(response)

    # -- signing ----------------------------------------------------------------

    def _signature_header(self):
        # The signature time is taken at each signature, never cached.
        now = datetime.datetime.now(datetime.timezone.utc)
        return {
            "alg": "RS256",
            "x5c": [self.certificate_b64],
            "sigT": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "typ": "jose",
            "crit": ["sigT"],
            "cty": "text/plain",
        }

    def sign(self, payload):
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return jws.serialize_compact(
            self._signature_header(), text, self.private_key, registry=self.registry
        )

    def token(self):
        if not self._token:
            nonce = self._get("nonce", params={"timeToLive": 60}, token=False)
            if not isinstance(nonce, dict) or not nonce.get("nonce"):
                raise ServiceError(f"{SERVICE}: no nonce in the answer", transient=True)
            self._token = self.sign(
                {"nonce": nonce["nonce"], "clientId": self.memory_id}
            )
        return self._token

    def server_key(self):
        """(kid, key) of a tax office key for encryption."""
        if not self._server_key:
            info = self._get("server-information")
            keys = (info or {}).get("publicKeys") or []
            if not keys:
                raise ServiceError(
                    f"{SERVICE}: the server gave no public key", transient=True
                )
            self._server_key = (keys[0]["id"], public_key_from_der_b64(keys[0]["key"]))
        return self._server_key

    def encrypt(self, signed):
        kid, key = self.server_key()
        return jwe.encrypt_compact(
            {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": kid},
            signed,
            key,
            algorithms=JWE_ALGORITHMS,
        )

    # -- calls ------------------------------------------------------------------

    @staticmethod
    def new_uid():
        return str(uuid.uuid4())

    def send_invoices(self, packets):
        """Send ``[(uid, invoice dict)]``; returns {uid: reference number}."""
        body = [
            {
                "payload": self.encrypt(self.sign(invoice)),
                "header": {"requestTraceId": uid, "fiscalId": self.memory_id},
            }
            for uid, invoice in packets
        ]
        answer = self._post("invoice", body)
        results = (answer or {}).get("result") or []
        return {
            item.get("uid"): item.get("referenceNumber")
            for item in results
            if item.get("uid") and item.get("referenceNumber")
        }

    def inquire_by_reference(self, reference_numbers):
        return self._get(
            "inquiry-by-reference-id", params={"referenceIds": list(reference_numbers)}
        )

    def inquire_by_uid(self, uids):
        return self._get(
            "inquiry-by-uid",
            params={"uidList": list(uids), "fiscalId": self.memory_id},
        )
