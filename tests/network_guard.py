"""No test reaches another host: every name lookup and connection is checked, and anything
but this machine (localhost, 127.0.0.0/8, ::1) is refused and remembered.

The refusal raises inside the code under test (as a network that is down would), and the
autouse fixture in conftest.py fails the test afterwards, so a test cannot pass by accident
through a path that talked to the outside world.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from typing import Any

import pytest

_INTERNET = (socket.AF_INET, socket.AF_INET6)


def is_this_machine(host: object) -> bool:
    if host is None:  # a lookup for binding: no host is reached
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    def __init__(self) -> None:
        self.reached: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_getaddrinfo = socket.getaddrinfo
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if not is_this_machine(host):
                self.reached.append(f"lookup of {host}")
                raise socket.gaierror(socket.EAI_NONAME, f"tests may not look up {host}")
            return real_getaddrinfo(host, *args, **kwargs)

        def check(sock: socket.socket, address: Any) -> None:
            if sock.family in _INTERNET and not is_this_machine(address[0]):
                self.reached.append(f"connection to {address[0]}")
                raise OSError(errno.ENETUNREACH, f"tests may not connect to {address[0]}")

        def connect(sock: socket.socket, address: Any) -> None:
            check(sock, address)
            real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            check(sock, address)
            return real_connect_ex(sock, address)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
