"""`compliance baseline`: record today's problems so that `check --baseline` fails only on new ones."""

from __future__ import annotations

import functools

import click

from compliance.cli.common import CommandError, checklist_option, errors_as_lines, overrides, settings_options

DEFAULT_BASELINE = ".compliance-baseline.json"  # report.baseline.DEFAULT_BASELINE (tests check they agree)


@click.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="基线文件",
)
@checklist_option
@settings_options
@click.option("--force", is_flag=True, help="允许覆盖已存在的基线文件")
def baseline_command(
    paths: tuple[str, ...],
    output: str,
    checklist_name: str | None,
    profile: str | None,
    config_file: str | None,
    isolated: bool,
    force: bool,
) -> None:
    """记录当前的全部问题作为基线；之后 compliance check --baseline 只在出现新问题时不通过。

    报告的检查方式与 compliance check 相同（配置文件、检查清单、报告类型）。
    """
    from compliance.batch import run_batch
    from compliance.batch.memory import keep_freed_memory
    from compliance.output import check_writable, refuse_inputs
    from compliance.pipeline.check import check_file, check_settings
    from compliance.pipeline.paths import NO_REPORTS, collect_paths
    from compliance.pipeline.results import make_report
    from compliance.report.baseline import write_baseline

    settings = overrides(checklist_name, profile, config_file, isolated)
    with errors_as_lines():
        check_writable(output, force=force)
        files = collect_paths(paths)
        if not files:
            raise CommandError(NO_REPORTS)
        refuse_inputs(output, files)
        check_settings(files, settings)
        keep_freed_memory(len(files))  # as compliance check does for a batch
        reports = run_batch(files, functools.partial(check_file, overrides=settings))
        recorded = write_baseline(make_report(None, reports), output, force=force)
    click.echo(f"已写入基线 {output}：{len(files)} 份报告，{len(recorded.entries)} 个问题")
