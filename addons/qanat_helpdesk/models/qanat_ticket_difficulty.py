from odoo import fields, models


class QanatTicketDifficulty(models.Model):
    """How hard a pay-per-case job was; billing multiplies its tariff by the factor."""

    _name = "qanat.ticket.difficulty"
    _description = "Ticket Difficulty Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    price_factor = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="Multiplies the per-case base price of a billable ticket.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "price_factor_positive",
            "CHECK(price_factor > 0)",
            "The price factor must be positive.",
        ),
    ]
