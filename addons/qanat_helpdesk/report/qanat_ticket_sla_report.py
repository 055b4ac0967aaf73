from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.qanat_ticket import SLA_STATES, TICKET_PRIORITIES


class QanatTicketSlaReport(models.Model):
    """One row per ticket with SLA figures, for pivot and graph analysis."""

    _name = "qanat.ticket.sla.report"
    _description = "Support SLA Analysis"
    _auto = False
    _order = "create_date desc"

    ticket_id = fields.Many2one("qanat.ticket", string="Ticket", readonly=True)
    create_date = fields.Datetime(string="Opened On", readonly=True)
    priority = fields.Selection(TICKET_PRIORITIES, readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    team_id = fields.Many2one("qanat.helpdesk.team", string="Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    sla_state = fields.Selection(SLA_STATES, string="SLA", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    met_count = fields.Integer(string="SLA Met", readonly=True)
    failed_count = fields.Integer(string="SLA Failed", readonly=True)
    first_response_hours = fields.Float(
        string="First Response (working hours)", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT t.id AS id,
                           t.id AS ticket_id,
                           t.create_date,
                           t.priority,
                           t.user_id,
                           t.team_id,
                           t.company_id,
                           t.commercial_partner_id AS partner_id,
                           t.sla_state,
                           1 AS ticket_count,
                           CASE WHEN t.sla_state = 'met' THEN 1 ELSE 0 END AS met_count,
                           CASE WHEN t.sla_state = 'failed' THEN 1 ELSE 0 END
                               AS failed_count,
                           CASE WHEN t.first_response_at IS NOT NULL
                                THEN t.first_response_hours END AS first_response_hours
                      FROM qanat_ticket t
                )
                """,
                SQL.identifier(self._table),
            )
        )
