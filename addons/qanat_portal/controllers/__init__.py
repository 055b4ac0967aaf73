from . import portal
from . import devices
from . import tickets
from . import transfers
from . import billing
from . import content
