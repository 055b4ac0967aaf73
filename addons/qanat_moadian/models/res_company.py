import base64
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.client import URLS
from ..tools.keys import self_signed_keys

_MEMORY_ID_RE = re.compile(r"^[A-Z0-9]{6}$")


class ResCompany(models.Model):
    _inherit = "res.company"

    qanat_moadian_memory_id = fields.Char(
        string="Tax Memory ID",
        size=6,
        help="شناسه یکتای حافظه مالیاتی: the 6 characters the tax administration "
        "gave the company. Leave empty while the company does not report.",
    )
    qanat_moadian_environment = fields.Selection(
        [("sandbox", "Sandbox (tests)"), ("production", "Production")],
        string="Tax System Environment",
        default="sandbox",
        required=True,
    )
    # Stored as attachments; only accounting managers read them.
    qanat_moadian_private_key = fields.Binary(
        string="Tax System Private Key",
        attachment=True,
        groups="account.group_account_manager",
        help="PEM (PKCS#8 or PKCS#1) private key whose public key was registered "
        "in the taxpayer portal.",
    )
    qanat_moadian_certificate = fields.Binary(
        string="Tax System Certificate",
        attachment=True,
        groups="account.group_account_manager",
        help="The certificate of that key, PEM or DER.",
    )

    @api.constrains("qanat_moadian_memory_id")
    def _check_qanat_moadian_memory_id(self):
        for company in self.filtered("qanat_moadian_memory_id"):
            if not _MEMORY_ID_RE.match(company.qanat_moadian_memory_id):
                raise ValidationError(
                    self.env._(
                        "The tax memory ID is 6 Latin capital letters and digits, "
                        "e.g. A11216."
                    )
                )

    def write(self, vals):
        if vals.get("qanat_moadian_memory_id"):
            vals = dict(
                vals,
                qanat_moadian_memory_id=vals["qanat_moadian_memory_id"].strip().upper(),
            )
        return super().write(vals)

    def _qanat_moadian_active(self):
        """The company registers its invoices in the tax system."""
        self.ensure_one()
        return bool(self.qanat_moadian_memory_id)

    def _qanat_moadian_base_url(self):
        """The API of the chosen environment; a system parameter can point it
        elsewhere (a test server)."""
        self.ensure_one()
        override = (
            self.env["ir.config_parameter"].sudo().get_param("qanat.moadian.base_url")
        )
        return override or URLS[self.qanat_moadian_environment]

    def _qanat_moadian_demo_setup(self, memory_id):
        """Demo data: the company reports in the sandbox with a key pair made
        here; a real company uploads the key the taxpayer portal registered."""
        for company in self:
            private_key, certificate = self_signed_keys(memory_id)
            company.write(
                {
                    "qanat_moadian_memory_id": memory_id,
                    "qanat_moadian_environment": "sandbox",
                    "qanat_moadian_private_key": base64.b64encode(private_key),
                    "qanat_moadian_certificate": base64.b64encode(certificate),
                }
            )
