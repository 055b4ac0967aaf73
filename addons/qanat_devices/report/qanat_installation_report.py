from odoo import api, models

from ..models.qanat_installation import CHECKLIST_FIELDS
from ..tools import persian


class ReportInstallationConfirmation(models.AbstractModel):
    """The installation confirmation form as printed: Persian, right to left,
    Jalali, from the frozen record with its content hash."""

    _name = "report.qanat_devices.report_installation_document"
    _description = "Installation Confirmation Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        installations = self.env["qanat.installation"].browse(docids)
        installations.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "qanat.installation",
            "docs": installations,
            "to_fa": persian.to_persian_digits,
            "jalali": persian.format_jalali_date,
            "jalali_datetime": persian.format_jalali_datetime,
            "text_words": persian.pdf_words,
            "checklist": self._checklist,
        }

    @api.model
    def _checklist(self, installation):
        """(label, ticked) of each checklist item, in the form's order, in
        Persian like the rest of the form."""
        persian_env = self.with_context(lang="fa_IR").env
        return [
            (
                installation._fields[name].get_description(persian_env)["string"],
                installation[name],
            )
            for name in CHECKLIST_FIELDS
        ]
