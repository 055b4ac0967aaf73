from odoo import fields, models


class QanatTicketTag(models.Model):
    _name = "qanat.ticket.tag"
    _description = "Ticket Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique(name)", "This tag already exists.")]
