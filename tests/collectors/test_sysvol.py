# ruff: noqa: E501 - recorded tool output is kept line for line
"""SYSVOL: the parsers of GptTmpl.inf, audit.csv and Registry.pol, and the sysvol source.

The fixture tree tests/fixtures/sysvol/copy was written by tests/fixtures/sysvol/build.py in
the exact byte formats Windows writes (GptTmpl.inf UTF-16LE with BOM and CRLF per [MS-GPSB];
Registry.pol PReg per [MS-GPREG] 2.2.1; audit.csv with the editor's header). The PReg bytes
below are spelled out field by field, independently of the parser.
"""

from __future__ import annotations

import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.auditcsv import parse_audit_csv
from kszcheck.collectors.base import SourceFailed
from kszcheck.collectors.sysvol.collect import collect
from kszcheck.collectors.sysvol.gpttmpl import parse_gpttmpl
from kszcheck.collectors.sysvol.registrypol import parse_registry_pol
from kszcheck.collectors.wintext import decode_windows_text
from kszcheck.model.policy import EventLogSetting, RegistrySetting, RestrictedGroup
from kszcheck.model.site import SourceSpec, SourceType

COPY = Path(__file__).parent.parent / "fixtures" / "sysvol" / "copy"
POLICIES = COPY / "voorbeeld.local" / "Policies"
DC_GPO = POLICIES / "{6AC1786C-016F-11D2-945F-00C04FB984F9}"
OCMW_GPO = POLICIES / "{5C3A1E7B-2D4F-4B8E-9A61-0C7D3E2F1A90}"
NOW = datetime(2026, 12, 5, tzinfo=UTC)
DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330"


def _template(gpo: Path) -> str:
    data = (gpo / "Machine" / "Microsoft" / "Windows NT" / "SecEdit" / "GptTmpl.inf").read_bytes()
    assert data[:2] == b"\xff\xfe"  # as Windows writes it: UTF-16LE with a BOM
    return decode_windows_text(data)


def test_gpttmpl_security_options_rights_and_audit() -> None:
    content = parse_gpttmpl(_template(DC_GPO), "6ac1786c-016f-11d2-945f-00c04fb984f9")
    assert content.errors == []
    assert content.registry[0] == RegistrySetting(
        key="System\\CurrentControlSet\\Services\\NTDS\\Parameters",
        name="LDAPServerIntegrity",
        data=1,
        origin="GptTmpl.inf",
    )
    assert [(r.name, r.data) for r in content.registry[1:]] == [
        ("RequireSecuritySignature", 1),
        ("RequireSignOrSeal", 1),
        ("LmCompatibilityLevel", 3),
    ]
    assert content.privilege_rights["SeRemoteInteractiveLogonRight"] == ["S-1-5-32-544"]
    assert content.privilege_rights["SeBackupPrivilege"] == [
        "S-1-5-32-544",
        "S-1-5-32-551",
        "S-1-5-32-549",
    ]
    assert content.legacy_audit["AuditAccountManage"] == 0


def test_gpttmpl_event_log_restricted_groups_and_text_values() -> None:
    content = parse_gpttmpl(_template(OCMW_GPO), "x")
    assert content.event_logs == [
        EventLogSetting(log="security", max_size_kb=20480, retention="overwrite")
    ]
    assert content.restricted_groups == [
        RestrictedGroup(
            group="S-1-5-32-544",
            members=[f"{DOMAIN_SID}-512", f"{DOMAIN_SID}-1131", "OCMW\\helpdesk"],
            member_of=[],
        ),
        RestrictedGroup(group="S-1-5-32-555", members=[f"{DOMAIN_SID}-1132"]),
    ]
    caption = [r for r in content.registry if r.name == "LegalNoticeCaption"]
    assert caption[0].data == "OCMW"


def test_gpttmpl_password_policy_and_unknown_lines() -> None:
    domain = parse_gpttmpl(_template(POLICIES / "{31B2F340-016D-11D2-945F-00C04FB984F9}"), "d")
    assert domain.system_access["MinimumPasswordLength"] == 8
    assert domain.system_access["LockoutBadCount"] == 0
    assert domain.kerberos["MaxTicketAge"] == 10
    broken = parse_gpttmpl(
        "[System Access]\r\nMinimumPasswordLength = acht\r\n[Nieuw]\r\na=1\r\n", "b"
    )
    assert broken.errors == [
        "GptTmpl.inf:2: invalid literal for int() with base 10: 'acht'",
        "GptTmpl.inf:4: unknown section [nieuw]",
    ]


