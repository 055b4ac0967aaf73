from odoo import fields, models

from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    qanat_debt = fields.Monetary(
        string="Debt (Rial)",
        compute="_compute_qanat_debt",
        currency_field="qanat_rial_currency_id",
        help="Open receivables of the customer, in Rial.",
    )
    qanat_rial_currency_id = fields.Many2one(
        "res.currency", compute="_compute_qanat_debt"
    )
    qanat_debt_warned = fields.Boolean(
        string="Debt Warning Sent",
        readonly=True,
        copy=False,
        help="Set when the debt crossed the warning threshold; cleared once it is "
        "back below, so that each crossing warns once.",
    )

    def _compute_qanat_debt(self):
        """Open receivable lines in their own currency, converted to Rial.

        Rial invoices and payments are counted exactly (no detour through the
        company currency); advance payments reduce the debt.
        """
        rial = self.env.ref("base.IRR")
        company = self.env.company
        today = fields.Date.context_today(self)
        lines = self.env["account.move.line"].sudo()
        for partner in self:
            groups = lines._read_group(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("company_id", "=", company.id),
                ],
                ["currency_id"],
                ["amount_residual_currency:sum"],
            )
            partner.qanat_rial_currency_id = rial
            partner.qanat_debt = sum(
                currency._convert(amount, rial, company, today)
                for currency, amount in groups
            )

    def _qanat_debt_limits(self):
        """(warning threshold, ceiling) in Rial, from the settings."""
        settings = self.env["qanat.billing.settings"]
        ceiling = settings._get("debt_ceiling")
        return ceiling * settings._get("debt_warning_percent") / 100.0, ceiling

    def _qanat_debt_reached_ceiling(self):
        """A debt at the ceiling has reached it: no new pay-per-case ticket."""
        self.ensure_one()
        debt = self.commercial_partner_id.qanat_debt
        return debt > 0 and debt >= self._qanat_debt_limits()[1]

    def _qanat_check_debt_thresholds(self):
        """Warn customers whose debt crossed the threshold, once per crossing."""
        warning, ceiling = self._qanat_debt_limits()
        for partner in self.commercial_partner_id:
            debt = partner.qanat_debt
            if debt >= warning and not partner.qanat_debt_warned:
                partner.sudo().qanat_debt_warned = True
                partner._qanat_send_debt_warning(debt, ceiling)
            elif debt < warning and partner.qanat_debt_warned:
                partner.sudo().qanat_debt_warned = False

    def _qanat_send_debt_warning(self, debt, ceiling):
        lang = self.env["qanat.messaging"]._customer_lang(self)
        self.env["qanat.notification"].notify(
            "debt_warning",
            self,
            partner=self,
            values={
                "debt": self.company_id._qanat_format_money(debt, lang=lang),
                "ceiling": self.company_id._qanat_format_money(ceiling, lang=lang),
            },
        )
        responsible = self.user_id or self.env.ref("base.user_admin")
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=responsible.id,
            summary=self.env._("Debt close to the ceiling"),
            note=self.env._(
                "The debt of %(customer)s is %(debt)s (ceiling %(ceiling)s).",
                customer=self.name,
                debt=self.env.company._qanat_format_money(debt),
                ceiling=self.env.company._qanat_format_money(ceiling),
            ),
        )

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
        if not devices:
            return
        devices._cancel_service(
            self.env._(
                "Invoice %(invoice)s stayed unpaid after suspension.",
                invoice=invoice.name,
            )
        )
        devices.write({"qanat_suspended_for_debt": False})
        self.env["qanat.notification"].notify(
            "service_cancelled_for_debt", invoice, partner=invoice.partner_id
        )

    def _qanat_restore_paid_customers(self, customers=None):
        """Restore devices suspended for debt once no suspending invoice is open:
        of the given commercial partners (a payment's), or of everyone (cron)."""
        domain = [
            ("service_state", "=", "suspended"),
            ("qanat_suspended_for_debt", "=", True),
        ]
        if customers is not None:
            domain.append(("commercial_partner_id", "in", customers.ids))
        devices = self.env["qanat.device"].sudo().search(domain)
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
                    (
                        "move_id.commercial_partner_id",
                        "in",
                        devices.commercial_partner_id.ids,
                    ),
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
        return self.env["qanat.billing.settings"]._get("first_invoice_days")
