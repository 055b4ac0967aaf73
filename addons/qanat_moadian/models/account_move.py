import datetime

import pytz

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list

from odoo.addons.qanat_devices.tools import persian
from odoo.addons.qanat_devices.tools.language import in_user_language

from ..tools.tax_id import make_tax_id

TEHRAN = pytz.timezone("Asia/Tehran")
# Invoice subjects (ins) and their reference to an earlier tax ID.
SUBJECT_ORIGINAL = 1
SUBJECT_CORRECTIVE = 2
SUBJECT_CANCELLATION = 3
SUBJECT_RETURN = 4


def _and_list(env, items):
    """«a, b and c» in the language of the message around it (Odoo's
    format_list would fall back to the user's language, env._ to English)."""
    return format_list(env, items, lang_code=env.lang or "en_US")


def _rial(amount):
    """Money of the tax system: integer Rials, rounded half up."""
    return int(persian.round_half_up(amount))


class AccountMove(models.Model):
    _inherit = "account.move"

    qanat_moadian_serial = fields.Integer(
        string="Tax System Serial", readonly=True, copy=False
    )
    qanat_moadian_tax_id = fields.Char(
        string="Tax ID",
        size=22,
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="شماره منحصر به فرد مالیاتی: given when the invoice is posted, never "
        "reused.",
    )
    qanat_moadian_issued_at = fields.Datetime(
        string="Tax System Time", readonly=True, copy=False
    )
    qanat_moadian_submission_ids = fields.One2many(
        "qanat.moadian.submission", "move_id", string="Tax System Submissions"
    )
    qanat_moadian_to_register = fields.Boolean(
        string="To Register in the Tax System",
        readonly=True,
        copy=False,
        help="Posted automatically (an online payment, a service contract) while "
        "data the tax system needs was missing: complete it, then press Register "
        "in the Tax System.",
    )
    qanat_moadian_corrected_id = fields.Many2one(
        "account.move",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The registered invoice this one corrects in the tax system (صورتحساب "
        "اصلاحی): made by Reverse and Create Invoice.",
    )
    qanat_moadian_correction_reversal = fields.Boolean(
        string="Books a Correction",
        readonly=True,
        copy=False,
        help="The credit note Odoo books when a registered invoice is corrected: "
        "the tax system learns the correction from the corrective invoice, so this "
        "credit note is not sent.",
    )
    qanat_moadian_state = fields.Selection(
        related="qanat_moadian_submission_ids.state", string="Tax System Status"
    )

    _sql_constraints = [
        (
            "qanat_moadian_tax_id_uniq",
            "unique(qanat_moadian_tax_id)",
            "A tax ID is given to one invoice only.",
        ),
    ]

    # -- posting ----------------------------------------------------------------

    def _qanat_moadian_moves(self):
        return self.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund")
                and not m.qanat_moadian_correction_reversal
                and m.company_id._qanat_moadian_active()
            )
        )

    def _post(self, soft=True):
        reporting = self._qanat_moadian_moves().filtered(
            lambda m: not m.qanat_moadian_tax_id
        )
        # Automatic postings (an online payment, a contract's cron) have nobody
        # to read a refusal: they post, and the invoice waits for its data.
        postpone = self.env.context.get("qanat_moadian_postpone")
        missing = {}
        for move in reporting:
            problems = move._qanat_moadian_problems()
            if problems and postpone:
                missing[move.id] = problems
            elif problems:
                raise UserError(
                    self.env._(
                        "%(move)s cannot be posted: the tax system needs %(problems)s",
                        move=move.display_name,
                        problems=_and_list(self.env, problems),
                    )
                )
        posted = super()._post(soft=soft)
        registered = (reporting & posted).filtered(lambda m: m.id not in missing)
        for move in registered:
            move._qanat_moadian_assign_tax_id()
        self.env["qanat.moadian.submission"]._queue_moves(registered)
        for move in (reporting & posted) - registered:
            move._qanat_moadian_postpone(missing[move.id])
        return posted

    @in_user_language
    def _qanat_moadian_postpone(self, problems):
        """Posted without a tax ID: a note and an activity say what is missing."""
        self.ensure_one()
        text = _and_list(self.env, problems)
        self.qanat_moadian_to_register = True
        self.message_post(
            body=self.env._(
                "Posted without a tax ID: the tax system needs %(problems)s. "
                "Complete them, then press Register in the Tax System.",
                problems=text,
            ),
            subtype_xmlid="mail.mt_note",
        )
        user = self.invoice_user_id
        if not user or user.share:
            user = self.env.ref("account.group_account_invoice").users.filtered(
                lambda u: not u.share and u.active and self.company_id in u.company_ids
            )[:1]
        self.activity_schedule(
            "qanat_moadian.mail_activity_tax_registration",
            user_id=(user or self.env.user).id,
            note=text,
        )

    def action_qanat_moadian_register(self):
        """Register an invoice that was posted without a tax ID, once its data
        is complete."""
        moves = self.filtered(
            lambda m: m.qanat_moadian_to_register and m.state == "posted"
        )
        for move in moves:
            problems = move._qanat_moadian_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(move)s cannot be registered yet: the tax system needs "
                        "%(problems)s",
                        move=move.display_name,
                        problems=_and_list(self.env, problems),
                    )
                )
            move._qanat_moadian_assign_tax_id()
        self.env["qanat.moadian.submission"]._queue_moves(moves)
        moves.activity_feedback(["qanat_moadian.mail_activity_tax_registration"])
        return True

    def _qanat_moadian_original(self):
        """The invoice a credit note returns, registered in the tax system."""
        self.ensure_one()
        return self.reversed_entry_id.filtered("qanat_moadian_tax_id")

    def _qanat_moadian_problems(self):
        """What the tax system needs and the invoice lacks (empty: nothing)."""
        self.ensure_one()
        env = self.env
        problems = []
        seller = self.company_id.partner_id
        if not self.company_id.sudo().qanat_moadian_private_key:
            problems.append(env._("the company's tax system private key"))
        if not self.company_id.sudo().qanat_moadian_certificate:
            problems.append(env._("the company's tax system certificate"))
        if len(persian.only_digits(seller.economic_code or "")) not in (11, 14):
            problems.append(env._("the seller's economic code (11 or 14 digits)"))
        if self.currency_id != env.ref("base.IRR"):
            problems.append(env._("an invoice in Rial (other currencies are not sent)"))
        buyer = self.commercial_partner_id
        if buyer.qanat_moadian_buyer_type in ("2", "3") and not (
            buyer.legal_national_id or buyer.economic_code
        ):
            problems.append(
                env._(
                    "the national ID or economic code of %(buyer)s",
                    buyer=buyer.display_name,
                )
            )
        if buyer.qanat_moadian_buyer_type == "4" and not buyer.qanat_moadian_passport:
            problems.append(
                env._("the passport number of %(buyer)s", buyer=buyer.display_name)
            )
        lines = self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        if not lines:
            problems.append(env._("at least one line"))
        unidentified = lines.filtered(
            lambda line: not line.product_id.product_tmpl_id._qanat_moadian_goods_id()
        )
        if unidentified:
            problems.append(
                env._(
                    "the goods/service ID of %(products)s",
                    products=_and_list(
                        env,
                        [
                            line.product_id.display_name or line.name or "?"
                            for line in unidentified
                        ],
                    ),
                )
            )
        corrected = self.qanat_moadian_corrected_id
        if corrected and not corrected.qanat_moadian_tax_id:
            problems.append(
                env._(
                    "the tax ID of %(invoice)s, which this invoice corrects",
                    invoice=corrected.display_name,
                )
            )
        elif corrected and not corrected._qanat_moadian_accepted():
            problems.append(
                env._(
                    "the tax office's acceptance of %(invoice)s, which this invoice "
                    "corrects",
                    invoice=corrected.display_name,
                )
            )
        elif corrected and not self._qanat_moadian_keeps_identity_of(corrected):
            problems.append(
                env._(
                    "the buyer and the goods/service IDs of %(invoice)s, which a "
                    "corrective invoice keeps (to change them, cancel that invoice "
                    "in the tax system and issue a new one)",
                    invoice=corrected.display_name,
                )
            )
        if self.move_type == "out_refund" and not self._qanat_moadian_original():
            problems.append(
                env._(
                    "the invoice this credit note returns, registered in the tax "
                    "system (create the credit note from that invoice)"
                )
            )
        return problems

    def _qanat_moadian_keeps_identity_of(self, corrected):
        """A corrective invoice changes amounts, quantities and descriptions, not
        the buyer nor the goods/service IDs (moadian.md, section 5)."""
        self.ensure_one()

        def goods_ids(move):
            return {
                template._qanat_moadian_goods_id()
                for template in move._qanat_moadian_lines().product_id.product_tmpl_id
            }

        return (
            self.commercial_partner_id == corrected.commercial_partner_id
            and self._qanat_moadian_buyer_id() == corrected._qanat_moadian_buyer_id()
            and goods_ids(self) == goods_ids(corrected)
        )

    def _qanat_moadian_accepted(self):
        """Whether the tax office accepted the invoice under its tax ID."""
        self.ensure_one()
        return any(
            submission.state == "accepted"
            and submission.tax_id == self.qanat_moadian_tax_id
            for submission in self.qanat_moadian_submission_ids
        )

    def _qanat_moadian_subject(self):
        """(subject, referenced tax ID) of the invoice as posted."""
        self.ensure_one()
        if self.qanat_moadian_corrected_id:
            return (
                SUBJECT_CORRECTIVE,
                self.qanat_moadian_corrected_id.qanat_moadian_tax_id,
            )
        if self.move_type == "out_refund":
            return SUBJECT_RETURN, self._qanat_moadian_original().qanat_moadian_tax_id
        return SUBJECT_ORIGINAL, None

    def _qanat_moadian_issue_time(self):
        """Noon in Tehran on the invoice date: the tax ID's UTC day is that date."""
        self.ensure_one()
        local = TEHRAN.localize(
            datetime.datetime.combine(self.invoice_date, datetime.time(12, 0))
        )
        return local.astimezone(pytz.utc)

    def _qanat_moadian_next_serial(self):
        """The next serial of the company's memory: a gapless sequence, locked
        while the posting transaction runs, never given twice."""
        self.ensure_one()
        sequences = self.env["ir.sequence"].sudo()
        code = "qanat.moadian.serial"
        sequence = sequences.search(
            [("code", "=", code), ("company_id", "=", self.company_id.id)], limit=1
        )
        if not sequence:
            sequence = sequences.create(
                {
                    "name": f"Tax system serial ({self.company_id.name})",
                    "code": code,
                    "company_id": self.company_id.id,
                    "implementation": "no_gap",
                    "padding": 1,
                }
            )
        return int(sequence._next())

    def _qanat_moadian_assign_tax_id(self):
        self.ensure_one()
        moment = self._qanat_moadian_issue_time()
        serial, tax_id = self._qanat_moadian_new_identity(moment)
        self.write(
            {
                "qanat_moadian_to_register": False,
                "qanat_moadian_serial": serial,
                "qanat_moadian_issued_at": moment.replace(tzinfo=None),
                "qanat_moadian_tax_id": tax_id,
            }
        )

    def _qanat_moadian_new_identity(self, moment):
        """(serial, tax ID) of a new tax system invoice of this company."""
        self.ensure_one()
        serial = self._qanat_moadian_next_serial()
        return serial, make_tax_id(
            self.company_id.qanat_moadian_memory_id, moment, serial
        )

    @in_user_language
    def action_qanat_moadian_cancel(self):
        """Cancel a registered invoice: a cancellation invoice (its own tax ID,
        referencing this one) is queued, then the invoice is cancelled in Odoo."""
        if not self.env.user.has_group("account.group_account_manager"):
            raise UserError(
                self.env._("Only an accounting manager cancels a registered invoice.")
            )
        for move in self.filtered("qanat_moadian_tax_id"):
            if move.state != "posted":
                continue
            if move.payment_state in ("paid", "in_payment", "partial"):
                raise UserError(
                    self.env._(
                        "%(move)s is paid: unreconcile the payments first, or issue "
                        "a credit note.",
                        move=move.display_name,
                    )
                )
            moment = datetime.datetime.now(pytz.utc).replace(microsecond=0)
            serial, tax_id = move._qanat_moadian_new_identity(moment)
            self.env["qanat.moadian.submission"].sudo().create(
                {
                    "move_id": move.id,
                    "tax_id": tax_id,
                    "serial": serial,
                    "issued_at": moment.replace(tzinfo=None),
                    "subject": "3",
                }
            )
            move.with_context(qanat_moadian_cancelling=True).button_draft()
            move.button_cancel()
            move.message_post(
                body=self.env._(
                    "Cancelled in the tax system by cancellation invoice %(tax_id)s.",
                    tax_id=tax_id,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.env.ref("qanat_moadian.ir_cron_qanat_moadian_send").sudo()._trigger()
        return True

    def button_draft(self):
        registered = self.filtered("qanat_moadian_tax_id")
        if registered and not self.env.context.get("qanat_moadian_cancelling"):
            raise UserError(
                self.env._(
                    "%(move)s is registered in the tax system with tax ID %(tax_id)s: "
                    "it cannot go back to draft. Issue a credit note instead.",
                    move=registered[0].display_name,
                    tax_id=registered[0].qanat_moadian_tax_id,
                )
            )
        return super().button_draft()

    # -- the invoice of the tax system ------------------------------------------

    def _qanat_moadian_invoice(self, submission=None):
        """The invoice as the tax system reads it: header, lines, payments, in
        integer Rials (../shared/reference/moadian.md, section 4). A
        cancellation is the same invoice under its own tax ID, serial and time,
        referencing the cancelled one."""
        self.ensure_one()
        buyer = self.commercial_partner_id
        seller = self.company_id.partner_id
        cancelling = submission and submission.subject == "3"
        tax_id = submission.tax_id if cancelling else self.qanat_moadian_tax_id
        serial = submission.serial if cancelling else self.qanat_moadian_serial
        issued_at = submission.issued_at if cancelling else self.qanat_moadian_issued_at
        moment = pytz.utc.localize(issued_at)
        millis = int(moment.timestamp() * 1000)
        body = [self._qanat_moadian_line(line) for line in self._qanat_moadian_lines()]
        totals = {
            key: sum(line[source] for line in body)
            for key, source in (
                ("tprdis", "prdis"),
                ("tdis", "dis"),
                ("tadis", "adis"),
                ("tvam", "vam"),
            )
        }
        tbill = totals["tadis"] + totals["tvam"]
        buyer_id = self._qanat_moadian_buyer_id()
        paid = self.payment_state in ("paid", "in_payment")
        if cancelling:
            subject, reference = SUBJECT_CANCELLATION, self.qanat_moadian_tax_id
        else:
            subject, reference = self._qanat_moadian_subject()
        header = {
            "taxid": tax_id,
            "indatim": millis,
            "indati2m": millis,
            "inty": 1 if buyer_id else 2,
            "inno": f"{serial:010x}".upper(),
            "irtaxid": reference,
            "inp": 1,
            "ins": subject,
            "tins": persian.only_digits(seller.economic_code or ""),
            "tob": int(buyer.qanat_moadian_buyer_type) if buyer_id else None,
            "bid": buyer_id or None,
            "tinb": persian.only_digits(buyer.economic_code or "") or buyer_id or None,
            "bpc": persian.only_digits(buyer.zip or "") or None,
            "bpn": buyer.qanat_moadian_passport or None,
            **totals,
            "todam": 0,
            "tbill": tbill,
            "setm": 1 if paid else 2,
            "cap": tbill if paid else 0,
            "insp": 0 if paid else tbill,
        }
        return {
            "header": {
                key: value for key, value in header.items() if value is not None
            },
            "body": body,
            "payments": self._qanat_moadian_payments(tbill) if paid else [],
            "extension": None,
        }

    def _qanat_moadian_payments(self, total):
        """The payments of a paid invoice: internet gateway (5) for online
        payments, cash (3) for a cash journal, bank transfer (7) otherwise."""
        rows = []
        left = total
        for payment in self._get_reconciled_payments().sorted("date"):
            transaction = (
                payment.payment_transaction_id
                if "payment_transaction_id" in payment._fields
                else False
            )
            if transaction:
                method = 5
                reference = transaction.provider_reference or transaction.reference
            elif payment.journal_id.type == "cash":
                method, reference = 3, payment.memo or payment.name
            else:
                method, reference = 7, payment.memo or payment.name
            moment = TEHRAN.localize(
                datetime.datetime.combine(payment.date, datetime.time(12, 0))
            )
            amount = min(_rial(payment.amount), left)
            left -= amount
            rows.append(
                {
                    "pmt": method,
                    "trn": (reference or "")[:40],
                    "pdt": int(moment.timestamp() * 1000),
                    "pv": amount,
                }
            )
        return rows

    def _qanat_moadian_buyer_id(self):
        """The buyer's identity number the invoice carries, or False (type 2)."""
        buyer = self.commercial_partner_id
        kind = buyer.qanat_moadian_buyer_type
        if kind == "1":
            code = persian.only_digits(buyer.national_code or "")
        elif kind == "4":
            code = buyer.qanat_moadian_passport or ""
        else:
            code = persian.only_digits(
                buyer.legal_national_id or buyer.economic_code or ""
            )
        return code or False

    def _qanat_moadian_lines(self):
        return self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )

    def _qanat_moadian_line(self, line):
        quantity = line.quantity
        fee = _rial(line.price_unit)
        prdis = _rial(quantity * line.price_unit)
        adis = _rial(line.price_subtotal)
        vam = _rial(line.price_total - line.price_subtotal)
        rate = sum(tax.amount for tax in line.tax_ids if tax.amount_type == "percent")
        template = line.product_id.product_tmpl_id
        return {
            "sstid": template._qanat_moadian_goods_id(),
            "sstt": (line.name or template.name or "")[:400],
            "am": quantity,
            "mu": template.qanat_moadian_unit or "1627",
            "fee": fee,
            "prdis": prdis,
            "dis": prdis - adis,
            "adis": adis,
            "vra": rate,
            "vam": vam,
            "odam": 0,
            "olam": 0,
            "tsstam": adis + vam,
        }
