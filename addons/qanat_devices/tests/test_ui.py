import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import NATIONAL_CODES, JsonRpcMixin, create_device, create_installation


@tagged("post_install", "-at_install")
class TestBackendUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="tour_staff",
            password="tour_staff_pw",
            groups="qanat_devices.group_qanat_user",
            # The tour reads English labels, whatever language the database has.
            lang="en_US",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "national_code": NATIONAL_CODES[4]}
        )
        cls.draft_device = create_device(cls.env, cls.customer, "TOUR-DRAFT")
        cls.installation = create_installation(
            cls.env, cls.draft_device, customer_all_done=False
        )

    def test_backend_tour(self):
        self.start_tour("/odoo", "qanat_devices_backend_tour", login="tour_staff")
        device = self.env["qanat.device"].search(
            [("identifier_normalized", "=", "TOURSN0001")]
        )
        self.assertEqual(device.partner_id, self.customer)
        self.assertEqual(device.service_state, "pending_installation")
        self.assertEqual(self.installation.state, "confirmed")
        self.assertEqual(self.installation.confirmed_by_id, self.staff)
        self.assertEqual(self.draft_device.service_state, "active")


@tagged("post_install", "-at_install")
class TestPortalRpc(JsonRpcMixin, HttpCase):
    """Public model methods called over JSON-RPC by a portal customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.env["res.partner"].create(
            {"name": "RPC Owner", "national_code": NATIONAL_CODES[0]}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "RPC Stranger", "national_code": NATIONAL_CODES[1]}
        )
        new_test_user(
            cls.env,
            login="rpc_stranger",
            name="RPC Stranger",
            password="rpc_stranger_pw",
            groups="base.group_portal",
            partner_id=cls.stranger.id,
        )
        cls.device = create_device(cls.env, cls.owner, "RPC-1")
        cls.installation = create_installation(cls.env, cls.device)
        cls.transfer = cls.env["qanat.device.transfer"].create(
            {
                "device_id": cls.device.id,
                "new_owner_name": "Buyer",
                "new_owner_national_code": NATIONAL_CODES[2],
                "new_owner_phone": "09123334444",
                "current_owner_confirmed": True,
            }
        )
        cls.transfer.action_submit()

    @mute_logger("odoo.http")
    def test_portal_rpc_refused_without_leak(self):
        self.authenticate("rpc_stranger", "rpc_stranger_pw")
        calls = [
            ("qanat.device.transfer", "action_approve", [self.transfer.id]),
            ("qanat.installation", "action_confirm", [self.installation.id]),
            ("qanat.device", "action_set_pay_per_case", [self.device.id]),
            ("qanat.device", "read", [self.device.id], ["identifier", "partner_id"]),
        ]
        for model, method, ids, *args in calls:
            with self.subTest(method=method):
                answer = self.call_kw(model, method, [ids, *args])
                self.assertIn("error", answer)
                self.assertEqual(
                    answer["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
                self.assertNotIn("RPC Owner", json.dumps(answer))
                self.assertNotIn("RPC-1", json.dumps(answer))
        self.assertEqual(self.transfer.state, "submitted")
        self.assertEqual(self.installation.state, "draft")
        self.assertEqual(self.device.service_state, "pending_installation")
