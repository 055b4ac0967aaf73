import logging

from odoo import api, fields, models

from ..services.http import ServiceError
from ..tools.language import in_user_language

_logger = logging.getLogger(__name__)

BATCH_SIZE = 50


class QanatCrmSyncJob(models.Model):
    """A change to tell the Didar CRM about; kept until Didar has it.

    Jobs are processed by a cron, retried with backoff while Didar is down or
    slow (the queue mixin), and never deleted on failure: staff see what failed
    and why.
    """

    _name = "qanat.crm.sync.job"
    _inherit = ["qanat.queue.mixin"]
    _description = "Didar CRM Sync Job"
    _order = "id desc"
    _queue_cron = "qanat_devices.ir_cron_qanat_didar_sync"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    device_id = fields.Many2one("qanat.device", ondelete="set null")
    event = fields.Selection(
        [("customer", "Customer created or changed"), ("service", "Service state")],
        required=True,
    )
    description = fields.Char()
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    done_at = fields.Datetime(readonly=True)

    @api.model
    def _enqueue(self, partners, event, description=False, device=False):
        """Record that Didar must learn about ``partners`` (when Didar is on)."""
        if not self.env["qanat.messaging"]._param("didar.enabled"):
            return self.browse()
        partners = partners.commercial_partner_id
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "event": event,
                    "description": description,
                    "device_id": device and device.id,
                }
                for partner in partners
            ]
        )

    def _enqueue_devices(self, devices, event, descriptions):
        """One job per device for its owner; ``descriptions``: device id -> text."""
        if not devices or not self.env["qanat.messaging"]._param("didar.enabled"):
            return self.browse()
        return self.sudo().create(
            [
                {
                    "partner_id": device.partner_id.commercial_partner_id.id,
                    "event": event,
                    "description": descriptions.get(device.id),
                    "device_id": device.id,
                }
                for device in devices
                if device.partner_id
            ]
        )

    @api.model
    @in_user_language
    def _cron_process(self, batch_size=BATCH_SIZE):
        """Sync the customers of pending jobs; one Didar update per customer."""
        if self.env["qanat.messaging"]._didar_client() is None:
            return 0
        return self._queue_run(batch_size)

    def _queue_process(self):
        client = self.env["qanat.messaging"]._didar_client()
        for partner, partner_jobs in self.grouped("partner_id").items():
            partner_jobs = partner_jobs._queue_lock()
            if not partner_jobs:
                continue
            try:
                partner._qanat_sync_to_didar(client)
            except ServiceError as error:
                _logger.info("Didar sync of %s failed: %s", partner.id, error.message)
                partner_jobs._queue_failed(error)
            else:
                partner_jobs._queue_done(
                    {"state": "done", "done_at": fields.Datetime.now()}
                )
