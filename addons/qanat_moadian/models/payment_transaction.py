from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _post_process(self):
        # The customer has paid: the invoice is posted even when data the tax
        # system needs is missing, and waits with an activity to be registered.
        return super(
            PaymentTransaction, self.with_context(qanat_moadian_postpone=True)
        )._post_process()
