from . import delivery_route
from . import delivery_stop
from . import route_operations
