import json
import re
from urllib.parse import urlsplit, urlunsplit

from dateutil.relativedelta import relativedelta

from odoo import http
from odoo.tests import HttpCase

from odoo.addons.qanat_billing.tests.common import QanatBillingCase
from odoo.addons.qanat_billing.tests.official_invoice_common import (
    give_seller_identity,
)
from odoo.addons.qanat_devices.tests.common import NATIONAL_CODES
from odoo.addons.qanat_devices.tools.dates import company_today

from .fake_spotplayer import API_KEY, FakeSpotPlayer

# What customer B's pages would show; never in customer A's answers.
B_SECRETS = ("B-SECRET-77", "B secret problem", "Customer B", "B secret owner")


# Odoo models a customer reaches that Qanat extends.
EXTENDED_MODELS = (
    "res.partner",
    "sale.order",
    "account.move",
    "account.payment",
    "payment.transaction",
)
# Written by any request (bookkeeping), not by what a customer asks.
SKIPPED_FIELDS = {"write_date", "write_uid", "__last_update", "access_token"}


class CustomerRecordsMixin:
    """Every record of a customer's, found through the models' links, and a
    snapshot of what they hold: to prove that an attack changed nothing."""

    @classmethod
    def _customer_area_models(cls):
        names = (
            cls.env["ir.model"].search([("model", "=like", "qanat.%")]).mapped("model")
        )
        return sorted(
            name
            for name in [*names, *EXTENDED_MODELS]
            if name in cls.env
            and not cls.env[name]._abstract
            and not cls.env[name]._transient
            and cls.env[name]._auto
        )

    @classmethod
    def _records_of(cls, customer):
        """{model: records} linked to the customer, directly or through records
        linked to them (devices, tickets, orders, invoices...), read as admin."""
        env = cls.env(context={"active_test": False})
        found = {"res.partner": customer | customer.child_ids}
        for _round in range(3):
            for name in cls.models:
                domain = cls._linked_domain(name, found)
                if domain:
                    records = env[name].search(domain)
                    found[name] = found.get(name, env[name]) | records
        return found

    @classmethod
    def _linked_domain(cls, name, found):
        """Records of the model pointing at any of the found records."""
        domain = [
            (field.name, "in", found[field.comodel_name].ids)
            for field in cls.env[name]._fields.values()
            if field.type == "many2one"
            and field.store
            and field.comodel_name in found
            and field.name not in ("create_uid", "write_uid", "company_id")
        ]
        return ["|"] * (len(domain) - 1) + domain

    def snapshot(self, records_by_model):
        """What the stored fields of these records hold, and how many records
        point at them (a record created for them counts), read as admin."""
        env = self.env(context={"active_test": False})
        snapshot = {
            f"{name} linked": env[name].search_count(domain)
            for name in self.models
            if (domain := self._linked_domain(name, records_by_model))
        }
        for name, records in records_by_model.items():
            stored = [
                field.name
                for field in records._fields.values()
                if field.store
                and field.type not in ("binary", "one2many")
                and field.name not in SKIPPED_FIELDS
            ]
            records.invalidate_recordset()
            snapshot[name] = records.sudo().read(stored)
        return json.dumps(snapshot, default=str, sort_keys=True)


class PortalHttpMixin:
    """HTTP helpers of the customer-area tests (an HttpCase)."""

    def login(self, user):
        self.authenticate(user.login, user.login)

    def get(self, url):
        """GET without following redirects, except Odoo's language prefix
        (/fa/...) for Persian readers, which shows nothing by itself."""
        response = self.url_open(url, allow_redirects=False)
        location = urlsplit(response.headers.get("Location", ""))
        if response.status_code in (301, 302, 303) and location.path == (
            "/fa" + urlsplit(url).path
        ):
            response = self.url_open(
                urlunsplit(("", "", location.path, location.query, "")),
                allow_redirects=False,
            )
        return response

    def post(self, url, data=None, files=None):
        if not getattr(self, "session", None):
            self.authenticate(None, None)
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    @staticmethod
    def text_of(response):
        """The page's text without tags, to assert on what a customer reads."""
        return re.sub(r"<[^>]+>", " ", response.text)


