from odoo import fields, models


class QanatTicketDifficulty(models.Model):
    _inherit = "qanat.ticket.difficulty"

    base_price = fields.Float(
        string="Base Price (Rial)",
        digits=(16, 0),
        help="Charged for every pay-per-case ticket of this difficulty.",
    )
