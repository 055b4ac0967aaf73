import logging

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import generate_tracking_message_id

from ..services.http import ServiceError
from ..tools import persian
from ..tools.language import in_user_language

_logger = logging.getLogger(__name__)

# Small batches: each message waits for its answer (HTTP timeout) and is
# committed on its own.
WHATSAPP_BATCH_SIZE = 20


class QanatNotification(models.Model):
    """Every message sent to a customer, whatever the channel.

    :meth:`notify` is the single entry point the modules call; SMS go through
    Odoo's sms queue, WhatsApp messages through this model's own queue.
    """

    _name = "qanat.notification"
    _inherit = ["qanat.queue.mixin"]
    _description = "Customer Notification"
    _order = "id desc"
    _queue_waiting_state = "queued"
    _queue_cron = "qanat_devices.ir_cron_qanat_send_whatsapp"

    event_id = fields.Many2one(
        "qanat.notification.event", required=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True
    )
    channel = fields.Selection(
        [("sms", "SMS"), ("whatsapp", "WhatsApp")], required=True, readonly=True
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("fallback", "Failed, sent by SMS"),
        ],
        default="queued",
        required=True,
        index=True,
    )
    number = fields.Char(readonly=True)
    body = fields.Text(readonly=True)
    whatsapp_parameters = fields.Json(readonly=True)
    values = fields.Json(readonly=True, help="Values given by the module.")
    sms_uuid = fields.Char(string="SMS UUID", readonly=True, index=True)
    mail_message_id = fields.Many2one(
        "mail.message", readonly=True, ondelete="set null"
    )
    remote_id = fields.Char(string="Provider Message ID", readonly=True)
    fallback_id = fields.Many2one(
        "qanat.notification", string="Sent Instead By", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    # -- the entry point ------------------------------------------------------

    @api.model
    def notify(self, event_code, record, partner=None, values=None):
        """Tell ``partner`` (default: the record's customer) about ``event_code``.

        Picks the channels from the customer's preference, renders the event's
        template in the customer's language, queues the messages (nothing is
        sent before the transaction commits) and logs them on the customer's
        chatter. Returns the notifications created.
        """
        return self.notify_many(event_code, [(record, partner, values)])

    @api.model
    def notify_many(self, event_code, items):
        """:meth:`notify` for many documents at once (crons): ``items`` is a
        list of ``(record, partner or None, values or None)``. The messages,
        SMS and chatter notes of the whole list are created in a few queries."""
        event = (
            self.env["qanat.notification.event"]
            .sudo()
            .search([("code", "=", event_code)], limit=1)
        )
        if not event:
            _logger.warning("Notification event %s is not configured", event_code)
            return self.browse()
        can_whatsapp = bool(
            event.whatsapp_template and self.env["qanat.messaging"]._whatsapp_client()
        )
        by_sms, by_whatsapp = [], []
        for record, partner, values in items:
            partner = (partner or record.partner_id).sudo()
            item = (record.sudo(), partner, values)
            preference = partner.qanat_notify_channel or "sms"
            wants_whatsapp = preference in ("whatsapp", "both")
            if wants_whatsapp and can_whatsapp:
                by_whatsapp.append(item)
            if preference in ("sms", "both") or (
                wants_whatsapp and not can_whatsapp and partner.qanat_whatsapp_fallback
            ):
                by_sms.append(item)
        return self._queue_whatsapp_many(event, by_whatsapp) | self._queue_sms_many(
            event, by_sms
        )

    @api.model
    def _render_body(self, event, record, partner, values):
        lang = self.env["qanat.messaging"]._customer_lang(partner)
        template = event.sms_template_id.with_context(lang=lang)
        if not template:
            raise UserError(
                self.env._(
                    "The notification event %(event)s has no SMS template.",
                    event=event.name,
                )
            )
        rendered = template._render_field(
            "body", record.ids, add_context={"values": values or {}}
        )
        return rendered[record.id]

    @api.model
    def _queue_sms(self, event, record, partner, values):
        return self._queue_sms_many(event, [(record, partner, values)])

    @api.model
    def _log_on_customers(self, partners, bodies, message_type):
        """One chatter note per (partner, body), in the order given, created
        together: the values Odoo's ``_message_log_batch`` gives a note, which
        takes one body per customer while a cron batch may tell a customer
        several things (one note each)."""
        customers = self.env["res.partner"].sudo()
        author_id, email_from = customers._message_compute_author(raise_on_email=False)
        note = {
            "author_id": author_id,
            "email_from": email_from,
            "model": "res.partner",
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "message_type": message_type,
            "is_internal": True,
            "subject": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "message_id": generate_tracking_message_id("message-notify"),
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=email_from
            )[False],
        }
        messages = customers._message_create(
            [
                dict(note, res_id=partner.id, body=escape(body))
                for partner, body in zip(partners, bodies, strict=True)
            ]
        )
        return list(messages)

    @api.model
    def _queue_sms_many(self, event, items):
        """Queue SMS through Odoo's sms queue as ``_message_sms`` does (a note
        of type SMS on the customer, its SMS, its notification and tracker),
        for every item at once."""
        if not items:
            return self.browse()
        messaging = self.env["qanat.messaging"]
        test_number = messaging._test_number()
        bodies = [
            self._render_body(event, record, partner, values)
            for record, partner, values in items
        ]
        partners = [partner for _record, partner, _values in items]
        messages = self._log_on_customers(partners, bodies, "sms")
        sms_values = []
        for (_record, partner, _values), body, message in zip(
            items, bodies, messages, strict=True
        ):
            if test_number:
                number = partner._phone_format(number=test_number) or test_number
            else:
                raw = partner.mobile or partner.phone
                number = raw and (partner._phone_format(number=raw) or raw)
            sms_values.append(
                {
                    "body": body,
                    "mail_message_id": message.id,
                    "partner_id": False if test_number else partner.id,
                    "number": number or False,
                    "state": "outgoing" if number else "error",
                    "failure_type": "" if number else "sms_number_missing",
                }
            )
        sms_all = self.env["sms.sms"].sudo().create(sms_values)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "mail_message_id": message.id,
                    "res_partner_id": sms.partner_id.id,
                    "sms_number": sms.number,
                    "notification_type": "sms",
                    "sms_id_int": sms.id,
                    "sms_tracker_ids": [Command.create({"sms_uuid": sms.uuid})]
                    if sms.state == "outgoing"
                    else False,
                    "is_read": True,
                    "notification_status": "ready"
                    if sms.state == "outgoing"
                    else "exception",
                    "failure_type": "" if sms.state == "outgoing" else sms.failure_type,
                }
                for sms, message in zip(sms_all, messages, strict=True)
            ]
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return self.sudo().create(
            [
                {
                    "event_id": event.id,
                    "partner_id": partner.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "channel": "sms",
                    "state": "queued" if sms.state == "outgoing" else "failed",
                    "number": sms.number or "",
                    "body": body,
                    "sms_uuid": sms.uuid,
                    "mail_message_id": message.id,
                    "error": sms.failure_type or False,
                }
                for (record, partner, _values), body, sms, message in zip(
                    items, bodies, sms_all, messages, strict=True
                )
            ]
        )

    @api.model
    def _queue_whatsapp(self, event, record, partner, values):
        return self._queue_whatsapp_many(event, [(record, partner, values)])

    @api.model
    def _queue_whatsapp_many(self, event, items):
        if not items:
            return self.browse()
        test_number = self.env["qanat.messaging"]._test_number()
        bodies = [
            self._render_body(event, record, partner, values)
            for record, partner, values in items
        ]
        partners = [partner for _record, partner, _values in items]
        messages = self._log_on_customers(
            partners,
            [
                self.env._("WhatsApp message queued: %(body)s", body=body)
                for body in bodies
            ],
            "notification",
        )
        now = fields.Datetime.now()
        notifications = self.sudo().create(
            [
                {
                    "event_id": event.id,
                    "partner_id": partner.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "channel": "whatsapp",
                    "number": test_number or partner.mobile or "",
                    "body": body,
                    "whatsapp_parameters": event._whatsapp_values(values),
                    "values": values or {},
                    "mail_message_id": message.id,
                    "next_attempt_at": now,
                }
                for (record, partner, values), body, message in zip(
                    items, bodies, messages, strict=True
                )
            ]
        )
        self.env.ref("qanat_devices.ir_cron_qanat_send_whatsapp").sudo()._trigger()
        return notifications

    # -- WhatsApp queue -------------------------------------------------------

    @api.model
    def _queue_domain(self):
        return [*super()._queue_domain(), ("channel", "=", "whatsapp")]

    @api.model
    @in_user_language
    def _cron_send_whatsapp(self, batch_size=WHATSAPP_BATCH_SIZE):
        return self._queue_run(batch_size)

    def _queue_process(self):
        client = self.env["qanat.messaging"]._whatsapp_client()
        for notification in self._queue_lock():
            notification._send_whatsapp(client)
            # WhatsApp has no idempotency key: a sent message must stay sent.
            notification._queue_commit()

    def _send_whatsapp(self, client):
        self.ensure_one()
        number = persian.normalize_mobile(self.number)
        try:
            if client is None:
                raise ServiceError(self.env._("WhatsApp is not configured."))
            if not number:
                raise ServiceError(
                    self.env._("No valid mobile number for WhatsApp."), code="number"
                )
            event = self.event_id
            remote_id = client.send_template(
                "98" + number[1:],
                event.whatsapp_template,
                event.whatsapp_language or "fa",
                self.whatsapp_parameters or [],
            )
        except ServiceError as error:
            self._queue_failed(error)
            return
        self._queue_done({"state": "sent", "remote_id": remote_id})

    @in_user_language
    def _queue_given_up(self, error):
        """Not delivered: sent by SMS instead where the customer wants it, and
        noted on the customer."""
        super()._queue_given_up(error)
        for notification in self:
            partner = notification.partner_id
            event = notification.event_id
            if partner.qanat_whatsapp_fallback and event.sms_template_id:
                record = (
                    self.env[notification.res_model]
                    .browse(notification.res_id)
                    .exists()
                )
                if record:
                    sms = self._queue_sms(event, record, partner, notification.values)
                    notification.write({"state": "fallback", "fallback_id": sms.id})
            partner.message_post(
                body=self.env._(
                    "WhatsApp message not delivered: %(error)s", error=error.message
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_retry(self):
        """Queue failed WhatsApp messages again (SMS go through Odoo's queue)."""
        whatsapp = self.filtered(lambda n: n.channel == "whatsapp")
        return super(QanatNotification, whatsapp).action_retry()
