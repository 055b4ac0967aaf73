import logging
import math
import threading

from odoo import api, fields, models

from odoo.addons.qanat_devices.services.http import ServiceError
from odoo.addons.qanat_devices.tools.language import in_user_language

from ..services.spotplayer import SpotPlayerClient

_logger = logging.getLogger(__name__)

ISSUE_BATCH_SIZE = 50


class QanatCourseLicence(models.Model):
    """A SpotPlayer licence for a paid training course, issued by a queue.

    SpotPlayer has no idempotency key: a licence is requested only from the
    queue, under a row lock, and its id is stored (and committed) at once, so a
    retry never issues a second licence for the same purchase. When SpotPlayer
    took the request but its answer was lost (a read timeout), the licence is
    not retried automatically: a person checks the panel first.
    """

    _name = "qanat.course.licence"
    _description = "Training Course Licence"
    _inherit = ["mail.thread", "mail.activity.mixin", "qanat.queue.mixin"]
    _order = "id desc"
    _queue_cron = "qanat_portal.ir_cron_issue_course_licences"

    name = fields.Char(string="Reference", required=True, readonly=True, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", readonly=True, required=True, ondelete="restrict"
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", store=True, index=True)
    line_index = fields.Integer(readonly=True, default=1)
    product_id = fields.Many2one("product.product", string="Course", readonly=True)
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("pending", "Being issued"), ("issued", "Issued"), ("failed", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        tracking=True,
        index=True,
    )
    spotplayer_id = fields.Char(string="SpotPlayer Licence Id", readonly=True)
    licence_key = fields.Char(readonly=True)
    licence_url = fields.Char(string="Licence Link", readonly=True)
    issued_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "sale_line_index_uniq",
            "unique(sale_line_id, line_index)",
            "A purchased course has a single licence.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("qanat.course.licence")
                )
        return super().create(vals_list)

    @api.model
    def _create_for_sale_lines(self, lines):
        """One licence per course bought; lines already licensed are skipped."""
        existing = {
            (line.id, index)
            for line, index in self._read_group(
                [("sale_line_id", "in", lines.ids)], ["sale_line_id", "line_index"]
            )
        }
        vals_list = []
        for line in lines:
            for index in range(1, max(1, math.ceil(line.product_uom_qty)) + 1):
                if (line.id, index) in existing:
                    continue
                vals_list.append(
                    {
                        "partner_id": line.order_id.partner_id.id,
                        "sale_line_id": line.id,
                        "line_index": index,
                        "product_id": line.product_id.id,
                        "company_id": line.company_id.id,
                    }
                )
        licences = self.create(vals_list)
        if licences:
            self.env.ref("qanat_portal.ir_cron_issue_course_licences")._trigger()
        return licences

    # -- the queue --------------------------------------------------------------

    @api.model
    def _spotplayer_client(self):
        params = self.env["ir.config_parameter"].sudo()
        api_key = params.get_param("qanat.spotplayer.api_key")
        if not api_key:
            return None
        return SpotPlayerClient(
            api_key,
            base_url=params.get_param("qanat.spotplayer.base_url") or None,
            test=bool(params.get_param("qanat.spotplayer.test_mode")),
            timeout=self.env["qanat.messaging"]._timeout(),
        )

    @api.model
    @in_user_language
    def _cron_issue_licences(self, batch_size=ISSUE_BATCH_SIZE):
        if self._spotplayer_client() is None:
            _logger.info("SpotPlayer is not configured: licences wait.")
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        return self._queue_run(batch_size)

    def _queue_process(self):
        client = self._spotplayer_client()
        # Each licence is committed on its own: a crash after SpotPlayer answered
        # must not lose the licence id (outside tests, which cannot commit).
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for licence in self:
            licence._issue(client)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _issue(self, client):
        self.ensure_one()
        # Locked, and never asked twice once SpotPlayer gave an id.
        if not self._queue_lock() or self.spotplayer_id:
            return False
        partner = self.partner_id
        try:
            result = client.issue_licence(
                name=partner.name,
                course_ids=self.product_id.product_tmpl_id._qanat_spotplayer_courses(),
                watermark=" ".join(filter(None, (partner.name, partner.mobile))),
                payload=self.name,
            )
        except ServiceError as error:
            if error.answer_lost:
                # SpotPlayer may have issued it (it has no idempotency key):
                # a person checks its panel instead of a blind second licence.
                error = ServiceError(
                    self.env._(
                        "SpotPlayer did not answer in time: licence %(licence)s "
                        "may have been issued. Look for it in the SpotPlayer panel "
                        "(its payload is %(licence)s) and press Retry only if it is "
                        "not there.",
                        licence=self.name,
                    )
                )
            self._queue_failed(error)
            return False
        self._queue_done(
            {
                "state": "issued",
                "spotplayer_id": result["_id"],
                "licence_key": result["key"],
                "licence_url": result["url"],
                "issued_at": fields.Datetime.now(),
            }
        )
        return True

    def _queue_given_up_summary(self):
        return self.env._("SpotPlayer licence not issued")
