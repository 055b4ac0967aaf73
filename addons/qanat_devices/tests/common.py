import json
import os

import polib

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import TranslationModuleReader

# Valid Iranian national codes (check digit verified) for test customers.
# (distinct from the demo data's, so tests pass with or without demo data).
NATIONAL_CODES = [
    "6127325129",
    "5431594184",
    "2565033087",
    "6736462142",
    "4139805986",
    "7185515955",
]


class QanatDevicesCase(TransactionCase):
    """Users of every role, two customers with portal access, and a device product.

    Built here, never taken from demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.user_qanat = new_test_user(
            cls.env, login="qanat_user", groups="qanat_devices.group_qanat_user"
        )
        cls.manager = new_test_user(
            cls.env, login="qanat_manager", groups="qanat_devices.group_qanat_manager"
        )
        cls.customer_a = cls.env["res.partner"].create(
            {
                "name": "Customer A",
                "national_code": NATIONAL_CODES[0],
                "mobile": "09121111111",
                "email": "a@example.com",
            }
        )
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Customer B",
                "national_code": NATIONAL_CODES[1],
                "mobile": "09122222222",
                "email": "b@example.com",
            }
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="portal_a",
            name="Customer A",
            email="a@example.com",
            groups="base.group_portal",
            partner_id=cls.customer_a.id,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="portal_b",
            name="Customer B",
            email="b@example.com",
            groups="base.group_portal",
            partner_id=cls.customer_b.id,
        )
        cls.device_type = cls.env["qanat.device.type"].create(
            {"name": "Dental Unit", "code": "TEST-DU"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test Dental Unit",
                "type": "consu",
                "qanat_is_device": True,
                "qanat_device_type_id": cls.device_type.id,
                "qanat_brand": "Brandy",
                "qanat_model": "M-1",
                "qanat_warranty_months": 24,
                "qanat_service_months": 12,
            }
        )

    @classmethod
    def _create_device(cls, partner, identifier, **vals):
        return create_device(cls.env, partner, identifier, product=cls.product, **vals)

    @classmethod
    def _create_installation(cls, device, **vals):
        return create_installation(cls.env, device, **vals)

    @classmethod
    def _activate(cls, device, installation_date=None):
        return activate_device(cls.env, device, installation_date)


def create_device(env, partner, identifier, product=None, **vals):
    values = {"partner_id": partner.id, "identifier": identifier, **vals}
    if product:
        values["product_id"] = product.id
    return env["qanat.device"].create(values)


def authorized_technician(env, company, name="Authorised Technician", **vals):
    """A technician authorised for every device type of `company`, for decades."""
    technician = env["res.partner"].create({"name": name})
    env["qanat.technician.authorization"].sudo().create(
        {
            "partner_id": technician.id,
            "company_id": company.id,
            "date_start": "2000-01-01",
            "date_end": "2099-12-31",
            **vals,
        }
    )
    return technician


def create_installation(env, device, **vals):
    """A fully ticked installation form by an authorised technician, ready to
    confirm."""
    if "technician_id" not in vals:
        vals["technician_id"] = authorized_technician(
            env(su=True), device.company_id, name=vals.get("installed_by") or "Tech"
        ).id
    return env["qanat.installation"].create(
        {
            "device_id": device.id,
            "item_device_installed": True,
            "item_connections_installed": True,
            "item_training_given": True,
            "customer_all_done": True,
            **vals,
        }
    )


def activate_device(env, device, installation_date=None):
    """Confirm the device's installation, which starts its service."""
    vals = {"installation_date": installation_date} if installation_date else {}
    installation = create_installation(env, device, **vals)
    installation.action_confirm()
    return installation


class JsonRpcMixin:
    """Call the ORM over JSON-RPC from an HttpCase, as the web client does."""

    def call_kw(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()


class PersianTranslationMixin:
    """Assert that i18n/fa.po translates every term Odoo exports for a module."""

    def assert_fa_po_complete(self, module):
        po_path = os.path.join(get_module_path(module), "i18n", "fa.po")
        translated = {
            entry.msgid
            for entry in polib.pofile(po_path)
            if entry.msgstr.strip()
            and not entry.obsolete
            and "fuzzy" not in entry.flags
        }
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        terms = {source for _m, _t, _n, _r, source, _v, _c in reader}
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            f"Terms of {module} without a Persian translation in i18n/fa.po "
            "(export the .pot and translate them):\n" + "\n".join(missing),
        )
        self.assert_pot_current(module)

    def assert_pot_current(self, module):
        """Odoo merges fa.po with the module's .pot and keeps only what the .pot
        lists, where the .pot says it is: a term (or a view using it) missing from
        a stale .pot stays English however well fa.po translates it."""
        pot_path = os.path.join(get_module_path(module), "i18n", f"{module}.pot")
        listed = set()
        for entry in polib.pofile(pot_path):
            listed.add((entry.msgid, None))
            listed.update((entry.msgid, name) for name, _line in entry.occurrences)
        stale = set()
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        for _module, kind, name, res_id, source, _value, _comments in reader:
            where = None if kind == "code" else f"{kind}:{name}:{res_id}"
            if (source, where) not in listed:
                stale.add(f"{where or 'code'}: {source[:80]}")
        self.assertFalse(
            stale,
            f"i18n/{module}.pot is out of date (export it again):\n"
            + "\n".join(sorted(stale)),
        )


class ConcurrentCursorsMixin:
    """Independent transactions, as two users' requests would have.

    Data they share must be committed first (``self.env`` is not committed);
    ``_clean_up_committed`` removes it afterwards.
    """

    def _concurrent_envs(self, count=2):
        envs = [
            api.Environment(self.env.registry.cursor(), SUPERUSER_ID, {})
            for _index in range(count)
        ]

        def close():
            for env in envs:
                env.cr.rollback()
                env.cr.close()
            with self.env.registry.cursor() as cr:
                self._clean_up_committed(api.Environment(cr, SUPERUSER_ID, {}))

        self.addCleanup(close)
        return envs

    def _clean_up_committed(self, env):
        raise NotImplementedError
