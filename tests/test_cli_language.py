"""The command line speaks the user's language: click's usage errors, help and prompts in Chinese
for a Chinese or neutral locale, in English for an English one; `explain` suggests close ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.language import CHINESE, ENGLISH, chosen_language
from compliance.cli.main import main
from helpers import ROOT, SEED_TXT


def compliance(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, with exactly these locale variables."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return subprocess.run(
        [sys.executable, "-m", "compliance", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**clean, **env},
    )


@pytest.mark.parametrize("env", [{"LANG": "zh_CN.UTF-8"}, {"LANG": "C.UTF-8"}, {}])
def test_usage_errors_are_in_chinese_for_a_chinese_or_neutral_locale(env: dict[str, str]) -> None:
    unknown = compliance("check", "--bogus", str(SEED_TXT), **env)
    assert unknown.returncode == 2
    assert "错误：没有这个选项：'--bogus'" in unknown.stderr, unknown.stderr
    assert "用法: python -m compliance check" in unknown.stderr and "查看帮助" in unknown.stderr
    assert "Error" not in unknown.stderr and "Usage" not in unknown.stderr
    missing = compliance("check", **env)
    assert missing.returncode == 2 and "错误：缺少参数 'PATHS...'" in missing.stderr, missing.stderr
    choice = compliance("check", "-p", "county", str(SEED_TXT), **env)
    assert choice.returncode == 2
    assert "的取值无效：'county' 不是可选值，可选：'government', 'department', 'auto'" in choice.stderr
    helped = compliance("check", "--help", **env)
    assert helped.returncode == 0
    assert helped.stdout.startswith("用法: python -m compliance check") and "选项:" in helped.stdout
    assert "显示本帮助后退出。" in helped.stdout and "Show this message" not in helped.stdout
    top = compliance("--help", **env)
    assert "命令:" in top.stdout and "显示版本号后退出。" in top.stdout


@pytest.mark.parametrize(
    "env",
    [{"LANG": "en_US.UTF-8"}, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, {"LC_MESSAGES": "en_GB"}],
)
def test_usage_errors_are_in_english_for_an_english_locale(env: dict[str, str]) -> None:
    unknown = compliance("check", "--bogus", str(SEED_TXT), **env)
    assert unknown.returncode == 2
    assert "Error: No such option '--bogus'" in unknown.stderr and "Usage:" in unknown.stderr
    helped = compliance("check", "--help", **env)
    assert "Show this message and exit." in helped.stdout and "Options:" in helped.stdout


def test_serve_parses_its_options_in_the_same_language() -> None:
    """`compliance serve` takes its options through click like every command: the same catalogue."""
    chinese = compliance("serve", "--bogus")
    assert chinese.returncode == 2 and "错误：没有这个选项：'--bogus'" in chinese.stderr, chinese.stderr
    assert chinese.stderr.startswith("用法: ") and "compliance serve [OPTIONS]" in chinese.stderr
    english = compliance("serve", "--bogus", LANG="en_US.UTF-8")
    assert "Error: No such option '--bogus'" in english.stderr
    bounded = compliance("serve", "--max-upload-mb", "500")
    assert bounded.returncode == 2 and "500 不在范围 1<=x<=50 内" in bounded.stderr, bounded.stderr


def test_the_language_follows_the_strongest_locale_variable() -> None:
    assert chosen_language({}) == CHINESE  # by default: the users' language
    assert chosen_language({"LANG": "C"}) == CHINESE and chosen_language({"LANG": "POSIX"}) == CHINESE
    assert chosen_language({"LANG": "zh_TW.UTF-8"}) == CHINESE
    assert chosen_language({"LANG": "en_US.UTF-8"}) == ENGLISH and chosen_language({"LANG": "en"}) == ENGLISH
    assert chosen_language({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == CHINESE
    assert chosen_language({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US"}) == ENGLISH
    assert chosen_language({"LANG": "fr_FR.UTF-8"}) == CHINESE  # neither: the users' language


def test_in_process_runs_switch_language_with_the_environment() -> None:
    """The language is chosen each time the command runs, not once at import."""
    runner = CliRunner()
    english = runner.invoke(main, ["check", "--bogus"], env={"LC_ALL": "en_US.UTF-8"})
    chinese = runner.invoke(main, ["check", "--bogus"], env={"LC_ALL": "zh_CN.UTF-8"})
    assert "Error: No such option" in english.stderr
    assert "错误：没有这个选项" in chinese.stderr


def test_the_compiled_catalogue_matches_its_source() -> None:
    """compliance.mo is what scripts/compile_messages.py makes of compliance.po."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_every_catalogue_message_is_one_click_writes() -> None:
    """A click (or Python) upgrade that rewords a message shows here, not as English among Chinese."""
    import argparse
    import ast

    import click

    files = [*Path(click.__file__).parent.glob("*.py"), Path(argparse.__file__)]
    source = "".join(p.read_text(encoding="utf-8") for p in files)
    literals = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    po = (ROOT / "src/compliance/cli/locale/zh_CN/LC_MESSAGES/compliance.po").read_text(encoding="utf-8")
    ids = [ast.literal_eval(line.split(" ", 1)[1]) for line in po.splitlines() if line.startswith("msgid ")]
    unknown = [i for i in ids if i and i not in literals]  # (ast joins implicitly concatenated parts)
    assert unknown == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("shortcoming", ["shortcomings", "shortcoming-reasons"]), ("plan-yaer", ["plan-year"])],
)
def test_explain_suggests_the_closest_ids(typed: str, expected: list[str]) -> None:
    result = CliRunner().invoke(main, ["explain", typed])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("错误：") and f"没有检查项“{typed}”" in line
    suggested = line.split("是否想查：", 1)[1].split("（", 1)[0].split("、")
    assert suggested[: len(expected)] == expected or set(expected) <= set(suggested), suggested
