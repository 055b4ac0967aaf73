from . import payment_provider
from . import payment_transaction
from . import product_template
from . import sale_order
from . import sale_order_line
from . import qanat_service_choice
