import re
from urllib.parse import urlsplit

from lxml import html

from odoo.tests import tagged

from .common import CustomerRecordsMixin, QanatPortalCase

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]+")
# Codes (serials, references, tracking codes) have digits: data, not words.
CODE = re.compile(r"\d")
# Not interface words: acronyms and names Persian readers use as they are.
ALLOWED = {"PDF", "SMS", "IBAN", "SpotPlayer", "Zarinpal", "WhatsApp"}
# Where a crawl starts; every /my link found on the way is followed.
START = (
    "/my",
    "/my/account",
    "/my/invoices",
    "/my/orders",
    "/my/quotes",
    "/my/security",
    "/my/tickets/new",
    "/my/transfers/new",
    "/my/receipts/new",
    "/my/courses",
    "/my/knowledge",
    "/my/announcements",
    "/proforma",
)
# Files and sign-out, not pages; the same list in another order.
SKIPPED_PATHS = ("logout", "report_type=pdf", "download=", "/official", "sortby=")
HIDDEN = "d-none"
MAX_PAGES = 150


@tagged("post_install", "-at_install")
class TestPersianPages(CustomerRecordsMixin, QanatPortalCase):
    """A Persian customer reads no English word on any customer page: Odoo's
    own templates (portal, invoices, orders, payment) included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations("fa_IR", overwrite=True)
        cls.a_ticket = (
            cls.env["qanat.ticket"]
            .with_user(cls.portal_a)
            .create({"name": "آب چکه می‌کند", "device_id": cls.a_live.id})
            .sudo()
        )
        cls.a_ticket.message_post(
            body="لطفاً شیر آب را ببندید.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.user_qanat.partner_id.id,
        )
        cls.a_invoice = cls._make_invoice(cls.customer_a, 5_000_000)
        cls.a_invoice.action_post()
        cls.a_paid = cls._make_paid_invoice(cls.customer_a, 1_000_000)
        cls.env["qanat.kb.article"].create(
            {
                "name": "تمیز کردن یونیت",
                "body": "<p>با پارچه نرم</p>",
                "is_published": True,
            }
        )
        cls.models = cls._customer_area_models()
        cls.data_words = cls._data_words()

    @classmethod
    def _data_words(cls):
        """Latin words of the records the pages show (names, identifiers,
        e-mails, product and company names): data, not interface."""
        records = cls._records_of(cls.customer_a)
        # Users (the salesperson, OdooBot) and the languages one can choose.
        records["res.partner"] |= cls.env["res.partner"].with_context(
            active_test=False
        ).search([("user_ids", "!=", False)]) | cls.env.ref("base.partner_root")
        records["res.users"] = cls.portal_a
        records["res.lang"] = cls.env["res.lang"].search([])
        records["res.company"] = cls.env.company
        records["product.template"] = cls.env["product.template"].search([])
        records["qanat.device.type"] = cls.env["qanat.device.type"].search([])
        records["payment.provider"] = cls.env["payment.provider"].search([])
        words = set()
        for found in records.values():
            fields = [
                name
                for name, field in found._fields.items()
                if field.type in ("char", "text") and field.store
            ]
            for row in found.read(fields):
                for name in fields:
                    if isinstance(row[name], str):
                        words.update(LATIN_WORD.findall(row[name]))
        return words

    def _visible_text(self, page):
        tree = html.fromstring(page)
        for node in tree.xpath(
            "//script|//style|//template|//noscript|//svg"
            f"|//*[contains(concat(' ', normalize-space(@class), ' '), ' {HIDDEN} ')]"
        ):
            node.drop_tree()
        # The browser tab's title is read too.
        texts = tree.xpath("//body//text()") + tree.xpath("//head/title/text()")
        for node in tree.xpath(
            "//body//*[@placeholder or @title or @aria-label or @alt]"
        ):
            texts += [
                node.get(attr) or ""
                for attr in ("placeholder", "title", "aria-label", "alt")
            ]
        texts += tree.xpath("//body//input[@type='submit' or @type='button']/@value")
        links = tree.xpath("//a/@href")
        return texts, links

    def _crawl(self):
        seen, queue, english = set(), list(START), {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = self.get(url)
            if response.status_code != 200 or "html" not in response.headers.get(
                "Content-Type", ""
            ):
                continue
            texts, links = self._visible_text(response.content)
            for text in texts:
                for word in LATIN_WORD.findall(text):
                    if CODE.search(word):
                        continue
                    if word not in ALLOWED and word not in self.data_words:
                        english.setdefault(word, url)
            for link in links:
                path = urlsplit(link)
                target = path.path + (f"?{path.query}" if path.query else "")
                target = re.sub(r"^/fa(?:_IR)?(?=/)", "", target)
                if target.startswith("/my") and not any(
                    skip in target for skip in SKIPPED_PATHS
                ):
                    queue.append(target)
        return seen, english

    def test_no_english_on_customer_pages(self):
        self.login(self.portal_a)
        seen, english = self._crawl()
        self.assertGreater(len(seen), 25, sorted(seen))
        self.assertIn(f"/my/tickets/{self.a_ticket.id}", seen)
        self.assertTrue(
            any(url.startswith(f"/my/invoices/{self.a_paid.id}") for url in seen),
            sorted(seen),
        )
        self.assertFalse(
            english,
            f"English words on Persian pages (word: first page): {english}",
        )
