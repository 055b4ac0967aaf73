from odoo import api, models


class QanatServiceContract(models.Model):
    _inherit = "qanat.service.contract"

    @api.model
    def _cron_invoice_periods(self, *args, **kwargs):
        # Nobody reads the cron's refusal: a period's invoice is posted and
        # waits with an activity when data the tax system needs is missing.
        return super(
            QanatServiceContract, self.with_context(qanat_moadian_postpone=True)
        )._cron_invoice_periods(*args, **kwargs)
