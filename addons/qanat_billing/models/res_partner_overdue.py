from odoo import fields, models

from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES

DEFAULT_FIRST_INVOICE_DAYS = 30


class ResPartnerOverdue(models.Model):
    _inherit = "res.partner"

    def _qanat_suspend_for_debt(self, invoice):
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", self.id),
                    ("service_state", "in", (*LIVE_SERVICE_STATES, "expired")),
                ]
            )
        )
        if devices:
            devices._suspend_service(
                self.env._("Invoice %(invoice)s is overdue.", invoice=invoice.name)
            )
            devices.write({"qanat_suspended_for_debt": True})
        self.env["qanat.notification"].notify(
            "service_suspended_for_debt", invoice, partner=invoice.partner_id
        )

    def _qanat_cancel_for_debt(self, invoice):
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", self.id),
                    ("service_state", "=", "suspended"),
                    ("qanat_suspended_for_debt", "=", True),
                ]
            )
        )
        devices._cancel_service(
            self.env._(
                "Invoice %(invoice)s stayed unpaid after suspension.",
                invoice=invoice.name,
            )
        )
        devices.write({"qanat_suspended_for_debt": False})

    def _qanat_restore_paid_customers(self):
        """Restore devices suspended for debt once no suspending invoice is open."""
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    ("service_state", "=", "suspended"),
                    ("qanat_suspended_for_debt", "=", True),
                ]
            )
        )
        if not devices:
            return
        suspend_steps = self.env["qanat.overdue.step"].search(
            [("action", "=", "suspend")]
        )
        still_overdue = (
            self.env["qanat.overdue.log"]
            .search(
                [
                    ("step_id", "in", suspend_steps.ids),
                    ("move_id.payment_state", "in", ("not_paid", "partial")),
                ]
            )
            .move_id.partner_id.commercial_partner_id
        )
        to_restore = devices.filtered(
            lambda d: d.commercial_partner_id not in still_overdue
        )
        to_restore._restore_service(reason=self.env._("Overdue invoices paid."))
        to_restore.write({"qanat_suspended_for_debt": False})

    def _qanat_first_invoice_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("qanat.billing.first_invoice_days", DEFAULT_FIRST_INVOICE_DAYS)
        )
        try:
            return int(value)
        except ValueError:
            return DEFAULT_FIRST_INVOICE_DAYS


class QanatDeviceDebt(models.Model):
    _inherit = "qanat.device"

    qanat_suspended_for_debt = fields.Boolean(
        string="Suspended for Debt", readonly=True, copy=False
    )
