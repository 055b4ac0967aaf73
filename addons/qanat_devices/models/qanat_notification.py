import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.http import ServiceError
from ..tools import persian
from ..tools.language import in_user_language

_logger = logging.getLogger(__name__)

WHATSAPP_BATCH_SIZE = 50


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
        event = (
            self.env["qanat.notification.event"]
            .sudo()
            .search([("code", "=", event_code)], limit=1)
        )
        if not event:
            _logger.warning("Notification event %s is not configured", event_code)
            return self.browse()
        partner = (partner or record.partner_id).sudo()
        record = record.sudo()
        preference = partner.qanat_notify_channel or "sms"
        notifications = self.browse()
        wants_whatsapp = preference in ("whatsapp", "both")
        can_whatsapp = bool(
            event.whatsapp_template and self.env["qanat.messaging"]._whatsapp_client()
        )
        if wants_whatsapp and can_whatsapp:
            notifications |= self._queue_whatsapp(event, record, partner, values)
        if preference in ("sms", "both") or (
            wants_whatsapp and not can_whatsapp and partner.qanat_whatsapp_fallback
        ):
            notifications |= self._queue_sms(event, record, partner, values)
        return notifications

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
        messaging = self.env["qanat.messaging"]
        body = self._render_body(event, record, partner, values)
        test_number = messaging._test_number()
        number = test_number or partner.mobile or partner.phone or ""
        sms_kwargs = {"sms_numbers": [test_number]} if test_number else {}
        message = partner._message_sms(
            body,
            partner_ids=[] if test_number else partner.ids,
            put_in_queue=True,
            **sms_kwargs,
        )
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", message.id)], limit=1)
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return self.sudo().create(
            {
                "event_id": event.id,
                "partner_id": partner.id,
                "res_model": record._name,
                "res_id": record.id,
                "channel": "sms",
                "state": "queued" if sms.state == "outgoing" else "failed",
                "number": sms.number or number,
                "body": body,
                "sms_uuid": sms.uuid,
                "mail_message_id": message.id,
                "error": sms.failure_type or False,
            }
        )

    @api.model
    def _queue_whatsapp(self, event, record, partner, values):
        body = self._render_body(event, record, partner, values)
        number = self.env["qanat.messaging"]._test_number() or partner.mobile or ""
        message = partner.message_post(
            body=self.env._("WhatsApp message queued: %(body)s", body=body),
            subtype_xmlid="mail.mt_note",
        )
        notification = self.sudo().create(
            {
                "event_id": event.id,
                "partner_id": partner.id,
                "res_model": record._name,
                "res_id": record.id,
                "channel": "whatsapp",
                "number": number,
                "body": body,
                "whatsapp_parameters": event._whatsapp_values(values),
                "values": values or {},
                "mail_message_id": message.id,
                "next_attempt_at": fields.Datetime.now(),
            }
        )
        self.env.ref("qanat_devices.ir_cron_qanat_send_whatsapp").sudo()._trigger()
        return notification

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
