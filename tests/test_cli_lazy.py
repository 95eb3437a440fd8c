"""The command group's commands are imported on first use, and help and errors read as before."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from compliance.cli.main import COMMANDS, LazyCommands, main


def loaded_after(code: str) -> list[str]:
    """The compliance.cli and compliance.web modules loaded in a fresh process after `code`."""
    script = (
        "import sys\nfrom compliance.cli.main import main\n"
        f"{code}\n"
        "print(sorted(m for m in sys.modules if m.startswith(('compliance.cli.', 'compliance.web'))))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_a_command_is_imported_only_when_looked_up() -> None:
    assert loaded_after("") == ["compliance.cli.common", "compliance.cli.language", "compliance.cli.main"]
    names = "assert list(main.commands) and 'serve' in main.commands and 'nope' not in main.commands"
    assert "compliance.cli.serve" not in loaded_after(names)
    looked_up = loaded_after("main.commands['serve']")
    assert "compliance.cli.serve" in looked_up and "compliance.cli.annotate" not in looked_up


def test_every_command_is_listed_and_each_is_the_command_of_its_name() -> None:
    assert sorted(main.commands) == sorted(COMMANDS)
    for name, command in main.commands.items():
        assert isinstance(command, click.Command) and command.name == name
    listed = CliRunner().invoke(main, ["--help"]).output
    for name in COMMANDS:
        assert f"\n  {name} " in listed


def test_help_shows_click_words_as_declared_whatever_the_language() -> None:
    """click.Path's metavar is fixed when a command is declared: FILE in every language."""
    for language in ("zh_CN.UTF-8", "en_US.UTF-8"):
        shown = CliRunner().invoke(main, ["check", "--help"], env={"LANG": language, "LC_ALL": ""}).output
        assert "--output FILE" in shown and "--history DIRECTORY" in shown


def test_unknown_names_are_refused_and_misfiled_commands_caught() -> None:
    commands = LazyCommands(
        {"check": ("compliance.cli.check", "check"), "wrong": ("compliance.cli.check", "check")}
    )
    with pytest.raises(KeyError):
        commands["nope"]
    assert commands.get("nope") is None
    with pytest.raises(TypeError, match="is not the command 'wrong'"):
        commands["wrong"]
    added = click.Command("extra")
    commands["extra"] = added
    assert commands["extra"] is added and list(commands) == ["check", "wrong", "extra"]
    del commands["wrong"]
    assert "wrong" not in commands and len(commands) == 2


def test_a_mistyped_command_is_suggested_its_name() -> None:
    result = CliRunner().invoke(main, ["chek"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 2 and "check" in result.output
