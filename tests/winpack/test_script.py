"""The shipped PowerShell script: syntax (tree-sitter's PowerShell grammar, as no PowerShell
runs here), Windows PowerShell 5.1 compatibility (no PowerShell 7 syntax, ASCII source), and
the names and columns of the files it writes, fixed against the collector's list."""

from __future__ import annotations

import re

import pytest
import tree_sitter
import tree_sitter_powershell
from click.testing import CliRunner

from kszcheck.cli import cli
from kszcheck.collectors.winexport.files import AUDITPOL_FOLDER, CSV_FILES, MANIFEST, VEEAM_FILES
from kszcheck.winpack import script_text

SCRIPT = script_text()
PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def _syntax_errors(source: str) -> list[str]:
    tree = PARSER.parse(source.encode("utf-8"))
    found: list[str] = []

    def walk(node: tree_sitter.Node) -> None:
        if node.type == "ERROR" or node.is_missing:
            found.append(f"line {node.start_point[0] + 1}: {node.type}")
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    return found


def test_the_script_parses_and_the_checker_catches_errors() -> None:
    assert _syntax_errors(SCRIPT.lstrip("\ufeff")) == []
    assert _syntax_errors("function Read-X { if ($a { 'x' }") != []


#: PowerShell 7 syntax that Windows PowerShell 5.1 cannot run, and cmdlet parameters it lacks.
PS7_ONLY = {
    "null-coalescing ??": r"\?\?",
    "null-conditional ?.": r"\?\.",
    "pipeline chain &&": r"&&",
    "pipeline chain ||": r"\|\|",
    "ForEach-Object -Parallel": r"-Parallel\b",
    "-AsByteStream": r"-AsByteStream\b",
    "ternary operator": r"\s\?\s[^:\n]+\s:\s",
    "clean block": r"^\s*clean\s*\{",
}


def _code(source: str) -> str:
    """The script without comments and string literals."""
    without_block = re.sub(r"<#.*?#>", "", source, flags=re.S)
    without_strings = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", "''", without_block)
    return "\n".join(line.split("#", 1)[0] for line in without_strings.splitlines())


def test_windows_powershell_51_compatible() -> None:
    code = _code(SCRIPT)
    used = [name for name, pattern in PS7_ONLY.items() if re.search(pattern, code, re.M)]
    assert used == []
    assert SCRIPT.lstrip("\ufeff").isascii()  # 5.1 reads a file without BOM as ANSI
    assert "Set-StrictMode -Version 2.0" in SCRIPT
    assert "#Requires -Version 7" not in SCRIPT


@pytest.mark.parametrize("snippet", ["$a ?? 'b'", "Get-X | ForEach-Object -Parallel { $_ }"])
def test_the_51_check_catches_ps7_syntax(snippet: str) -> None:
    code = _code(snippet)
    assert any(re.search(pattern, code, re.M) for pattern in PS7_ONLY.values())


def test_output_files_and_columns_are_the_collectors() -> None:
    written = dict(
        re.findall(
            r"-Name '([a-z_]+\.csv)'\s*`?\s*-Columns @\(([^)]*)\)", SCRIPT.replace("\r\n", "\n")
        )
    )
    columns = {name: tuple(re.findall(r"'([A-Za-z]+)'", cols)) for name, cols in written.items()}
    assert columns == {**CSV_FILES, **VEEAM_FILES}
    assert f"'{MANIFEST}'" in SCRIPT
    assert f"'{AUDITPOL_FOLDER}'" in SCRIPT
    assert 'auditpol.exe" /get /category:* /r' in SCRIPT


def test_windows_script_command_prints_and_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    printed = runner.invoke(cli, ["windows-script"])
    assert printed.exit_code == 0
    assert printed.output.startswith("<#\n.SYNOPSIS")
    target = tmp_path / "pack.ps1"
    written = runner.invoke(cli, ["windows-script", "-o", str(target)])
    assert written.exit_code == 0, written.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf<#\r\n.SYNOPSIS")
    assert b"\n" not in data.replace(b"\r\n", b"")
