from . import carrier_shipment
