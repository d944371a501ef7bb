"""The README's quick start (issue 19): the commands it documents exist, CI (.ci/run) runs
exactly its two commands, the Windows lines are the same steps, and the demo command runs in a
fresh venv of a copy of the repository as a newcomer types it.

The fresh-venv test needs the package index (pip downloads the dependencies): it is skipped
without network, as in the landing run; CI (.ci/run, with network) runs it, and .ci/run itself
runs the same commands first.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest

from kszcheck.cli.root import cli
from tests.support import ROOT

README = (ROOT / "README.md").read_text("utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text("utf-8")


def blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def quick_start() -> str:
    return README[README.index("## Quick start") : README.index("## Using it on your own")]


def test_the_quick_start_has_one_demo_and_one_test_command() -> None:
    demo, tests = blocks(quick_start(), "sh")
    assert demo == (
        "python3 -m venv .venv && .venv/bin/python -m pip install . && .venv/bin/kszcheck demo\n"
    )
    assert tests == (
        "python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]' && "
        ".venv/bin/python -m pytest -q\n"
    )


def test_ci_runs_the_readme_commands_as_written() -> None:
    demo, tests = (block.strip() for block in blocks(quick_start(), "sh"))
    lines = CI_RUN.splitlines()
    assert f"{demo} || status=$?" in lines  # exit 3: the example has gaps on purpose
    assert lines[-1] == tests
    assert lines.index(f"{demo} || status=$?") < len(lines) - 1


def test_the_windows_lines_are_the_same_steps() -> None:
    (windows,) = blocks(quick_start(), "powershell")
    demo = blocks(quick_start(), "sh")[0].strip()
    translated = [
        step.replace("python3 -m venv", "py -m venv").replace(".venv/bin/", ".venv\\Scripts\\")
        for step in demo.split(" && ")
    ]
    assert windows.splitlines() == translated


def _documented_commands() -> list[list[str]]:
    """Every ``kszcheck ...`` line of the README's sh blocks, as words (without comments)."""
    found = []
    for block in blocks(README, "sh"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            for start, word in enumerate(words):
                if word.endswith("kszcheck") and (start == 0 or words[start - 1] == "&&"):
                    found.append(words[start + 1 :])
    return found


def _command(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command the words name (following groups) and the words after its name."""
    context = click.Context(cli)
    command: click.Command = cli
    rest = list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        found = command.get_command(context, rest[0])
        if found is None:
            break
        command, rest = found, rest[1:]
    return command, rest


def test_every_documented_command_and_option_exists() -> None:
    commands = _documented_commands()
    assert len(commands) >= 20
    for words in commands:
        command, rest = _command(words)
        assert command is not cli, words
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        given = {w.split("=")[0] for w in rest if w.startswith("-")}
        assert given <= options | {"--help", "-h"}, (words, sorted(given - options))


def _index_reachable() -> bool:
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple")
    parts = urlsplit(index)
    try:
        with socket.create_connection((parts.hostname or "pypi.org", parts.port or 443), 3):
            return True
    except OSError:
        return False


def _copy_of_the_repository(target: Path) -> Path:
    """The repository's files as a fresh clone has them (git's tracked and new files, as they
    are in the working tree): no .venv, no reports."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.slow
def test_the_quick_start_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("python3") is None:
        pytest.skip("needs git and python3 on PATH")
    if not _index_reachable():
        pytest.skip("the package index is not reachable (no network): pip cannot install")
    clone = _copy_of_the_repository(tmp_path / "clone")
    demo = blocks(quick_start(), "sh")[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "KSZCHECK"))}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))
    )
    done = subprocess.run(
        ["bash", "-c", demo], cwd=clone, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]
    assert (clone / "reports" / "example" / "report.html").is_file()
    lines = done.stdout.splitlines()
    assert "Gemeente en OCMW Voorbeeld: Tekortkomingen" in lines
    assert "rapport: reports/example/report.html" in lines
    example = next(line for line in lines if line.startswith("Het voorbeeld staat in "))
    assert "site-packages" in example  # the installed copy: --copy gives one to edit
