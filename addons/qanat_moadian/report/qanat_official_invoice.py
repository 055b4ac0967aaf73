from odoo import api, models


class ReportOfficialInvoice(models.AbstractModel):
    _inherit = "report.qanat_billing.report_official_invoice_document"

    @api.model
    def _line_code(self, line):
        # A reporting company prints the goods/service ID (شناسه کالا/خدمت) the
        # invoice is registered with; other companies keep their references.
        if not line.move_id.company_id._qanat_moadian_active():
            return super()._line_code(line)
        template = line.product_id.product_tmpl_id
        goods_id = template._qanat_moadian_goods_id() if template else False
        return goods_id or super()._line_code(line)
