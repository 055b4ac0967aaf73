from . import zarinpal
