from odoo import models


class DeliveryRoute(models.Model):
    _inherit = "delivery.route"

    def _stop_labels(self, stop_ids):
        """Labels for a list of stop ids coming from the printing service."""
        Stop = self.env["delivery.stop"]
        labels = []
        for stop_id in stop_ids:
            labels.append(Stop.browse(stop_id).name)
        return labels

    def _stop_labels_batched(self, stop_ids):
        # One browse of all ids: one query for every name, whatever the number of stops.
        return [stop.name for stop in self.env["delivery.stop"].browse(stop_ids)]