def _record(key: str, name: str, kind: int, data: bytes) -> bytes:
    def u(text: str) -> bytes:
        return text.encode("utf-16-le")

    size = struct.pack("<I", len(data))
    return (
        u("[") + u(key) + b"\0\0" + u(";") + u(name) + b"\0\0" + u(";")
        + struct.pack("<I", kind) + u(";") + size + u(";") + data + u("]")
    )  # fmt: skip


def test_registry_pol_records_types_and_directives() -> None:
    data = (
        b"PReg\x01\x00\x00\x00"
        + _record("Software\\Policies\\Microsoft\\Windows\\EventLog\\Security", "MaxSize", 4,
                  b"\x00\x00\x03\x00")
        + _record("Software\\Policies\\Microsoft\\Windows\\EventLog\\Security", "Retention", 1,
                  "-1\0".encode("utf-16-le"))
        + _record("Software\\Policies\\X", "**del.Y", 1, " \0".encode("utf-16-le"))
        + _record("Software\\Policies\\X", "List", 7, "a\0b\0\0".encode("utf-16-le"))
    )  # fmt: skip
    assert [(s.key.rsplit("\\", 1)[-1], s.name, s.data) for s in parse_registry_pol(data)] == [
        ("Security", "MaxSize", 196608),
        ("Security", "Retention", "-1"),
        ("X", "List", "a\nb"),
    ]


def test_registry_pol_refuses_bad_files() -> None:
    with pytest.raises(ValueError, match="no 'PReg' signature"):
        parse_registry_pol(b"REGEDIT4")
    with pytest.raises(ValueError, match="version 2"):
        parse_registry_pol(b"PReg\x02\x00\x00\x00")
    truncated = b"PReg\x01\x00\x00\x00" + _record("K", "V", 4, b"\x01\x00\x00\x00")[:-6]
    with pytest.raises(ValueError, match=r"runs past the end|expected"):
        parse_registry_pol(truncated)


#: ``auditpol /get /category:* /r`` as Windows Server writes it (English UI): six columns, no
#: Setting Value, GUIDs in upper case. Recorded layout per the auditpol documentation (/r:
#: "report format, comma-separated value").
AUDITPOL_REPORT = (
    "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting\r\n"
    "SRV-OCMW01,System,Security State Change,{0CCE9210-69AE-11D9-BED3-505054503030},Success,\r\n"
    "SRV-OCMW01,System,File System,{0CCE921D-69AE-11D9-BED3-505054503030},No Auditing,\r\n"
    "SRV-OCMW01,System,Security Group Management,{0CCE9237-69AE-11D9-BED3-505054503030},Success and Failure,\r\n"
)  # fmt: skip


def test_auditpol_report_and_gpo_audit_csv() -> None:
    rows = parse_audit_csv(AUDITPOL_REPORT)
    assert [(r.machine, r.subcategory, r.guid, r.success, r.failure) for r in rows] == [
        ("SRV-OCMW01", "Security State Change", "0cce9210-69ae-11d9-bed3-505054503030", True, False),
        ("SRV-OCMW01", "File System", "0cce921d-69ae-11d9-bed3-505054503030", False, False),
        ("SRV-OCMW01", "Security Group Management", "0cce9237-69ae-11d9-bed3-505054503030", True, True),
    ]  # fmt: skip
    gpo = (DC_GPO / "Machine" / "Microsoft" / "Windows NT" / "Audit" / "audit.csv").read_text()
    names = [(r.subcategory, r.success, r.failure) for r in parse_audit_csv(gpo)]
    assert names == [
        ("Audit Security Group Management", True, True),
        ("Audit User Account Management", True, True),
        ("Audit Directory Service Changes", False, False),
        ("Audit Logon", True, True),
    ]  # the Option:CrashOnAuditFail row is not a subcategory


def test_auditpol_localised_text_is_refused_with_its_line() -> None:
    dutch = AUDITPOL_REPORT.replace("Success and Failure", "Geslaagd en mislukt")
    with pytest.raises(ValueError, match="line 4: Inclusion Setting 'Geslaagd en mislukt'"):
        parse_audit_csv(dutch)


def _spec(path: Path) -> SourceSpec:
    return SourceSpec(id="sysvol", type=SourceType.sysvol, path=str(path))


