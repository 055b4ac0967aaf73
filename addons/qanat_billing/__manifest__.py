{
    "name": "Qanat Billing",
    "summary": "Service renewals paid online (Zarinpal), pro-forma quotations with "
    "tracking codes, debt ceiling and Rial accounting for device sellers",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/qanat-erp/qanat",
    "author": "Qanat",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["qanat_helpdesk", "sale", "payment"],
    "data": [
        "data/res_currency_data.xml",
        "views/payment_zarinpal_templates.xml",
        "data/payment_method_data.xml",
        "data/payment_provider_data.xml",
        "views/payment_provider_views.xml",
        "security/ir.model.access.csv",
        "security/qanat_billing_security.xml",
        "data/qanat_billing_data.xml",
        "views/res_config_settings_views.xml",
        "views/qanat_billing_views.xml",
        "report/qanat_official_invoice_report.xml",
        "report/qanat_official_invoice_templates.xml",
    ],
    "assets": {
        "web.report_assets_common": [
            "qanat_billing/static/src/css/official_invoice.css",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
