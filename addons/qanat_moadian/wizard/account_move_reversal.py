from odoo import models
from odoo.exceptions import UserError


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        registered = self.move_ids.filtered("qanat_moadian_tax_id")
        if is_modify:
            waiting = registered.filtered(lambda m: not m._qanat_moadian_accepted())
            if waiting:
                raise UserError(
                    self.env._(
                        "%(move)s is not accepted by the tax system yet: a "
                        "corrective invoice can refer to it once it is.",
                        move=waiting[0].display_name,
                    )
                )
        return super(
            AccountMoveReversal, self.with_context(qanat_moadian_correcting=is_modify)
        ).reverse_moves(is_modify=is_modify)

    def _prepare_default_reversal(self, move):
        values = super()._prepare_default_reversal(move)
        if (
            self.env.context.get("qanat_moadian_correcting")
            and move.qanat_moadian_tax_id
        ):
            values["qanat_moadian_correction_reversal"] = True
        return values

    def _modify_default_reverse_values(self, origin_move):
        values = super()._modify_default_reverse_values(origin_move)
        if origin_move.qanat_moadian_tax_id:
            values["qanat_moadian_corrected_id"] = origin_move.id
        return values
