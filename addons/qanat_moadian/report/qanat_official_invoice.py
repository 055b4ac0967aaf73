from odoo import api, models


class ReportOfficialInvoice(models.AbstractModel):
    _inherit = "report.qanat_billing.report_official_invoice_document"

    @api.model
    def _line_code(self, line):
        # The tax office reads the goods/service ID (شناسه کالا/خدمت) the invoice
        # was registered with; products without one keep their reference.
        return line.product_id.qanat_moadian_sstid or super()._line_code(line)
