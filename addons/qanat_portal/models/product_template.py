import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SPOTPLAYER_COURSE_ID = re.compile(r"^[0-9a-f]{24}$")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    qanat_is_course = fields.Boolean(
        string="Training Course",
        help="Sold in the customer area; a SpotPlayer licence is issued once paid.",
    )
    qanat_spotplayer_course_ids = fields.Char(
        string="SpotPlayer Courses",
        help="SpotPlayer course ids (24 hexadecimal characters), separated by commas.",
    )
    qanat_course_device_type_ids = fields.Many2many(
        "qanat.device.type",
        string="For Device Types",
        help="Shown first to the owners of these device types.",
    )

    @api.constrains("qanat_is_course", "qanat_spotplayer_course_ids")
    def _check_qanat_course(self):
        for template in self.filtered("qanat_is_course"):
            course_ids = template._qanat_spotplayer_courses()
            if not course_ids or not all(
                SPOTPLAYER_COURSE_ID.match(course_id) for course_id in course_ids
            ):
                raise ValidationError(
                    self.env._(
                        "A training course needs its SpotPlayer course ids: 24 "
                        "hexadecimal characters each, separated by commas."
                    )
                )

    def _qanat_spotplayer_courses(self):
        self.ensure_one()
        return [
            course_id.strip().lower()
            for course_id in (self.qanat_spotplayer_course_ids or "").split(",")
            if course_id.strip()
        ]
