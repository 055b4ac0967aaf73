"""Generated malformed input against every route of the customer area.

Hypothesis draws the route, whose record its ids point at, and the values of
its parameters (NUL bytes, digits of other scripts, huge numbers, markup, empty
and absurd dates, files that are not images...). Whatever comes, the answer is
never an HTTP 500 or a traceback, a refusal shown in the form is Persian, the
other customer's records do not change, and a refused form changes nothing.
Examples are derandomized and bounded, so a run is repeatable and short.
"""

import base64
import io
import json
import re
from urllib.parse import urlencode

import jdatetime
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.qanat_billing.tests.test_receipt import png_image
from odoo.addons.qanat_devices.tests.common import NATIONAL_CODES
from odoo.addons.qanat_devices.tools.dates import company_today

from .common import CustomerRecordsMixin, QanatPortalCase

CHECKLIST = (
    "item_device_installed",
    "item_connections_installed",
    "item_training_given",
    "customer_all_done",
)
# Every route of the customer area: its form fields (POST) or query parameters
# (GET), and the fields that take a file.
POST_ROUTES = {
    "/proforma": ("code",),
    "/my/receipts/new": (
        "invoice_id",
        "order_id",
        "amount",
        "payment_date",
        "bank_reference",
    ),
    "/my/devices/<int:device_id>/service": ("choice", "plan_id", "reason"),
    "/my/installations/<int:installation_id>/confirm": (*CHECKLIST, "note"),
    "/my/transfers/new": (
        "device_id",
        "new_owner_name",
        "new_owner_national_code",
        "new_owner_phone",
        "current_owner_confirmed",
    ),
    "/my/tickets/new": ("name", "description", "device_id", "priority", "request_kind"),
    "/my/tickets/<int:ticket_id>/close": (),
    "/my/tickets/<int:ticket_id>/rate": ("rate", "feedback"),
    "/my/courses/<int:course_id>/buy": (),
    "/my/packages/<int:product_id>/buy": (),
    "/my/refunds/new": (
        "reason",
        "method",
        "sale_order_id",
        "invoice_id",
        "amount",
        "sheba",
        "account_holder",
        "description",
    ),
    "/my/orders/<int:order_id>/delivery-change": (
        "street",
        "city",
        "state_id",
        "zip",
        "phone",
        "note",
    ),
    "/payment/zarinpal/return": ("Authority", "Status", "ref"),
}
FILE_FIELDS = {"/my/receipts/new": "receipt_image", "/my/tickets/new": "attachments"}
GET_PARAMS = (
    "page",
    "search",
    "filterby",
    "sortby",
    "access_token",
    "download",
    "invoice_id",
    "device_id",
    "choice_done",
    "created",
)
GET_ROUTES = (
    "/my",
    "/my/home",
    "/my/account",
    "/my/profile",
    "/my/devices",
    "/my/devices/page/<int:page>",
    "/my/devices/<int:device_id>",
    "/my/devices/<int:device_id>/service",
    "/my/installations",
    "/my/installations/page/<int:page>",
    "/my/installations/<int:installation_id>",
    "/my/installations/<int:installation_id>/pdf",
    "/my/tickets",
    "/my/tickets/page/<int:page>",
    "/my/tickets/new",
    "/my/tickets/<int:ticket_id>",
    "/my/transfers",
    "/my/transfers/page/<int:page>",
    "/my/transfers/new",
    "/my/transfers/<int:transfer_id>",
    "/my/receipts",
    "/my/receipts/page/<int:page>",
    "/my/receipts/new",
    "/my/refunds",
    "/my/refunds/page/<int:page>",
    "/my/contracts",
    "/my/contracts/page/<int:page>",
    "/my/refunds/new",
    "/my/orders/<int:order_id>/delivery-change",
    "/my/invoices/<int:invoice_id>/official",
    "/my/knowledge",
    "/my/knowledge/<int:article_id>",
    "/my/announcements",
    "/my/announcements/page/<int:page>",
    "/my/announcements/<int:announcement_id>",
    "/my/courses",
    "/my/packages",
    "/proforma",
    "/payment/zarinpal/return",
)
# What forged requests put in a field, in kinds drawn equally often.
FORGED_KINDS = (
    ("\x00", "12\x0034", "\x00\x00", "\u202e\u200f", "\x1b[31m", "\r\n\r\n"),
    ("²", "①", "٣", "۱۲۳۴", "１２", "٫۵"),
    ("-1", "0", "2147483648", "9" * 45, "1e309", "NaN", "inf", "0x1F", "1_000"),
    ("1405/13/45", "1405/01/01", "0/0/0", "99999/1/1", "1405-12-30", "/"),
    ("<script>alert(1)</script>", "' OR 1=1 --", "%s %(x)s {0}", "[1, 2]", "{}"),
    ("", " ", "🙂", "x" * 3000, "true", "on", "renew", "per_case", "cancel"),
)
NASTY = tuple(value for kind in FORGED_KINDS for value in kind)
TEXT = st.one_of(
    *(st.sampled_from(kind) for kind in FORGED_KINDS),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
PATH_IDS = ("own", "other", "missing", "zero", "huge")
PERSIAN = re.compile(r"[\u0600-\u06FF]")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b")
FORM_ERROR = re.compile(r'class="[^"]*o_qanat_form_error[^"]*"[^>]*>(.*?)</div>', re.S)
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _image_bytes(size, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestFuzzCustomerArea(CustomerRecordsMixin, QanatPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_b.lang = "fa_IR"
        cls.a_ticket = (
            cls.env["qanat.ticket"]
            .with_user(cls.portal_a)
            .create({"name": "A problem", "device_id": cls.a_live.id})
            .sudo()
        )
        cls.a_transfer = cls.env["qanat.device.transfer"].create(
            {
                "device_id": cls.a_live.id,
                "new_owner_name": "Next owner",
                "new_owner_national_code": NATIONAL_CODES[4],
                "new_owner_phone": "09125556666",
                "current_owner_confirmed": True,
            }
        )
        cls.a_invoice = cls._make_invoice(cls.customer_a, 5_000_000)
        cls.a_invoice.action_post()
        cls.a_order = cls._device_order(cls.customer_a)
        cls.b_order = cls._device_order(cls.customer_b)
        cls.models = cls._customer_area_models()
        cls.records = {
            customer: cls._records_of(customer)
            for customer in (cls.customer_a, cls.customer_b)
        }
        cls.files = (
            None,
            ("empty.png", b"", "image/png"),
            ("receipt.png", base64.b64decode(png_image()), "image/png"),
            ("page.png", b"<html><script>alert(1)</script></html>", "image/png"),
            ("vector.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/png"),
            ("noise.jpg", bytes(range(256)) * 8, "image/jpeg"),
            ("bomb.png", _image_bytes((12000, 12000)), "image/png"),
        )

    def _valid_form(self, route):
        """What customer A would send to the route: the fuzz mutates it."""
        today = jdatetime.date.fromgregorian(date=company_today(self.env))
        return {
            "/proforma": {"code": "ABCD2345"},
            "/my/receipts/new": {
                "invoice_id": str(self.a_invoice.id),
                "amount": "1000000",
                "payment_date": today.strftime("%Y/%m/%d"),
                "bank_reference": "12345678",
            },
            "/my/devices/<int:device_id>/service": {
                "choice": "per_case",
                "reason": "Too expensive",
            },
            "/my/installations/<int:installation_id>/confirm": {
                **dict.fromkeys(CHECKLIST, "on"),
                "note": "All fine",
            },
            "/my/transfers/new": {
                "device_id": str(self.a_expired.id),
                "new_owner_name": "Next owner",
                "new_owner_national_code": "1234567891",
                "new_owner_phone": "09121112233",
                "current_owner_confirmed": "on",
            },
            "/my/tickets/new": {
                "name": "The unit does not start",
                "description": "Since this morning.",
                "device_id": str(self.a_live.id),
                "priority": "1",
            },
            "/my/tickets/<int:ticket_id>/rate": {"rate": "5", "feedback": "Good"},
            "/my/refunds/new": {
                "reason": "unused_service",
                "method": "credit",
                "invoice_id": str(self.a_invoice.id),
                "amount": "100000",
            },
            "/my/orders/<int:order_id>/delivery-change": {
                "street": "Valiasr St 12",
                "city": "Tehran",
                "zip": "1591634311",
                "phone": "09123334455",
            },
            "/payment/zarinpal/return": {
                "Authority": "A" + "0" * 35,
                "Status": "OK",
                "ref": "S00001",
            },
        }.get(route, {})

    def _path_ids(self, whose):
        """Ids for the route's placeholders: the acting customer's record,
        the other customer's, one that does not exist, 0 and one beyond int4."""
        a = {
            "device_id": self.a_expired.id,
            "installation_id": self.a_installation.id,
            "ticket_id": self.a_ticket.id,
            "transfer_id": self.a_transfer.id,
            "invoice_id": self.a_invoice.id,
            "order_id": self.a_order.id,
        }
        b = {
            "device_id": self.b_live.id,
            "installation_id": self.b_installation.id,
            "ticket_id": self.b_ticket.id,
            "transfer_id": self.b_transfer.id,
            "invoice_id": self.b_invoice.id,
            "order_id": self.b_order.id,
        }
        shared = {
            "course_id": self.course.id,
            "product_id": self.env["product.template"]
            .search([("qanat_plan_kind", "=", "support_hours")], limit=1)
            .id
            or 1,
            "article_id": self.env["qanat.kb.article"].search([], limit=1).id or 1,
            "announcement_id": self.env["qanat.announcement"].search([], limit=1).id
            or 1,
            "page": 2,
        }
        chosen = {"own": a, "other": b}.get(whose, {})
        fixed = {"missing": 10**6, "zero": 0, "huge": 2**31}.get(whose)

        def value(name):
            if fixed is not None:
                return fixed
            return chosen.get(name, shared.get(name, 1))

        return value

    def _url(self, route, whose):
        value = self._path_ids(whose)
        return re.sub(
            r"<int:([a-z_]+)>", lambda match: str(value(match.group(1))), route
        )

    def _field_values(self, data, names):
        """A value for some of the fields, ids of either customer among them."""
        ids = [
            str(record.id)
            for record in (
                self.a_live,
                self.a_expired,
                self.b_live,
                self.a_invoice,
                self.b_invoice,
            )
        ]
        value = st.one_of(TEXT, st.sampled_from(ids))
        chosen = (
            data.draw(st.lists(st.sampled_from(names), unique=True)) if names else []
        )
        return {name: data.draw(value, label=name) for name in chosen}

    def _mutated(self, data, valid, names):
        """The valid form with some fields dropped and some given forged values
        (replaced, or the valid value with something appended)."""
        values = dict(valid)
        for name in (
            data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
            if names
            else []
        ):
            values.pop(name, None)
        for name in (
            data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
            if names
            else []
        ):
            base = values.get(name, "")
            values[name] = data.draw(
                st.one_of(
                    TEXT, st.sampled_from(NASTY).map(lambda bad, base=base: base + bad)
                ),
                label=name,
            )
        return values

    def _assert_answer(self, response, context):
        """Never a server error; a refusal in a form is said in Persian."""
        self.assertLess(response.status_code, 500, context)
        if response.status_code != 200:
            return
        self.assertNotIn("Traceback", response.text, context)
        for error in FORM_ERROR.findall(response.text):
            self.form_errors_seen += 1
            message = re.sub(r"<[^>]+>", " ", error).strip()
            self.assertRegex(message, PERSIAN, f"{context}: {message!r}")
            self.assertNotRegex(message, ENGLISH_PHRASE, f"{context}: {message!r}")

    form_errors_seen = 0

    def _fuzz_post(self, data, acting, other):
        route = data.draw(st.sampled_from(sorted(POST_ROUTES)), label="route")
        whose = data.draw(st.sampled_from(PATH_IDS), label="ids")
        values = self._mutated(data, self._valid_form(route), POST_ROUTES[route])
        upload = None
        if route in FILE_FIELDS:
            upload = data.draw(st.sampled_from(self.files), label="file")
        self.login(acting.user_ids[0])
        self._post_and_check(route, whose, values, upload, acting, other)

    def _post_and_check(self, route, whose, values, upload, acting, other):
        url = self._url(route, whose)
        files = {FILE_FIELDS[route]: upload} if upload else None
        context = f"POST {url} {values!r} file={upload and upload[0]}"
        own_records = self.records[acting]
        other_records = self.records[other]
        own_before = self.snapshot(own_records)
        other_before = self.snapshot(other_records)
        response = self.post(url, data=values, files=files)
        self._assert_answer(response, context)
        self.assertEqual(self.snapshot(other_records), other_before, context)
        if response.status_code not in (301, 302, 303):
            # A refused form changed nothing of the customer's either.
            self.assertEqual(self.snapshot(own_records), own_before, context)

    @mute_logger("odoo.http", "odoo.addons.qanat_billing.controllers.zarinpal")
    def test_forms_refuse_each_forged_value(self):
        """Each field of each form, alone, given each kind of forged value in an
        otherwise valid submission (what random combinations reach rarely)."""
        forged = [value for kind in FORGED_KINDS for value in kind[:2]]
        self.form_errors_seen = 0
        self.login(self.portal_a)
        for route, names in POST_ROUTES.items():
            valid = self._valid_form(route)
            upload = self.files[2] if route in FILE_FIELDS else None
            for name in names:
                for value in [*forged, valid.get(name, "") + "\x00"]:
                    self._post_and_check(
                        route,
                        "own",
                        dict(valid, **{name: value}),
                        upload,
                        self.customer_a,
                        self.customer_b,
                    )
            if upload:
                for upload in self.files:
                    self._post_and_check(
                        route, "own", valid, upload, self.customer_a, self.customer_b
                    )
        # The Persian check above ran on real refusals, not on none.
        self.assertGreater(self.form_errors_seen, 100)

    @mute_logger("odoo.http", "odoo.addons.qanat_billing.controllers.zarinpal")
    @settings(EXAMPLES, max_examples=150)
    @given(data=st.data())
    def test_forms_refuse_malformed_input_as_owner(self, data):
        self._fuzz_post(data, self.customer_a, self.customer_b)

    @mute_logger("odoo.http", "odoo.addons.qanat_billing.controllers.zarinpal")
    @settings(EXAMPLES, max_examples=100)
    @given(data=st.data())
    def test_forms_refuse_malformed_input_as_other_customer(self, data):
        self._fuzz_post(data, self.customer_b, self.customer_a)

    @mute_logger("odoo.http", "odoo.addons.qanat_billing.controllers.zarinpal")
    @settings(EXAMPLES, max_examples=150)
    @given(data=st.data())
    def test_pages_refuse_malformed_query(self, data):
        route = data.draw(st.sampled_from(GET_ROUTES), label="route")
        whose = data.draw(st.sampled_from(PATH_IDS), label="ids")
        query = self._field_values(data, GET_PARAMS)
        url = self._url(route, whose)
        if query:
            url = f"{url}?{urlencode(query)}"
        other_records = self.records[self.customer_b]
        other_before = self.snapshot(other_records)
        self.login(self.portal_a)
        response = self.get(url)
        self._assert_answer(response, f"GET {url}")
        for secret in ("B-SECRET-77", "B secret problem", "B secret owner"):
            self.assertNotIn(secret, response.text, f"GET {url}")
        self.assertEqual(self.snapshot(other_records), other_before, url)

    @mute_logger("odoo.http")
    @settings(EXAMPLES, max_examples=40)
    @given(data=st.data())
    def test_ticket_messages_refuse_malformed_input(self, data):
        """Odoo's portal chatter route on tickets: own, another's, missing."""
        thread = data.draw(
            st.sampled_from((self.a_ticket.id, self.b_ticket.id, 10**6, 2**31)),
            label="thread",
        )
        ids = st.lists(
            st.one_of(
                st.sampled_from((self.customer_b.id, self.customer_a.id)),
                st.integers(-5, 2**33),
            ),
            max_size=3,
        )
        post_data = {
            "body": data.draw(TEXT, label="body"),
            "message_type": data.draw(
                st.sampled_from(("comment", "notification", "user_notification", "x"))
            ),
            "subtype_xmlid": data.draw(
                st.sampled_from(("mail.mt_comment", "mail.mt_note", None))
            ),
            "partner_ids": data.draw(ids, label="partner_ids"),
            "attachment_ids": data.draw(ids, label="attachment_ids"),
        }
        other_records = self.records[self.customer_b]
        other_before = self.snapshot(other_records)
        b_messages = self.b_ticket.message_ids
        self.login(self.portal_a)
        response = self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "params": {
                        "thread_model": "qanat.ticket",
                        "thread_id": thread,
                        "post_data": post_data,
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertLess(response.status_code, 500, post_data)
        self.assertEqual(self.snapshot(other_records), other_before, post_data)
        self.b_ticket.invalidate_recordset()
        self.assertEqual(self.b_ticket.message_ids, b_messages, post_data)

    def test_every_customer_route_is_fuzzed(self):
        """A new route of the customer area must join the tables above."""
        routes = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            endpoint = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            if getattr(endpoint, "__module__", "").startswith("odoo.addons.qanat_"):
                routes.add(rule.rule)
        self.assertFalse(routes - set(POST_ROUTES) - set(GET_ROUTES))
