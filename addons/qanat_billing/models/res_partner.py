from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.qanat_devices.models.qanat_device import LIVE_SERVICE_STATES
from odoo.addons.qanat_devices.tools.dates import company_today

from .account_move import OVERDUE_PAYMENT_STATES
from .sale_order import DELIVERY_CONTACT_FIELDS


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
    qanat_debt_ceiling_since = fields.Date(
        string="Debt at the Ceiling Since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The day the debt reached the ceiling and the customer was told; "
        "pay-per-case service is suspended when it stays there past the grace "
        "period. Cleared once the debt is back below the ceiling.",
    )

    def _compute_qanat_debt(self):
        """Open receivable lines in their own currency, converted to Rial.

        Rial invoices and payments are counted exactly (no detour through the
        company currency); advance payments reduce the debt.
        """
        rial = self.env.ref("base.IRR")
        company = self.env.company
        today = company_today(self.env)
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
        """Warn customers whose debt crossed the threshold, once per crossing;
        tell those who reached the ceiling when their pay-per-case service
        will be suspended, and release them once they are back below it."""
        warning, ceiling = self._qanat_debt_limits()
        back_below = self.browse()
        for partner in self.commercial_partner_id:
            debt = partner.qanat_debt
            if debt >= warning and not partner.qanat_debt_warned:
                partner.sudo().qanat_debt_warned = True
                partner._qanat_send_debt_warning(debt, ceiling)
            elif debt < warning and partner.qanat_debt_warned:
                partner.sudo().qanat_debt_warned = False
            at_ceiling = debt > 0 and debt >= ceiling
            if at_ceiling and not partner.qanat_debt_ceiling_since:
                partner.sudo().qanat_debt_ceiling_since = company_today(partner.env)
                partner._qanat_send_ceiling_notice(debt, ceiling)
            elif not at_ceiling and partner.qanat_debt_ceiling_since:
                partner.sudo().qanat_debt_ceiling_since = False
                back_below |= partner
        if back_below:
            self._qanat_restore_paid_customers(back_below)

    def _qanat_ceiling_suspension_day(self):
        self.ensure_one()
        grace = self.env["qanat.billing.settings"]._get("debt_ceiling_grace_days")
        return fields.Date.add(self.qanat_debt_ceiling_since, days=grace)

    def _qanat_send_ceiling_notice(self, debt, ceiling):
        messaging = self.env["qanat.messaging"]
        lang = messaging._customer_lang(self)
        self.env["qanat.notification"].notify(
            "debt_ceiling_reached",
            self,
            partner=self,
            values={
                "debt": self.company_id._qanat_format_money(debt, lang=lang),
                "ceiling": self.company_id._qanat_format_money(ceiling, lang=lang),
                "suspend_on": messaging._format_customer_date(
                    self._qanat_ceiling_suspension_day(), self
                ),
            },
        )

    @api.model
    def _qanat_suspend_over_ceiling(self):
        """Suspend the pay-per-case service of customers whose debt is still at
        the ceiling after the grace period (daily, with the overdue policy)."""
        grace = self.env["qanat.billing.settings"]._get("debt_ceiling_grace_days")
        last_day = fields.Date.add(company_today(self.env), days=-grace)
        customers = self.sudo().search([("qanat_debt_ceiling_since", "<=", last_day)])
        ceiling = self._qanat_debt_limits()[1]
        over = customers.filtered(
            lambda c: c.qanat_debt > 0 and c.qanat_debt >= ceiling
        )
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", over.ids),
                    ("service_state", "=", "pay_per_case"),
                ]
            )
        )
        for customer in devices.commercial_partner_id:
            mine = devices.filtered(lambda d, c=customer: d.commercial_partner_id == c)
            mine._suspend_service(
                self.env._(
                    "The debt of %(debt)s stayed at or above the ceiling of "
                    "%(ceiling)s.",
                    debt=customer.company_id._qanat_format_money(customer.qanat_debt),
                    ceiling=customer.company_id._qanat_format_money(ceiling),
                )
            )
            mine.write({"qanat_suspended_for_debt": True})
            self.env["qanat.notification"].notify(
                "per_case_suspended_for_debt", customer, partner=customer
            )
        return devices

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
        # Written in the language of the person who will read it.
        env = self.with_context(lang=responsible.lang).env
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=responsible.id,
            summary=env._("Debt close to the ceiling"),
            note=env._(
                "The debt of %(customer)s is %(debt)s (ceiling %(ceiling)s).",
                customer=self.name,
                debt=self.env.company._qanat_format_money(debt),
                ceiling=self.env.company._qanat_format_money(ceiling),
            ),
        )

    @api.model
    def _qanat_suspend_for_debt(self, invoices):
        """Suspend the live and expired devices of the customers of overdue
        ``invoices`` and tell them, one message per invoice."""
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    (
                        "commercial_partner_id",
                        "in",
                        invoices.partner_id.commercial_partner_id.ids,
                    ),
                    ("service_state", "in", (*LIVE_SERVICE_STATES, "expired")),
                ]
            )
        )
        self._qanat_change_for_debt(
            invoices,
            devices,
            lambda mine, invoice: mine._suspend_service(
                self.env._("Invoice %(invoice)s is overdue.", invoice=invoice.name)
            ),
            suspended_for_debt=True,
        )
        self.env["qanat.notification"].notify_many(
            "service_suspended_for_debt",
            [(invoice, invoice.partner_id, None) for invoice in invoices],
        )

    @api.model
    def _qanat_cancel_for_debt(self, invoices):
        """Cancel the devices suspended for debt of the customers of
        ``invoices``; tell those who had any."""
        devices = (
            self.env["qanat.device"]
            .sudo()
            .search(
                [
                    (
                        "commercial_partner_id",
                        "in",
                        invoices.partner_id.commercial_partner_id.ids,
                    ),
                    ("service_state", "=", "suspended"),
                    ("qanat_suspended_for_debt", "=", True),
                ]
            )
        )
        changed = self._qanat_change_for_debt(
            invoices,
            devices,
            lambda mine, invoice: mine._cancel_service(
                self.env._(
                    "Invoice %(invoice)s stayed unpaid after suspension.",
                    invoice=invoice.name,
                )
            ),
            suspended_for_debt=False,
        )
        self.env["qanat.notification"].notify_many(
            "service_cancelled_for_debt",
            [(invoice, invoice.partner_id, None) for invoice in changed],
        )

    def _qanat_change_for_debt(self, invoices, devices, change, suspended_for_debt):
        """Apply ``change(devices, invoice)`` to each customer's ``devices``
        once, for the first of the customer's ``invoices``; return the
        invoices whose customer had devices to change."""
        by_customer = devices.grouped("commercial_partner_id")
        changed = self.env["account.move"]
        for invoice in invoices:
            mine = by_customer.pop(invoice.partner_id.commercial_partner_id, None)
            if mine:
                change(mine, invoice)
                changed |= invoice
        devices.write({"qanat_suspended_for_debt": suspended_for_debt})
        return changed

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
                    ("move_id.payment_state", "in", OVERDUE_PAYMENT_STATES),
                    (
                        "move_id.commercial_partner_id",
                        "in",
                        devices.commercial_partner_id.ids,
                    ),
                ]
            )
            .move_id.partner_id.commercial_partner_id
        )
        ceiling = self._qanat_debt_limits()[1]
        still_over_ceiling = devices.commercial_partner_id.filtered(
            lambda c: (
                c.qanat_debt_ceiling_since
                and c.qanat_debt > 0
                and c.qanat_debt >= ceiling
            )
        )
        to_restore = devices.filtered(
            lambda d: d.commercial_partner_id not in still_overdue | still_over_ceiling
        )
        to_restore._restore_service(reason=self.env._("Overdue invoices paid."))
        to_restore.write({"qanat_suspended_for_debt": False})

    def write(self, vals):
        if DELIVERY_CONTACT_FIELDS & set(vals):
            self._qanat_check_no_dispatched_delivery(vals)
        return super().write(vals)

    def _qanat_check_no_dispatched_delivery(self, vals):
        """The address and phone an order on its way is delivered to cannot
        change (on every path: form, import, RPC); before dispatch they can."""
        changed = self.filtered(
            lambda partner: any(
                (
                    partner._fields[name].convert_to_write(partner[name], partner)
                    or False
                )
                != (vals[name] or False)
                for name in DELIVERY_CONTACT_FIELDS & set(vals)
            )
        )
        if not changed:
            return
        order = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_shipping_id", "in", changed.ids),
                    ("qanat_delivery_state", "=", "dispatched"),
                ],
                limit=1,
            )
        )
        if order:
            raise UserError(
                self.env._(
                    "Order %(order)s is on its way to this address: its address and "
                    "phone can no longer change until it is delivered. Changes are "
                    "requested by ticket before dispatch.",
                    order=order.name,
                )
            )

    def _qanat_first_invoice_days(self):
        return self.env["qanat.billing.settings"]._get("first_invoice_days")
