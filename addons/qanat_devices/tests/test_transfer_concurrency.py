from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import NATIONAL_CODES, ConcurrentCursorsMixin


@tagged("post_install", "-at_install")
class TestTransferConcurrency(ConcurrentCursorsMixin, TransactionCase):
    """Two managers approving one request in two transactions: one transfer."""

    def setUp(self):
        super().setUp()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            owner = env["res.partner"].create(
                {"name": "Concurrent Owner", "national_code": NATIONAL_CODES[5]}
            )
            device = env["qanat.device"].create(
                {"partner_id": owner.id, "identifier": "CONCURRENT-1"}
            )
            transfer = env["qanat.device.transfer"].create(
                {
                    "device_id": device.id,
                    "new_owner_name": "Concurrent Buyer",
                    "new_owner_national_code": "0398791074",
                    "new_owner_phone": "09120000000",
                    "current_owner_confirmed": True,
                }
            )
            transfer.action_submit()
            self.ids = {"owner": owner.id, "device": device.id, "transfer": transfer.id}
        self.envs = self._concurrent_envs(2)

    def _clean_up_committed(self, env):
        cr = env.cr
        cr.execute(
            "SELECT new_partner_id FROM qanat_device_transfer WHERE id = %s",
            (self.ids["transfer"],),
        )
        new_partner_ids = [row[0] for row in cr.fetchall() if row[0]]
        cr.execute(
            "DELETE FROM qanat_device_transfer WHERE id = %s",
            (self.ids["transfer"],),
        )
        cr.execute("DELETE FROM qanat_device WHERE id = %s", (self.ids["device"],))
        cr.execute(
            "DELETE FROM mail_message WHERE model IN "
            "('qanat.device', 'qanat.device.transfer') AND res_id IN %s",
            ((self.ids["device"], self.ids["transfer"]),),
        )
        partner_ids = (self.ids["owner"], *new_partner_ids)
        cr.execute("DELETE FROM mail_followers WHERE partner_id IN %s", (partner_ids,))
        cr.execute("DELETE FROM res_partner WHERE id IN %s", (partner_ids,))

    def _approve(self, env):
        return (
            env["qanat.device.transfer"].browse(self.ids["transfer"]).action_approve()
        )

    @mute_logger("odoo.sql_db")
    def test_concurrent_approval_while_first_is_running(self):
        env_a, env_b = self.envs
        self._approve(env_a)  # holds the row lock, not committed yet
        with self.assertRaises(UserError):
            self._approve(env_b)
        env_b.cr.rollback()
        env_a.cr.commit()
        self._assert_single_transfer()

    @mute_logger("odoo.sql_db")
    def test_concurrent_approval_after_first_committed(self):
        env_a, env_b = self.envs
        env_b.cr.execute("SELECT 1")  # B's snapshot starts before A commits
        self._approve(env_a)
        env_a.cr.commit()
        with self.assertRaises(UserError):
            self._approve(env_b)
        env_b.cr.rollback()
        self._approve_again_is_refused()
        self._assert_single_transfer()

    def _approve_again_is_refused(self):
        env_b = self.envs[1]
        with self.assertRaises(UserError):
            self._approve(env_b)
        env_b.cr.rollback()

    def _assert_single_transfer(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            device = env["qanat.device"].browse(self.ids["device"])
            transfer = env["qanat.device.transfer"].browse(self.ids["transfer"])
            self.assertEqual(transfer.state, "approved")
            self.assertEqual(device.partner_id, transfer.new_partner_id)
            self.assertEqual(len(device.ownership_ids), 2)
            self.assertEqual(
                env["res.partner"].search_count([("national_code", "=", "0398791074")]),
                1,
            )
