from . import res_company
from . import res_config_settings
from . import product_category
from . import product_template
from . import res_partner
from . import qanat_moadian_submission
from . import account_move
