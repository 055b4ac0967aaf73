"""Every Qanat model attacked over JSON-RPC by a portal customer.

The models and their methods are discovered, not listed, so that a model or an
action added later is attacked too. Customer A tries to read and search
customer B's records, to write system fields of A's own and B's records, to call
staff actions and private methods, and to create records pointing at B's; every
attempt is refused, nothing changes, and no error text names anything of B's.
"""

import inspect
import json

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_billing.tests.test_receipt import png_image
from odoo.addons.qanat_devices.tests.common import NATIONAL_CODES, JsonRpcMixin
from odoo.addons.qanat_devices.tools.dates import company_today

from .common import B_SECRETS, SKIPPED_FIELDS, CustomerRecordsMixin, QanatPortalCase

# Public methods a customer may call on their own records (each checks the
# customer's rights itself); on another customer's record they are refused too.
CUSTOMER_METHODS = {
    "qanat.ticket": {"action_close", "message_post", "rating_apply"},
    "qanat.installation": {"action_confirm", "action_verify_hash"},
    "qanat.device.transfer": {"action_submit"},
    "qanat.service.choice": {"action_apply"},
}
# ORM entry points, attacked by the read/write/create parts of the suite.
# ORM methods the suite extends (record rules guard them like any ORM call).
ORM_METHODS = {
    "create",
    "write",
    "init",
    "message_new",
    "value_to_html",
    "read_group",
}


