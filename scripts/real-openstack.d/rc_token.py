"""Paste filter for Nova's noauth2 pipeline (placed right after noauth2).

noauth2 builds a RequestContext without auth_token, and Nova's Glance client then fails every image
boot with AuthorizationFailure (HTTP 500). This copies the request's X-Auth-Token into the context.
"""


def filter_factory(global_conf, **local_conf):
    def make(app):
        def middleware(environ, start_response):
            context = environ.get("nova.context")
            token = environ.get("HTTP_X_AUTH_TOKEN")
            if context is not None and token and not getattr(context, "auth_token", None):
                context.auth_token = token
            return app(environ, start_response)
        return middleware
    return make
