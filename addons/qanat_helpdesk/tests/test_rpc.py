from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_devices.tests.common import (
    NATIONAL_CODES,
    JsonRpcMixin,
    activate_device,
    create_device,
)


@tagged("post_install", "-at_install")
class TestTicketRpc(JsonRpcMixin, HttpCase):
    """The service rule also holds for a portal customer calling the ORM over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "RPC Customer", "national_code": NATIONAL_CODES[0]}
        )
        new_test_user(
            cls.env,
            login="rpc_customer",
            name="RPC Customer",
            password="rpc_customer_pw",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.live = create_device(cls.env, cls.customer, "RPC-L")
        cls.expired = create_device(cls.env, cls.customer, "RPC-E")
        activate_device(cls.env, cls.live)
        activate_device(cls.env, cls.expired)
        cls.expired._expire_service()

    def _create_over_rpc(self, values):
        return self.call_kw("qanat.ticket", "create", [values])

    @mute_logger("odoo.http")
    def test_portal_rpc_obeys_service_rule(self):
        self.authenticate("rpc_customer", "rpc_customer_pw")
        refused = self._create_over_rpc(
            {"name": "Via RPC", "device_id": self.expired.id}
        )
        self.assertEqual(refused["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("Expired", refused["error"]["data"]["message"])
        forged = self._create_over_rpc(
            {"name": "Via RPC", "device_id": self.live.id, "sla_state": "met"}
        )
        self.assertEqual(forged["error"]["data"]["name"], "odoo.exceptions.AccessError")
        accepted = self._create_over_rpc({"name": "Via RPC", "device_id": self.live.id})
        ticket = self.env["qanat.ticket"].browse(accepted["result"])
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.sla_state, "running")

    @mute_logger("odoo.http")
    def test_customer_messages_reach_no_other_customer(self):
        other = self.env["res.partner"].create(
            {"name": "Other Customer", "email": "other@example.com"}
        )
        self.authenticate("rpc_customer", "rpc_customer_pw")
        ticket_id = self._create_over_rpc({"name": "Help", "device_id": self.live.id})[
            "result"
        ]
        ticket = self.env["qanat.ticket"].browse(ticket_id)
        for partner_ids in ([other.id], [other.id + 100_000]):
            with self.subTest(partner_ids=partner_ids):
                answer = self.call_kw(
                    "qanat.ticket",
                    "message_post",
                    [[ticket_id]],
                    {"body": "Hello", "partner_ids": partner_ids},
                )
                self.assertIn("error", answer)
                self.assertNotIn("Other Customer", str(answer["error"]))
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: other in m.partner_ids),
            "no message was addressed to the other customer",
        )
        answer = self.call_kw(
            "qanat.ticket",
            "message_post",
            [[ticket_id]],
            {"body": "Hello", "partner_ids": [self.customer.id]},
        )
        self.assertNotIn("error", answer)

    @mute_logger("odoo.http")
    def test_ticket_owner_and_device_are_no_oracle(self):
        """Re-pointing one's ticket at another customer or their device over RPC
        is refused with one answer that names no device or state."""
        other = self.env["res.partner"].create(
            {"name": "Other Owner", "national_code": NATIONAL_CODES[1]}
        )
        other_device = create_device(self.env, other, "RPC-OTHER-SERIAL")
        self.authenticate("rpc_customer", "rpc_customer_pw")
        ticket_id = self._create_over_rpc({"name": "Help", "device_id": self.live.id})[
            "result"
        ]
        answers = set()
        for values in (
            {"partner_id": other.id, "device_id": other_device.id},
            {"device_id": other_device.id},
            {"device_id": other_device.id + 100_000},
            {"partner_id": other.id},
        ):
            with self.subTest(values=values):
                answer = self.call_kw("qanat.ticket", "write", [[ticket_id], values])
                self.assertIn("error", answer)
                message = answer["error"]["data"]["message"]
                self.assertNotIn("RPC-OTHER-SERIAL", message)
                self.assertNotIn("Other Owner", message)
                answers.add(message)
        self.assertEqual(len(answers), 1, answers)
        ticket = self.env["qanat.ticket"].browse(ticket_id)
        self.assertEqual(ticket.device_id, self.live)
