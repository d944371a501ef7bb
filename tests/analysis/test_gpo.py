"""GPO precedence: link order, block inheritance, enforcement, disabled links and GPOs."""

from __future__ import annotations

from kszcheck.analysis.gpo import GpoResolver
from kszcheck.model.directory import Directory, Domain, Gpo, GpoLink, OrganizationalUnit
from kszcheck.model.policy import AuditSetting, EventLogSetting, GpoContent, Policy, RegistrySetting

BASE = "DC=voorbeeld,DC=local"
OCMW = f"OU=OCMW,{BASE}"
SERVERS = f"OU=Servers,{OCMW}"
LANMAN = "System\\CurrentControlSet\\Services\\LanManServer\\Parameters"
GROUP_MGMT = "0cce9237-69ae-11d9-bed3-505054503030"


def _dn(name: str) -> str:
    return f"CN={{{name}}},CN=Policies,CN=System,{BASE}"


def _gpo(name: str, flags: int = 0) -> Gpo:
    return Gpo(dn=_dn(name), guid=name.lower(), display_name=f"GPO {name}", flags=flags)


def _link(name: str, order: int, enforced: bool = False, disabled: bool = False) -> GpoLink:
    return GpoLink(gpo_dn=_dn(name), order=order, enforced=enforced, disabled=disabled)


def _signing(name: str, value: int) -> GpoContent:
    return GpoContent(
        guid=name.lower(),
        registry=[RegistrySetting(key=LANMAN, name="RequireSecuritySignature", data=value,
                                  origin="GptTmpl.inf")],
    )  # fmt: skip


def _directory(block: bool) -> Directory:
    return Directory(
        domains=[Domain(dn=BASE, gp_links=[_link("D1", 2), _link("DE", 1, enforced=True)])],
        ous=[
            OrganizationalUnit(dn=OCMW, gp_links=[_link("O1", 1)], block_inheritance=block),
            OrganizationalUnit(
                dn=SERVERS,
                gp_links=[
                    _link("S2", 2),
                    _link("S1", 1),
                    _link("SX", 3, disabled=True),
                    _link("SU", 4),
                ],
            ),
        ],
        gpos=[_gpo(n) for n in ("D1", "DE", "O1", "S1", "S2", "SX")] + [_gpo("SU", flags=2)],
    )


def test_order_lowest_precedence_first() -> None:
    resolver = GpoResolver(_directory(block=False), Policy())
    effective = resolver.effective(f"CN=SRV-OCMW01,{SERVERS}")
    # D1 (domain), O1, S2 then S1 (link order 1 wins), the enforced DE last; SX disabled link,
    # SU has its computer settings disabled
    assert [g.name for g in effective.gpos] == ["GPO D1", "GPO O1", "GPO S2", "GPO S1", "GPO DE"]
    assert effective.unread == ["GPO D1", "GPO O1", "GPO S2", "GPO S1", "GPO DE"]


def test_block_inheritance_keeps_only_enforced_links_from_above() -> None:
    resolver = GpoResolver(_directory(block=True), Policy())
    names = [g.name for g in resolver.effective(SERVERS).gpos]
    assert names == ["GPO O1", "GPO S2", "GPO S1", "GPO DE"]
    assert [g.name for g in resolver.effective(BASE).gpos] == ["GPO D1", "GPO DE"]


def test_last_gpo_that_sets_a_value_wins_and_enforced_wins_over_all() -> None:
    policy = Policy(gpos=[_signing("D1", 1), _signing("S1", 0), _signing("S2", 1)])
    effective = GpoResolver(_directory(block=False), policy).effective(SERVERS)
    setting = effective.registry(LANMAN.upper(), "requiresecuritysignature")
    assert setting is not None and (setting.value, setting.gpo) == (0, "GPO S1")
    assert effective.unread == ["GPO O1", "GPO DE"]
    policy.gpos.append(_signing("DE", 1))
    setting = (
        GpoResolver(_directory(block=False), policy)
        .effective(SERVERS)
        .registry(LANMAN, "RequireSecuritySignature")
    )
    assert setting is not None and (setting.value, setting.gpo) == (1, "GPO DE")


def test_audit_and_event_log_from_both_file_kinds() -> None:
    policy = Policy(
        gpos=[
            GpoContent(
                guid="d1",
                audit=[AuditSetting(subcategory="Audit Security Group Management",
                                    guid=GROUP_MGMT, success=True, failure=True)],
                event_logs=[EventLogSetting(log="security", max_size_kb=20480,
                                            retention="overwrite")],
            ),
            GpoContent(
                guid="s1",
                registry=[RegistrySetting(
                    key="Software\\Policies\\Microsoft\\Windows\\EventLog\\Security",
                    name="MaxSize", data=196608, origin="Registry.pol")],
            ),
        ]
    )  # fmt: skip
    effective = GpoResolver(_directory(block=False), policy).effective(SERVERS)
    audit = effective.audit("{0CCE9237-69AE-11D9-BED3-505054503030}")
    assert audit is not None and audit[1] == "GPO D1" and audit[0].success
    log, names = effective.event_log("security")
    assert (log.max_size_kb, log.retention, names) == (196608, "overwrite", ["GPO D1", "GPO S1"])
