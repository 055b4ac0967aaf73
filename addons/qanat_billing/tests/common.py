from dateutil.relativedelta import relativedelta

from odoo import Command

from odoo.addons.qanat_devices.tests.common import QanatDevicesCase
from odoo.addons.qanat_devices.tools.dates import company_today

from .fake_zarinpal import MERCHANT_ID, FakeZarinpal


def stop_tax_reporting(company):
    """Take the company out of the tax system (qanat_moadian) if it reports.

    qanat_moadian's demo makes the demo company report, and posting then asks
    every invoice for what the tax system needs: billing tests check billing
    rules, qanat_moadian's tests switch reporting on again. Returns the memory
    ID to restore, or False.
    """
    if "qanat_moadian_memory_id" not in company._fields:
        return False
    memory_id = company.qanat_moadian_memory_id
    company.qanat_moadian_memory_id = False
    return memory_id


class QanatBillingCase(QanatDevicesCase):
    """Rial pricelist, renewal plans, a fake Zarinpal and customers with devices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stop_tax_reporting(cls.env.company)
        cls.rial = cls.env.ref("base.IRR")
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Rial", "currency_id": cls.rial.id}
        )
        cls.plan_1y, cls.plan_2y = cls.env["product.product"].create(
            [
                {
                    "name": "Service renewal, 1 year",
                    "type": "service",
                    "list_price": 25_000_000,
                    "qanat_plan_kind": "renewal",
                    "qanat_plan_years": "1",
                },
                {
                    "name": "Service renewal, 2 years",
                    "type": "service",
                    "list_price": 45_000_000,
                    "qanat_plan_kind": "renewal",
                    "qanat_plan_years": "2",
                },
            ]
        )
        # Prices in Rial, whatever the test company's currency.
        cls.pricelist.item_ids = [
            (0, 0, {"product_id": plan.id, "fixed_price": plan.list_price})
            for plan in cls.plan_1y | cls.plan_2y
        ]
        (cls.customer_a | cls.customer_b).property_product_pricelist = cls.pricelist
        cls.gateway = FakeZarinpal()
        cls.addClassCleanup(cls.gateway.stop)
        cls.provider = cls.env.ref("qanat_billing.payment_provider_zarinpal")
        cls.provider.write(
            {
                "state": "test",
                "zarinpal_merchant_id": MERCHANT_ID,
                "zarinpal_base_url": cls.gateway.url,
            }
        )

    def _pay_online(self, order, reference="online"):
        """What Odoo does when a payment of ``order`` comes back confirmed."""
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.env.ref(
                        "qanat_billing.payment_method_shetab"
                    ).id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_id.id,
                    "reference": f"{order.name}-{reference}",
                    "operation": "online_redirect",
                    "sale_order_ids": [Command.set(order.ids)],
                }
            )
        )
        tx._set_done()
        tx._post_process()
        return tx

    def _expired_device(self, identifier, partner=None):
        """A device installed two years ago whose service has expired."""
        device = self._create_device(partner or self.customer_a, identifier)
        self._activate(
            device, installation_date=company_today(self.env) - relativedelta(years=2)
        )
        self.env["qanat.device"]._cron_expire_services()
        return device

    def _renewal_order(self, device, plan=None):
        """The quotation of a customer's choice to renew ``device``."""
        return (
            self.env["qanat.service.choice"]
            .create(
                {
                    "device_id": device.id,
                    "choice": "renew",
                    "plan_product_id": (plan or self.plan_1y).id,
                }
            )
            .action_apply()
        )
