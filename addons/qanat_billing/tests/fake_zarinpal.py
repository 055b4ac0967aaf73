"""A fake Zarinpal v4 gateway on 127.0.0.1 (request, verify; its error codes)."""

import html
import json
import secrets

from odoo.addons.qanat_devices.tests.fake_services import FakeServer

MERCHANT_ID = "1344b5d4-0048-11e8-94db-005056a205be"


class FakeZarinpal(FakeServer):
    def reset(self):
        super().reset()
        self.payments = {}  # authority -> {"amount", "verified", "ref_id"}
        self.verify_calls = 0
        self.not_paid = set()  # authorities the customer did not pay

    @staticmethod
    def _error(code, message):
        return 200, {"data": [], "errors": {"code": code, "message": message}}

    def handle(self, url, raw, headers):
        payload = json.loads(raw or "{}")
        if payload.get("merchant_id") != MERCHANT_ID:
            return self._error(-10, "Terminal is not valid")
        if url.path == "/pg/v4/payment/request.json":
            amount = payload.get("amount")
            if (
                not isinstance(amount, int)
                or amount < 1000
                or not payload.get("callback_url")
            ):
                return self._error(-9, "Validation error")
            authority = "A" + "".join(secrets.choice("0123456789") for _i in range(35))
            self.payments[authority] = {
                "amount": amount,
                "verified": False,
                "callback_url": payload["callback_url"],
            }
            return 200, {
                "data": {
                    "code": 100,
                    "message": "Success",
                    "authority": authority,
                    "fee_type": "Merchant",
                    "fee": 100,
                },
                "errors": [],
            }
        if url.path == "/pg/v4/payment/verify.json":
            self.verify_calls += 1
            payment = self.payments.get(payload.get("authority"))
            if payment is None:
                return self._error(-54, "Invalid authority")
            if payment["amount"] != payload.get("amount"):
                return self._error(
                    -50, "Session is not valid, amounts values is not the same"
                )
            if payload["authority"] in self.not_paid:
                return self._error(-51, "Session is not active, paid try")
            code = 101 if payment["verified"] else 100
            payment["verified"] = True
            payment.setdefault("ref_id", 201 + len(self.payments))
            return 200, {
                "data": {
                    "code": code,
                    "message": "Verified" if code == 101 else "Paid",
                    "card_pan": "502229******5995",
                    "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F8591"
                    "07A87822CA179BC9528767EA7B5489B69",
                    "ref_id": payment["ref_id"],
                    "fee_type": "Merchant",
                    "fee": 0,
                },
                "errors": [],
            }
        return 404, {"errors": {"code": -1, "message": "not found"}}

    def handle_get(self, url, headers):
        """The payment page (/pg/StartPay/<authority>): the customer pays at once
        and is sent back to the callback, as Zarinpal does after a card payment."""
        authority = url.path.removeprefix("/pg/StartPay/")
        payment = self.payments.get(authority)
        if not url.path.startswith("/pg/StartPay/") or payment is None:
            return 404, "text/plain", "unknown authority"
        separator = "&" if "?" in payment["callback_url"] else "?"
        target = html.escape(
            f"{payment['callback_url']}{separator}Authority={authority}&Status=OK"
        )
        return (
            200,
            "text/html; charset=utf-8",
            f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head>'
            f'<body><a href="{target}">Paid</a></body></html>',
        )
