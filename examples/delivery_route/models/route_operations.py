from odoo import api, fields, models


class DeliveryRouteOperations(models.Model):
    _inherit = "delivery.route"

    total_weight = fields.Float(compute="_compute_total_weight")
    stop_count = fields.Integer(compute="_compute_stop_count")

    # OP107: a Python sum over the stops in a compute (prefetched: not an N+1, but loads every stop)
    @api.depends("stop_ids.weight")
    def _compute_total_weight(self):
        for route in self:
            route.total_weight = sum(route.stop_ids.mapped("weight"))

    def _compute_stop_count(self):
        zones = ["north", "south"]
        for route in self:
            # lookalike: len() of a local list, not of an x2many
            route.stop_count = len(zones)

    # OP103: one INSERT per route
    def action_add_depot_stops(self):
        Stop = self.env["delivery.stop"]
        for route in self:
            Stop.create({"name": "Depot", "route_id": route.id, "partner_id": route.driver_id.partner_id.id})

    def action_add_depot_stops_batched(self):
        # lookalike: one create(vals_list)
        self.env["delivery.stop"].create(
            [{"name": "Depot", "route_id": route.id, "partner_id": route.driver_id.partner_id.id} for route in self]
        )

    def action_add_named_stops(self, partner):
        # lookalike: a two-element tuple, two INSERTs whatever the data
        for name in ("Loading", "Unloading"):
            self.env["delivery.stop"].create({"name": name, "route_id": self.id, "partner_id": partner.id})

    # OP104: 4 queries per route
    def action_drop_done_stops(self):
        for route in self:
            route.stop_ids.filtered(lambda s: s.state == "done").unlink()

    def action_drop_done_stops_at_once(self):
        # lookalike: one unlink for all routes
        self.stop_ids.filtered(lambda s: s.state == "done").unlink()

    def action_purge_done_stops(self):
        # lookalike: the batching loop, 1000 stops per round
        while True:
            done = self.env["delivery.stop"].search([("state", "=", "done")], limit=1000)
            if not done:
                break
            done.unlink()

    # OP105: the write on state is flushed by the search_count on state, every iteration
    def action_mark_late(self):
        Stop = self.env["delivery.stop"]
        for stop in self.stop_ids.filtered(lambda s: s.state == "open"):
            stop.state = "late"
            if Stop.search_count([("state", "=", "late"), ("zone", "=", stop.zone)]) > 20:
                stop.route_id.message_post(body="Zone overloaded")

    def action_mark_done(self, stops):
        # lookalike: deferred writes, flushed 100 per UPDATE at the end
        for stop in stops:
            stop.write({"state": "done"})

    def action_close_and_count(self):
        for stop in self.stop_ids:
            stop.state = "done"
        # lookalike: one search after the loop flushes all the pending writes at once
        return self.env["delivery.stop"].search_count([("state", "=", "done")])

    # OP106: one UPDATE statement per route
    def action_reopen_sql(self):
        for route in self:
            self.env.cr.execute("UPDATE delivery_stop SET state = 'open' WHERE route_id = %s", (route.id,))

    def action_reopen_sql_at_once(self):
        # lookalike: one statement for all routes
        self.env.cr.execute("UPDATE delivery_stop SET state = 'open' WHERE route_id = ANY(%s)", (self.ids,))

    def action_analyze(self):
        # lookalike: maintenance per table cannot be merged
        for table in ("delivery_route", "delivery_stop"):
            self.env.cr.execute("ANALYZE %s" % table)

    # OP108 and OP109
    def late_stop_report(self, zone):
        Stop = self.env["delivery.stop"]
        late_count = len(Stop.search([("state", "=", "late")]))
        zone_late = Stop.search([("zone", "=", zone)]).filtered(lambda s: s.state == "late")
        # lookalikes: zip_code is related and not stored; a limited search; len() of a string
        by_zip = Stop.search([("zone", "=", zone)]).filtered(lambda s: s.zip_code == "1000")
        first_late = Stop.search([("zone", "=", zone)], limit=5).filtered(lambda s: s.state == "late")
        return late_count, zone_late, by_zip, first_late, len(zone)
