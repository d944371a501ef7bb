"""``kszcheck --help`` starts without the engine: the command group lists its commands from
``root.COMMANDS`` and imports a command's module only when that command runs. The table is kept
in step with the commands here (speed itself is measured by benchmarks/startup.py)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

from kszcheck.cli.root import COMMANDS, cli


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
