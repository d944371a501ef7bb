"""Cut every input of the example administration at entry and line boundaries and look for
silent flips: a rule that fails on the whole example and passes on the cut input while the cut
source is reported complete (kszcheck's first promise: never a pass on facts not read
completely).

In-process: the example is collected once; each cut re-collects only the source of the cut
file, assembles the snapshot with the other sources' facts (as ``collect_site`` does, with the
reconciliation of the inventories), and evaluates the rules that fail on the whole example.
``python -m tests.completeness.sweep`` prints the figures."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue import load_catalogue
from kszcheck.checks.registry import registered
from kszcheck.collectors.run import SourceResult, assemble, collect_source
from kszcheck.config import load_site
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.engine.params import resolve_params
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.results import Outcome
from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import Snapshot
from kszcheck.paths import example_dir

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
#: At least this many cuts per file (every boundary when the file has fewer).
MIN_CUTS = 50


@dataclass(frozen=True)
class Flip:
    file: str
    cut: str  # "entry 40 of 138" / "line 12 of 48"
    rule_id: str
    source_status: str


@dataclass
class SweepResult:
    cuts: dict[str, int] = field(default_factory=dict)  # file -> number of cuts
    silent: list[Flip] = field(default_factory=list)
    flagged: list[Flip] = field(default_factory=list)  # fail -> pass, but the source said so


def _boundaries(count: int) -> list[int]:
    """Keep-the-first-k cuts, k in 0..count-1, at least MIN_CUTS of them when possible."""
    if count <= MIN_CUTS + 10:
        return list(range(count))
    step = count / (MIN_CUTS + 10)
    return sorted({int(i * step) for i in range(MIN_CUTS + 10)})


_ENCODINGS = ((b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8"))


def _cuts(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, content) of each cut of a file: LDIF at entry boundaries, other text at lines, in
    the file's own encoding (a UTF-16 or UTF-8 byte-order mark is kept); binary files are not
    cut (their formats carry their own lengths)."""
    data = path.read_bytes()
    bom, encoding = next(((b, e) for b, e in _ENCODINGS if data.startswith(b)), (b"", "utf-8"))
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError:
        return
    if "\x00" in text:
        return
    if path.suffix == ".ldif":
        entries = text.rstrip("\n").split("\n\n")
        for k in _boundaries(len(entries)):
            yield f"entry {k} of {len(entries)}", ("\n\n".join(entries[:k]) + "\n\n").encode()
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.rstrip("\r\n").split(newline)
    for k in _boundaries(len(lines)):
        yield (
            f"line {k} of {len(lines)}",
            bom + (newline.join(lines[:k]) + newline).encode(encoding),
        )


def _files(site: SiteProfile, base: Path) -> list[tuple[int, Path]]:
    """(index of the source in site.sources, file it reads) for every input file."""
    found: list[tuple[int, Path]] = []
    for index, spec in enumerate(site.sources):
        if not spec.path:
            continue
        path = base / spec.path
        found += (
            [(index, p) for p in sorted(path.rglob("*")) if p.is_file()]
            if path.is_dir()
            else [(index, path)]
        )
        hosts = spec.options.get("hosts")
        if hosts:
            found.append((index, base / str(hosts)))
    return found


class Sweep:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.site = load_site(base / "site.yaml")
        catalogue = load_catalogue()
        self.rules = catalogue.rules
        self.checks = registered()
        self.parts = [self._collect(spec) for spec in self.site.sources]
        baseline = self.evaluate(assemble(self.site, NOW, self.parts), list(self.rules))
        self.failing = sorted(r for r, o in baseline.items() if o is Outcome.fail)

    def _collect(self, spec: SourceSpec) -> SourceResult:
        return collect_source(spec, self.base, NOW)

    def evaluate(self, snapshot: Snapshot, rule_ids: list[str]) -> dict[str, Outcome]:
        facts = Facts(snapshot, self.site, NOW)
        availability = Availability(snapshot.sources)
        return {
            rule_id: evaluate_rule(
                self.rules[rule_id],
                self.checks.get(rule_id),
                facts,
                availability,
                resolve_params(self.rules[rule_id], self.site.params.get(rule_id)),
                [],
            ).outcome
            for rule_id in rule_ids
        }

    def run(self) -> SweepResult:
        result = SweepResult()
        for index, path in _files(self.site, self.base):
            original = path.read_bytes()
            name = path.relative_to(self.base).as_posix()
            try:
                for label, content in _cuts(path):
                    path.write_bytes(content)
                    result.cuts[name] = result.cuts.get(name, 0) + 1
                    self._one(result, index, name, label)
            finally:
                path.write_bytes(original)
        return result

    def _one(self, result: SweepResult, index: int, name: str, label: str) -> None:
        parts = list(self.parts)
        parts[index] = self._collect(self.site.sources[index])
        snapshot = assemble(self.site, NOW, parts)
        source = snapshot.sources[index]
        for rule_id, outcome in self.evaluate(snapshot, self.failing).items():
            if outcome is not Outcome.pass_:
                continue
            flip = Flip(name, label, rule_id, source.status.value)
            if source.status is CollectionStatus.complete:
                result.silent.append(flip)
            else:
                result.flagged.append(flip)


def sweep(workdir: Path) -> SweepResult:
    base = workdir / "example"
    shutil.copytree(example_dir(), base)
    return Sweep(base).run()


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = sweep(Path(tmp))
    seconds = time.perf_counter() - started
    print(f"{sum(result.cuts.values())} cuts of {len(result.cuts)} files in {seconds:.1f} s")
    for name, count in sorted(result.cuts.items()):
        silent = sum(1 for f in result.silent if f.file == name)
        print(f"  {name}: {count} cuts, {silent} silent flips")
    print(f"silent flips: {len(result.silent)}; flips flagged by the source: {len(result.flagged)}")
    for flip in result.silent[:40]:
        print(f"  SILENT {flip.file} {flip.cut}: {flip.rule_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
