from datetime import timedelta

from odoo import api, fields, models

MAX_FAILED_LOOKUPS = 10
LOOKUP_WINDOW_MINUTES = 15


class QanatProformaLookup(models.Model):
    """Failed tracking-code lookups by network address: stops code guessing."""

    _name = "qanat.proforma.lookup"
    _description = "Failed Pro-forma Lookup"
    _log_access = False

    remote_addr = fields.Char(required=True, index=True)
    attempted_at = fields.Datetime(required=True, default=fields.Datetime.now)

    @api.model
    def _is_blocked(self, remote_addr):
        since = fields.Datetime.now() - timedelta(minutes=LOOKUP_WINDOW_MINUTES)
        return (
            self.sudo().search_count(
                [("remote_addr", "=", remote_addr), ("attempted_at", ">=", since)],
                limit=MAX_FAILED_LOOKUPS,
            )
            >= MAX_FAILED_LOOKUPS
        )

    @api.model
    def _register_failure(self, remote_addr):
        self.sudo().create({"remote_addr": remote_addr})

    @api.autovacuum
    def _gc_old_lookups(self):
        self.sudo().search(
            [("attempted_at", "<", fields.Datetime.now() - timedelta(days=1))]
        ).unlink()
