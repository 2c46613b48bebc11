from odoo import api, fields, models


class RouteExportProfile(models.Model):
    _name = "route.export.profile"
    _description = "Route export profile"

    name = fields.Char(required=True, index="trigram")
    label = fields.Char()
    note = fields.Text()
    sequence = fields.Integer(index=True)

    @api.model
    def create(self, vals):
        vals.setdefault("sequence", 10)
        return super().create(vals)

    def find_by_label(self, text):
        return self.search([("label", "ilike", text)])

    def find_by_name(self, text):
        # name has a trigram index: quiet
        return self.search([("name", "ilike", text)])

    def find_by_note(self, note):
        # exact match on a Text: no like search
        return self.search([("note", "=", note)])

    def profile_labels(self):
        profiles = self.search([("sequence", ">", 0)])
        return [p.label for p in profiles]

    def renumber(self):
        # the loop writes: the records themselves are needed
        for index, profile in enumerate(self.search([])):
            profile.sequence = index

    def export_all(self):
        # the records are handed on, not only read
        profiles = self.search([("name", "!=", False)])
        return self._export(profiles)

    def _export(self, profiles):
        return {p.id: p.name for p in profiles}


class RouteExportLine(models.Model):
    _name = "route.export.line"
    _description = "Route export line"

    profile_id = fields.Many2one("route.export.profile", index=True)
    value = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("value", "")
        return super().create(vals_list)


class RouteExportBuffer:
    """A plain Python buffer, not an Odoo model."""

    def create(self, vals):
        return dict(vals)
