"""Qanat 18.0.1.1.0 puts the three queues (WhatsApp, Didar, SpotPlayer) on one
queue mixin, whose error field is ``error``: the Didar jobs' ``last_error``
column is renamed so that their errors are kept."""

from odoo.tools.sql import column_exists, rename_column


def migrate(cr, version):
    if column_exists(cr, "qanat_crm_sync_job", "last_error") and not column_exists(
        cr, "qanat_crm_sync_job", "error"
    ):
        rename_column(cr, "qanat_crm_sync_job", "last_error", "error")
