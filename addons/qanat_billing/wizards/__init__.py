from . import qanat_phone_support_wizard
