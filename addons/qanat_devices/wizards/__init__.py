from . import qanat_device_service_wizard
from . import qanat_device_transfer_reject_wizard
