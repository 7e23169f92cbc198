"""Lockouts and security events record the client's address, not the proxy's, and a client
cannot choose the address recorded by sending its own X-Forwarded-For."""

from django.test import RequestFactory

from accounts.adapters import client_ip_address


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_connections_address_is_recorded(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_is_recorded_not_what_the_client_claimed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "198.51.100.66, 203.0.113.9")
    assert client_ip_address(request) == "203.0.113.9"


def test_behind_a_proxy_that_sent_no_header_the_connections_address_is_recorded(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip_address(request_from("10.0.0.2", "203.0.113.9")) == "10.0.0.2"
