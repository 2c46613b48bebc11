import logging
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

ZIP_CODE = re.compile(r"^\d{5}$")


class DeliveryRoute(models.Model):
    _name = "delivery.route"
    _description = "Delivery Route"
    _inherit = ["mail.thread"]

    name = fields.Char(required=True, index="trigram", tracking=True)
    driver_id = fields.Many2one("res.users", string="Driver", index=True)
    date_planned = fields.Date(required=True, index=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("planned", "Planned"), ("done", "Done")],
        default="draft",
        required=True,
        index=True,
    )
    stop_ids = fields.One2many("delivery.stop", "route_id", string="Stops")
    late_stop_count = fields.Integer(compute="_compute_late_stop_count")
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")

    @api.depends("stop_ids.state")
    def _compute_late_stop_count(self):
        for route in self:
            route.late_stop_count = self.env["delivery.stop"].search_count(
                [("route_id", "=", route.id), ("state", "=", "late")]
            )

    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for route in self:
            route.is_late = route.state != "done" and route.date_planned < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'Late'."))
        today = fields.Date.context_today(self)
        late = [("state", "!=", "done"), ("date_planned", "<", today)]
        return late if (operator == "=") == value else ["!", *late]

    def action_plan(self):
        for route in self:
            open_stops = self.env["delivery.stop"].search(
                [("route_id", "=", route.id), ("state", "=", "open")]
            )
            if not open_stops:
                raise UserError(_("Route %s has no open stop.", route.name))
        self.write({"state": "planned"})

    def action_done(self):
        # One search for all routes, then the loop only reads cached records.
        stops = self.env["delivery.stop"].search([("route_id", "in", self.ids)])
        for stop in stops:
            if stop.state == "open":
                stop.state = "done"
        self.write({"state": "done"})

    def _check_zip_codes(self):
        bad = []
        for stop in self.stop_ids:
            # re.search is a regular expression, not an ORM search.
            if not re.search(ZIP_CODE, stop.zip_code or ""):
                bad.append(stop.name)
        return bad

    def _stop_summary(self):
        labels = {"open": _("Open"), "late": _("Late"), "done": _("Done")}
        return [labels.get(stop.state, stop.state) for stop in self.stop_ids]

    def _first_draft_routes(self):
        result = self.browse()
        # Three fixed states: a loop of three, not N.
        for state in ("draft", "planned", "done"):
            result |= self.search([("state", "=", state)], limit=1)
        return result

    @api.model
    def _cron_close_past_routes(self, batch_size=200):
        """Close past routes in batches: a bounded search per batch, not one per record."""
        today = fields.Date.context_today(self)
        while True:
            routes = self.search([("state", "=", "planned"), ("date_planned", "<", today)], limit=batch_size)
            if not routes:
                break
            routes.action_done()
            _logger.info("Closed %d past delivery routes", len(routes))
