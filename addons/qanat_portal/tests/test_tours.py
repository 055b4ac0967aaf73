from odoo.tests import tagged

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestPortalTours(QanatPortalCase):
    """Each flow a customer clicks through, in Chromium, in Persian (RTL)."""

    def test_ticket_tour(self):
        self.start_tour("/my/tickets", "qanat_portal_ticket_tour", login="portal_a")
        ticket = self.env["qanat.ticket"].search([("name", "=", "Tour: water leak")])
        self.assertEqual(ticket.device_id, self.a_live)
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.state, "closed")
        self.assertIn(
            "A photo will follow tomorrow", "".join(ticket.message_ids.mapped("body"))
        )
        self.assertEqual(ticket.rating_ids.filtered("consumed").rating, 5)

    def test_service_choice_and_payment_tour(self):
        self.start_tour("/my/devices", "qanat_portal_service_tour", login="portal_a")
        order = self.env["sale.order"].search(
            [("order_line.qanat_device_id", "=", self.a_expired.id)]
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.gateway.verify_calls, 1)
        self.assertEqual(self.a_expired.service_state, "renewed")

    def test_installation_tour(self):
        self.start_tour(
            "/my/installations", "qanat_portal_installation_tour", login="portal_a"
        )
        self.assertEqual(self.a_installation.state, "confirmed")
        self.assertEqual(self.a_installation.confirmed_channel, "portal")
        self.assertEqual(self.a_pending.service_state, "active")

    def test_transfer_tour(self):
        self.start_tour("/my/transfers", "qanat_portal_transfer_tour", login="portal_a")
        transfer = self.env["qanat.device.transfer"].search(
            [("device_id", "=", self.a_live.id)]
        )
        self.assertEqual(transfer.state, "submitted")
        self.assertEqual(transfer.new_owner_name, "Dr. Tour Buyer")
        self.assertEqual(transfer.new_owner_national_code, "7185515955")

    def test_course_purchase_tour(self):
        self.start_tour("/my/courses", "qanat_portal_course_tour", login="portal_a")
        licence = self.env["qanat.course.licence"].search(
            [("partner_id", "=", self.customer_a.id)]
        )
        self.assertEqual(licence.state, "pending")
        self.env["qanat.course.licence"]._cron_issue_licences()
        self.assertEqual(licence.state, "issued")
        self.authenticate("portal_a", "portal_a")
        page = self.url_open("/my/courses")
        self.assertIn(licence.licence_key, page.text)

    def test_refund_tour(self):
        paid = self._make_paid_invoice(self.customer_a, 20_000_000)
        self.start_tour("/my/refunds", "qanat_portal_refund_tour", login="portal_a")
        refund = self.env["qanat.refund.request"].search(
            [("commercial_partner_id", "=", self.customer_a.id)]
        )
        self.assertEqual(refund.invoice_id, paid)
        self.assertEqual(refund.amount, 2_000_000)
        self.assertEqual(refund.method, "cash")
        self.assertEqual(refund.account_holder, "Tour Holder")

    def test_delivery_change_tour(self):
        order = self._device_order(self.customer_a)
        self.start_tour(
            order.get_portal_url(),
            "qanat_portal_delivery_change_tour",
            login="portal_a",
        )
        ticket = order._qanat_pending_address_change()
        self.assertEqual(ticket.qanat_new_street, "Tour Street 12")
        self.assertEqual(ticket.qanat_new_zip, "1591634311")
        self.assertEqual(ticket.qanat_new_phone, "09123334455")

    def test_installation_request_tour(self):
        delivered = self._create_device(self.customer_a, "A-DELIVERED-TOUR")
        self.start_tour(
            f"/my/devices/{delivered.id}",
            "qanat_portal_installation_request_tour",
            login="portal_a",
        )
        ticket = self.env["qanat.ticket"].search([("device_id", "=", delivered.id)])
        self.assertEqual(ticket.request_kind, "installation")
        self.assertEqual(ticket.partner_id, self.customer_a)

    def test_package_purchase_tour(self):
        self.env["product.template"].create(
            {
                "name": "10 support hours",
                "type": "service",
                "list_price": 30_000_000,
                "qanat_plan_kind": "support_hours",
                "qanat_support_hours": 10,
            }
        )
        self.start_tour("/my/packages", "qanat_portal_package_tour", login="portal_a")
        package = self.env["qanat.support.package"].search(
            [("partner_id", "=", self.customer_a.id)]
        )
        self.assertEqual(package.hours, 10)
        self.assertEqual(self.gateway.verify_calls, 1)
