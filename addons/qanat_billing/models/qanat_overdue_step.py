from odoo import api, fields, models

from odoo.addons.qanat_devices.tools.batches import RECORD_ERRORS, each_in_savepoint
from odoo.addons.qanat_devices.tools.dates import company_today
from odoo.addons.qanat_devices.tools.language import in_user_language

from .account_move import OVERDUE_PAYMENT_STATES

BATCH_SIZE = 200


class QanatOverdueStep(models.Model):
    """One step of the overdue policy, counted in days from the due date."""

    _name = "qanat.overdue.step"
    _description = "Overdue Policy Step"
    _order = "days, id"

    name = fields.Char(required=True, translate=True)
    days = fields.Integer(
        required=True, help="Days after the due date (negative: before it)."
    )
    action = fields.Selection(
        [
            ("reminder", "Send a reminder"),
            ("suspend", "Suspend the service"),
            ("cancel_warning", "Warn of the cancellation"),
            ("cancel", "Cancel the service"),
        ],
        required=True,
        default="reminder",
    )
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps._recompute_open_invoices()
        return steps

    def write(self, vals):
        result = super().write(vals)
        if {"days", "active"} & set(vals):
            self._recompute_open_invoices()
        return result

    def unlink(self):
        result = super().unlink()
        self._recompute_open_invoices()  # their logs went with them
        return result

    def _recompute_open_invoices(self):
        """The policy changed: every unpaid invoice's next step may too."""
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", OVERDUE_PAYMENT_STATES),
                ]
            )
        )
        self.env.add_to_compute(invoices._fields["qanat_overdue_next_date"], invoices)

    @api.model
    @in_user_language
    def _cron_apply(self, batch_size=BATCH_SIZE):
        """Apply every due step to every open invoice, each exactly once.

        A batch is the invoices whose next step is due (an index range on
        ``qanat_overdue_next_date``); each step is then applied to those of
        the batch it is due for, the batch together. Returns the batch's
        size while more invoices may wait, else 0.
        """
        today = company_today(self.env)
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [("qanat_overdue_next_date", "<=", today)],
                order="qanat_overdue_next_date, id",
                limit=batch_size,
            )
        )
        steps = self.search([])
        due = {step: invoices.browse() for step in steps}
        for invoice in invoices:
            applied = invoice.qanat_overdue_log_ids.step_id
            for step in steps - applied:
                if fields.Date.add(invoice.invoice_date_due, days=step.days) <= today:
                    due[step] |= invoice
        failed = invoices.browse()
        for step, step_invoices in due.items():
            if not step_invoices:
                continue
            try:
                with self.env.cr.savepoint():
                    step._apply(step_invoices)
            except RECORD_ERRORS:
                # One invoice's problem (a customer's row another transaction
                # holds, a rule it breaks) must not hold up the others.
                self.env.invalidate_all()
                failed |= each_in_savepoint(step_invoices, step._apply)
        # A full batch means more may wait, unless it only held invoices that
        # fail (they wait for a person; the next day's run tries them again).
        more = len(invoices) >= batch_size and bool(invoices - failed)
        if not more:
            # Once a run, after its last batch: each reads every customer
            # suspended or at the ceiling, which per batch would grow with
            # the backlog (a payment restores its devices at once anyway).
            self.env["res.partner"]._qanat_restore_paid_customers()
            self.env["res.partner"]._qanat_suspend_over_ceiling()
        self.env["ir.cron"]._notify_progress(
            done=len(invoices), remaining=1 if more else 0
        )
        return len(invoices) if more else 0

    def _apply(self, invoices):
        """Take this step for ``invoices`` (a cron batch): the messages, state
        changes and logs of the whole batch are created together."""
        self.ensure_one()
        partners = self.env["res.partner"]
        superseded = self._superseded(invoices, company_today(self.env))
        told = invoices - superseded
        if self.action == "reminder":
            self._notify_each(told, "invoice_overdue_reminder", self._reminder_values)
        elif self.action == "cancel_warning":
            self._warn_of_cancellation(told)
        elif self.action == "suspend":
            partners._qanat_suspend_for_debt(invoices)
        elif self.action == "cancel":
            partners._qanat_cancel_for_debt(invoices)
        return self.env["qanat.overdue.log"].create(
            [
                {
                    "move_id": invoice.id,
                    "step_id": self.id,
                    "superseded": invoice in superseded,
                }
                for invoice in invoices
            ]
        )

    def _superseded(self, invoices, today):
        """The invoices for which a later step is already due: this step's
        message would only repeat what that one says. It happens when the
        cron catches up (a stop, a go-live with old debts, a step added
        later): a customer then gets the latest word, not every reminder at
        once. Suspensions and cancellations are always applied."""
        self.ensure_one()
        if self.action not in ("reminder", "cancel_warning"):
            return invoices.browse()
        later = self.search([("days", ">", self.days)], order="days, id", limit=1)
        if not later:
            return invoices.browse()
        last_due = fields.Date.add(today, days=-later.days)
        return invoices.filtered(lambda invoice: invoice.invoice_date_due <= last_due)

    def _notify_each(self, invoices, event_code, values_of):
        self.env["qanat.notification"].notify_many(
            event_code,
            [(invoice, invoice.partner_id, values_of(invoice)) for invoice in invoices],
        )

    def _reminder_values(self, invoice):
        messaging = self.env["qanat.messaging"]
        return {
            "days": self.days,
            "amount": invoice.company_id._qanat_format_money(
                invoice.amount_residual,
                lang=messaging._customer_lang(invoice.partner_id),
            ),
            "due": messaging._format_customer_date(
                invoice.invoice_date_due, invoice.partner_id
            ),
        }

    def _warn_of_cancellation(self, invoices):
        """Tell the customers on which day the service will be cancelled (the
        first cancellation step) unless the invoice is paid."""
        cancel_step = self.search([("action", "=", "cancel")], order="days", limit=1)
        if not cancel_step:
            return
        messaging = self.env["qanat.messaging"]

        def values_of(invoice):
            cancel_on = fields.Date.add(invoice.invoice_date_due, days=cancel_step.days)
            return {
                "amount": invoice.company_id._qanat_format_money(
                    invoice.amount_residual,
                    lang=messaging._customer_lang(invoice.partner_id),
                ),
                "cancel_on": messaging._format_customer_date(
                    cancel_on, invoice.partner_id
                ),
            }

        self._notify_each(invoices, "service_cancellation_warning", values_of)
