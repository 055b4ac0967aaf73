import re

import markupsafe

from odoo.tests import tagged

from .common import QanatPortalCase

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@tagged("post_install", "-at_install")
class TestPortalTickets(QanatPortalCase):
    def test_new_ticket_only_for_live_devices(self):
        self.login(self.portal_a)
        response = self.get("/my/tickets/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{self.a_live.id}"', response.text)
        self.assertNotIn(f'value="{self.a_expired.id}"', response.text)
        # The expired device is explained, with a link to renew it.
        self.assertIn(f"/my/devices/{self.a_expired.id}", response.text)
        # Forcing the expired device is refused with the reason; nothing is lost.
        response = self.post(
            "/my/tickets/new",
            {
                "device_id": self.a_expired.id,
                "name": "Compressor noise",
                "description": "It is loud",
                "priority": "2",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertIn("Compressor noise", response.text)
        self.assertFalse(
            self.env["qanat.ticket"].search([("name", "=", "Compressor noise")])
        )

    def test_no_live_device_explains_and_links_to_renew(self):
        self.login(self.portal_b)
        self.b_live._suspend_service(reason="overdue")
        response = self.get("/my/tickets/new")
        self.assertIn("o_qanat_ticket_refusal", response.text)
        self.assertNotIn("o_qanat_ticket_form", response.text)

    def test_create_reply_close_rate(self):
        self.login(self.portal_a)
        response = self.post(
            "/my/tickets/new",
            {
                "device_id": self.a_live.id,
                "name": "Suction is weak",
                "description": "Since Monday <script>alert(1)</script>",
                "priority": "3",
            },
            files={"attachments": ("photo.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 303)
        ticket = self.env["qanat.ticket"].search([("name", "=", "Suction is weak")])
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.priority, "3")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "qanat.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.name, "photo.png")
        page = self.get(f"/my/tickets/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("<script>alert(1)</script>", page.text)
        self.assertIn("photo.png", page.text)
        self.assertIn('id="discussion"', page.text)
        # Staff answer; the customer closes and rates.
        ticket.with_user(self.user_qanat).message_post(
            body="Please clean the filter",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.state, "answered")
        # Files of internal notes and files staff attach outside a message stay
        # internal; a file sent with a public answer is the customer's.
        ticket.with_user(self.user_qanat).message_post(
            body="Supplier price list",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("internal-prices.pdf", b"%PDF-1.4 internal")],
        )
        self.env["ir.attachment"].with_user(self.user_qanat).create(
            {
                "name": "staff-notes.txt",
                "raw": b"internal",
                "res_model": "qanat.ticket",
                "res_id": ticket.id,
            }
        )
        ticket.with_user(self.user_qanat).message_post(
            body="The manual",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("manual.pdf", b"%PDF-1.4 manual")],
        )
        page = self.get(f"/my/tickets/{ticket.id}")
        self.assertNotIn("internal-prices.pdf", page.text)
        self.assertNotIn("staff-notes.txt", page.text)
        self.assertIn("manual.pdf", page.text)
        self.assertIn("photo.png", page.text)
        self.post(f"/my/tickets/{ticket.id}/close")
        self.assertEqual(ticket.state, "closed")
        self.post(f"/my/tickets/{ticket.id}/rate", {"rate": "5", "feedback": "Thanks"})
        rating = ticket.rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Thanks")
        self.assertEqual(ticket.state, "closed", "a rating does not reopen the ticket")
        page = self.get(f"/my/tickets/{ticket.id}")
        self.assertIn("o_qanat_rating_done", page.text)
        self.assertNotIn("o_qanat_rating_form", page.text)

    def test_nul_characters_in_a_ticket_are_dropped(self):
        self.login(self.portal_a)
        response = self.post(
            "/my/tickets/new",
            {
                "device_id": self.a_live.id,
                "name": "Noisy\x00 pump",
                "description": "It\x00 rattles",
            },
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.env["qanat.ticket"].search([("name", "=", "Noisy pump")]))

    def test_bad_input_keeps_what_was_typed(self):
        self.login(self.portal_a)
        response = self.post(
            "/my/tickets/new",
            {"device_id": self.a_live.id, "name": "", "description": "Long text kept"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)
        self.assertIn("Long text kept", response.text)
        response = self.post(
            "/my/tickets/new",
            {"device_id": "abc", "name": "x", "description": "y", "priority": "9"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_qanat_form_error", response.text)

    def test_list_search_and_filters(self):
        tickets = self.env["qanat.ticket"].with_user(self.portal_a)
        first = tickets.create({"name": "Printer jam", "device_id": self.a_live.id})
        tickets.create({"name": "Screen flicker", "device_id": self.a_live.id})
        first.sudo().action_close()
        self.login(self.portal_a)
        response = self.get("/my/tickets?search=Printer")
        self.assertIn("Printer jam", response.text)
        self.assertNotIn("Screen flicker", response.text)
        response = self.get("/my/tickets?filterby=closed")
        self.assertIn("Printer jam", response.text)
        self.assertNotIn("Screen flicker", response.text)
        response = self.get("/my/tickets?filterby=nonsense&sortby=nonsense")
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestNewTicketReasons(QanatPortalCase):
    """Each device that cannot take a ticket is listed with the model's reason and
    a link to the page that lifts it."""

    def _blocked_items(self, response):
        return {
            int(device_id): item
            for device_id, item in re.findall(
                r'<li[^>]*o_qanat_blocked_device[^>]*data-device-id="(\d+)"[^>]*>'
                r"(.*?)</li>",
                response.text,
                flags=re.S,
            )
        }

    def _refusal(self, device):
        """The model's refusal as a Persian reader gets it, escaped as on a page."""
        tickets = self.env["qanat.ticket"].with_context(lang="fa_IR")
        refusal = tickets._get_service_refusal(
            self.customer_a, device.with_context(lang="fa_IR")
        )
        return str(markupsafe.escape(refusal))

    def test_each_device_says_why_and_where_to_go(self):
        self.login(self.portal_a)
        response = self.get("/my/tickets/new")
        self.assertIn("o_qanat_ticket_form", response.text)
        items = self._blocked_items(response)
        self.assertEqual(set(items), {self.a_pending.id, self.a_expired.id})
        # Waiting for installation: confirm it first, on its installation page.
        pending = items[self.a_pending.id]
        self.assertIn(self._refusal(self.a_pending), pending)
        self.assertIn(f'href="/my/installations/{self.a_installation.id}"', pending)
        self.assertNotIn("/service", pending)
        # Expired: the reason and the renewal page, not the device page.
        expired = items[self.a_expired.id]
        self.assertIn(self._refusal(self.a_expired), expired)
        self.assertIn(f'href="/my/devices/{self.a_expired.id}/service"', expired)
        self.assertNotIn(f'value="{self.a_pending.id}"', response.text)

    def test_pay_per_case_over_the_ceiling_is_explained(self):
        self.a_expired._set_pay_per_case(reason="test")
        invoice = self._make_invoice(self.customer_a, 150_000_000)
        invoice.action_post()
        self.login(self.portal_a)
        response = self.get("/my/tickets/new")
        self.assertNotIn(f'value="{self.a_expired.id}"', response.text)
        self.assertIn(f'value="{self.a_live.id}"', response.text)
        item = self._blocked_items(response)[self.a_expired.id]
        refusal = self._refusal(self.a_expired)
        self.assertIn("۱۰٬۰۰۰٬۰۰۰", refusal)  # the ceiling, from the billing rule
        self.assertIn(refusal, item)
        self.assertIn(f'href="/my/devices/{self.a_expired.id}/service"', item)

    def test_no_eligible_device_keeps_every_reason(self):
        self.a_live._suspend_service(reason="overdue")
        self.login(self.portal_a)
        response = self.get("/my/tickets/new")
        self.assertIn("o_qanat_ticket_refusal", response.text)
        self.assertNotIn("o_qanat_ticket_form", response.text)
        items = self._blocked_items(response)
        self.assertEqual(
            set(items), {self.a_live.id, self.a_pending.id, self.a_expired.id}
        )
        self.assertIn(self._refusal(self.a_live), items[self.a_live.id])
        self.assertIn('href="/my/invoices"', items[self.a_live.id])
