"""A fake Moadian API v2 on 127.0.0.1 (../shared/reference/moadian.md).

It keeps the contract the real one is known to keep: a nonce, a token signed
with the taxpayer's key and certificate (``x5c``, critical ``sigT``), the tax
office's public key from server-information, invoice packets it decrypts with
its private key and whose signature it verifies, and an asynchronous verdict
by reference number or request id. It checks the fields of every invoice and
refuses a tax ID it already registered. ``down`` answers 503 to everything;
``lose_next_answer`` registers the next packets but answers 503 (the answer is
lost on the way).
"""

import base64
import datetime
import json
import secrets
import uuid
from urllib.parse import parse_qs

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from odoo.addons.qanat_devices.tests.fake_services import FakeServer

from ..tools.client import JWE_ALGORITHMS, signature_registry
from ..tools.tax_id import make_tax_id

SERVER_KID = "fake-key-1"
REQUIRED_HEADER = (
    "taxid",
    "indatim",
    "inty",
    "inno",
    "inp",
    "ins",
    "tins",
    "tprdis",
    "tdis",
    "tadis",
    "tvam",
    "todam",
    "tbill",
    "setm",
)
REQUIRED_LINE = (
    "sstid",
    "sstt",
    "am",
    "mu",
    "fee",
    "prdis",
    "dis",
    "adis",
    "vra",
    "vam",
    "tsstam",
)
# Goods IDs the fake tax office does not know, to play a rejection.
UNKNOWN_GOODS_IDS = {"2999999999999"}


