"""A real Samba AD DC behind a proxy that damages one byte of its answer (issue 11, b4).

ldap3 decodes the BindResponse and the rootDSE answer itself; a damaged byte there made it raise
KeyError or IndexError, and the whole scan ended with "unexpected error" (exit 1). The proxy
forwards kszcheck's requests to the DC unchanged and flips one byte (xor 0xFF) of the DC's
``n``-th answer, as a faulty link or a rogue server would: the ldap source fails with one line
naming the step, every directory rule is not assessed, the scan ends with exit 4 or 5.

The DC runs without "strong auth" so that a simple bind over plain LDAP reaches the decoder
(with TLS the damage would be a TLS error, which is already handled). Samba's ports are fixed:
this module starts its own DC, as test_live_faults does.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import pytest
import yaml

from tests.conftest import SambaPool
from tests.faults.contain import DIRECTORY_KINDS, contained, scan
from tests.live import seed as S
from tests.peers import samba

ENV = "KSZ_MALFORMED_LDAP_PASSWORD"


class FlippingProxy:
    """Loopback TCP proxy to 127.0.0.1:389 that xors one byte of the server's ``answer``-th
    chunk (counted from 1 over all connections) at ``offset``."""

    def __init__(self, answer: int, offset: int) -> None:
        self.answer, self.offset, self.seen = answer, offset, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.flipped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", 389))
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while data := source.recv(65536):
                if answers:
                    self.seen += 1
                    if self.seen == self.answer and len(data) > self.offset:
                        damaged = bytearray(data)
                        damaged[self.offset] ^= 0xFF
                        data = bytes(damaged)
                        self.flipped.set()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def dc(samba_pool: SambaPool) -> samba.SambaDC:
    """The session's DC (tests/conftest.py), allowing simple binds without TLS (the proxy in
    front of it speaks plain LDAP)."""
    return samba_pool.get(strong_auth=False)


def _site(folder: Path, port: int) -> Path:
    site = {
        "name": "Kapotte DC",
        "zones": [{"id": "sdz", "kind": "social_data", "ous": [S.SD_OU]}],
        "sources": [
            {
                "id": "ad",
                "type": "ldap",
                "url": f"ldap://127.0.0.1:{port}",
                "bind_dn": f"{S.READER}@voorbeeld.local",
                "password": {"env": ENV},
                "options": {"allow_plain_ldap": True, "connect_timeout": 3, "receive_timeout": 5},
            }
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(yaml.safe_dump(site), encoding="utf-8")
    return folder / "site.yaml"


#: (the DC's answer that is damaged, the byte, the step the reason names). Answer 1 is the
#: BindResponse (byte 2: the message id's tag, as found by the attack -> KeyError; byte 5: the
#: protocolOp's tag -> IndexError); answer 2 is the rootDSE search result (bytes 3 and 4: KeyError
#: and IndexError in ldap3's decoder, found by damaging bytes 0-39 of Samba's answer in turn;
#: byte 8 is the length of the SearchResultEntry: shortened, ldap3 read the first naming context
#: and dropped the rest without a word, and the source was complete - the rootDSE is now decoded
#: by kszcheck's strict reader, which refuses an element longer than its container).
DAMAGE = {
    "bindresponse message id tag": (1, 2, "bind"),
    "bindresponse operation tag": (1, 5, "bind"),
    "rootdse byte 3": (2, 3, "rootDSE read"),
    "rootdse byte 4": (2, 4, "rootDSE read"),
    "rootdse byte 8": (2, 8, "rootDSE read"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_answer_of_a_real_dc_fails_the_source_in_one_line(
    dc: samba.SambaDC, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setenv(ENV, S.READER_PASSWORD)
    # ldap3 numbers messages with one counter per process; the offsets above are those of the
    # first messages (ids below 128, one byte), whatever ran before in this process.
    from ldap3 import Server

    monkeypatch.setattr(Server, "_message_counter", 0)
    answer, offset, step = DAMAGE[case]
    undamaged = FlippingProxy(answer=0, offset=0)
    try:
        whole = scan(_site(tmp_path / "whole", undamaged.port), tmp_path / "whole-out", "-q")
    finally:
        undamaged.close()
    assert whole.code in (3, 4, 5) and "ad" not in whole.stderr, whole.stderr

    proxy = FlippingProxy(answer, offset)
    try:
        run = scan(_site(tmp_path / "site", proxy.port), tmp_path / "out", "-q")
    finally:
        proxy.close()
    assert proxy.flipped.is_set()
    reason = next(
        s["reason"] for s in run.json("snapshot.json")["sources"] if s["source_id"] == "ad"
    )
    assert reason.startswith(
        f"ldap://127.0.0.1:{proxy.port} (plain LDAP): the server's answer to the {step} is "
        "not a valid LDAP message ("
    ), reason
    assert reason.endswith(" in the decoder) / onleesbaar LDAP-antwoord")
    contained(run, source="ad", collector="ldap", lost=DIRECTORY_KINDS, reason=reason)
    assert S.READER_PASSWORD not in run.stdout + run.stderr
