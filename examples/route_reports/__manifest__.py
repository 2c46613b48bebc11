{
    "name": "Route Reports",
    "summary": "Zone statistics and printable stop lists for delivery routes",
    "version": "17.0.1.0.0",
    "category": "Inventory/Delivery",
    "license": "LGPL-3",
    "author": "Example Logistics",
    "depends": ["delivery_route"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
}