class FakeMoadian(FakeServer):
    def __init__(self, memory_id):
        self.memory_id = memory_id
        self.server_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.registry = signature_registry()
        super().__init__()

    def reset(self):
        super().reset()
        self.nonces = set()
        self.invoices = {}  # reference number -> record
        self.received = []  # every (tax ID, invoice) decrypted, resendings included
        self.lose_next_answer = False

    @property
    def base_url(self):
        return f"{self.url}/requestsmanager/api/v2/"

    # -- helpers ----------------------------------------------------------------

    def _public_key_b64(self):
        der = self.server_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode()

    def _verify(self, compact):
        """The payload of a JWS signed by the certificate it carries."""
        token = jws.extract_compact(compact.encode(), registry=self.registry)
        header = token.protected
        if header.get("alg") != "RS256" or header.get("crit") != ["sigT"]:
            raise ValueError("bad signature header")
        if not header.get("sigT"):
            raise ValueError("no signature time")
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        public = certificate.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        verified = jws.deserialize_compact(
            compact, RSAKey.import_key(public), registry=self.registry
        )
        return json.loads(verified.payload)

    def _authorized(self, headers):
        value = headers.get("Authorization") or ""
        if not value.startswith("Bearer "):
            return False
        try:
            payload = self._verify(value[len("Bearer ") :])
        except (ValueError, KeyError, JoseError):
            return False
        return (
            payload.get("nonce") in self.nonces
            and payload.get("clientId") == self.memory_id
        )

    @staticmethod
    def _error(status, code, message):
        return status, {
            "timestamp": 0,
            "requestTraceId": None,
            "errors": [{"code": code, "message": message}],
        }

    def _check_invoice(self, invoice):
        """The tax office's errors for an invoice, in Persian like its own."""
        errors = []
        header, body = invoice.get("header") or {}, invoice.get("body") or []
        for name in REQUIRED_HEADER:
            if header.get(name) in (None, ""):
                errors.append({"code": "0100", "message": f"فیلد {name} الزامی است"})
        taxid = header.get("taxid") or ""
        if len(taxid) != 22 or not taxid.startswith(self.memory_id):
            errors.append(
                {"code": "0301", "message": "شماره منحصر به فرد مالیاتی نامعتبر است"}
            )
        elif header.get("indatim") and header.get("inno"):
            moment = datetime.datetime.fromtimestamp(
                header["indatim"] / 1000, datetime.timezone.utc
            )
            expected = make_tax_id(self.memory_id, moment, int(header["inno"], 16))
            if expected != taxid:
                errors.append(
                    {
                        "code": "0301",
                        "message": "شماره مالیاتی با تاریخ و سریال نمی‌خواند",
                    }
                )
        if header.get("inty") == 1 and not (header.get("tinb") or header.get("bid")):
            errors.append(
                {
                    "code": "0110",
                    "message": "شناسه خریدار برای صورتحساب نوع اول الزامی است",
                }
            )
        if header.get("ins") in (2, 3, 4) and not header.get("irtaxid"):
            errors.append(
                {"code": "0120", "message": "شماره مالیاتی صورتحساب مرجع الزامی است"}
            )
        elif header.get("ins") in (2, 3, 4):
            errors += self._check_reference(header, body)
        for line in body:
            for name in REQUIRED_LINE:
                if line.get(name) in (None, ""):
                    errors.append(
                        {"code": "0200", "message": f"فیلد {name} ردیف الزامی است"}
                    )
            if (
                line.get("sstid") in UNKNOWN_GOODS_IDS
                or len(str(line.get("sstid") or "")) != 13
            ):
                errors.append({"code": "0210", "message": "شناسه کالا/خدمت معتبر نیست"})
            if line.get("adis") != line.get("prdis", 0) - line.get("dis", 0):
                errors.append(
                    {"code": "0220", "message": "مبلغ پس از تخفیف نادرست است"}
                )
        if not body:
            errors.append({"code": "0200", "message": "صورتحساب بدون ردیف است"})
        sums = {
            "tprdis": "prdis",
            "tdis": "dis",
            "tadis": "adis",
            "tvam": "vam",
        }
        for total, field in sums.items():
            if header.get(total) != sum(line.get(field, 0) for line in body):
                errors.append(
                    {"code": "0230", "message": f"جمع {total} با ردیف‌ها نمی‌خواند"}
                )
        if header.get("tbill") != (header.get("tadis") or 0) + (
            header.get("tvam") or 0
        ) + (header.get("todam") or 0):
            errors.append({"code": "0231", "message": "مبلغ کل صورتحساب نادرست است"})
        registered = [
            record
            for record in self.invoices.values()
            if record["taxid"] == taxid and record["status"] == "SUCCESS"
        ]
        if registered:
            errors.append(
                {
                    "code": "0302",
                    "message": "این شماره منحصر به فرد مالیاتی پیش‌تر ثبت شده است",
                }
            )
        return errors

    def _check_reference(self, header, body):
        """The referenced invoice is registered; a corrective one keeps its buyer
        and goods/service IDs."""
        referenced = [
            record["invoice"]
            for record in self.invoices.values()
            if record["taxid"] == header["irtaxid"] and record["status"] == "SUCCESS"
        ]
        if not referenced:
            return [{"code": "0121", "message": "صورتحساب مرجع ثبت نشده است"}]
        original = referenced[0]
        if header["ins"] == 2 and (
            original["header"].get("bid") != header.get("bid")
            or {line["sstid"] for line in original["body"]}
            != {line.get("sstid") for line in body}
        ):
            return [
                {
                    "code": "0122",
                    "message": "صورتحساب اصلاحی خریدار یا شناسه کالا را تغییر داده است",
                }
            ]
        return []

    # -- routes -----------------------------------------------------------------

    def handle(self, url, raw, headers):
        path = url.path.rsplit("/", 1)[-1]
        if path != "invoice":
            return self._error(404, "404", "not found")
        if not self._authorized(headers):
            return self._error(401, "4011", "امضای توکن نامعتبر است")
        results = []
        for packet in json.loads(raw or "[]"):
            uid = (packet.get("header") or {}).get("requestTraceId")
            try:
                decrypted = jwe.decrypt_compact(
                    packet["payload"],
                    RSAKey.import_key(
                        self.server_key.private_bytes(
                            serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption(),
                        )
                    ),
                    algorithms=JWE_ALGORITHMS,
                )
                if decrypted.protected.get("kid") != SERVER_KID:
                    return self._error(400, "4008", "شناسه کلید رمزنگاری نادرست است")
                invoice = self._verify(decrypted.plaintext.decode())
            except (ValueError, KeyError, JoseError):
                return self._error(400, "4131", "امضا یا رمزنگاری بسته نامعتبر است")
            taxid = (invoice.get("header") or {}).get("taxid")
            self.received.append((taxid, invoice))
            errors = self._check_invoice(invoice)
            reference = str(uuid.uuid4())
            self.invoices[reference] = {
                "uid": uid,
                "taxid": taxid,
                "status": "FAILED" if errors else "SUCCESS",
                "errors": errors,
                "invoice": invoice,
            }
            results.append(
                {"uid": uid, "referenceNumber": reference, "packetType": "INVOICE.V01"}
            )
        if self.lose_next_answer:
            self.lose_next_answer = False
            return 503, {"message": "Service Unavailable"}
        return 200, {"timestamp": 0, "result": results}

    def handle_get(self, url, headers):
        if self.down:
            return (
                503,
                "application/json",
                json.dumps({"message": "Service Unavailable"}),
            )
        path = url.path.rsplit("/", 1)[-1]
        query = parse_qs(url.query)
        if path == "nonce":
            nonce = secrets.token_hex(16)
            self.nonces.add(nonce)
            return 200, "application/json", json.dumps({"nonce": nonce, "expDate": 0})
        if not self._authorized(headers):
            status, body = self._error(401, "4011", "امضای توکن نامعتبر است")
            return status, "application/json", json.dumps(body)
        if path == "server-information":
            body = {
                "serverTime": 0,
                "publicKeys": [
                    {
                        "key": self._public_key_b64(),
                        "id": SERVER_KID,
                        "algorithm": "RSA",
                        "purpose": 1,
                    }
                ],
            }
        elif path == "inquiry-by-reference-id":
            body = [
                self._inquiry_item(reference)
                for reference in query.get("referenceIds", [])
            ]
        elif path == "inquiry-by-uid":
            by_uid = {record["uid"]: ref for ref, record in self.invoices.items()}
            body = [
                self._inquiry_item(by_uid[uid])
                if uid in by_uid
                else {"uid": uid, "status": "NOT_FOUND"}
                for uid in query.get("uidList", [])
            ]
        else:
            status, body = self._error(404, "404", "not found")
            return status, "application/json", json.dumps(body)
        return 200, "application/json", json.dumps(body)

    def _inquiry_item(self, reference):
        record = self.invoices.get(reference)
        if not record:
            return {"referenceNumber": reference, "status": "NOT_FOUND"}
        return {
            "referenceNumber": reference,
            "uid": record["uid"],
            "status": record["status"],
            "packetType": "INVOICE.V01",
            "fiscalId": self.memory_id,
            "data": {
                "success": record["status"] == "SUCCESS",
                "error": record["errors"],
                "warning": [],
            },
        }
