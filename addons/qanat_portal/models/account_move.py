from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_online_payment_error(self):
        """Why an invoice cannot be paid online, as the invoice page shows it.

        Odoo's reasons are Python terms of account_payment that its Persian
        file leaves untranslated and that no other module can translate: each
        reason it gives in English is replaced by the suite's translation.
        """
        errors = super()._get_online_payment_error()
        translated = {
            "This invoice cannot be paid online.": self.env._(
                "This invoice cannot be paid online."
            ),
            "There is no amount to be paid.": self.env._(
                "There is no amount to be paid."
            ),
            "This invoice isn't posted.": self.env._("This invoice isn't posted."),
            "This invoice has already been paid.": self.env._(
                "This invoice has already been paid."
            ),
            "This is not an outgoing invoice.": self.env._(
                "This is not an outgoing invoice."
            ),
            "There are pending transactions for this invoice.": self.env._(
                "There are pending transactions for this invoice."
            ),
        }
        return "\n".join(translated.get(line, line) for line in errors.split("\n"))
