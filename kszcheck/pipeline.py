"""The pipeline: collect a site's facts, evaluate them, write the run's outputs.

    collect(site_path, now)                      -> Collection (site, site file, snapshot);
                                                    load_profile + collect_profile in two steps
                                                    (kszcheck.collection, re-exported here: all
                                                    that ``kszcheck collect`` imports)
    evaluate_snapshot(site, site_file, snapshot, now)
                                                 -> Assessment (rules + the site's rule packs and
                                                    the norm files, with the site's waivers)
    history_place(option, site, site_file, out_dir)
                                                 -> where the run is stored (--history, the
                                                    profile's history:, or the site's default
                                                    history in the user's data folder)
    default_history(site_name)                   -> that default history (without a name: the
                                                    one written last)
    check_history(place)                         -> refuse a --history that is not a kszcheck
                                                    history before anything is collected
    record_and_write(place, out_dir, snapshot, assessment, lang, ...)
                                                 -> the run stored in the history and its run
                                                    folder written, all or nothing
    write_outputs(out_dir, snapshot, assessment, lang)
                                                 -> the run folder: snapshot.json, assessment.json,
                                                    report.html (the one place a run is written)
    mail_report(...), load_snapshot(path), load_assessment(path)

The command line (``kszcheck.cli``) only parses arguments, calls these and prints; the benchmarks
and the tests call them directly. Nothing here prints: what a person should see (a lost source, a
history that could not be stored, a mail not sent) is returned or passed to the ``warn`` callback.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kszcheck import __version__
from kszcheck.catalogue import Catalogue, load_catalogue
from kszcheck.catalogue.packs import catalogue_for_site
from kszcheck.collection import Collection, collect, collect_profile, load_profile, lost_sources
from kszcheck.config import load_waivers, site_waiver_file
from kszcheck.config.files import read_text
from kszcheck.engine import evaluate
from kszcheck.engine.problems import group_problems
from kszcheck.history import (
    HistoryError,
    HistoryTarget,
    SpooledRun,
    is_url,
    open_history,
    parse_target,
    recording,
    spool_run,
)
from kszcheck.history import check_history as _check_history
from kszcheck.model.common import LocalizedText
from kszcheck.model.problems import ActionPlanSettings
from kszcheck.model.results import Assessment
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot, snapshot_from_json, snapshot_to_json, text_sha256
from kszcheck.model.snapshot_pieces import pieces_snapshot, saved_sha256
from kszcheck.notify import MailError, send_report
from kszcheck.paths import site_data_dir, site_slug, user_data_dir
from kszcheck.report.html import render_html
from kszcheck.report.json_ import read_assessment, render_json
from kszcheck.run_folder import write_run_folder

__all__ = [
    "HISTORY_FILE",
    "RUN_FILES",
    "Collection",
    "HistoryPlace",
    "SavedSnapshot",
    "check_history",
    "collect",
    "collect_profile",
    "default_history",
    "default_output_dir",
    "evaluate_snapshot",
    "history_place",
    "load_assessment",
    "load_profile",
    "load_snapshot",
    "lost_sources",
    "mail_report",
    "record_and_write",
    "saved",
    "write_outputs",
]

#: The files of a run folder, in the order they are written.
RUN_FILES = ("snapshot.json", "assessment.json", "report.html")
#: The file name of a default history (``default_history``).
HISTORY_FILE = "history.sqlite"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class SavedSnapshot:
    """A snapshot as ``snapshot.json`` holds it, and its SHA-256: made once per run, as dumping
    a large snapshot takes seconds (``saved``)."""

    text: str
    sha256: str


def saved(snapshot: Snapshot) -> SavedSnapshot:
    """The snapshot's saved form and hash (the same hash as ``Snapshot.content_hash``)."""
    text = snapshot_to_json(snapshot)
    return SavedSnapshot(text, text_sha256(text))


