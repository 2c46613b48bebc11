from . import delivery_route
from . import delivery_stop
