from odoo import api, fields, models


class DeliveryStop(models.Model):
    _name = "delivery.stop"
    _description = "Delivery Stop"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    route_id = fields.Many2one("delivery.route", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    zip_code = fields.Char(related="partner_id.zip")
    zone = fields.Char(index=True)
    state = fields.Selection(
        [("open", "Open"), ("late", "Late"), ("done", "Done")],
        default="open",
        required=True,
        index=True,
    )
    weight = fields.Float(digits="Stock Weight")

    @api.depends("partner_id.name", "route_id.name")
    def _compute_display_name(self):
        for stop in self:
            stop.display_name = f"{stop.route_id.name} / {stop.partner_id.name}"
