"""`compliance serve`: start the web app (extra `web`); its options are parsed by compliance.web."""

from __future__ import annotations

import click

# serve parses its own options (compliance.web.command), so click passes them through untouched.
PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True}


@click.command(context_settings=PASS_THROUGH, add_help_option=False)
@click.pass_context
def serve(ctx: click.Context) -> None:
    """启动网页服务（需要 web 扩展：pip install 'compliance[web]'；选项见 compliance serve --help）。"""
    from compliance.web.command import run  # imports no web library until it runs

    run(ctx.args)
