from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QanatHelpdeskCase


@tagged("post_install", "-at_install")
class TestServiceRule(QanatHelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired_device = cls._create_device(cls.customer_a, "HD-EXPIRED")
        cls._activate(cls.expired_device)
        cls.expired_device._expire_service()
        cls.per_case_device = cls._create_device(cls.customer_a, "HD-PPC")
        cls._activate(cls.per_case_device)
        cls.per_case_device._set_pay_per_case()
        cls.pending_device = cls._create_device(cls.customer_b, "HD-PENDING")

    def test_live_states_allowed(self):
        self.assertEqual(self._create_ticket().billing_mode, "covered")
        ticket = self._create_ticket(device=self.per_case_device)
        self.assertEqual(ticket.billing_mode, "per_case")
        self.live_device._renew_service(12)
        self.assertTrue(self._create_ticket())

    def test_expired_device_refused_with_advice(self):
        with self.assertRaises(UserError) as error:
            self._create_ticket(device=self.expired_device, user=self.agent)
        message = str(error.exception)
        self.assertIn("Expired", message)
        self.assertIn("pay per case", message)

    def test_refusal_in_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["qanat_devices", "qanat_helpdesk"], ["fa_IR"]
        )
        with self.assertRaises(UserError) as error:
            self.env["qanat.ticket"].with_context(lang="fa_IR").create(
                {
                    "name": "x",
                    "partner_id": self.customer_a.id,
                    "device_id": self.expired_device.id,
                    "team_id": self.team.id,
                }
            )
        self.assertIn("منقضی", str(error.exception))
        self.assertIn("پرداخت موردی", str(error.exception))

    def test_each_blocked_state_explains(self):
        suspended = self._create_device(self.customer_a, "HD-SUSP")
        self._activate(suspended)
        suspended._suspend_service("Debt")
        cancelled = self._create_device(self.customer_a, "HD-CANC")
        self._activate(cancelled)
        cancelled._cancel_service("Moved")
        for device, words in (
            (suspended, "overdue invoices"),
            (cancelled, "renew the service contract"),
        ):
            with self.subTest(state=device.service_state):
                with self.assertRaises(UserError) as error:
                    self._create_ticket(device=device)
                self.assertIn(words, str(error.exception))
        with self.assertRaises(UserError) as error:
            self._create_ticket(partner=self.customer_b, device=self.pending_device)
        self.assertIn("installation", str(error.exception))

    def test_manager_override_needs_reason(self):
        with self.assertRaises(UserError):
            self._create_ticket(device=self.expired_device, user=self.team_manager)
        with self.assertRaises(UserError):
            self._create_ticket(
                device=self.expired_device,
                user=self.agent,
                service_override_reason="Agent cannot override",
            )
        ticket = self._create_ticket(
            device=self.expired_device,
            user=self.team_manager,
            service_override_reason="Safety issue reported by phone",
        )
        self.assertEqual(ticket.service_override_by_id, self.team_manager)
        self.assertEqual(
            ticket.service_override_reason, "Safety issue reported by phone"
        )

    def test_device_must_belong_to_customer(self):
        with self.assertRaises(UserError):
            self._create_ticket(partner=self.customer_b, device=self.live_device)
        ticket = self._create_ticket()
        with self.assertRaises(UserError):
            ticket.device_id = self.expired_device

    def test_ticket_without_device_needs_some_live_service(self):
        self.assertTrue(self._create_ticket(device=False))
        with self.assertRaises(UserError):
            self._create_ticket(partner=self.customer_b, device=False)

    def test_portal_customer_creates_own_ticket_only(self):
        ticket = self._create_ticket(
            user=self.portal_a, partner=self.customer_b, priority="2"
        )
        self.assertEqual(ticket.partner_id, self.customer_a)  # forced to themselves
        self.assertEqual(ticket.sla_state, "running")
        with self.assertRaises(UserError):
            self._create_ticket(user=self.portal_a, device=self.expired_device)
        with self.assertRaises(UserError):
            self._create_ticket(user=self.portal_b, device=self.live_device)
        with self.assertRaises(AccessError):
            self._create_ticket(user=self.portal_a, user_id=self.agent.id)
        with self.assertRaises(AccessError):
            self._create_ticket(user=self.portal_a, service_override_reason="let me in")

    def test_portal_sees_only_own_tickets(self):
        own = self._create_ticket()
        other_device = self._create_device(self.customer_b, "HD-B")
        self._activate(other_device)
        other = self._create_ticket(partner=self.customer_b, device=other_device)
        tickets = self.env["qanat.ticket"].with_user(self.portal_a).search([])
        self.assertEqual(tickets, own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_a).write({"state": "closed"})
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).action_close()
        own.with_user(self.portal_a).action_close()
        self.assertEqual(own.state, "closed")
