from odoo.tests import tagged

from .common import QanatHelpdeskCase

LIST_SPEC = {
    "priority": {},
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "device_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "sla_deadline": {},
    "sla_state": {},
    "billing_mode": {},
    "effort_hours": {},
    "state": {},
    "display_name": {},
}


@tagged("post_install", "-at_install")
class TestTicketQueryCounts(QanatHelpdeskCase):
    """Query counts must not grow with the number of tickets."""

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _add_tickets(self, count):
        devices = self._live_devices(count, prefix="BULK")
        return self.env["qanat.ticket"].create(
            [
                {
                    "name": f"Bulk {device.id}",
                    "partner_id": device.partner_id.id,
                    "device_id": device.id,
                    "team_id": self.team.id,
                    "user_id": self.agent.id,
                    "effort_line_ids": [(0, 0, {"hours": 1, "description": "Work"})],
                }
                for device in devices
            ]
        )

    def _live_devices(self, count, prefix="BATCH"):
        """``count`` devices in service, each of its own new customer."""
        customers = self.env["res.partner"].create(
            [{"name": f"{prefix} customer {index}"} for index in range(count)]
        )
        devices = self.env["qanat.device"].create(
            [
                {"partner_id": customer.id, "identifier": f"{prefix}-{customer.id}"}
                for customer in customers
            ]
        )
        for device in devices:
            self._activate(device)
        return devices

    def test_batch_create_query_count_is_constant(self):
        """A batch of tickets (numbers, SLA deadlines, customers following)
        costs the same queries whatever its size."""
        created = []

        def create(devices):
            created.append(
                self.env["qanat.ticket"].create(
                    [
                        {
                            "name": f"Batch {device.id}",
                            "partner_id": device.partner_id.id,
                            "device_id": device.id,
                        }
                        for device in devices
                    ]
                )
            )

        self._queries(lambda: create(self._live_devices(2)))  # warm caches
        small_devices, large_devices = self._live_devices(5), self._live_devices(40)
        small = self._queries(lambda: create(small_devices))
        large = self._queries(lambda: create(large_devices))
        self.assertEqual(small, large)
        tickets = created[-1]
        self.assertEqual(len(set(tickets.mapped("number"))), 40)
        self.assertEqual(set(tickets.mapped("sla_state")), {"running"})
        self.assertTrue(all(tickets.mapped("sla_deadline")))
        for ticket in tickets:
            self.assertIn(ticket.partner_id, ticket.message_partner_ids)

    def _create_one(self):
        self.env["qanat.ticket"].with_user(self.agent).create(
            {
                "name": "Measured",
                "partner_id": self.customer_a.id,
                "device_id": self.live_device.id,
                "team_id": self.team.id,
            }
        )

    def test_create_query_count_is_constant(self):
        self._add_tickets(3)
        self._queries(self._create_one)  # warm caches (sequence, ACLs, rules)
        small = self._queries(self._create_one)
        self._add_tickets(30)
        self._queries(self._create_one)
        large = self._queries(self._create_one)
        self.assertEqual(small, large)

    def test_list_view_query_count_is_constant(self):
        model = self.env["qanat.ticket"].with_user(self.agent)
        self._add_tickets(5)
        self._queries(lambda: model.web_search_read([], LIST_SPEC))
        small = self._queries(lambda: model.web_search_read([], LIST_SPEC))
        self._add_tickets(40)
        self._queries(lambda: model.web_search_read([], LIST_SPEC))
        large = self._queries(lambda: model.web_search_read([], LIST_SPEC))
        self.assertEqual(small, large)
