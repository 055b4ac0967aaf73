from . import base
from . import kavenegar
