import logging
from datetime import timedelta

from odoo import api, fields, models

from ..services.http import ServiceError
from ..tools import persian

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
BATCH_SIZE = 50


class QanatCrmSyncJob(models.Model):
    """A change to tell the Didar CRM about; kept until Didar has it.

    Jobs are processed by a cron, retried with backoff while Didar is down or
    slow, and never deleted on failure: staff see what failed and why.
    """

    _name = "qanat.crm.sync.job"
    _description = "Didar CRM Sync Job"
    _order = "id desc"

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
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(
        default=fields.Datetime.now, readonly=True, index=True
    )
    last_error = fields.Char(readonly=True)
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

    @api.model
    def _cron_process(self, batch_size=BATCH_SIZE):
        """Sync the customers of pending jobs; one Didar update per customer."""
        client = self.env["qanat.messaging"]._didar_client()
        if client is None:
            return 0
        domain = [
            ("state", "=", "pending"),
            ("next_attempt_at", "<=", fields.Datetime.now()),
        ]
        jobs = self.search(domain, limit=batch_size, order="id")
        for partner, partner_jobs in jobs.grouped("partner_id").items():
            try:
                partner._qanat_sync_to_didar(client)
            except ServiceError as error:
                partner_jobs._retry_later(error)
            else:
                partner_jobs.write(
                    {
                        "state": "done",
                        "done_at": fields.Datetime.now(),
                        "last_error": False,
                    }
                )
        remaining = self.search_count(domain) if len(jobs) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(jobs), remaining=remaining)
        return len(jobs)

    def _retry_later(self, error):
        _logger.info("Didar sync of %s failed: %s", self.partner_id.ids, error.message)
        for job in self:
            attempts = job.attempts + 1
            vals = {"attempts": attempts, "last_error": error.message}
            if error.transient and attempts < MAX_ATTEMPTS:
                vals["next_attempt_at"] = fields.Datetime.now() + timedelta(
                    minutes=min(2**attempts, 360)
                )
            else:
                vals["state"] = "failed"
            job.write(vals)

    def action_retry(self):
        self.filtered(lambda job: job.state != "done").write(
            {
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": fields.Datetime.now(),
            }
        )
        return True


class ResPartnerDidar(models.Model):
    _inherit = "res.partner"

    def _qanat_didar_status(self):
        """The service status of the customer's devices, as Didar shows it."""
        self.ensure_one()
        lang = self.env["qanat.messaging"]._customer_lang(self)
        devices = (
            self.env["qanat.device"]
            .with_context(lang=lang)
            .sudo()
            .search([("commercial_partner_id", "=", self.id)], order="id")
        )
        return "؛ ".join(
            f"{device.reference} {device.name}: "
            f"{device._service_state_label(device.service_state)}"
            for device in devices
        )

    def _qanat_sync_to_didar(self, client):
        """Create or update the Didar contact of this customer; never duplicate.

        The contact is found by its stored Didar id, else by mobile number, before
        anything is created.
        """
        self.ensure_one()
        mobile = persian.normalize_mobile(self.mobile or self.phone or "")
        if not mobile:
            raise ServiceError(
                self.env._("The customer has no valid mobile number for Didar.")
            )
        messaging = self.env["qanat.messaging"]
        contact_id = self.didar_contact_id
        if not contact_id:
            found = client.find_contact_by_mobile(mobile)
            contact_id = found and found.get("Id")
        first_name, _space, last_name = (self.name or "").partition(" ")
        contact = {
            "Type": "Person",
            "FirstName": first_name,
            "LastName": last_name,
            "DisplayName": self.name,
            "MobilePhone": mobile,
            "Email": self.email or "",
            "VisibilityType": "All",
        }
        if contact_id:
            contact["Id"] = contact_id
        if owner_id := messaging._param("didar.owner_id"):
            contact["OwnerId"] = owner_id
        if status_field := messaging._param("didar.status_field"):
            contact["Fields"] = {status_field: self._qanat_didar_status()}
        saved_id = client.save_contact(contact)
        if saved_id != self.didar_contact_id:
            self.sudo().write({"didar_contact_id": saved_id})
        return saved_id
