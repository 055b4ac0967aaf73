from odoo.tests import new_test_user

from odoo.addons.qanat_devices.tests.common import QanatDevicesCase


class QanatHelpdeskCase(QanatDevicesCase):
    """A support team on the Iranian support calendar and customers with devices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("qanat_helpdesk.resource_calendar_iran_support")
        cls.team_manager = new_test_user(
            cls.env,
            login="support_manager",
            groups="qanat_devices.group_qanat_manager",
        )
        cls.agent = new_test_user(
            cls.env, login="support_agent", groups="qanat_devices.group_qanat_user"
        )
        cls.team = cls.env["qanat.helpdesk.team"].create(
            {
                "name": "Test Support",
                "manager_id": cls.team_manager.id,
                "member_ids": [(6, 0, cls.agent.ids)],
                "resource_calendar_id": cls.calendar.id,
                "first_response_hours": 5,
                "risk_hours": 1,
                "sla_policy_ids": [
                    (0, 0, {"priority": "3", "first_response_hours": 2})
                ],
            }
        )
        cls.live_device = cls._create_device(cls.customer_a, "HD-LIVE")
        cls._activate(cls.live_device)

    @classmethod
    def _create_ticket(cls, partner=None, device=None, user=None, **vals):
        model = cls.env["qanat.ticket"]
        if user:
            model = model.with_user(user)
        values = {"name": "Chair stops halfway", **vals}
        if partner is not False:
            values["partner_id"] = (partner or cls.customer_a).id
        if device is not False:
            values["device_id"] = (device or cls.live_device).id
        if not user or not user.share:
            values.setdefault("team_id", cls.team.id)
        return model.create(values)
