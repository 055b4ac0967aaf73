from odoo import fields, models

from .qanat_ticket import TICKET_PRIORITIES


class QanatHelpdeskSlaPolicy(models.Model):
    """A first-response target for one priority, overriding the team's default."""

    _name = "qanat.helpdesk.sla.policy"
    _description = "Support SLA per Priority"
    _order = "priority desc"

    team_id = fields.Many2one(
        "qanat.helpdesk.team", required=True, ondelete="cascade", index=True
    )
    priority = fields.Selection(TICKET_PRIORITIES, required=True)
    first_response_hours = fields.Float(
        string="First Response (working hours)", required=True
    )

    _sql_constraints = [
        (
            "team_priority_uniq",
            "unique(team_id, priority)",
            "A team has one SLA per priority.",
        ),
        (
            "hours_positive",
            "CHECK(first_response_hours > 0)",
            "The first response time must be positive.",
        ),
    ]
