from odoo import api, fields, models
from odoo.tools import SQL


class RouteZoneReport(models.TransientModel):
    _name = "route.zone.report"
    _description = "Route Zone Report"

    zone = fields.Char(required=True)
    stop_count = fields.Integer(readonly=True)
    total_weight = fields.Float(readonly=True)

    @api.model
    def _zone_totals_unsafe(self, zone):
        self.env.cr.execute(f"SELECT count(*), coalesce(sum(weight), 0) FROM delivery_stop WHERE zone = '{zone}'")
        return self.env.cr.fetchone()

    @api.model
    def _zone_totals(self, zone):
        self.env.cr.execute(
            "SELECT count(*), coalesce(sum(weight), 0) FROM delivery_stop WHERE zone = %s",
            (zone,),
        )
        return self.env.cr.fetchone()

    @api.model
    def _zone_totals_sql(self, zone):
        query = SQL(
            "SELECT count(*), coalesce(sum(weight), 0) FROM %s WHERE zone = %s",
            SQL.identifier("delivery_stop"),
            zone,
        )
        self.env.cr.execute(query)
        return self.env.cr.fetchone()

    def action_compute(self):
        self.ensure_one()
        self.stop_count, self.total_weight = self._zone_totals(self.zone)
