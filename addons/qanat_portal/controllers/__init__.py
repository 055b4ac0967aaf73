from . import portal
from . import devices
from . import tickets
from . import requests
from . import billing
from . import content
