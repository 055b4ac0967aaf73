from . import qanat_installation_report
