{
    "name": "Delivery Routes",
    "summary": "Plan delivery routes and their stops",
    "version": "17.0.1.0.0",
    "category": "Inventory/Delivery",
    "license": "LGPL-3",
    "author": "Example Logistics",
    "depends": ["base", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "views/delivery_route_views.xml",
        "data/ir_cron.xml",
    ],
    "installable": True,
    "application": True,
}
