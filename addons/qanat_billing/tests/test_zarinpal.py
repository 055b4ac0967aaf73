from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import QanatBillingCase
from .fake_zarinpal import MERCHANT_ID


@tagged("post_install", "-at_install")
class TestZarinpal(QanatBillingCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.gateway.reset()

    def _transaction(self, amount=12_500_000, reference="QANAT-PAY-1"):
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref(
                    "qanat_billing.payment_method_shetab"
                ).id,
                "amount": amount,
                "currency_id": self.rial.id,
                "partner_id": self.customer_a.id,
                "reference": reference,
                "operation": "online_redirect",
            }
        )
        processing = tx._get_processing_values()
        return tx, processing

    def _callback(self, tx, status="OK", authority=None):
        authority = authority or tx.provider_reference
        return self.url_open(
            f"/payment/zarinpal/return?Authority={authority}&Status={status}"
            f"&ref={tx.reference}",
            allow_redirects=False,
        )

    def test_irr_is_ready_for_iran(self):
        self.assertTrue(self.rial.active)
        self.assertEqual(self.rial.rounding, 1.0)
        self.assertEqual(self.provider._get_supported_currencies(), self.rial)

    def test_redirect_to_gateway_with_stored_amount(self):
        tx, processing = self._transaction()
        authority = tx.provider_reference
        self.assertEqual(self.gateway.payments[authority]["amount"], 12_500_000)
        self.assertIn(f"/pg/StartPay/{authority}", processing["redirect_form_html"])
        request = next(
            r for r in self.gateway.requests if r[0].endswith("request.json")
        )
        self.assertIn('"currency": "IRR"', request[1])
        self.assertIn("/payment/zarinpal/return?ref=QANAT-PAY-1", request[1])

    def test_paid_once_even_if_the_callback_is_replayed(self):
        tx, _processing = self._transaction()
        for _replay in range(10):
            response = self._callback(tx)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/payment/status"))
        self.assertEqual(tx.state, "done")
        self.assertEqual(self.gateway.verify_calls, 1)
        self.assertTrue(tx.zarinpal_ref_id)
        # Card data the gateway returned is stored nowhere on the transaction.
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT to_jsonb(t)::text FROM payment_transaction t WHERE id = %s",
            (tx.id,),
        )
        row = self.env.cr.fetchone()[0]
        self.assertNotIn("5995", row)
        self.assertNotIn("502229", row)
        self.assertNotIn("1EBE3EBEBE35", row)
        tx._post_process()
        tx._post_process()
        payments = self.env["account.payment"].search(
            [("payment_transaction_id", "=", tx.id)]
        )
        self.assertEqual(len(payments), 1)
        self.assertEqual(payments.amount, 12_500_000)

    def test_already_verified_101_is_success(self):
        tx, _processing = self._transaction()
        self.gateway.payments[tx.provider_reference]["verified"] = True
        self._callback(tx)
        self.assertEqual(tx.state, "done")

    def test_amount_mismatch_refused(self):
        tx, _processing = self._transaction()
        # Someone changed the stored amount after the request: Zarinpal refuses.
        tx.amount = 1_000_000
        self._callback(tx)
        self.assertEqual(tx.state, "error")
        self.assertIn("does not match", tx.state_message)

    def test_unpaid_and_cancelled(self):
        tx, _processing = self._transaction()
        self.gateway.not_paid.add(tx.provider_reference)
        self._callback(tx)
        self.assertEqual(tx.state, "error")
        tx2, _processing = self._transaction(reference="QANAT-PAY-2")
        self._callback(tx2, status="NOK")
        self.assertEqual(tx2.state, "cancel")
        self.assertEqual(self.gateway.verify_calls, 1)

    @mute_logger("odoo.addons.qanat_billing.controllers.zarinpal")
    def test_forged_callback_changes_nothing(self):
        tx, _processing = self._transaction()
        response = self._callback(tx, authority="A" + "9" * 35)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(tx.state, "draft")
        response = self.url_open(
            "/payment/zarinpal/return?Status=OK", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        # NUL bytes PostgreSQL cannot compare: refused, not an HTTP 500.
        response = self.url_open(
            f"/payment/zarinpal/return?ref={tx.reference}%00&Authority=A%00B&Status=OK",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(tx.state, "draft")
        self.assertEqual(self.gateway.verify_calls, 0)

    @mute_logger("odoo.addons.qanat_billing.models.payment_provider")
    def test_gateway_errors_are_clear(self):
        self.provider.zarinpal_merchant_id = "wrong"
        with self.assertRaisesRegex(Exception, "merchant code"):
            self._transaction()
        self.provider.zarinpal_merchant_id = MERCHANT_ID
        self.gateway.down = True
        with self.assertRaisesRegex(Exception, "cannot be reached"):
            self._transaction(reference="QANAT-PAY-3")
        self.gateway.down = False
        with self.assertRaisesRegex(Exception, "minimum"):
            self._transaction(amount=500, reference="QANAT-PAY-4")
