import logging

from odoo import fields, models

from ..services.sms.base import RETRY, SENT
from ..tools import persian

_logger = logging.getLogger(__name__)

# After this many transient failures (outage, rate limit) an SMS is given up.
MAX_SEND_ATTEMPTS = 6


class SmsSms(models.Model):
    _inherit = "sms.sms"

    qanat_provider_message_id = fields.Char(
        string="Provider Message ID", readonly=True, copy=False
    )
    qanat_send_attempts = fields.Integer(string="Send Attempts", readonly=True)
    qanat_last_error = fields.Char(string="Last Provider Error", readonly=True)

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Send through the configured Iranian provider instead of Odoo's IAP.

        Transient failures leave the SMS in the queue for the next run; permanent
        ones are shown on the message. Each SMS carries its uuid to the provider,
        which refuses to deliver the same uuid twice.
        """
        messaging = self.env["qanat.messaging"]
        provider = messaging._sms_provider()
        if provider is None:
            return super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        test_number = messaging._test_number()
        test_mode = messaging._test_mode()
        by_outcome = {}
        for sms in self:
            if sms.qanat_provider_message_id:
                continue  # already accepted by the provider: never again
            number = test_number or persian.normalize_mobile(sms.number)
            if not number:
                outcome, remote_id, error = "sms_number_format", "", ""
            elif test_mode and not test_number:
                outcome, remote_id, error = SENT, "test-mode", ""
                _logger.info("Test mode: SMS %s to %s not sent", sms.uuid, number)
            else:
                result = provider.send(sms.uuid, number, sms.body)
                outcome, remote_id, error = (
                    result.outcome,
                    result.remote_id,
                    result.error,
                )
            by_outcome.setdefault(outcome, []).append((sms, remote_id, error))
        self._qanat_apply_outcomes(by_outcome, unlink_failed, unlink_sent)

    def _qanat_apply_outcomes(self, by_outcome, unlink_failed, unlink_sent):
        sms_model = (
            self.env["sms.sms"].sudo().with_context(sms_skip_msg_notification=True)
        )
        touched = sms_model
        for outcome, items in by_outcome.items():
            for sms, remote_id, error in items:
                sms = sms.sudo().with_context(sms_skip_msg_notification=True)
                touched |= sms
                attempts = sms.qanat_send_attempts + 1
                if outcome == SENT:
                    sms.sms_tracker_id._action_update_from_sms_state("pending")
                    sms.write(
                        {
                            "state": "pending",
                            "failure_type": False,
                            "qanat_provider_message_id": remote_id or sms.uuid,
                            "qanat_send_attempts": attempts,
                            "qanat_last_error": False,
                            "to_delete": unlink_sent,
                        }
                    )
                elif outcome == RETRY and attempts < MAX_SEND_ATTEMPTS:
                    sms.write(
                        {"qanat_send_attempts": attempts, "qanat_last_error": error}
                    )
                else:
                    failure_type = "sms_server" if outcome == RETRY else outcome
                    sms.sms_tracker_id._action_update_from_sms_state(
                        "error", failure_type=failure_type
                    )
                    sms.write(
                        {
                            "state": "error",
                            "failure_type": failure_type,
                            "qanat_send_attempts": attempts,
                            "qanat_last_error": error,
                            "to_delete": unlink_failed,
                        }
                    )
                if error:
                    _logger.info("SMS %s: %s", sms.uuid, error)
        touched.mail_message_id._notify_message_notification_update()
