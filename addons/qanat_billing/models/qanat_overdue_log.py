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

    _sql_constraints = [
        (
            "move_step_uniq",
            "unique(move_id, step_id)",
            "A step is applied once to an invoice.",
        ),
    ]
