import base64
import json
import logging

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.qanat_devices.services.http import ServiceError
from odoo.addons.qanat_devices.tools.language import in_user_language

from ..tools.client import MoadianClient

_logger = logging.getLogger(__name__)

BATCH_SIZE = 20
INQUIRY_BATCH_SIZE = 50
# Answers of the asynchronous inquiry (moadian.md, section 2).
DONE_STATUSES = {"SUCCESS", "FAILED"}


def certificate_der(data):
    """The certificate as DER, whether it was uploaded as PEM or DER."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data).public_bytes(
            serialization.Encoding.DER
        )
    return x509.load_der_x509_certificate(data).public_bytes(serialization.Encoding.DER)


class QanatMoadianSubmission(models.Model):
    """One invoice on its way to the tax system, on the suite's queue.

    Queued when the invoice is posted; the cron sends batches (signed then
    encrypted packets) and retries with back-off while the service is down; the
    inquiry cron reads the tax office's verdict by reference number. A tax ID is
    sent by one submission only, and a submission whose answer was lost is
    looked up by its request id before it is sent again, so an outage never
    registers an invoice twice.
    """

    _name = "qanat.moadian.submission"
    _description = "Tax System Submission"
    _inherit = ["qanat.queue.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "tax_id"
    _queue_cron = "qanat_moadian.ir_cron_qanat_moadian_send"

    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id", string="Customer", store=True
    )
    tax_id = fields.Char(string="Tax ID", required=True, readonly=True, size=22)
    # A cancellation is a new invoice of the tax system: its own serial and time.
    serial = fields.Integer(string="Tax System Serial", readonly=True)
    issued_at = fields.Datetime(string="Tax System Time", readonly=True)
    subject = fields.Selection(
        [
            ("1", "Original"),
            ("2", "Corrective"),
            ("3", "Cancellation"),
            ("4", "Return"),
        ],
        required=True,
        default="1",
        readonly=True,
    )
    state = fields.Selection(
        [
            ("pending", "To send"),
            ("sent", "Sent, awaiting the verdict"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("failed", "Not sent"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    uid = fields.Char(
        string="Request ID",
        readonly=True,
        copy=False,
        default=lambda self: MoadianClient.new_uid(),
        help="requestTraceId of the sending, fixed with the submission: after a "
        "lost answer the same id is looked up before the packet is sent again.",
    )
    reference_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    sent_at = fields.Datetime(readonly=True, copy=False)
    send_started_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the packet was last handed to the tax office, committed "
        "before the call: after a crash it is looked up, never sent blindly.",
    )
    last_inquiry_at = fields.Datetime(readonly=True, copy=False)
    packet = fields.Text(string="Sent Invoice (JSON)", readonly=True, copy=False)
    authority_messages = fields.Text(
        string="Messages of the Tax Office",
        readonly=True,
        copy=False,
        help="Errors and warnings the tax office gave, as it wrote them.",
    )

    _sql_constraints = [
        (
            "tax_id_uniq",
            "unique(tax_id)",
            "A tax ID is sent by one submission only.",
        ),
    ]

    # -- queueing ---------------------------------------------------------------

    @api.model
    def _queue_moves(self, moves):
        moves = moves.filtered("qanat_moadian_tax_id")
        if not moves:
            return self.browse()
        submissions = self.sudo().create(
            [
                {
                    "move_id": move.id,
                    "tax_id": move.qanat_moadian_tax_id,
                    "subject": str(move._qanat_moadian_subject()[0]),
                }
                for move in moves
            ]
        )
        self.env.ref(self._queue_cron).sudo()._trigger()
        return submissions

    def _queue_given_up_summary(self):
        return self.env._("Send the invoice to the tax system")

    def _client(self, company):
        company = company.sudo()
        try:
            certificate = certificate_der(
                base64.b64decode(company.qanat_moadian_certificate or b"")
            )
        except ValueError as error:
            raise ServiceError(
                self.env._(
                    "The tax system certificate cannot be read: %(error)s", error=error
                )
            ) from error
        return MoadianClient(
            company._qanat_moadian_base_url(),
            company.qanat_moadian_memory_id,
            base64.b64decode(company.qanat_moadian_private_key or b""),
            certificate,
        )

    def _queue_process(self):
        for company, submissions in self._queue_lock().grouped("company_id").items():
            try:
                client = self._client(company)
                submissions._send(client)
            except ServiceError as error:
                _logger.info("Tax system: %s", error.message)
                submissions.filtered(lambda s: s.state == "pending")._queue_failed(
                    error
                )
            # One company's answer is kept whatever happens to the next one.
            submissions._queue_commit()

    def _send(self, client):
        """Send the batch, each packet once: a submission already tried is first
        looked up by its request id."""
        tried = self.filtered(lambda s: s.attempts or s.send_started_at)
        if tried:
            found = self._found_by_uid(client, tried)
            for submission in tried:
                if submission.uid in found:
                    submission._mark_sent(found[submission.uid])
        to_send = self.filtered(lambda s: s.state == "pending")
        if not to_send:
            return
        packets = []
        for submission in to_send:
            invoice = submission.move_id._qanat_moadian_invoice(submission)
            submission.packet = json.dumps(invoice, ensure_ascii=False, indent=1)
            packets.append((submission.uid, invoice))
        # Known as handed over before the call: if the worker dies during it,
        # the next run asks the tax office by request id before sending again.
        to_send.write({"send_started_at": fields.Datetime.now()})
        to_send._queue_commit()
        try:
            references = client.send_invoices(packets)
        except ServiceError as error:
            if error.transient:
                to_send._queue_failed(error)
            else:
                to_send._reject(error.message)
            return
        for submission in to_send:
            reference = references.get(submission.uid)
            if reference:
                submission._mark_sent(reference)
            else:
                submission._queue_failed(
                    ServiceError(
                        self.env._("The tax office did not acknowledge the invoice."),
                        transient=True,
                    )
                )

    def _found_by_uid(self, client, submissions):
        """{uid: reference number} of the submissions the tax office has."""
        answer = client.inquire_by_uid(submissions.mapped("uid"))
        return {
            item.get("uid"): item.get("referenceNumber")
            for item in (answer or [])
            if item.get("referenceNumber") and item.get("status") != "NOT_FOUND"
        }

    def _mark_sent(self, reference):
        self._queue_done(
            {
                "state": "sent",
                "reference_number": reference,
                "sent_at": fields.Datetime.now(),
            }
        )

    @in_user_language
    def _reject(self, messages):
        for submission in self:
            submission.write(
                {
                    "state": "rejected",
                    "authority_messages": messages,
                    "attempts": submission.attempts + 1,
                }
            )
            submission.move_id.message_post(
                body=self.env._(
                    "The tax system rejected tax ID %(tax_id)s: %(messages)s",
                    tax_id=submission.tax_id,
                    messages=messages,
                ),
                subtype_xmlid="mail.mt_note",
            )
            submission._queue_given_up(ServiceError(messages))

    # -- the verdict -------------------------------------------------------------

    @api.model
    @in_user_language
    def _cron_inquire(self, batch_size=INQUIRY_BATCH_SIZE):
        """Read the verdict of sent invoices, one batch per company and run."""
        domain = [("state", "=", "sent")]
        # Least recently asked first: invoices still in review do not hold up
        # those behind them.
        submissions = self.search(
            domain, limit=batch_size, order="last_inquiry_at asc nulls first, id"
        )
        submissions.write({"last_inquiry_at": fields.Datetime.now()})
        for company, batch in submissions.grouped("company_id").items():
            try:
                answer = self._client(company).inquire_by_reference(
                    batch.mapped("reference_number")
                )
            except ServiceError as error:
                _logger.info("Tax system inquiry: %s", error.message)
                continue
            batch._apply_verdicts(answer or [])
        # Only verdicts count as progress: the scheduler reruns at once only
        # while answers come in, not for invoices still under review.
        decided = len(submissions.filtered(lambda s: s.state != "sent"))
        remaining = self.search_count(domain) if decided else 0
        self.env["ir.cron"]._notify_progress(done=decided, remaining=remaining)
        return decided

    def _apply_verdicts(self, answer):
        by_reference = {item.get("referenceNumber"): item for item in answer}
        for submission in self:
            item = by_reference.get(submission.reference_number)
            if not item or item.get("status") not in DONE_STATUSES:
                continue
            data = item.get("data") or {}
            messages = "\n".join(
                f"{message.get('code')}: {message.get('message')}"
                for message in (data.get("error") or []) + (data.get("warning") or [])
            )
            if item["status"] == "SUCCESS":
                submission.write({"state": "accepted", "authority_messages": messages})
            else:
                submission._reject(messages or item["status"])

    # -- actions ----------------------------------------------------------------

    def action_retry(self):
        """Send again after the cause is fixed. A rejected invoice is sent as a
        new request (the tax office refused the last one)."""
        rejected = self.filtered(lambda s: s.state == "rejected")
        for submission in rejected:
            if submission.move_id._qanat_moadian_problems():
                raise UserError(
                    self.env._(
                        "Correct %(move)s first: the tax system needs %(problems)s",
                        move=submission.move_id.display_name,
                        problems=", ".join(
                            submission.move_id._qanat_moadian_problems()
                        ),
                    )
                )
        for submission in rejected:
            submission.write(
                {
                    "state": "failed",
                    "uid": MoadianClient.new_uid(),
                    "reference_number": False,
                }
            )
        return super().action_retry()
