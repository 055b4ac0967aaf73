from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.qanat_devices.tools.dates import company_today

from .common import QanatBillingCase


@tagged("post_install", "-at_install")
class TestRenewalChoice(QanatBillingCase):
    def setUp(self):
        super().setUp()
        self.gateway.reset()
        today = company_today(self.env)
        self.expired = self._create_device(self.customer_a, "BILL-EXP")
        self._activate(self.expired, installation_date=today - relativedelta(years=2))
        self.env["qanat.device"]._cron_expire_services()
        self.current = self._create_device(self.customer_a, "BILL-CUR")
        self._activate(self.current, installation_date=today - relativedelta(days=350))

    def _choose(self, device, choice, **vals):
        return self.env["qanat.service.choice"].create(
            {"device_id": device.id, "choice": choice, **vals}
        )

    def test_one_quotation_for_several_devices(self):
        choices = self._choose(
            self.expired, "renew", plan_product_id=self.plan_1y.id
        ) | self._choose(self.current, "renew", plan_product_id=self.plan_2y.id)
        order = choices.action_apply()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, self.customer_a)
        self.assertEqual(order.currency_id, self.rial)
        self.assertEqual(order.amount_untaxed, 70_000_000)
        self.assertEqual(
            set(order.order_line.qanat_device_id.ids),
            {self.expired.id, self.current.id},
        )
        self.assertEqual(set(choices.mapped("state")), {"quoted"})
        self.assertEqual(len(order.qanat_tracking_code), 10)
        self.assertEqual(self.expired.service_state, "expired")  # not before payment

    def test_confirmation_renews_from_max_today_end(self):
        today = company_today(self.env)
        old_end = self.current.service_end
        order = (
            self._choose(self.expired, "renew", plan_product_id=self.plan_1y.id)
            | self._choose(self.current, "renew", plan_product_id=self.plan_2y.id)
        ).action_apply()
        order.action_confirm()
        self.assertEqual(self.expired.service_state, "renewed")
        self.assertEqual(self.expired.service_end, today + relativedelta(years=1))
        self.assertEqual(self.current.service_end, old_end + relativedelta(years=2))
        # Confirming again (e.g. a replayed payment) renews nothing more.
        order.order_line._qanat_apply_renewals()
        self.assertEqual(self.expired.service_end, today + relativedelta(years=1))

    def test_per_case_and_cancel_apply_at_once(self):
        self._choose(self.expired, "per_case").action_apply()
        self.assertEqual(self.expired.service_state, "pay_per_case")
        with self.assertRaises(UserError):
            self._choose(self.current, "cancel").action_apply()  # no reason
        self._choose(self.current, "cancel", reason="Device sold").action_apply()
        self.assertEqual(self.current.service_state, "cancelled")

    def test_choices_only_near_or_after_expiry(self):
        fresh = self._create_device(self.customer_a, "BILL-NEW")
        self._activate(fresh)
        with self.assertRaises(UserError):
            self._choose(fresh, "per_case").action_apply()
        with self.assertRaises(UserError):
            self._choose(fresh, "renew", plan_product_id=self.plan_1y.id).action_apply()
        with self.assertRaises(UserError):
            self._choose(self.expired, "renew").action_apply()  # no plan
        pending = self._create_device(self.customer_a, "BILL-PEND")
        with self.assertRaises(UserError):
            self._choose(
                pending, "renew", plan_product_id=self.plan_1y.id
            ).action_apply()

    def _choose_as(self, user, device, choice, **vals):
        return (
            self.env["qanat.service.choice"]
            .with_user(user)
            .create({"device_id": device.id, "choice": choice, **vals})
        )

    def test_customer_chooses_for_own_device_only(self):
        order = self._choose_as(
            self.portal_a, self.expired, "renew", plan_product_id=self.plan_1y.id
        ).action_apply()
        self.assertEqual(order.partner_id, self.customer_a)
        # Another customer's device and a missing one: the same answer.
        answers = set()
        for device_id in (self.current.id, 10**9):
            with self.assertRaises(UserError) as caught:
                self.env["qanat.service.choice"].with_user(self.portal_b).create(
                    {"device_id": device_id, "choice": "cancel", "reason": "x"}
                )
            answers.add(caught.exception.args[0])
        self.assertEqual(len(answers), 1)
        self.assertEqual(self.current.service_state, "active")

    def test_customer_gives_the_choice_only(self):
        for system_vals in ({"state": "done"}, {"order_id": self.env["sale.order"].id}):
            with self.assertRaises(AccessError):
                self._choose_as(self.portal_a, self.expired, "per_case", **system_vals)
        self.assertEqual(self.expired.service_state, "expired")

    def test_renewal_plan_must_be_one_on_sale(self):
        not_a_plan = self.env["product.product"].create(
            {"name": "Cheap thing", "type": "service", "list_price": 1}
        )
        for plan_id in (not_a_plan.id, 10**9):
            with self.assertRaises(ValidationError):
                self._choose_as(
                    self.portal_a, self.expired, "renew", plan_product_id=plan_id
                )
        # Staff cannot quote a renewal with something else either.
        with self.assertRaises(ValidationError):
            self._choose(self.expired, "renew", plan_product_id=not_a_plan.id)
        self.plan_2y.sale_ok = False
        with self.assertRaises(ValidationError):
            self._choose(self.expired, "renew", plan_product_id=self.plan_2y.id)

    def test_one_open_renewal_quotation_per_device(self):
        first = self._choose_as(
            self.portal_a, self.expired, "renew", plan_product_id=self.plan_1y.id
        ).action_apply()
        with self.assertRaises(UserError):
            self._choose_as(
                self.portal_a, self.expired, "renew", plan_product_id=self.plan_2y.id
            ).action_apply()
        first.action_cancel()
        second = self._choose_as(
            self.portal_a, self.expired, "renew", plan_product_id=self.plan_2y.id
        ).action_apply()
        self.assertNotEqual(first, second)

    @freeze_time("2026-11-26 06:30:00")  # Thursday
    def test_proforma_valid_seven_working_days(self):
        order = self._choose(
            self.expired, "renew", plan_product_id=self.plan_1y.id
        ).action_apply()
        # Today counts as the first working day (Odoo's plan_days): Thu, Sat, Sun,
        # Mon, Tue, Wed, Thu; Friday is not a working day.
        self.assertEqual(order.validity_date, date(2026, 12, 3))

    @freeze_time("2026-12-17 06:30:00")  # Thursday
    def test_proforma_validity_skips_lunar_holiday(self):
        order = self._choose(
            self.expired, "renew", plan_product_id=self.plan_1y.id
        ).action_apply()
        # Thu 17, Sat 19, Sun 20, Mon 21, (Tue 22: birthday of Imam Ali),
        # Wed 23, Thu 24, Sat 26.
        self.assertEqual(order.validity_date, date(2026, 12, 26))

    def test_one_values_dict_twice_makes_two_codes(self):
        vals = {"partner_id": self.customer_a.id}
        orders = self.env["sale.order"].create([vals] * 2)
        self.assertEqual(len(set(orders.mapped("qanat_tracking_code"))), 2)
        self.assertNotIn("qanat_tracking_code", vals)

    def test_tracking_codes_are_unique_and_random(self):
        codes = {self.env["sale.order"]._qanat_new_tracking_code() for _i in range(200)}
        self.assertEqual(len(codes), 200)
        self.assertFalse(any(set(code) & set("01IOL") for code in codes))

    def test_payment_link_sms(self):
        order = self._choose(
            self.expired, "renew", plan_product_id=self.plan_1y.id
        ).action_apply()
        order.action_qanat_send_payment_link()
        notification = self.env["qanat.notification"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(notification.event_id.code, "proforma_payment_link")
        self.assertIn(order.qanat_tracking_code, notification.body)
        self.assertIn(f"/my/orders/{order.id}?access_token=", notification.body)
        self.assertEqual(order.state, "sent")
        # Its validity in the Jalali calendar, digits in the customer's script.
        self.assertTrue(order.validity_date)
        self.assertIn(
            self.env["qanat.messaging"]._format_customer_date(
                order.validity_date, order.partner_id
            ),
            notification.body,
        )
        self.assertNotIn(str(order.validity_date), notification.body)


@tagged("post_install", "-at_install")
class TestRenewalPaidOnline(QanatBillingCase, HttpCase):
    def test_replayed_payment_renews_once(self):
        today = company_today(self.env)
        device = self._expired_device("PAY-EXP")
        order = self._renewal_order(device)
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref(
                    "qanat_billing.payment_method_shetab"
                ).id,
                "amount": order.amount_total,
                "currency_id": self.rial.id,
                "partner_id": self.customer_a.id,
                "reference": order.name,
                "operation": "online_redirect",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        tx._get_processing_values()
        for _replay in range(10):
            self.url_open(
                f"/payment/zarinpal/return?Authority={tx.provider_reference}"
                f"&Status=OK&ref={tx.reference}",
                allow_redirects=False,
            )
            tx._post_process()
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.state, "sale")
        self.assertEqual(device.service_state, "renewed")
        self.assertEqual(device.service_end, today + relativedelta(years=1))
        payments = self.env["account.payment"].search(
            [("payment_transaction_id", "=", tx.id)]
        )
        self.assertEqual(len(payments), 1)
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.payment_state, "paid")
        renew_messages = device.message_ids.filtered(
            lambda m: order.name in (m.body or "")
        )
        self.assertEqual(len(renew_messages), 1)
