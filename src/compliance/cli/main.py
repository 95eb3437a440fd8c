"""The `compliance` command group: its commands live one module each in compliance.cli."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping

import click

from compliance.cli.common import LocalisedGroup
from compliance.cli.language import click_words, use_language
from compliance.version import __version__

# Where each command is defined (module, attribute): a command's module (and what it imports) is
# loaded only when that command runs or help lists it, so that `compliance check` pays for no
# other command's code (annotate's writer, the web app's settings, the baseline).
COMMANDS = {
    "check": ("compliance.cli.check", "check"),
    "rules": ("compliance.cli.rules", "rules"),
    "explain": ("compliance.cli.rules", "explain"),
    "classify": ("compliance.cli.classify", "classify_command"),
    "annotate": ("compliance.cli.annotate", "annotate_command"),
    "template": ("compliance.cli.annotate", "template_command"),
    "baseline": ("compliance.cli.baseline", "baseline_command"),
    "serve": ("compliance.cli.serve", "serve"),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from its module when first looked up; the names
    (listing, membership, suggestions for a mistyped name) need no import."""

    def __init__(self, where: Mapping[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name]
            with click_words():  # declared as when the commands were imported before the language
                command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command) or command.name != name:
                raise TypeError(f"{module}.{attribute} is not the command {name!r}")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._where.setdefault(name, (command.callback.__module__ if command.callback else "", name))

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


# click words some messages as the options are declared (--version's help and output): the language
# is chosen now as well as when the command runs (LocalisedGroup.main).
use_language()


@click.group(
    cls=LocalisedGroup,
    commands=LazyCommands(COMMANDS),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="compliance")
def main() -> None:
    """检查法治政府建设年度报告是否具备规定的结构和内容。"""
