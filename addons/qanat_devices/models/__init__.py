from . import product_template
from . import res_partner
from . import qanat_device_type
from . import qanat_device
from . import qanat_device_ownership
from . import qanat_installation
from . import qanat_device_transfer
