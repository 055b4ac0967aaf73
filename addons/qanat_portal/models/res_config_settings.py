from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    qanat_portal_details_editable = fields.Boolean(
        related="company_id.qanat_portal_details_editable", readonly=False
    )
    qanat_spotplayer_api_key = fields.Char(
        string="SpotPlayer API Key", config_parameter="qanat.spotplayer.api_key"
    )
    qanat_spotplayer_base_url = fields.Char(
        string="SpotPlayer Address",
        config_parameter="qanat.spotplayer.base_url",
        help="Leave empty for https://panel.spotplayer.ir.",
    )
    qanat_spotplayer_test_mode = fields.Boolean(
        string="SpotPlayer Test Licences",
        config_parameter="qanat.spotplayer.test_mode",
        help="Issue test licences (SpotPlayer's 'test' flag) while setting up.",
    )