@tagged("post_install", "-at_install")
class TestRpcAttacks(CustomerRecordsMixin, JsonRpcMixin, QanatPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.a_invoice = cls._make_invoice(cls.customer_a, 5_000_000)
        cls.a_invoice.action_post()
        cls.a_ticket = cls._give_records(
            cls.customer_a, cls.a_live, cls.a_invoice, "11223344"
        )
        cls.b_order = cls._give_records(
            cls.customer_b, cls.b_live, cls.b_invoice, "99887766"
        )
        # Records of nobody's: drafts staff are writing.
        env["qanat.kb.article"].create({"name": "Draft article"})
        for customer, device in (
            (cls.customer_a, cls.a_live),
            (cls.customer_b, cls.b_live),
        ):
            env["qanat.service.contract"].create(
                {
                    "partner_id": customer.id,
                    "device_ids": [(6, 0, device.ids)],
                    "monthly_price": 1_000_000,
                }
            )
        if "qanat.moadian.submission" in env:
            # qanat_moadian, when installed beside: a submission of B's invoice.
            env["qanat.moadian.submission"].create(
                {"move_id": cls.b_invoice.id, "tax_id": "A1121604C2300000000013"}
            )
        env["qanat.announcement"].create(
            {"name": "Draft notice", "kind": "legal_notice", "summary": "x"}
        )
        cls.models = cls._customer_area_models()
        cls.a_records = cls._records_of(cls.customer_a)
        cls.b_records = cls._records_of(cls.customer_b)
        # What is not A's to touch: B's records, or for models that belong to no
        # customer, records A cannot read.
        cls.foreign = {}
        for name in cls.models:
            own = cls.a_records.get(name, env[name])
            foreign = cls.b_records.get(name, env[name]) - own
            if not foreign and name not in cls.b_records:
                as_a = env[name].with_user(cls.portal_a)
                readable = as_a.search([]).ids if as_a.has_access("read") else []
                foreign = env[name].search([("id", "not in", readable)])
            cls.foreign[name] = foreign
        # Every record an attack must leave as it was.
        cls.everything = {**cls.a_records, **cls.b_records, **cls.foreign}
        cls.secrets = set(B_SECRETS) | {
            "99887766",
            cls.customer_b.national_code,
            cls.customer_b.phone or "B has no phone",
            cls.b_invoice.name,
            cls.b_order.name,
        }

    @classmethod
    def _give_records(cls, customer, device, invoice, bank_reference):
        """A record of each kind for the customer; returns their course order."""
        env = cls.env
        user = customer.user_ids[:1]
        env["qanat.ticket"].with_user(user).create(
            {"name": f"Ticket of {customer.name}", "device_id": device.id}
        )
        order = env["sale.order"]._qanat_single_product_quotation(
            customer, cls.course.product_variant_id
        )
        order.action_confirm()
        env["qanat.service.choice"].create(
            {
                "device_id": device.id,
                "choice": "cancel",
                "reason": f"Reason of {customer.name}",
            }
        )
        env["qanat.payment.receipt"].create(
            {
                "partner_id": customer.id,
                "invoice_id": invoice.id,
                "amount": 1_000_000,
                "bank_reference": bank_reference,
                "receipt_image": png_image(),
            }
        )
        paid_invoice = cls._make_paid_invoice(customer, 2_000_000)
        env["qanat.refund.request"].create(
            {
                "partner_id": customer.id,
                "reason": "unused_service",
                "invoice_id": paid_invoice.id,
                "amount": 500_000,
            }
        )
        cls.paid_invoices = {
            **getattr(cls, "paid_invoices", {}),
            customer: paid_invoice,
        }
        env["qanat.support.package"].create({"partner_id": customer.id, "hours": 5})
        env["qanat.crm.sync.job"].create(
            {"partner_id": customer.id, "event": "customer", "state": "failed"}
        )
        env["qanat.notification"].create(
            {
                "event_id": env["qanat.notification.event"].search([], limit=1).id,
                "partner_id": customer.id,
                "channel": "whatsapp",
                "state": "failed",
                "body": f"Message to {customer.name}",
            }
        )
        env["account.payment"].create(
            {
                "partner_id": customer.id,
                "payment_type": "inbound",
                "partner_type": "customer",
                "amount": 1_000,
            }
        )
        if not env["qanat.device.transfer"].search_count(
            [("device_id", "=", device.id)]
        ):
            env["qanat.device.transfer"].create(
                {
                    "device_id": device.id,
                    "new_owner_name": f"Next owner of {customer.name}",
                    "new_owner_national_code": NATIONAL_CODES[5],
                    "new_owner_phone": "09127778888",
                    "current_owner_confirmed": True,
                }
            )
        return order

    def test_every_customer_model_is_attacked_on_own_records(self):
        """The write and action attacks need a record of A's of each model a
        customer reads: a new customer model without one here is not attacked."""
        portal = self.env["res.users"].browse(self.portal_a.id)
        missing = [
            name
            for name in self.models
            if self.env[name].with_user(portal).has_access("read")
            and name in self.b_records
            and not self.a_records.get(name)
        ]
        self.assertFalse(missing, "add a record of customer A's to setUpClass")

    def assert_nothing_learned(self, answer, context):
        """The answer is a refusal that names nothing of customer B's."""
        self.assertIn("error", answer, f"{context} was accepted")
        text = json.dumps(answer, ensure_ascii=False)
        for secret in self.secrets:
            self.assertNotIn(secret, text, f"{context} told {secret!r}")

    def _public_methods(self, name):
        """Public methods Qanat's code defines on the model."""
        cls = type(self.env[name])
        methods = set()
        for attr in dir(cls):
            function = getattr(cls, attr, None)
            if (
                not attr.startswith("_")
                and inspect.isfunction(function)
                and function.__module__.startswith("odoo.addons.qanat_")
                and attr not in ORM_METHODS
            ):
                methods.add(attr)
        return methods

    def _private_methods(self, name):
        cls = type(self.env[name])
        return {
            attr
            for attr in vars(cls)
            if attr.startswith("_")
            and not attr.startswith("__")
            and inspect.isfunction(getattr(cls, attr))
        }

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_others_records_cannot_be_read_or_searched(self):
        self.authenticate("portal_a", "portal_a")
        for name, records in self.b_records.items():
            own = self.a_records.get(name, self.env[name])
            records -= own
            if not records:
                continue
            with self.subTest(model=name):
                names = list(self.env[name]._fields)
                self.assert_nothing_learned(
                    self.call_kw(name, "read", [records.ids, names]),
                    f"{name}.read",
                )
                self.assert_nothing_learned(
                    self.call_kw(
                        name,
                        "web_read",
                        [records.ids],
                        {"specification": {"display_name": {}}},
                    ),
                    f"{name}.web_read",
                )
                for method, kwargs in (
                    ("search_read", {"domain": [("id", "in", records.ids)]}),
                    ("search_count", {"domain": [("id", "in", records.ids)]}),
                    ("name_search", {"name": "", "limit": 1000}),
                ):
                    answer = self.call_kw(name, method, [], kwargs)
                    text = json.dumps(answer, ensure_ascii=False)
                    if "error" in answer:
                        self.assert_nothing_learned(answer, f"{name}.{method}")
                    elif method == "search_count":
                        self.assertEqual(answer["result"], 0, name)
                    else:
                        found = {
                            row[0] if method == "name_search" else row["id"]
                            for row in answer["result"]
                        }
                        self.assertFalse(found & set(records.ids), f"{name}.{method}")
                    for secret in self.secrets:
                        self.assertNotIn(secret, text, f"{name}.{method}")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_system_fields_cannot_be_written(self):
        self.authenticate("portal_a", "portal_a")
        before = self.snapshot(self.everything)
        for name in self.models:
            own = self.a_records.get(name, self.env[name])[:1]
            for record, whose in ((own, "own"), (self.foreign[name][:1], "other")):
                if not record:
                    continue
                for field in record._fields.values():
                    # Read-only is a form attribute: RPC can send any field.
                    if not field.store or field.name in SKIPPED_FIELDS:
                        continue
                    if field.type == "one2many":
                        continue
                    with self.subTest(model=name, field=field.name, whose=whose):
                        answer = self.call_kw(
                            name,
                            "write",
                            [record.ids, {field.name: self._forged_value(field)}],
                        )
                        self.assert_nothing_learned(
                            answer, f"{name}.write({field.name}) on {whose}"
                        )
        self.assertEqual(self.snapshot(self.everything), before)

    def _forged_value(self, field):
        """A value of the field's type that would change something."""
        if field.type in ("many2one", "many2many"):
            others = self.b_records.get(field.comodel_name) or self.env[
                field.comodel_name
            ].search([], limit=1)
            if field.type == "many2one":
                return others[:1].id
            return [(6, 0, others.ids)]
        if field.type == "selection":
            options = field._description_selection(self.env)
            return options[-1][0] if options else "forged"
        return {
            "text": "forged",
            "html": "<p>forged</p>",
            "integer": 7,
            "float": 7.0,
            "monetary": 7.0,
            "boolean": True,
            "date": fields.Date.to_string(company_today(self.env)),
            "datetime": fields.Datetime.to_string(fields.Datetime.now()),
            "many2one_reference": 1,
            "reference": "res.partner,1",
            "properties": {},
            "json": {"forged": True},
            "binary": png_image().decode(),
        }.get(field.type, "forged")

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_staff_actions_and_private_methods_are_refused(self):
        self.authenticate("portal_a", "portal_a")
        before = self.snapshot(self.everything)
        for name in self.models:
            own = self.a_records.get(name, self.env[name])[:1]
            other = self.foreign[name][:1]
            allowed = CUSTOMER_METHODS.get(name, set())
            for method in sorted(self._public_methods(name)):
                with self.subTest(model=name, method=method):
                    self.assertTrue(
                        other, f"no record of {name} to attack: add one to setUpClass"
                    )
                    self.assert_nothing_learned(
                        self.call_kw(name, method, [other.ids]),
                        f"{name}.{method} on another's record",
                    )
                    if own and method not in allowed:
                        self.assert_nothing_learned(
                            self.call_kw(name, method, [own.ids]),
                            f"{name}.{method} on own record",
                        )
            for method in sorted(self._private_methods(name)):
                with self.subTest(model=name, method=method):
                    answer = self.call_kw(name, method, [own.ids])
                    self.assertIn("error", answer, f"{name}.{method}")
                    self.assertIn("Private methods", answer["error"]["data"]["message"])
        self.assertEqual(self.snapshot(self.everything), before)

    def _valid_creations(self):
        """What customer A may create, each with values the model accepts."""
        return {
            "qanat.ticket": {"name": "RPC ticket", "device_id": self.a_live.id},
            "qanat.service.choice": {
                "device_id": self.a_expired.id,
                "choice": "per_case",
            },
            "qanat.payment.receipt": {
                "invoice_id": self.a_invoice.id,
                "amount": 1_000_000,
                "payment_date": fields.Date.to_string(company_today(self.env)),
                "bank_reference": "11223344",
                "receipt_image": png_image().decode(),
            },
            "qanat.refund.request": {
                "reason": "unused_service",
                "invoice_id": self.paid_invoices[self.customer_a].id,
                "amount": 100_000,
                "method": "cash",
                "sheba": "IR820540102680020817909002",
            },
            "qanat.device.transfer": {
                "device_id": self.a_expired.id,
                "new_owner_name": "New owner",
                "new_owner_national_code": NATIONAL_CODES[4],
                "new_owner_phone": "09125556666",
                "current_owner_confirmed": True,
            },
        }

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_records_cannot_be_created_with_others_ids(self):
        self.authenticate("portal_a", "portal_a")
        creations = self._valid_creations()
        portal = self.env["res.users"].browse(self.portal_a.id)
        creatable = {
            name
            for name in self.models
            if self.env[name].with_user(portal).has_access("create")
        }
        self.assertEqual(creatable, set(creations), "a model the suite does not attack")
        for name, vals in creations.items():
            model = self.env[name].with_context(active_test=False)
            for field in model._fields.values():
                others = self.b_records.get(field.comodel_name)
                if field.type not in ("many2one", "many2many") or not others:
                    continue
                if not field.store or field.name in SKIPPED_FIELDS:
                    continue
                count = model.search_count([])
                forged = dict(vals, **{field.name: self._forged_value(field)})
                with self.subTest(model=name, field=field.name):
                    answer = self.call_kw(name, "create", [forged])
                    if "result" in answer:
                        # Accepted only with the customer's own value in its place.
                        created = model.browse(answer["result"])
                        self.assertFalse(
                            created[field.name] & others,
                            f"{name}.create({field.name}=B's) stored B's record",
                        )
                        created.unlink()
                    else:
                        self.assert_nothing_learned(
                            answer, f"{name}.create({field.name}=B's)"
                        )
                    self.assertEqual(model.search_count([]), count)
            with self.subTest(model=name, valid=True):
                answer = self.call_kw(name, "create", [vals])
                self.assertIn("result", answer, answer.get("error"))
