from odoo import http
from odoo.http import request


class CarrierController(http.Controller):

    @http.route("/carrier/shipment/<int:shipment_id>/push", type="json", auth="user")
    def push_shipment(self, shipment_id):
        shipment = request.env["carrier.shipment"].browse(shipment_id)
        shipment.push_to_carrier()
        return {"state": shipment.state}

    @http.route("/carrier/shipment/<int:shipment_id>/push_async", type="json", auth="user")
    def push_shipment_async(self, shipment_id):
        """Queue the push: the HTTP worker answers at once, a job worker calls the carrier."""
        shipment = request.env["carrier.shipment"].browse(shipment_id)
        shipment.with_delay(channel="root.carrier", description="Push shipment").push_to_carrier()
        return {"queued": True}

    @http.route("/carrier/webhook", type="json", auth="public", methods=["POST"], csrf=False)
    def webhook(self, **payload):
        shipment = request.env["carrier.shipment"].sudo()._find_by_carrier_ref(payload.get("reference"))
        if not shipment:
            return {"ok": False}
        shipment.last_status = payload.get("status")
        return {"ok": True}
