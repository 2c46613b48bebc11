import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

CARRIER_TIMEOUT = 10  # seconds


class CarrierShipment(models.Model):
    _name = "carrier.shipment"
    _description = "Carrier Shipment"
    _inherit = ["mail.thread"]
    route_id = fields.Many2one("delivery.route", required=True, ondelete="cascade")
    carrier_ref = fields.Char(string="Carrier Reference", copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("delivered", "Delivered"), ("error", "Error")],
        default="draft",
        required=True,
        index=True,
    )
    last_status = fields.Char(readonly=True)

    def _carrier_url(self):
        return self.env["ir.config_parameter"].sudo().get_param("carrier_sync.api_url", "")

    def push_to_carrier(self):
        """Send the shipments to the carrier and store the reference it returns."""
        url = self._carrier_url()
        for shipment in self:
            payload = {
                "route": shipment.route_id.name,
                "stops": [stop.name for stop in shipment.route_id.stop_ids],
            }
            response = requests.post(f"{url}/shipments", json=payload, timeout=CARRIER_TIMEOUT)
            if not response.ok:
                raise UserError(response.text)
            shipment.write({"carrier_ref": response.json()["reference"], "state": "sent"})

    def _fetch_tracking_status(self):
        self.ensure_one()
        response = requests.get(f"{self._carrier_url()}/track/{self.carrier_ref}")
        response.raise_for_status()
        return response.json().get("status")

    def _ping_carrier(self):
        try:
            return requests.head(self._carrier_url(), timeout=(3.05, CARRIER_TIMEOUT)).ok
        except requests.RequestException:
            return False

    @api.model
    def _find_by_carrier_ref(self, reference):
        return self.search([("carrier_ref", "=", reference)], limit=1)

    @api.model
    def _cron_sync_tracking(self):
        for shipment in self.search([("state", "=", "sent")]):
            status = shipment._fetch_tracking_status()
            if status == "delivered":
                shipment.state = "delivered"
            shipment.last_status = status
