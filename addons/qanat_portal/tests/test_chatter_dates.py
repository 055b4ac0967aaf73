from odoo.tests import tagged

from .common import QanatPortalCase


@tagged("post_install", "-at_install")
class TestChatterDates(QanatPortalCase):
    """The portal conversation of a ticket: Jalali dates in Persian digits and
    Persian labels for a Persian customer, Gregorian dates for an English one."""

    def _ticket(self, customer, portal_user, device):
        self.user_qanat.partner_id.name = "علی پشتیبان"
        portal_user.partner_id.name = "مشتری آزمایشی"
        ticket = (
            self.env["qanat.ticket"]
            .with_user(portal_user)
            .create({"name": "آب چکه می‌کند", "device_id": device.id})
            .sudo()
        )
        message = ticket.message_post(
            body="لطفاً شیر آب را ببندید.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.user_qanat.partner_id.id,
        )
        message.date = "2025-06-01 10:00:00"
        # Only the reply: the creation note carries the creator's language.
        (ticket.message_ids - message).unlink()
        return ticket

    def test_persian_customer(self):
        ticket = self._ticket(self.customer_a, self.portal_a, self.a_live)
        self.start_tour(
            f"/my/tickets/{ticket.id}",
            "qanat_portal_chatter_persian_tour",
            login="portal_a",
        )

    def test_english_customer(self):
        self.portal_b.lang = "en_US"
        ticket = self._ticket(self.customer_b, self.portal_b, self.b_live)
        self.start_tour(
            f"/my/tickets/{ticket.id}",
            "qanat_portal_chatter_english_tour",
            login="portal_b",
        )
