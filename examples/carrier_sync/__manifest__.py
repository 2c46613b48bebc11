{
    "name": "Carrier Sync",
    "summary": "Push delivery routes to the carrier's API and follow tracking",
    "version": "17.0.1.0.0",
    "category": "Inventory/Delivery",
    "license": "LGPL-3",
    "author": "Example Logistics",
    "depends": ["mail", "delivery_route", "queue_job"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
    ],
    "installable": True,
}
