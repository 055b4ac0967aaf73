from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.qanat_devices.tools.language import in_user_language

BATCH_SIZE = 200
# Invoices still to be paid.
OPEN_PAYMENT_STATES = ("not_paid", "partial")


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

    @api.model
    @in_user_language
    def _cron_apply(self, batch_size=BATCH_SIZE):
        """Apply every due step to every open invoice, each exactly once."""
        today = fields.Date.context_today(self)
        done = 0
        for step in self.search([]):
            invoices = step._pending_invoices(today, batch_size - done)
            step._apply(invoices)
            done += len(invoices)
            if done >= batch_size:
                break
        self.env["res.partner"]._qanat_restore_paid_customers()
        self.env["res.partner"]._qanat_suspend_over_ceiling()
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=1 if done >= batch_size else 0
        )
        return done

    def _pending_invoices(self, today, limit):
        self.ensure_one()
        if limit <= 0:
            return self.env["account.move"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id FROM account_move m
                 WHERE m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND m.payment_state IN %s
                   AND m.invoice_date_due + %s <= %s
                   AND NOT EXISTS (
                       SELECT 1 FROM qanat_overdue_log l
                        WHERE l.move_id = m.id AND l.step_id = %s)
                 ORDER BY m.invoice_date_due, m.id
                 LIMIT %s
                """,
                OPEN_PAYMENT_STATES,
                self.days,
                today,
                self.id,
                limit,
            )
        )
        return self.env["account.move"].browse(row[0] for row in self.env.cr.fetchall())

    def _apply(self, invoices):
        self.ensure_one()
        logs = self.env["qanat.overdue.log"]
        messaging = self.env["qanat.messaging"]
        for invoice in invoices:
            customer = invoice.partner_id.commercial_partner_id
            if self.action == "reminder":
                self.env["qanat.notification"].notify(
                    "invoice_overdue_reminder",
                    invoice,
                    partner=invoice.partner_id,
                    values={
                        "days": self.days,
                        "amount": invoice.company_id._qanat_format_money(
                            invoice.amount_residual,
                            lang=messaging._customer_lang(invoice.partner_id),
                        ),
                        "due": messaging._format_customer_date(
                            invoice.invoice_date_due, invoice.partner_id
                        ),
                    },
                )
            elif self.action == "cancel_warning":
                self._warn_of_cancellation(invoice)
            elif self.action == "suspend":
                customer._qanat_suspend_for_debt(invoice)
            elif self.action == "cancel":
                customer._qanat_cancel_for_debt(invoice)
            logs |= logs.create({"move_id": invoice.id, "step_id": self.id})
        return logs

    def _warn_of_cancellation(self, invoice):
        """Tell the customer on which day the service will be cancelled (the
        first cancellation step) unless the invoice is paid."""
        cancel_step = self.search([("action", "=", "cancel")], order="days", limit=1)
        if not cancel_step:
            return
        messaging = self.env["qanat.messaging"]
        cancel_on = fields.Date.add(invoice.invoice_date_due, days=cancel_step.days)
        self.env["qanat.notification"].notify(
            "service_cancellation_warning",
            invoice,
            partner=invoice.partner_id,
            values={
                "amount": invoice.company_id._qanat_format_money(
                    invoice.amount_residual,
                    lang=messaging._customer_lang(invoice.partner_id),
                ),
                "cancel_on": messaging._format_customer_date(
                    cancel_on, invoice.partner_id
                ),
            },
        )
