"""The dashboard and the JSON API: FastAPI, server-rendered pages, own CSS and JS, es/en catalogues.

create_app(app) -> the ASGI app over a centinela.app.App
serve(app, host, port) -> serve in the foreground
serve_in_background(app, host, port) -> (url, stop): for `centinela watch`
"""

from centinela.web.app import create_app
from centinela.web.server import serve, serve_in_background

__all__ = ["create_app", "serve", "serve_in_background"]
