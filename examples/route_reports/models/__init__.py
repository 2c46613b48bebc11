from . import delivery_route
from . import route_zone_report
from . import route_export
