from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import QanatHelpdeskCase


@tagged("post_install", "-at_install")
class TestEffort(QanatHelpdeskCase):
    def test_effort_lines_and_difficulty(self):
        ticket = self._create_ticket()
        difficulty = self.env.ref("qanat_helpdesk.qanat_ticket_difficulty_complex")
        ticket.with_user(self.agent).write(
            {
                "difficulty_id": difficulty.id,
                "effort_line_ids": [
                    (0, 0, {"hours": 1.5, "description": "Diagnosis"}),
                    (0, 0, {"hours": 0.75, "description": "Calibration"}),
                ],
            }
        )
        self.assertAlmostEqual(ticket.effort_hours, 2.25)
        self.assertEqual(ticket.effort_line_ids.user_id, self.agent)
        self.assertEqual(difficulty.price_factor, 2.5)
        line = ticket.effort_line_ids[0]
        line.invoiced = True
        with self.assertRaises(UserError):
            line.hours = 3
        with self.assertRaises(UserError):
            line.unlink()

    def test_effort_hours_must_be_positive(self):
        ticket = self._create_ticket()
        for hours in (0, -1, 25):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                ticket.write(
                    {"effort_line_ids": [(0, 0, {"hours": hours, "description": "x"})]}
                )
