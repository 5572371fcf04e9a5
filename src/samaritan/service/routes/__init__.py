"""The API's routers, one per resource. `samaritan.service.app.create_app` mounts them all."""

from samaritan.service.routes import ads, health, images, networks, screen, webhooks

ROUTERS = (health.router, screen.router, ads.router, networks.router, images.router, webhooks.router)
