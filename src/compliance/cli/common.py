"""What the CLI's commands share: exit codes, the one-line error, and the options they have in common."""

from __future__ import annotations

import atexit
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from compliance.errors import ComplianceError

if TYPE_CHECKING:  # imported where used: `compliance --version` and `--help` load no checklist code
    from compliance.checklist.model import Checklist
    from compliance.settings.config import Overrides

P = ParamSpec("P")
R = TypeVar("R")
EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
CHECKLIST_HELP = "检查清单：文件路径或内置名称 government、department（默认按报告类型选择）"
# The profile names (checklist.validation.PROFILES), spelt out here so that building the command
# line imports no checklist code; tests/test_cli.py checks that the two agree.
PROFILE_NAMES = ("government", "department")
PROFILE_CHOICES = (*PROFILE_NAMES, "auto")  # "auto": inferred from the document, as by default


class LocalisedGroup(click.Group):
    """The command group, speaking the user's language (compliance.cli.language) from the first
    message on: usage errors, help and prompts included."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from compliance.cli.language import use_language

        use_language()
        return super().main(*args, **kwargs)


_COLLECTING: list[bool] = []  # per running paused_collector command: was the collector on before


def paused_collector(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command with the cyclic garbage collector paused (restored afterwards).

    Start-up creates some hundred thousand objects that live as long as the process (modules,
    classes, the checklist and the classifier's index); with the collector on, they are scanned
    again and again as they are made (about 5% of a single check), and none of them is garbage.
    A command that goes on to check many documents calls resume_collector() first.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        freeze_at_exit()
        _COLLECTING.append(gc.isenabled())
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if _COLLECTING.pop():
                if not gc.isenabled() and not gc.get_freeze_count():
                    promote_to_oldest()
                gc.enable()
            else:
                gc.disable()

    return run


@functools.cache  # registered once per process
def freeze_at_exit() -> None:
    """At the process's exit, move every object to the collector's permanent generation first.

    The interpreter's final collections would otherwise traverse the hundred thousand objects
    start-up made (≈ 3% of a single check's instructions), all still reachable from the modules
    about to be cleared. Cyclic garbage left at exit is then not finalised, which Python never
    promises anyway; output is written and closed before (files by output.write_text, standard
    output flushed by the interpreter itself)."""
    atexit.register(gc.freeze)


def promote_to_oldest() -> None:
    """Move every tracked object to the collector's oldest generation, as it would have promoted
    them had it been on. Everything a paused command made is otherwise in the youngest generation,
    and turning the collector back on would begin with one collection over all of it (≈ 10 ms after
    a single check, just before the process exits). Garbage among them is collected with the oldest
    generation instead. Only when nothing else is frozen: unfreeze() would release that too."""
    gc.freeze()
    gc.unfreeze()


def resume_collector() -> None:
    """Turn the collector back on inside a paused_collector command (before a batch: many
    documents' worth of objects come and go), if it was on before the command."""
    if _COLLECTING and _COLLECTING[-1]:
        gc.enable()


class CommandError(click.ClickException):
    """A library error shown as one `Error:` line with exit code 2."""

    exit_code = EXIT_ERROR


def fail(err: ComplianceError) -> NoReturn:
    raise CommandError(str(err)) from err


@contextmanager
def errors_as_lines() -> Iterator[None]:
    """Turn every error the library raises on purpose into one `Error:` line and exit code 2."""
    try:
        yield
    except ComplianceError as err:
        fail(err)


checklist_option = click.option(
    "--checklist", "-c", "checklist_name", metavar="NAME|FILE", help=CHECKLIST_HELP
)
force_option = click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")
fail_under_option = click.option(
    "--fail-under", type=click.FloatRange(0, 100), help="及格分数线（覆盖清单中的设置）"
)


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--profile, --config and --isolated: how a file's settings are found (check, annotate, baseline)."""
    for option in reversed(
        (
            click.option(
                "--profile",
                "-p",
                type=click.Choice(PROFILE_CHOICES),
                help="报告类型：government 政府、department 部门（默认按报告主体推断）",
            ),
            click.option(
                "--config",
                "config_file",
                type=click.Path(dir_okay=False),
                help="使用此配置文件（默认：从每个报告所在目录向上查找 .compliance.toml 或 pyproject.toml）",
            ),
            click.option("--isolated", is_flag=True, help="忽略所有配置文件"),
        )
    ):
        command = option(command)
    return command


def load_checklist_or_fail(name: str | None) -> Checklist:
    """The named checklist, or one `Error:` line."""
    from compliance.checklist.model import load_checklist

    try:
        return load_checklist(name)
    except ComplianceError as err:
        fail(err)


def overrides(
    checklist: str | None = None,
    profile: str | None = None,
    config: str | None = None,
    isolated: bool = False,
    *,
    fail_under: float | None = None,
    format: str | None = None,
) -> Overrides:
    """What the command line says about a file's settings (compliance.settings.config.Overrides)."""
    from compliance.settings.config import Overrides

    return Overrides(checklist, profile, fail_under, format, config, isolated)
