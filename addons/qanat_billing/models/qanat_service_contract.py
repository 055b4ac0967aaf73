import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.qanat_devices.tools import access, persian
from odoo.addons.qanat_devices.tools.batches import (
    each_in_savepoint,
    note_failure_once,
)
from odoo.addons.qanat_devices.tools.dates import company_today, company_today_default
from odoo.addons.qanat_devices.tools.language import in_user_language

_logger = logging.getLogger(__name__)

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
CONTRACT_CRON_BATCH_SIZE = 200
# Devices whose service a contract period covers; a device waiting for its
# installation, suspended (for debt) or cancelled keeps its state.
COVERABLE_STATES = ("active", "renewed", "expired", "pay_per_case")


class QanatServiceContract(models.Model):
    """A service contract paid period by period (seeds 001 and 002).

    Monthly, quarterly or yearly, with a discount by length from the settings.
    Each period is invoiced once, on its first day, by a batched cron: the first
    invoice is due after the first-invoice days (30), the next ones after the
    contract's due days, never after the period's end; the overdue policy then
    applies to them like to any invoice. Each invoiced period covers the
    contract's devices until its last day. The 1/2/3-year renewals stay as they
    are: a contract is the other way to pay for the service.
    """

    _name = "qanat.service.contract"
    _description = "Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    device_ids = fields.Many2many(
        "qanat.device",
        string="Devices",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The devices whose service the contract pays for.",
    )
    period = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        tracking=True,
    )
    monthly_price = fields.Monetary(
        string="Price per Month",
        required=True,
        tracking=True,
        help="Before the discount of the period's length.",
    )
    discount_percent = fields.Float(
        string="Discount (%)",
        compute="_compute_discount_percent",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="From the settings by the period's length; can be changed per contract.",
    )
    period_amount = fields.Monetary(
        string="Amount per Period", compute="_compute_period_amount", store=True
    )
    date_start = fields.Date(
        string="Starts On",
        required=True,
        default=company_today_default,
        tracking=True,
    )
    date_end = fields.Date(
        string="Ends On",
        tracking=True,
        help="Leave empty for a contract that runs until it is closed.",
    )
    next_invoice_date = fields.Date(
        string="Next Period Starts On", readonly=True, copy=False, index=True
    )
    due_days = fields.Integer(
        string="Due After (days)",
        default=lambda self: self.env["qanat.billing.settings"]._get(
            "contract_due_days"
        ),
        help="Days after the period's first day the invoices are due (the first "
        "invoice is due after the first-invoice days of the settings).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    invoice_ids = fields.One2many(
        "account.move", "qanat_contract_id", string="Invoices", readonly=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    _sql_constraints = [
        (
            "monthly_price_positive",
            "CHECK(monthly_price > 0)",
            "The price per month must be positive.",
        ),
        (
            "discount_range",
            "CHECK(discount_percent >= 0 AND discount_percent < 100)",
            "The discount is a percentage from 0 to 99.",
        ),
    ]

    # -- computes ---------------------------------------------------------------

    @api.depends("period")
    def _compute_discount_percent(self):
        settings = self.env["qanat.billing.settings"]
        for contract in self:
            contract.discount_percent = (
                settings._get(f"contract_discount_{contract.period}")
                if contract.period in ("quarterly", "yearly")
                else 0.0
            )

    @api.depends("monthly_price", "period", "discount_percent", "currency_id")
    def _compute_period_amount(self):
        for contract in self:
            months = PERIOD_MONTHS.get(contract.period, 1)
            amount = (
                contract.monthly_price * months * (1 - contract.discount_percent / 100)
            )
            contract.period_amount = (
                contract.currency_id.round(amount) if contract.currency_id else amount
            )

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("qanat_contract_id", "in", self.ids)],
                ["qanat_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    # -- rules ------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end <= contract.date_start:
                raise ValidationError(
                    self.env._("A contract must end after it starts.")
                )

    @api.constrains("device_ids", "partner_id")
    def _check_devices(self):
        for contract in self:
            foreign = contract.device_ids - contract.device_ids.filtered_domain(
                [("commercial_partner_id", "=", contract.commercial_partner_id.id)]
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Device %(device)s is not the customer's.",
                        device=foreign[0].display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("A contract is created as a draft."))
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .next_by_code("qanat.service.contract")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        terms = {
            "monthly_price",
            "period",
            "discount_percent",
            "date_start",
            "partner_id",
        }
        if terms & set(vals) and any(c.state != "draft" for c in self):
            raise UserError(
                self.env._(
                    "The terms of a started contract do not change: close it and "
                    "start a new one."
                )
            )
        return super().write(vals)

    # -- actions ----------------------------------------------------------------

    def action_start(self):
        """Start the contract: its periods are invoiced from its first day."""
        access.check_staff(self.env)
        for contract in self.filtered(lambda c: c.state == "draft"):
            if not contract.device_ids:
                raise UserError(self.env._("Choose the devices the contract covers."))
            contract.write(
                {"state": "running", "next_invoice_date": contract.date_start}
            )
        self._invoice_due_periods()
        return True

    def action_close(self):
        access.check_staff(self.env)
        self.filtered(lambda c: c.state != "closed").write(
            {"state": "closed", "next_invoice_date": False}
        )
        return True

    def action_view_invoices(self):
        access.check_staff(self.env)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("qanat_contract_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # -- invoicing ----------------------------------------------------------------

    @api.model
    def _due_domain(self, today):
        return [
            ("state", "=", "running"),
            ("next_invoice_date", "!=", False),
            ("next_invoice_date", "<=", today),
        ]

    def _invoice_due_periods(self, today=None):
        """Invoice every period of these contracts that has started, each once.

        The rows are locked first (a second cron node skips them) and the
        unique (contract, period) index refuses a second invoice anyway.
        """
        today = today or company_today(self.env)
        due = self.filtered_domain(self._due_domain(today))
        if not due:
            return self.env["account.move"]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM qanat_service_contract WHERE id IN %s "
                "FOR NO KEY UPDATE SKIP LOCKED",
                tuple(due.ids),
            )
        )
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset(["next_invoice_date", "state"])
        invoiced = []

        def invoice_contract(contract):
            mine = self.env["account.move"]
            while (
                contract.next_invoice_date
                and contract.next_invoice_date <= today
                and (
                    not contract.date_end
                    or contract.next_invoice_date < contract.date_end
                )
            ):
                mine |= contract._invoice_period(contract.next_invoice_date)
            if contract.date_end and contract.next_invoice_date >= contract.date_end:
                contract.write({"state": "closed", "next_invoice_date": False})
            invoiced.append(mine)

        # A contract that cannot be invoiced (missing tax data, a customer's
        # row locked by a payment) waits with an activity; the others go on.
        each_in_savepoint(
            locked.filtered_domain(self._due_domain(today)),
            invoice_contract,
            on_error=lambda contract, error: contract._note_invoicing_failure(error),
        )
        return self.env["account.move"].concat(*invoiced)

    def _note_invoicing_failure(self, error):
        """An activity for the responsible, once while it stays open."""
        self.ensure_one()
        note_failure_once(
            self,
            self.env._("Period not invoiced"),
            error,
            self.user_id or self.env.user,
        )

    def _period_end(self, start):
        self.ensure_one()
        end = start + relativedelta(months=PERIOD_MONTHS[self.period], days=-1)
        if self.date_end:
            end = min(end, self.date_end - relativedelta(days=1))
        return end

    def _invoice_period(self, start):
        """Post the invoice of the period starting on ``start`` and move on."""
        self.ensure_one()
        end = self._period_end(start)
        first = not self.invoice_ids
        settings = self.env["qanat.billing.settings"]
        days = settings._get("first_invoice_days") if first else self.due_days
        due = start + relativedelta(days=days)
        if not first:
            # Paid within the period it pays for.
            due = min(due, end)
        full_months = PERIOD_MONTHS[self.period]
        next_start = start + relativedelta(months=full_months)
        amount = self.period_amount
        if self.date_end and next_start > self.date_end:
            # A last, shorter period is billed for the days it lasts.
            amount = self.currency_id.round(
                amount * ((end - start).days + 1) / ((next_start - start).days)
            )
        product = self.env.ref("qanat_billing.product_service_contract")
        label = self.env._(
            "Service contract %(number)s, %(start)s to %(end)s",
            number=self.name,
            start=persian.format_jalali_date(start, persian_digits=False),
            end=persian.format_jalali_date(end, persian_digits=False),
        )
        invoice = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.commercial_partner_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_date": start,
                    "invoice_date_due": due,
                    # The contract's due date, not a partner's payment term.
                    "invoice_payment_term_id": False,
                    "invoice_user_id": self.user_id.id,
                    "invoice_origin": self.name,
                    "qanat_contract_id": self.id,
                    "qanat_contract_period_start": start,
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "name": label,
                                "quantity": 1,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        self.sudo().next_invoice_date = next_start
        self.device_ids.sudo()._qanat_cover_until(end, self)
        return invoice

    @api.model
    @in_user_language
    def _cron_invoice_periods(self, batch_size=CONTRACT_CRON_BATCH_SIZE):
        """Invoice the periods that have started, one batch per run; the
        scheduler runs it again at once while contracts remain."""
        today = company_today(self.env)
        domain = self._due_domain(today)
        contracts = self.search(domain, limit=batch_size, order="next_invoice_date, id")
        invoices = contracts._invoice_due_periods(today)
        remaining = self.search_count(domain) if len(contracts) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(contracts), remaining=remaining)
        _logger.info(
            "Invoiced %s contract periods of %s contracts, %s contracts remain",
            len(invoices),
            len(contracts),
            remaining,
        )
        return invoices