class QanatPortalCase(PortalHttpMixin, HttpCase, QanatBillingCase):
    """Two customers with devices, tickets, requests and invoices; the fake
    Zarinpal and SpotPlayer servers; Persian installed for the customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(
            ["qanat_devices", "qanat_helpdesk", "qanat_billing", "qanat_portal"],
            ["fa_IR"],
        )
        cls.provider.is_published = True
        # The official invoice needs the seller's economic code, national id,
        # postal code and address.
        give_seller_identity(cls.env)
        cls.spotplayer = FakeSpotPlayer()
        cls.addClassCleanup(cls.spotplayer.stop)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("qanat.spotplayer.api_key", API_KEY)
        params.set_param("qanat.spotplayer.base_url", cls.spotplayer.url)
        cls.other_type = cls.env["qanat.device.type"].create(
            {"name": "Imaging", "code": "TEST-IMG"}
        )
        # Customer A
        cls.a_live = cls._create_device(cls.customer_a, "A-LIVE-1")
        cls._activate(cls.a_live)
        cls.a_expired = cls._create_device(cls.customer_a, "A-EXPIRED-1")
        cls._activate(
            cls.a_expired,
            installation_date=company_today(cls.env) - relativedelta(years=2),
        )
        cls.env["qanat.device"]._cron_expire_services()
        cls.a_pending = cls._create_device(cls.customer_a, "A-PENDING-1")
        cls.a_installation = cls._create_installation(
            cls.a_pending,
            item_device_installed=False,
            item_connections_installed=False,
            item_training_given=False,
            customer_all_done=False,
            installed_by="Technician Rezaei",
        )
        # Customer B: everything customer A must never see.
        cls.b_live = cls._create_device(
            cls.customer_b, "B-SECRET-77", device_type_id=cls.other_type.id
        )
        cls._activate(cls.b_live)
        cls.b_pending = cls._create_device(cls.customer_b, "B-PENDING-77")
        cls.b_installation = cls._create_installation(cls.b_pending)
        cls.b_ticket = (
            cls.env["qanat.ticket"]
            .with_user(cls.portal_b)
            .create(
                {
                    "name": "B secret problem",
                    "description": "<p>B secret problem details</p>",
                    "device_id": cls.b_live.id,
                }
            )
            .sudo()
        )
        cls.b_transfer = cls.env["qanat.device.transfer"].create(
            {
                "device_id": cls.b_live.id,
                "new_owner_name": "B secret owner",
                "new_owner_national_code": NATIONAL_CODES[3],
                "new_owner_phone": "09123334444",
                "current_owner_confirmed": True,
            }
        )
        cls.b_invoice = cls._make_invoice(cls.customer_b, 12_000_000)
        cls.b_invoice.action_post()
        cls.course = cls.env["product.template"].create(
            {
                "name": "Dental unit course",
                "type": "service",
                "list_price": 15_000_000,
                "sale_ok": True,
                "qanat_is_course": True,
                "qanat_spotplayer_course_ids": "5d2ee35bcddc092a304ae5eb",
                "qanat_course_device_type_ids": [(6, 0, cls.device_type.ids)],
            }
        )
        cls.pricelist.item_ids = [
            (
                0,
                0,
                {
                    "product_tmpl_id": cls.course.id,
                    "applied_on": "1_product",
                    "fixed_price": 15_000_000,
                },
            )
        ]
        cls.portal_a.lang = "fa_IR"

    def setUp(self):
        super().setUp()
        self.gateway.reset()
        self.spotplayer.reset()

    @classmethod
    def _make_invoice(cls, partner, amount):
        return cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "currency_id": cls.rial.id,
                "invoice_line_ids": [
                    (0, 0, {"name": "Service", "quantity": 1, "price_unit": amount})
                ],
            }
        )

    @classmethod
    def _make_paid_invoice(cls, partner, amount):
        """A posted invoice paid in full by a registered payment."""
        invoice = cls._make_invoice(partner, amount)
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        return invoice

    @classmethod
    def _device_order(cls, partner):
        """A confirmed order selling one device to ``partner``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": cls.pricelist.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "price_unit": 900})
                ],
            }
        )
        order.action_confirm()
        return order

    def assert_refused(self, response, status=404, secrets=B_SECRETS):
        """Refused the same way for another's record, a missing one, a bad token:
        the same status and nothing of customer B in the answer."""
        self.assertEqual(response.status_code, status, response.url)
        for secret in secrets:
            self.assertNotIn(secret, response.text)
