from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QanatDevicesCase
from .fake_services import FakeKavenegar, FakeWhatsApp


class MessagingCase(QanatDevicesCase):
    """Kavenegar and WhatsApp fakes on 127.0.0.1 and a test notification event."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages the demo data queued are not these tests' to count.
        cls.env["sms.sms"].sudo().search([("state", "=", "outgoing")]).unlink()
        cls.kavenegar = FakeKavenegar()
        cls.addClassCleanup(cls.kavenegar.stop)
        cls.whatsapp = FakeWhatsApp()
        cls.addClassCleanup(cls.whatsapp.stop)
        cls._set_params(
            {
                "sms.provider": "kavenegar",
                "sms.api_key": FakeKavenegar.api_key,
                "sms.sender": "10004346",
                "sms.base_url": cls.kavenegar.url,
                "whatsapp.enabled": "1",
                "whatsapp.token": FakeWhatsApp.token,
                "whatsapp.phone_number_id": FakeWhatsApp.phone_number_id,
                "whatsapp.base_url": cls.whatsapp.url,
                "http.timeout": "10",
            }
        )
        cls.template = cls.env["sms.template"].create(
            {
                "name": "Test announcement",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "body": "سلام {{ object.name }}، کد {{ values.get('code') }}",
            }
        )
        cls.event = cls.env["qanat.notification.event"].create(
            {
                "code": "test_announcement",
                "name": "Test announcement",
                "sms_template_id": cls.template.id,
                "whatsapp_template": "announcement",
                "whatsapp_parameters": "name,code",
            }
        )

    def setUp(self):
        super().setUp()
        self.kavenegar.reset()
        self.whatsapp.reset()

    @classmethod
    def _set_params(cls, params):
        config = cls.env["ir.config_parameter"].sudo()
        for key, value in params.items():
            config.set_param(f"qanat.{key}", value)

    def _notify(self, partner=None, code="42"):
        partner = partner or self.customer_a
        return self.env["qanat.notification"].notify(
            "test_announcement",
            partner,
            partner=partner,
            values={"name": partner.name, "code": code},
        )

    def _process_sms_queue(self):
        self.env["sms.sms"].sudo()._process_queue()

    def _sms_of(self, notification):
        return (
            self.env["sms.sms"]
            .sudo()
            .with_context(active_test=False)
            .search([("uuid", "=", notification.sms_uuid)])
        )


@tagged("post_install", "-at_install")
class TestSms(MessagingCase):
    def test_sms_delivered_through_provider_and_logged(self):
        notification = self._notify()
        self.assertEqual(notification.channel, "sms")
        self.assertEqual(notification.state, "queued")
        self.assertFalse(self.kavenegar.delivered)  # nothing sent before commit
        message = notification.mail_message_id
        self.assertEqual(message.model, "res.partner")
        self.assertEqual(message.res_id, self.customer_a.id)
        self._process_sms_queue()
        self.assertEqual(len(self.kavenegar.delivered), 1)
        receptor, body, localid = self.kavenegar.delivered[0]
        self.assertEqual(receptor, "09121111111")
        self.assertEqual(body, "سلام Customer A، کد 42")
        sms = self._sms_of(notification)
        self.assertEqual(localid, sms.uuid)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.qanat_provider_message_id, "8792001")
        self.assertEqual(message.notification_ids.notification_status, "pending")
        form = self.kavenegar.requests[0][1]
        self.assertIn("sender=10004346", form)

    def test_many_notifications_at_once(self):
        """A cron's batch: every message queued, logged on its customer and
        delivered, a customer appearing twice gets both, in a few queries."""
        customers = self.env["res.partner"].create(
            [
                {"name": f"Batch {index}", "mobile": f"0912000{index:04d}"}
                for index in range(20)
            ]
        )
        items = [
            (partner, partner, {"code": str(index)})
            for index, partner in enumerate(customers)
        ]
        items.append((customers[0], customers[0], {"code": "again"}))
        self.env.flush_all()
        before = self.cr.sql_log_count
        notifications = self.env["qanat.notification"].notify_many(
            "test_announcement", items
        )
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        # Not per message (a message each would be about 14 queries apiece).
        self.assertLess(queries, 60)
        self.assertEqual(len(notifications), 21)
        self.assertEqual(set(notifications.mapped("state")), {"queued"})
        first = notifications.filtered(lambda n: n.partner_id == customers[0])
        self.assertEqual(len(first), 2)
        self.assertEqual(
            sorted(first.mapped("body")),
            sorted(["سلام Batch 0، کد 0", "سلام Batch 0، کد again"]),
        )
        for notification in notifications:
            message = notification.mail_message_id
            self.assertEqual(message.model, "res.partner")
            self.assertEqual(message.res_id, notification.partner_id.id)
            self.assertEqual(message.message_type, "sms")
            self.assertEqual(message.notification_ids.notification_type, "sms")
            self.assertEqual(
                message.notification_ids.res_partner_id, notification.partner_id
            )
        self._process_sms_queue()
        self.assertEqual(len(self.kavenegar.delivered), 21)
        self.assertEqual(
            {receptor for receptor, _body, _localid in self.kavenegar.delivered},
            set(customers.mapped("mobile")),
        )
        self.assertEqual(
            set(
                notifications.mail_message_id.notification_ids.mapped(
                    "notification_status"
                )
            ),
            {"pending"},
        )

    def test_customer_without_number_is_recorded_as_failed(self):
        partner = self.env["res.partner"].create({"name": "No number"})
        notification = self._notify(partner)
        self.assertEqual(notification.state, "failed")
        self.assertEqual(notification.error, "sms_number_missing")
        self.assertEqual(
            notification.mail_message_id.notification_ids.notification_status,
            "exception",
        )

    def _assert_permanent_failure(self, failure_type):
        notification = self._notify()
        self._process_sms_queue()
        sms = self._sms_of(notification)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, failure_type)
        self.assertEqual(
            notification.mail_message_id.notification_ids.notification_status,
            "exception",
        )
        self.assertEqual(
            notification.mail_message_id.notification_ids.failure_type, failure_type
        )
        self.assertFalse(self.kavenegar.delivered)

    def test_bad_number_411(self):
        self.kavenegar.fail_next = [411]
        self._assert_permanent_failure("sms_number_format")

    def test_no_credit_418(self):
        self.kavenegar.no_credit = True
        self.addCleanup(setattr, self.kavenegar, "no_credit", False)
        self._assert_permanent_failure("sms_credit")

    def test_bad_api_key(self):
        self._set_params({"sms.api_key": "wrong"})
        self._assert_permanent_failure("sms_acc")

    def test_rate_limit_414_is_retried(self):
        self.kavenegar.fail_next = [414]
        notification = self._notify()
        self._process_sms_queue()
        sms = self._sms_of(notification)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.qanat_send_attempts, 1)
        self.assertIn("414", sms.qanat_last_error)
        self._process_sms_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self.kavenegar.delivered), 1)

    def test_lost_answer_never_sends_twice(self):
        """The provider delivered but its answer was lost: the retry carries the
        same localid and Kavenegar does not deliver it again."""
        self.kavenegar.lose_next_answer = True
        notification = self._notify()
        self._process_sms_queue()
        sms = self._sms_of(notification)
        self.assertEqual(sms.state, "outgoing")
        self._process_sms_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self.kavenegar.delivered), 1)
        # Even forced, an accepted SMS is not handed to the provider again.
        sms.state = "outgoing"
        sms._send()
        self.assertEqual(len(self.kavenegar.requests), 2)

    def test_outage_then_given_up_without_loss(self):
        self.kavenegar.down = True
        self.addCleanup(setattr, self.kavenegar, "down", False)
        notification = self._notify()
        sms = self._sms_of(notification)
        for _attempt in range(5):
            self._process_sms_queue()
            self.assertEqual(sms.state, "outgoing")
        self._process_sms_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertIn("503", sms.qanat_last_error)
        # Staff resend once the provider is back: delivered once.
        self.kavenegar.down = False
        sms.resend_failed()
        self.assertEqual(len(self.kavenegar.delivered), 1)

    def test_test_mode_redirects_to_test_number(self):
        self._set_params(
            {"messaging.test_mode": "1", "messaging.test_number": "09350000000"}
        )
        self._notify()
        self._process_sms_queue()
        self.assertEqual(self.kavenegar.delivered[0][0], "09350000000")

    def test_test_mode_without_number_sends_nothing(self):
        self._set_params({"messaging.test_mode": "1", "messaging.test_number": ""})
        notification = self._notify()
        self._process_sms_queue()
        self.assertFalse(self.kavenegar.requests)
        self.assertEqual(
            self._sms_of(notification).qanat_provider_message_id, "test-mode"
        )

    def test_settings_send_test_sms(self):
        settings = self.env["res.config.settings"].create(
            {"qanat_test_message_number": "۰۹۱۲۰۰۰۰۰۰۰"}
        )
        action = settings.action_qanat_send_test_sms()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.kavenegar.delivered[-1][0], "09120000000")
        self.kavenegar.no_credit = True
        self.addCleanup(setattr, self.kavenegar, "no_credit", False)
        action = settings.action_qanat_send_test_sms()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("418", action["params"]["message"])

    def test_odoo_iap_remains_the_default(self):
        self._set_params({"sms.provider": "odoo"})
        self.assertIsNone(self.env["qanat.messaging"]._sms_provider())


@tagged("post_install", "-at_install")
class TestWhatsApp(MessagingCase):
    def setUp(self):
        super().setUp()
        self.customer_a.qanat_notify_channel = "whatsapp"

    def _run_whatsapp_cron(self):
        return self.env["qanat.notification"]._cron_send_whatsapp()

    def test_template_message_delivered(self):
        notification = self._notify()
        self.assertEqual(notification.channel, "whatsapp")
        self.assertFalse(self.whatsapp.sent)
        self.assertIn("WhatsApp", self.customer_a.message_ids[0].body)
        self._run_whatsapp_cron()
        self.assertEqual(notification.state, "sent")
        self.assertEqual(notification.remote_id, "wamid.TEST1")
        self.assertEqual(
            self.whatsapp.sent, [("989121111111", "announcement", ["Customer A", "42"])]
        )

    def test_undeliverable_falls_back_to_sms(self):
        self.whatsapp.undeliverable.add("989121111111")
        self.addCleanup(self.whatsapp.undeliverable.clear)
        notification = self._notify()
        self._run_whatsapp_cron()
        self.assertEqual(notification.state, "fallback")
        self.assertIn("131026", notification.error)
        fallback = notification.fallback_id
        self.assertEqual(fallback.channel, "sms")
        self._process_sms_queue()
        self.assertEqual(self.kavenegar.delivered[0][1], "سلام Customer A، کد 42")

    def test_undeliverable_without_fallback_fails(self):
        self.customer_a.qanat_whatsapp_fallback = False
        self.whatsapp.undeliverable.add("989121111111")
        self.addCleanup(self.whatsapp.undeliverable.clear)
        notification = self._notify()
        self._run_whatsapp_cron()
        self.assertEqual(notification.state, "failed")
        self.assertFalse(notification.fallback_id)

    def test_rate_limit_retried_later(self):
        self.whatsapp.rate_limited = 1
        with freeze_time("2026-11-22 08:00:00"):
            notification = self._notify()
            self._run_whatsapp_cron()
        self.assertEqual(notification.state, "queued")
        self.assertEqual(notification.attempts, 1)
        self.assertIn("130429", notification.error)
        with freeze_time("2026-11-22 08:01:00"):
            self.assertEqual(self._run_whatsapp_cron(), 0)  # backing off
        with freeze_time("2026-11-22 09:00:00"):
            self._run_whatsapp_cron()
        self.assertEqual(notification.state, "sent")
        self.assertEqual(len(self.whatsapp.sent), 1)

    def test_bad_token_is_permanent(self):
        self._set_params({"whatsapp.token": "expired"})
        notification = self._notify()
        self._run_whatsapp_cron()
        self.assertEqual(notification.state, "fallback")
        self.assertIn("190", notification.error)
        notification.fallback_id.unlink()
        notification.write({"state": "failed"})
        self._set_params({"whatsapp.token": FakeWhatsApp.token})
        notification.action_retry()
        self._run_whatsapp_cron()
        self.assertEqual(notification.state, "sent")

    def test_both_channels(self):
        self.customer_a.qanat_notify_channel = "both"
        notifications = self._notify()
        self.assertEqual(set(notifications.mapped("channel")), {"sms", "whatsapp"})

    def test_whatsapp_not_configured_uses_sms(self):
        self._set_params({"whatsapp.enabled": ""})
        notifications = self._notify()
        self.assertEqual(notifications.channel, "sms")
        self.customer_a.qanat_whatsapp_fallback = False
        self.assertFalse(self._notify())

    @mute_logger("odoo.addons.qanat_devices.models.qanat_notification")
    def test_unknown_event_is_ignored(self):
        notifications = self.env["qanat.notification"].notify(
            "no_such_event", self.customer_a
        )
        self.assertFalse(notifications)