def evaluate_snapshot(
    site: SiteProfile,
    site_file: Path,
    snapshot: Snapshot,
    now: datetime,
    catalogue: Catalogue | None = None,
    saved_form: SavedSnapshot | None = None,
    progress: Callable[[int, int], None] | None = None,
    snapshot_hash: str | None = None,
) -> Assessment:
    """Evaluate the snapshot against the catalogue (default: the shipped rules), the site's rule
    packs (``rule_packs:``) and the norm files, with the site's waivers. ``saved_form``: the
    snapshot's saved form when the caller made it (its hash is not computed again), or
    ``snapshot_hash`` its hash alone (``load_snapshot``); ``progress`` gets (rules evaluated,
    rules)."""
    waiver_file = site_waiver_file(site, site_file)
    waivers = load_waivers(waiver_file) if waiver_file else []
    full = catalogue_for_site(catalogue or load_catalogue(), site, site_file)
    return evaluate(
        snapshot,
        site,
        full.catalogue.rules,
        full.checks,
        waivers,
        now,
        tool_version=__version__,
        catalogue_version=full.catalogue.version,
        site_source=str(site_file),
        norms=full.norms,
        snapshot_hash=saved_form.sha256 if saved_form else snapshot_hash,
        progress=progress,
    )


@dataclass(frozen=True)
class HistoryPlace:
    """Where a scan stores its run: the history, the spool for runs that must wait, and how the
    overview links to the report (``{site}``: the report folder's name)."""

    target: HistoryTarget
    spool: Path
    report_url: str = ""

    def report_link(self, out_dir: Path) -> str:
        if self.report_url:
            return self.report_url.replace("{site}", out_dir.name)
        return (out_dir / "report.html").resolve().as_uri()


def history_place(
    option: str | None, site: SiteProfile | None, site_file: Path | None, reports: Path
) -> HistoryPlace:
    """``--history`` (or ``$KSZCHECK_HISTORY``) first, then the profile's ``history:``, else the
    site's default history in the user's data folder (``default_history``): the same for every
    ``-o``, so ``kszcheck history`` and ``diff`` find it without options. Without a site (``history
    push`` without a profile) the most recently used default history. The spool is the profile's
    ``history.spool``, else ``history-spool`` in ``reports`` (the folder of the run folders)."""
    settings = site.history if site is not None else None
    base = site_file.parent if site_file is not None else Path(".")
    spool = reports / "history-spool"
    if settings is not None and settings.spool:
        spool = base / Path(settings.spool).expanduser()
    report_url = settings.report_url if settings is not None else ""
    if option:
        target = parse_target(option)
    elif settings is not None:
        url = settings.url if is_url(settings.url) else str(base / Path(settings.url).expanduser())
        target = parse_target(url, password=settings.password, base=base)
    else:
        target = parse_target(str(default_history(site.name if site is not None else None)))
    return HistoryPlace(target, spool, report_url)


def default_history(site_name: str | None) -> Path:
    """The default history: ``history.sqlite`` in the site's folder of the user's data folder
    (``kszcheck.paths.site_data_dir``). Without a site name: the default history written last
    (where ``history`` and ``diff`` look without options), else where the next one would be."""
    if site_name is not None:
        return site_data_dir(site_name) / HISTORY_FILE
    found = [p for p in (user_data_dir() / "sites").glob(f"*/{HISTORY_FILE}") if p.is_file()]
    if found:
        return max(found, key=lambda p: (p.stat().st_mtime_ns, str(p)))
    return user_data_dir() / "sites" / HISTORY_FILE


def check_history(place: HistoryPlace) -> None:
    """Refuse a history target that must not be used (a file that is not a kszcheck history, a
    newer schema, a URL with a password) with ``HistoryError`` (exit 2), before anything is
    collected or written."""
    _check_history(place.target)


def record_and_write(
    place: HistoryPlace,
    out_dir: Path,
    snapshot: Snapshot,
    assessment: Assessment,
    lang: str,
    *,
    warn: Warn,
    notice: Callable[[LocalizedText], None] | None = None,
    saved_form: SavedSnapshot | None = None,
    action_plan: ActionPlanSettings | None = None,
) -> tuple[Assessment, Path]:
    """Store the run in the history and write its run folder: the assessment as written (with
    what changed since the previous run) and the report's path.

    The run is committed to the history only once its folder is written: a write error
    (``OutputError``) leaves neither a run in the history nor a changed folder. A history that
    cannot be used now (locked past the wait, a server down) never loses the run: its folder is
    written all the same, the run waits in the spool (``kszcheck history push`` sends it), and
    ``warn`` gets one line. ``notice`` gets the store's own notice when it upgraded the history
    (a history created now shows as the assessment's ``changes.first_run``).
    ``saved_form``: the snapshot's saved form when the caller made it. ``action_plan``: the
    site's settings, to count a problem's days from the day the history first saw it.
    """
    uid, recorded_at, report = uuid.uuid4().hex, datetime.now(UTC), place.report_link(out_dir)
    written: tuple[Assessment, Path] | None = None
    try:
        with open_history(place.target) as store:
            if store.notice and notice is not None and not store.created:
                notice(store.notice)
            with recording(store, assessment, recorded_at, uid=uid, report=report) as annotated:
                annotated = due_from_first_seen(annotated, action_plan)
                written = annotated, write_outputs(out_dir, snapshot, annotated, lang, saved_form)
        return written
    except HistoryError as exc:
        # the folder is written all the same (or was, and then the commit failed: the spooled
        # copy carries the run's id, so a push never stores it twice)
        result = written or (
            assessment,
            write_outputs(out_dir, snapshot, assessment, lang, saved_form),
        )
        try:
            kept = spool_run(place.spool, SpooledRun(uid, recorded_at, report, assessment))
        except OSError as error:
            warn(f"history not stored: {exc}; nor kept in {place.spool}: {error.strerror}")
        else:
            warn(
                f"history not stored now: {exc}; the run waits in {kept.parent} "
                "(kszcheck history push sends it)"
            )
        return result


