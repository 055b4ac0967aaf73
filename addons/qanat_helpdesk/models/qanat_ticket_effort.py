from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.qanat_devices.tools.dates import company_today_default


class QanatTicketEffort(models.Model):
    """Time spent on a ticket, recorded for per-case billing and packages."""

    _name = "qanat.ticket.effort"
    _description = "Ticket Effort"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "qanat.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    date = fields.Date(required=True, default=company_today_default)
    user_id = fields.Many2one(
        "res.users", string="Done By", required=True, default=lambda s: s.env.user
    )
    hours = fields.Float(required=True, digits=(16, 2))
    description = fields.Char(string="Work Done", required=True)
    invoiced = fields.Boolean(
        readonly=True, copy=False, help="Set by billing once the effort is invoiced."
    )

    @api.constrains("hours")
    def _check_hours(self):
        if any(line.hours <= 0 or line.hours > 24 for line in self):
            raise ValidationError(
                self.env._("Effort hours must be more than zero and at most 24.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_not_invoiced(self):
        if any(line.invoiced for line in self):
            raise UserError(self.env._("An invoiced effort line cannot be deleted."))

    def write(self, vals):
        if set(vals) - {"invoiced"} and any(line.invoiced for line in self):
            raise UserError(self.env._("An invoiced effort line cannot be changed."))
        return super().write(vals)
