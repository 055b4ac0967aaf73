from . import qanat_official_invoice
