"""A second, independent OAuth 2.0 authorization server for the test suite: Authlib's
AuthorizationServer on Flask (Debian's python3-authlib and python3-flask), serving the
client_credentials grant (RFC 6749 §4.4).

Unlike oidc-provider, Authlib enforces each client's registered token_endpoint_auth_method
natively (ClientAuthentication.authenticate asks the client's check_endpoint_auth_method), and it
does not form-decode the Basic value (authlib.oauth2.rfc6749.util.extract_basic_authorization splits
the decoded value at the first ':' and uses both halves as they are).

Started by authlib.js: reads the clients as JSON from argv[1], listens on 127.0.0.1 on a port the
kernel picks, writes ONE line of JSON ({"port": N}) to stdout, and exits when stdin ends or on
SIGTERM.
"""

import json
import logging
import os
import secrets
import signal
import sys
import threading

# Plain http on 127.0.0.1 only; Authlib otherwise refuses anything but https (RFC 6749 §3.2).
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"

from authlib.integrations.flask_oauth2 import AuthorizationServer  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, grants  # noqa: E402
from flask import Flask, jsonify  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


class Client(ClientMixin):
    """One registered client, from the JSON handed over by authlib.js."""

    def __init__(self, data):
        self.client_id = data["id"]
        self.client_secret = data["secret"]
        self.auth_method = data["method"]
        self.grant_types = data["grantTypes"]
        self.scope = data["scope"]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        if not scope:
            return ""
        allowed = set(self.scope.split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(self.client_secret, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        # The per-client method, as RFC 7591 registers it: the heart of why this server is here.
        return endpoint == "token" and method == self.auth_method

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types


class ClientCredentials(grants.ClientCredentialsGrant):
    # Both secret methods are offered; each client may still use only its own.
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


def create_app(clients):
    app = Flask(__name__)
    app.config["OAUTH2_SCOPES_SUPPORTED"] = ["api:read", "api:write"]
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"client_credentials": 3600}
    registry = {c["id"]: Client(c) for c in clients}
    server = AuthorizationServer(app, query_client=registry.get, save_token=lambda token, request: None)
    server.register_grant(ClientCredentials)

    @app.post("/token")
    def token():
        return server.create_token_response()

    @app.get("/.well-known/oauth-authorization-server")
    def metadata():
        base = f"http://127.0.0.1:{app.config['PORT']}"
        return jsonify(
            issuer=base,
            token_endpoint=f"{base}/token",
            grant_types_supported=["client_credentials"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            scopes_supported=app.config["OAUTH2_SCOPES_SUPPORTED"],
            response_types_supported=[],
        )

    return app


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(json.loads(sys.argv[1]))
    http = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PORT"] = http.server_port

    def stop(*_):
        threading.Thread(target=http.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)

    def watch_stdin():
        # The parent closing our stdin (or dying) ends the server.
        while sys.stdin.buffer.read(4096):
            pass
        stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    sys.stdout.write(json.dumps({"port": http.server_port}) + "\n")
    sys.stdout.flush()
    http.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
