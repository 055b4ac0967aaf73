import ast

from odoo import api, fields, models


class QanatHelpdeskTeam(models.Model):
    _name = "qanat.helpdesk.team"
    _description = "Support Team"
    _inherit = ["mail.alias.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Team Manager",
        domain=[("share", "=", False)],
        help="Receives an activity when a ticket misses its first-response SLA.",
    )
    member_ids = fields.Many2many(
        "res.users",
        string="Members",
        domain=[("share", "=", False)],
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Hours",
        required=True,
        default=lambda self: (
            self.env.ref(
                "qanat_helpdesk.resource_calendar_iran_support",
                raise_if_not_found=False,
            )
            or self.env.company.resource_calendar_id
        ),
        help="Working hours and official holidays on which the SLA clock runs.",
    )
    first_response_hours = fields.Float(
        string="First Response (working hours)",
        default=5.0,
        required=True,
        help="Maximum working hours before the first public staff reply.",
    )
    risk_hours = fields.Float(
        string="At Risk Before Deadline (working hours)",
        default=1.0,
        required=True,
    )
    sla_policy_ids = fields.One2many(
        "qanat.helpdesk.sla.policy", "team_id", string="SLA per Priority"
    )
    ticket_ids = fields.One2many("qanat.ticket", "team_id", string="Tickets")

    _sql_constraints = [
        (
            "first_response_hours_positive",
            "CHECK(first_response_hours > 0)",
            "The first response time must be positive.",
        ),
        (
            "risk_hours_positive",
            "CHECK(risk_hours >= 0)",
            "The at-risk margin cannot be negative.",
        ),
    ]

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("qanat.ticket")
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            values["alias_defaults"] = defaults
        return values

    def _alias_get_error(self, message, message_dict, alias):
        """The team is the alias' parent: it judges emails that open tickets."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error or alias.alias_model_id.model != "qanat.ticket":
            return error
        return self.env["qanat.ticket"]._alias_new_ticket_error(message_dict)

    def _first_response_hours_for(self, priorities):
        """Working hours allowed per priority: {priority: hours}."""
        self.ensure_one()
        overrides = {p.priority: p.first_response_hours for p in self.sla_policy_ids}
        return {p: overrides.get(p, self.first_response_hours) for p in priorities}

    @api.model
    def _default_team(self, company=None):
        company = company or self.env.company
        return self.search([("company_id", "=", company.id)], limit=1)
