"""``kszcheck --help`` starts without the engine: the command group lists its commands from
``root.COMMANDS`` and imports a command's module only when that command runs. The table is kept
in step with the commands here, and ``collect`` imports only the collection (speed itself is
measured by benchmarks/startup.py)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

from kszcheck.cli.root import COMMANDS, cli
from kszcheck.config import load_site
from kszcheck.paths import example_dir


def test_the_table_names_every_command_with_its_module_and_help() -> None:
    for module in sorted({m for m, _ in COMMANDS.values()}):
        importlib.import_module(f"kszcheck.cli.{module}")
    assert sorted(cli.commands) == sorted(COMMANDS)
    for name, command in cli.commands.items():
        module, text = COMMANDS[name]
        assert command.callback is not None
        assert command.callback.__module__ == f"kszcheck.cli.{module}", name
        first = (command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == text, name


def test_help_imports_neither_the_engine_nor_pydantic_nor_rich() -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from kszcheck.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "import json\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'help': out.getvalue()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    found = json.loads(done.stdout)
    loaded = set(found["modules"])
    assert not {"pydantic", "rich", "yaml", "kszcheck.pipeline", "kszcheck.cli.app"} & loaded
    assert not [m for m in loaded if m.startswith("kszcheck.cli.commands_")]
    listed = [line.split()[0] for line in found["help"].split("Commands:")[1].splitlines() if line]
    assert listed == sorted(COMMANDS)


#: What ``kszcheck collect`` of the example never uses: the evaluation, the history, the reports,
#: the mail, the SMB client (its file servers are an ``smb_recorded`` source), and the HTTPS of
#: the NetBox collector (it has no NetBox source).
NOT_FOR_COLLECT = {
    "kszcheck.pipeline",
    "kszcheck.catalogue",
    "kszcheck.engine",
    "kszcheck.checks",
    "kszcheck.analysis",
    "kszcheck.history",
    "kszcheck.notify",
    "kszcheck.report.html",
    "kszcheck.report.viewmodel",
    "kszcheck.collectors.smb_client",
    "jinja2",
    "smbprotocol",
    "ssl",
    "urllib.request",
}


def test_collect_imports_only_what_it_uses(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.json"
    probe = (
        "import sys, json\n"
        "from kszcheck.cli import main\n"
        "try:\n"
        f"    main(['collect', {str(example_dir())!r}, '-o', {str(snapshot)!r}, '--quiet'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'code': code}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    found = json.loads(done.stdout)
    assert found["code"] == 0, done.stderr
    loaded = set(found["modules"])
    assert NOT_FOR_COLLECT & loaded == set()
    # it did collect: the command, the collection step and the example's collectors ran
    assert {
        "kszcheck.cli.commands_collect",
        "kszcheck.collection",
        "kszcheck.collectors.ldif",
        "kszcheck.collectors.smb",
        "kszcheck.collectors.sysvol.collect",
    } <= loaded
    assert not {"kszcheck.cli.commands_run", "kszcheck.cli.scan_many"} & loaded
    sources = {s["source_id"]: s["status"] for s in json.loads(snapshot.read_text())["sources"]}
    assert sources == {s.id: "complete" for s in load_site(example_dir()).sources}
