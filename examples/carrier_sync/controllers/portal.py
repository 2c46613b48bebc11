from odoo import http
from odoo.http import request


class CarrierPortal(http.Controller):

    @http.route("/carrier/shipments/export", type="json", auth="user")
    def export_shipments(self):
        # every shipment ever sent, in one JSON answer
        return request.env["carrier.shipment"].search_read([("state", "!=", "draft")], ["carrier_ref", "state"])

    @http.route("/carrier/shipments/recent", type="json", auth="user")
    def recent_shipments(self, offset=0):
        # paged: bounded by the limit
        return request.env["carrier.shipment"].search_read([], ["carrier_ref", "state"], limit=50, offset=offset)

    @http.route("/carrier/countries", type="json", auth="user")
    def countries(self):
        # a small reference table, listed whole for a select
        return request.env["res.country"].search_read([], ["name", "code"])
