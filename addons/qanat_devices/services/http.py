"""HTTP calls shared by the adapters: always with a timeout, errors classified."""

import logging

import requests

_logger = logging.getLogger(__name__)

# Seconds: a slow service must not hold an Odoo worker.
DEFAULT_TIMEOUT = 15


class ServiceError(Exception):
    """A call to an external service failed.

    ``transient`` errors (timeouts, connection refused, 5xx, rate limits) are
    retried later; the others need a person (bad number, no credit, bad key).
    ``answer_lost``: the request was sent but no answer came in time, so the
    service may have acted on it; a caller whose service has no idempotency
    key must not simply send it again.
    """

    def __init__(self, message, code=None, transient=False, answer_lost=False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.transient = transient
        self.answer_lost = answer_lost


def call(method, url, service, timeout=None, **kwargs):
    """Perform an HTTP request and return the response; raise ServiceError.

    Network problems and 5xx answers are transient; the caller reads the body of
    other answers, since each API reports its own errors.
    """
    try:
        response = requests.request(
            method, url, timeout=timeout or DEFAULT_TIMEOUT, **kwargs
        )
    except requests.ConnectTimeout as error:
        raise ServiceError(
            f"{service}: unreachable ({error})", transient=True
        ) from error
    except requests.Timeout as error:
        raise ServiceError(
            f"{service}: timed out ({error})", transient=True, answer_lost=True
        ) from error
    except requests.RequestException as error:
        raise ServiceError(
            f"{service}: unreachable ({error})", transient=True
        ) from error
    if response.status_code >= 500:
        raise ServiceError(
            f"{service}: server error {response.status_code}",
            code=response.status_code,
            transient=True,
        )
    return response


def json_body(response, service):
    try:
        return response.json()
    except ValueError as error:
        raise ServiceError(
            f"{service}: unreadable answer (HTTP {response.status_code})",
            code=response.status_code,
            transient=response.status_code in (429, 502, 503, 504),
        ) from error
