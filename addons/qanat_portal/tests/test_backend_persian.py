from odoo.tests import tagged

from .common import QanatPortalCase

# The screens After-Sales staff work in, lists and the forms they open.
SCREENS = (
    "qanat_devices.qanat_device_action",
    "qanat_devices.res_partner_customer_action",
    "qanat_devices.qanat_installation_action",
    "qanat_devices.qanat_device_transfer_action",
    "qanat_devices.qanat_notification_action",
    "qanat_helpdesk.qanat_ticket_action",
    "qanat_helpdesk.qanat_ticket_sla_report_action",
    "qanat_helpdesk.qanat_official_holiday_action",
    "qanat_billing.qanat_service_choice_action",
    "qanat_billing.qanat_payment_receipt_action",
    "qanat_billing.qanat_support_package_action",
    "qanat_portal.qanat_announcement_action",
    "qanat_portal.qanat_kb_article_action",
)


@tagged("post_install", "-at_install")
class TestBackendInPersian(QanatPortalCase):
    """A Persian back-office user reads no English interface word on the
    suite's main screens (menus, control panel, lists, forms, chatter)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations("fa_IR", overwrite=True)
        cls.env.company.name = "شرکت آزمایشی قنات"
        cls.user_qanat.write(
            {"lang": "fa_IR", "tz": "Asia/Tehran", "name": "علی پشتیبان"}
        )
        cls.user_qanat.groups_id |= cls.env.ref("qanat_devices.group_qanat_manager")
        for partner in cls.customer_a | cls.customer_b:
            partner.name = "مشتری " + str(partner.id)
        cls.ticket = (
            cls.env["qanat.ticket"]
            .with_user(cls.user_qanat)
            .create(
                {
                    "name": "نشتی آب",
                    "partner_id": cls.customer_a.id,
                    "device_id": cls.a_live.id,
                }
            )
        )

    def test_main_screens_have_no_english(self):
        records = {
            "qanat_devices.qanat_device_action": self.a_live,
            "qanat_helpdesk.qanat_ticket_action": self.ticket,
            "qanat_devices.qanat_installation_action": self.a_installation,
        }
        for xmlid in SCREENS:
            with self.subTest(screen=xmlid):
                self.start_tour(
                    f"/odoo/action-{xmlid}?view_type=list",
                    "qanat_backend_persian_words_tour",
                    login=self.user_qanat.login,
                )
            record = records.get(xmlid)
            if record:
                with self.subTest(screen=xmlid, record=record.id):
                    self.start_tour(
                        f"/odoo/action-{xmlid}/{record.id}",
                        "qanat_backend_persian_words_tour",
                        login=self.user_qanat.login,
                    )
