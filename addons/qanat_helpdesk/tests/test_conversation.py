from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.qanat_helpdesk.models.qanat_ticket import (
    MAX_CUSTOMER_FILE_BYTES,
    MAX_CUSTOMER_FILES,
)

from .common import QanatHelpdeskCase


@tagged("post_install", "-at_install")
class TestConversation(QanatHelpdeskCase):
    def _reply(self, ticket, user, body="Hello"):
        return ticket.with_user(user).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def test_states_follow_the_conversation(self):
        ticket = self._create_ticket()
        self.assertIn(self.customer_a, ticket.message_partner_ids)
        ticket.with_user(self.agent).action_review()
        self.assertEqual(ticket.state, "in_review")
        self._reply(ticket, self.agent)
        self.assertEqual(ticket.state, "answered")
        self.assertTrue(ticket.answered_at)
        # The customer answers (e.g. from the portal chatter, which posts as them).
        ticket.sudo().message_post(
            body="Still broken",
            author_id=self.customer_a.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.state, "open")

    def test_answer_notifies_customer_by_sms(self):
        ticket = self._create_ticket()
        self._reply(ticket, self.agent)
        notification = self.env["qanat.notification"].search(
            [("res_model", "=", "qanat.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(notification.event_id.code, "ticket_answered")
        self.assertEqual(notification.channel, "sms")
        self.assertEqual(notification.partner_id, self.customer_a)
        self.assertIn(ticket.number, notification.body)
        self.assertEqual(notification.mail_message_id.res_id, self.customer_a.id)
        # A second answer notifies again; an internal note does not.
        ticket.with_user(self.agent).message_post(
            body="note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self._reply(ticket, self.agent, "More details")
        self.assertEqual(
            self.env["qanat.notification"].search_count(
                [("res_model", "=", "qanat.ticket"), ("res_id", "=", ticket.id)]
            ),
            2,
        )

    def test_answer_sms_is_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["qanat_helpdesk"], ["fa_IR"])
        ticket = self._create_ticket()
        self._reply(ticket, self.agent)
        notification = self.env["qanat.notification"].search(
            [("res_model", "=", "qanat.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertIn("پاسخ داده شد", notification.body)
        self.assertIn(ticket.number, notification.body)

    def test_customer_reply_reopens_closed_ticket(self):
        ticket = self._create_ticket()
        self._reply(ticket, self.agent)
        ticket.with_user(self.agent).action_close()
        self.assertEqual(ticket.state, "closed")
        self.assertTrue(ticket.closed_at)
        ticket.sudo().message_post(
            body="It broke again",
            author_id=self.customer_a.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.state, "open")
        self.assertFalse(ticket.closed_at)
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "Reopened" in (m.body or ""))
        )

    def test_staff_reply_on_closed_ticket_keeps_it_closed(self):
        ticket = self._create_ticket()
        ticket.with_user(self.agent).action_close()
        self._reply(ticket, self.agent, "Closing remark")
        self.assertEqual(ticket.state, "closed")

    def test_closing_asks_for_a_rating(self):
        ticket = self._create_ticket()
        self._reply(ticket, self.agent)
        ticket.user_id = self.agent
        ticket.with_user(self.agent).action_close()
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.customer_a)
        request = ticket.message_ids.filtered(
            lambda m: f"/rate/{rating.access_token}/5" in (m.body or "")
        )
        self.assertTrue(request)
        ticket.rating_apply(5, token=rating.access_token, feedback="Great")
        self.assertEqual(ticket.rating_last_value, 5)

    def test_only_staff_reopen_and_review(self):
        ticket = self._create_ticket()
        for method in ("action_review", "action_reopen", "action_assign_to_me"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(ticket.with_user(self.portal_a), method)()


@tagged("post_install", "-at_install")
class TestCustomerFiles(QanatHelpdeskCase):
    """The limits on files a customer attaches are the model's, whoever calls."""

    def test_customer_attaches_a_bounded_number_of_files(self):
        ticket = self._create_ticket(user=self.portal_a)
        as_customer = ticket.with_user(self.portal_a)
        photos = [(f"photo{i}.png", b"\x89PNG\r\n\x1a\n") for i in range(3)]
        as_customer._qanat_attach_customer_files(photos)
        with self.assertRaises(UserError):
            as_customer._qanat_attach_customer_files(photos)  # 6 in all
        as_customer._qanat_attach_customer_files(photos[:2])  # 5 in all
        self.assertEqual(len(ticket._qanat_customer_attachments()), MAX_CUSTOMER_FILES)
        with self.assertRaises(UserError):
            as_customer._qanat_attach_customer_files([("one.txt", b"x")])

    def test_file_size_and_type_are_not_the_browsers_word(self):
        ticket = self._create_ticket(user=self.portal_a).with_user(self.portal_a)
        with self.assertRaises(UserError):
            ticket._qanat_attach_customer_files(
                [("big.log", b"x" * (MAX_CUSTOMER_FILE_BYTES + 1))]
            )
        page = ticket._qanat_attach_customer_files(
            [("photo.png", b"<html><script>alert(1)</script></html>")]
        )
        self.assertNotIn("html", page.sudo().mimetype)

    def test_no_files_on_another_customers_ticket(self):
        ticket = self._create_ticket(user=self.portal_a)
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_b)._qanat_attach_customer_files(
                [("photo.png", b"x")]
            )
        self.assertFalse(ticket._qanat_customer_attachments())
