from odoo import api, models
from odoo.exceptions import ValidationError

from odoo.addons.qanat_devices.tools import persian


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    @api.constrains("acc_number")
    def _check_qanat_sheba(self):
        """An Iranian account (IR...) is a Sheba with a valid check: customers
        pay into the one printed on every invoice, and refunds go to one."""
        for account in self:
            number = persian.only_digits(account.acc_number or "").upper()
            if number.startswith("IR") and not persian.is_valid_sheba(number):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid Sheba number: IR followed by 24 "
                        "digits, as printed by the bank.",
                        number=account.acc_number,
                    )
                )
