from odoo import fields, models


class QanatOverdueLog(models.Model):
    _name = "qanat.overdue.log"
    _description = "Applied Overdue Step"

    move_id = fields.Many2one(
        "account.move", required=True, ondelete="cascade", index=True
    )
    step_id = fields.Many2one(
        "qanat.overdue.step", required=True, ondelete="cascade", index=True
    )
    superseded = fields.Boolean(
        help="Logged without a message: a later step of the policy was already "
        "due for this invoice (the cron caught up), and the customer got that "
        "one's message instead.",
    )

    _sql_constraints = [
        (
            "move_step_uniq",
            "unique(move_id, step_id)",
            "A step is applied once to an invoice.",
        ),
    ]
