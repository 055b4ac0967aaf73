import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import QanatBillingCase

# Naive UTC, as Odoo stores datetimes; Tehran is UTC+3:30.
SATURDAY_NOON_TEHRAN = datetime.datetime(2026, 12, 5, 8, 30)
FRIDAY_NOON_TEHRAN = datetime.datetime(2026, 12, 4, 8, 30)
# 1 Farvardin 1406 (Nowruz) is a Sunday, a working weekday.
NOWRUZ_NOON_TEHRAN = datetime.datetime(2027, 3, 21, 8, 30)


class DeviceOrderCase(QanatBillingCase):
    """A salesperson, a device product and helpers to order and pay it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env.ref("qanat_helpdesk.resource_calendar_iran_support")
        cls.env.company.resource_calendar_id = calendar
        calendar._qanat_add_iranian_solar_holidays([1405, 1406])
        cls.seller = new_test_user(
            cls.env,
            login="device_seller",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.chair = cls.env["product.product"].create(
            {
                "name": "Dental chair",
                "type": "consu",
                "list_price": 900_000_000,
                "qanat_is_device": True,
            }
        )

    def _order(self, product=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "user_id": self.seller.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": (product or self.chair).id, "price_unit": 900},
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _pay(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        return invoice

    def _paid_order(self, when=SATURDAY_NOON_TEHRAN):
        order = self._order()
        with freeze_time(when):
            self._pay(order)
        return order


@tagged("post_install", "-at_install")
class TestDeviceDelivery(DeviceOrderCase):
    """A paid device order is registered with the supplier by its deadline (24
    hours after a payment on a working day, 48 on another day), then dispatched
    and delivered; its delivery address and phone are frozen on the way."""

    # -- the deadline --------------------------------------------------------------

    def test_paid_device_order_gets_a_deadline_and_an_activity(self):
        order = self._order()
        self.assertTrue(order.qanat_has_devices)
        self.assertFalse(order.qanat_delivery_state)
        with freeze_time(SATURDAY_NOON_TEHRAN):
            self._pay(order)
        self.assertEqual(order.qanat_delivery_state, "ordered")
        self.assertEqual(order.qanat_paid_at, SATURDAY_NOON_TEHRAN)
        self.assertEqual(
            order.qanat_supplier_deadline,
            SATURDAY_NOON_TEHRAN + datetime.timedelta(hours=24),
        )
        self.assertEqual(order.qanat_supplier_state, "running")
        self.assertEqual(order.qanat_delivery_user_id, self.seller)
        activity = order.activity_ids.filtered(
            lambda act: (
                act.activity_type_id
                == self.env.ref("qanat_billing.mail_activity_supplier_registration")
            )
        )
        self.assertEqual(activity.user_id, self.seller)
        self.assertEqual(activity.date_deadline, datetime.date(2026, 12, 6))

    def test_unpaid_or_deviceless_order_has_no_deadline(self):
        order = self._order()
        order._create_invoices().action_post()
        self.assertFalse(order.qanat_delivery_state)
        service = self._order(product=self.plan_1y)
        self._pay(service)
        self.assertFalse(service.qanat_has_devices)
        self.assertFalse(service.qanat_delivery_state)

    def test_payment_on_a_non_working_day_gets_48_hours(self):
        for paid_at in (FRIDAY_NOON_TEHRAN, NOWRUZ_NOON_TEHRAN):
            with self.subTest(paid_at=paid_at):
                order = self._paid_order(paid_at)
                self.assertEqual(
                    order.qanat_supplier_deadline,
                    paid_at + datetime.timedelta(hours=48),
                )

    def test_registration_meets_or_misses_the_deadline(self):
        on_time = self._paid_order()
        late = self._paid_order()
        with freeze_time(SATURDAY_NOON_TEHRAN + datetime.timedelta(hours=23)):
            on_time.with_user(self.seller).action_qanat_register_with_supplier()
        with freeze_time(SATURDAY_NOON_TEHRAN + datetime.timedelta(hours=25)):
            late.with_user(self.seller).action_qanat_register_with_supplier()
        self.assertEqual(on_time.qanat_supplier_state, "met")
        self.assertEqual(late.qanat_supplier_state, "missed")
        self.assertEqual(on_time.qanat_delivery_state, "registered")
        self.assertFalse(
            on_time.activity_ids.filtered(
                lambda act: (
                    act.activity_type_id
                    == self.env.ref("qanat_billing.mail_activity_supplier_registration")
                )
            )
        )

    def test_cron_flags_at_risk_then_missed(self):
        order = self._paid_order()
        with freeze_time(SATURDAY_NOON_TEHRAN + datetime.timedelta(hours=21)):
            self.env["sale.order"]._cron_update_supplier_deadlines()
        self.assertEqual(order.qanat_supplier_state, "at_risk")
        with freeze_time(SATURDAY_NOON_TEHRAN + datetime.timedelta(hours=25)):
            self.env["sale.order"]._cron_update_supplier_deadlines()
        self.assertEqual(order.qanat_supplier_state, "missed")
        self.assertEqual(order.qanat_delivery_state, "ordered")
        # Registered late, it stays missed.
        order.action_qanat_register_with_supplier()
        self.assertEqual(order.qanat_supplier_state, "missed")

    def test_steps_follow_in_order(self):
        order = self._paid_order()
        with self.assertRaises(UserError):
            order.action_qanat_dispatch()
        with self.assertRaises(UserError):
            self._order().action_qanat_register_with_supplier()
        order.action_qanat_register_with_supplier()
        with self.assertRaises(UserError):
            order.action_qanat_mark_delivered()
        order.action_qanat_dispatch()
        order.action_qanat_mark_delivered()
        self.assertEqual(order.qanat_delivery_state, "delivered")
        self.assertTrue(order.qanat_delivered_at)

    # -- the address on the way -----------------------------------------------------

    def test_address_and_phone_change_before_dispatch_only(self):
        order = self._paid_order()
        other_address = self.env["res.partner"].create(
            {"name": "Clinic", "parent_id": self.customer_a.id, "type": "delivery"}
        )
        order.partner_shipping_id = other_address
        other_address.write({"street": "Azadi 1", "phone": "02188776655"})
        order.action_qanat_register_with_supplier()
        order.action_qanat_dispatch()
        for vals in ({"street": "Enghelab 2"}, {"phone": "02199887766"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                other_address.write(vals)
        with self.assertRaises(UserError):
            order.partner_shipping_id = self.customer_a
        # Writing the same value, or another field, is no change.
        other_address.write({"street": "Azadi 1", "comment": "Ring twice"})
        order.action_qanat_mark_delivered()
        other_address.write({"street": "Enghelab 2"})
        with self.assertRaises(UserError):
            order.partner_shipping_id = self.customer_a


@tagged("post_install", "-at_install")
class TestDeliveryChangeRequest(DeviceOrderCase):
    """Seed 000: a new delivery address or phone is requested by ticket before
    dispatch and applied by staff; after dispatch it is refused on every path."""

    NEW_ADDRESS = {
        "street": "Valiasr St, No 12",
        "city": "Tehran",
        "zip": "1591634311",
        "phone": "09123334455",
        "note": "Please deliver to the new clinic.",
    }

    def _request(self, order, user=None, **values):
        order = order.with_user(user or self.portal_a)
        return order._qanat_request_address_change({**self.NEW_ADDRESS, **values})

    def test_customer_requests_and_staff_apply(self):
        order = self._paid_order()
        ticket = self._request(order)
        self.assertEqual(ticket.request_kind, "address_change")
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.qanat_order_id, order)
        self.assertFalse(ticket.device_id)
        self.assertEqual(ticket.sla_state, "running")
        self.assertIn("new clinic", ticket.description)
        # One request at a time.
        with self.assertRaises(UserError) as error:
            self._request(order)
        self.assertIn(ticket.number, str(error.exception))
        # Customers never apply it.
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_a).action_qanat_apply_address_change()
        ticket.with_user(self.user_qanat).action_qanat_apply_address_change()
        contact = order.partner_shipping_id
        self.assertNotEqual(contact, self.customer_a)
        self.assertEqual(contact.parent_id, self.customer_a)
        self.assertEqual(contact.type, "delivery")
        self.assertEqual(contact.street, "Valiasr St, No 12")
        self.assertEqual(contact.zip, "1591634311")
        self.assertEqual(contact.mobile, "09123334455")
        self.assertTrue(ticket.qanat_change_applied_at)
        with self.assertRaises(UserError):
            ticket.with_user(self.user_qanat).write({"qanat_new_city": "Karaj"})
        # Applied: a new request may follow.
        self.assertTrue(
            self._request(order, phone="09124445566", street="", city="", zip="")
        )

    def test_phone_only_keeps_the_address(self):
        order = self._paid_order()
        self.customer_a.write({"street": "Azadi 1", "city": "Tehran"})
        ticket = self._request(order, street="", city="", zip="")
        ticket.with_user(self.user_qanat).action_qanat_apply_address_change()
        self.assertEqual(order.partner_shipping_id.street, "Azadi 1")
        self.assertEqual(order.partner_shipping_id.mobile, "09123334455")

    def test_refused_after_dispatch_on_every_path(self):
        order = self._paid_order()
        ticket = self._request(order)
        order.action_qanat_register_with_supplier()
        order.action_qanat_dispatch()
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.user_qanat).action_qanat_apply_address_change()
        self.assertIn("dispatched", str(error.exception))
        self.assertEqual(order.partner_shipping_id, self.customer_a)
        self.assertFalse(ticket.qanat_change_applied_at)
        ticket.sudo().action_close()
        with self.assertRaises(UserError):
            self._request(order)
        with self.assertRaises(UserError):
            self._request(order, user=self.user_qanat)

    def test_bad_input_gets_a_clear_message(self):
        order = self._paid_order()
        cases = [
            ({"street": "", "city": "", "zip": "", "phone": ""}, "or both"),
            ({"zip": ""}, "postal code"),
            ({"zip": "123"}, "10 digits"),
            ({"phone": "0212345"}, "mobile"),
        ]
        for values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError) as error,
            ):
                self._request(order, **values)
            self.assertIn(message, str(error.exception))

    def test_only_the_customers_own_device_order(self):
        order = self._paid_order()
        with self.assertRaises(AccessError):
            self._request(order, user=self.portal_b)
        # Forged over RPC: another customer's order id in the ticket's values.
        with self.assertRaises(UserError):
            self.env["qanat.ticket"].with_user(self.portal_b).create(
                {
                    "name": "Move it",
                    "request_kind": "address_change",
                    "qanat_order_id": order.id,
                    "qanat_new_phone": "09123334455",
                }
            )
        service = self._order(self.env.ref("qanat_billing.product_per_case_service"))
        with self.assertRaises(UserError):
            self._request(service, user=self.user_qanat)
