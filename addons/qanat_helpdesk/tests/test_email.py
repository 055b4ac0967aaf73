import uuid

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import QanatHelpdeskCase

EMAIL_TEMPLATE = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}

The chair stops halfway since this morning.
"""


@tagged("post_install", "-at_install")
class TestTicketsByEmail(QanatHelpdeskCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "qanat.example.com"}
        )
        cls.team.write(
            {
                "alias_name": "help",
                "alias_domain_id": cls.alias_domain.id,
                "alias_contact": "everyone",
            }
        )
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(
            ["qanat_devices", "qanat_helpdesk"], ["fa_IR"]
        )
        cls.customer_b.lang = "fa_IR"

    def _send(self, email_from, subject):
        # An explicit Message-Id: Odoo's test helper pads a random number with
        # spaces, which breaks In-Reply-To matching one run in ten.
        msg_id = f"<qanat-{uuid.uuid4().hex}@test.example>"
        with self.mock_mail_gateway():
            tickets = self.format_and_process(
                EMAIL_TEMPLATE,
                email_from,
                "help@qanat.example.com",
                subject=subject,
                return_path=email_from,
                target_model="qanat.ticket",
                msg_id=msg_id,
            )
        return tickets

    def test_known_customer_with_live_service_opens_ticket(self):
        ticket = self._send("Customer A <a@example.com>", "Chair problem by email")
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.state, "open")
        self.assertEqual(ticket.sla_state, "running")
        self.assertIn("stops halfway", ticket.description)
        self.assertFalse(self._mails)  # no bounce

    def test_unknown_sender_gets_polite_persian_reply(self):
        ticket = self._send("stranger@elsewhere.example", "Who am I")
        self.assertFalse(ticket)
        self.assertEqual(len(self._mails), 1)
        reply = self._mails[0]
        self.assertIn("stranger@elsewhere.example", reply["email_to"][0])
        self.assertIn("مشتری", reply["body"])
        self.assertIn("stranger@elsewhere.example", reply["body"])

    def test_customer_without_live_service_gets_explanation(self):
        pending = self._create_device(self.customer_b, "HD-MAIL-PENDING")
        self.assertEqual(pending.service_state, "pending_installation")
        ticket = self._send("Customer B <b@example.com>", "No service")
        self.assertFalse(ticket)
        self.assertEqual(len(self._mails), 1)
        self.assertIn("تمدید", self._mails[0]["body"])

    def test_email_reply_reopens_answered_ticket(self):
        ticket = self._send("Customer A <a@example.com>", "Threaded")
        ticket.with_user(self.agent).message_post(
            body="Try restarting",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.state, "answered")
        customer_email = ticket.message_ids.filtered(
            lambda m: m.message_type == "email"
        )
        with self.mock_mail_gateway():
            self.format_and_process(
                EMAIL_TEMPLATE,
                "Customer A <a@example.com>",
                "help@qanat.example.com",
                subject="Re: Threaded",
                return_path="a@example.com",
                extra=f"In-Reply-To: {customer_email[0].message_id}",
                target_model="qanat.ticket",
                msg_id=f"<qanat-{uuid.uuid4().hex}@test.example>",
            )
        self.assertEqual(ticket.state, "open")
        self.assertEqual(
            self.env["qanat.ticket"].search_count([("name", "=", "Re: Threaded")]), 0
        )
