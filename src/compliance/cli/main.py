"""The `compliance` command group: its commands live one module each in compliance.cli."""

from __future__ import annotations

import click

from compliance.cli.annotate import annotate_command, template_command
from compliance.cli.baseline import baseline_command
from compliance.cli.check import check
from compliance.cli.classify import classify_command
from compliance.cli.common import LocalisedGroup
from compliance.cli.language import use_language
from compliance.cli.rules import explain, rules
from compliance.cli.serve import serve
from compliance.version import __version__

# click words some messages as the options are declared (--version's help and output): the language
# is chosen now as well as when the command runs (LocalisedGroup.main).
use_language()


@click.group(cls=LocalisedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="compliance")
def main() -> None:
    """检查法治政府建设年度报告是否具备规定的结构和内容。"""


for command in (
    check,
    rules,
    explain,
    classify_command,
    annotate_command,
    template_command,
    baseline_command,
    serve,
):
    main.add_command(command)