def due_from_first_seen(
    assessment: Assessment, action_plan: ActionPlanSettings | None
) -> Assessment:
    """The problems grouped again once the history has told when each finding was first seen:
    an open problem's days count from then (``engine.problems``)."""
    if not any(f.first_seen for r in assessment.results for f in r.findings):
        return assessment
    problems = group_problems(
        assessment.results, assessment.rules, assessment.evaluated_at.date(), action_plan
    )
    return assessment.model_copy(update={"problems": problems})


def write_outputs(
    out_dir: Path,
    snapshot: Snapshot,
    assessment: Assessment,
    lang: str,
    saved_form: SavedSnapshot | None = None,
) -> Path:
    """Write the run folder (``RUN_FILES``) and return the report's path (``saved_form``: the
    snapshot's saved form when the caller made it).

    Everything is rendered before anything is written, and the folder is written all or nothing
    (``kszcheck.run_folder``): a failure raises ``OutputError`` and leaves the previous run's
    files as they were.
    """
    files = {
        "snapshot.json": saved_form.text if saved_form else snapshot_to_json(snapshot),
        "assessment.json": render_json(assessment),
        "report.html": render_html(assessment, lang),
    }
    write_run_folder(out_dir, {name: files[name] for name in RUN_FILES})
    return out_dir / "report.html"


def default_output_dir(site: SiteProfile, reports: Path = Path("reports")) -> Path:
    """``reports/<site-slug>`` (``kszcheck.paths.site_slug``)."""
    return reports / site_slug(site.name)


def mail_report(
    site: SiteProfile,
    site_file: Path,
    to: list[str],
    assessment: Assessment,
    report: Path,
    lang: str,
    *,
    warn: Warn,
) -> None:
    """E-mail the summary with the report attached (``notify:`` in site.yaml); a failure is one
    line to ``warn``, never a lost run."""
    try:
        send_report(site.notify, to, assessment, report, lang, base=site_file.parent)
    except MailError as exc:
        warn(f"mail not sent: {exc}")


def load_snapshot(path: Path) -> tuple[Snapshot, str]:
    """Read a saved snapshot.json, with its content hash (``Snapshot.content_hash``); a bad
    file raises ``KszError`` naming it.

    A file that kszcheck wrote is parsed a long list at a time (``model.snapshot_pieces``): a
    200 000-user snapshot then needs about half the memory. That result is kept only when it
    saves to the same text (the same SHA-256), which proves it is what the whole parse gives;
    otherwise the file is parsed whole, as before. The text is let go before the snapshot is
    saved again for its hash, so the two texts are never in memory together.
    """
    text = read_text(path)
    snapshot = pieces_snapshot(text)
    if snapshot is not None:
        digest = text_sha256(text)
        del text
        if saved_sha256(snapshot) == digest:
            gc.freeze()  # as snapshot_from_json: the facts live as long as the run
            return snapshot, digest
        del snapshot
        text = read_text(path)
    snapshot = snapshot_from_json(text, str(path))
    del text
    return snapshot, snapshot.content_hash()


def load_assessment(path: Path) -> Assessment:
    """Read a saved assessment.json; a bad file raises ``KszError`` naming it. An assessment
    written before problems existed gets them now (with the default deadlines)."""
    assessment = read_assessment(read_text(path), path)
    if not assessment.problems:
        problems = group_problems(
            assessment.results, assessment.rules, assessment.evaluated_at.date()
        )
        assessment = assessment.model_copy(update={"problems": problems})
    return assessment