def test_collect_reads_every_gpo_of_a_sysvol_copy() -> None:
    collected = collect(_spec(COPY), Path("."), NOW)
    assert collected.provides == ["gpo.settings"]
    assert not collected.partial
    assert collected.policy is not None
    by_guid = {g.guid: g for g in collected.policy.gpos}
    assert sorted(by_guid) == [
        "31b2f340-016d-11d2-945f-00c04fb984f9",
        "5c3a1e7b-2d4f-4b8e-9a61-0c7d3e2f1a90",
        "6ac1786c-016f-11d2-945f-00c04fb984f9",
    ]
    ocmw = by_guid["5c3a1e7b-2d4f-4b8e-9a61-0c7d3e2f1a90"]
    assert [(r.name, r.data, r.origin) for r in ocmw.registry if r.origin == "Registry.pol"] == [
        ("MaxSize", 196608, "Registry.pol"),
        ("Retention", "0", "Registry.pol"),
        ("EnableMulticast", 0, "Registry.pol"),
    ]
    assert [(a.subcategory, a.success, a.failure) for a in ocmw.audit] == [
        ("Audit File System", False, True),
        ("Audit File Share", True, False),
        ("Audit Logon", True, True),
    ]


def test_collect_case_insensitive_and_partial(tmp_path: Path) -> None:
    root = tmp_path / "sysvol"
    shutil.copytree(POLICIES, root / "Policies")
    # Samba writes MACHINE in upper case
    (root / "Policies" / OCMW_GPO.name / "Machine").rename(
        root / "Policies" / OCMW_GPO.name / "MACHINE"
    )
    (root / "Policies" / DC_GPO.name / "GPT.INI").unlink()
    pol = root / "Policies" / "{31B2F340-016D-11D2-945F-00C04FB984F9}" / "Machine" / "Registry.pol"
    pol.write_bytes(b"garbage!")
    collected = collect(_spec(root), Path("."), NOW)
    assert collected.policy is not None
    ocmw = next(g for g in collected.policy.gpos if g.guid.startswith("5c3a"))
    assert len(ocmw.audit) == 3
    assert collected.partial
    assert [w.replace(str(root), "R") for w in collected.warnings] == [
        "R/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}: Registry.pol: not a Registry.pol file "
        "(no 'PReg' signature)",
        "R/Policies/{6AC1786C-016F-11D2-945F-00C04FB984F9}: no GPT.INI (an incomplete GPO folder)",
    ]


def test_a_file_that_cannot_be_read_leaves_its_gpo_unread(tmp_path: Path) -> None:
    """A GptTmpl.inf that cannot be read (here: a folder in its place, so reading it fails as an
    unreadable file does) is an error of its GPO, not only of the source: the GPO is then
    unread for the analysis, so a setting it may hold is unknown, never "not set"."""
    root = tmp_path / "sysvol"
    shutil.copytree(POLICIES, root / "Policies")
    template = root / "Policies" / OCMW_GPO.name / "Machine" / "Microsoft" / "Windows NT"
    template = template / "SecEdit" / "GptTmpl.inf"
    template.unlink()
    template.mkdir()
    collected = collect(_spec(root), Path("."), NOW)
    assert collected.partial and collected.policy is not None
    ocmw = next(g for g in collected.policy.gpos if g.guid.startswith("5c3a"))
    assert [e.split(" (")[0] for e in ocmw.errors] == [
        "Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf: cannot read"
    ]
    assert len(ocmw.audit) == 3  # what could be read is kept
    assert [w.replace(str(root), "R").split(" (")[0] for w in collected.warnings] == [
        "R/Policies/{5C3A1E7B-2D4F-4B8E-9A61-0C7D3E2F1A90}: "
        "Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf: cannot read"
    ]


def test_collect_fails_without_policies(tmp_path: Path) -> None:
    with pytest.raises(SourceFailed, match="no Policies folder"):
        collect(_spec(tmp_path), Path("."), NOW)
    with pytest.raises(SourceFailed, match="not a folder"):
        collect(_spec(tmp_path / "missing"), Path("."), NOW)


def test_smb_url_of_a_sysvol_source() -> None:
    from kszcheck.collectors.sysvol.smbtree import smb_location
    from kszcheck.model.errors import InputError

    spec = SourceSpec(
        id="gpo",
        type=SourceType.sysvol,
        url="smb://dc1.voorbeeld.local:4445/SYSVOL/voorbeeld.local/Policies",
        username="VOORBEELD\\svc_kszcheck",
        password={"env": "X"},
        options={"require_encryption": True},
    )
    target, share, base = smb_location(spec)
    assert (target.host, target.port, target.require_signing, target.require_encryption) == (
        "dc1.voorbeeld.local",
        4445,
        True,
        True,
    )
    assert (share, base) == ("SYSVOL", ("voorbeeld.local", "Policies"))
    with pytest.raises(InputError, match="is not smb://"):
        smb_location(spec.model_copy(update={"url": "https://dc1/SYSVOL"}))
    with pytest.raises(InputError, match="unknown option"):
        smb_location(spec.model_copy(update={"options": {"depth": 2}}))
