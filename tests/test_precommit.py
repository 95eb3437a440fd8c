"""pre-commit and GitHub Actions, for real: the hook from this repository runs in a temporary document
repository through pre-commit; the documented workflow and action.yml validate against GitHub's
schemas (check-jsonschema's vendored copies) and their compliance steps run in bash as on a runner."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, TESTS

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[test]')")
if shutil.which("git") is None:  # pre-commit itself needs git
    pytest.skip("git is not installed", allow_module_level=True)

SAMPLE_REPO = TESTS / "sample_repo"
HOOK_NAME = "法治政府建设年度报告检查 (compliance)"
# What `pip install` of this repository needs (the hook source pre-commit installs).
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules")
BIN = str(Path(sys.executable).parent)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=BIN + os.pathsep + env.get("PATH", ""),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="测试",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="测试",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        **extra,
    )
    return env


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=cwd,
        env=env or environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
    )


def git(cwd: Path, *args: str) -> str:
    result = run(cwd, "git", "-c", "init.defaultBranch=main", "-c", "core.quotepath=false", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this working tree's package files, committed: the hook's `repo`."""
    source = tmp_path_factory.mktemp("hook-source")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in PACKAGE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    git(source, "init", "-q")
    return source, commit_all(source, "hook source")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def documents(tmp_path: Path, hook_source: tuple[Path, str]) -> Path:
    """The sample document repository as a fresh git repository using the hook."""
    repo = tmp_path / "documents"
    shutil.copytree(SAMPLE_REPO, repo)
    source, rev = hook_source
    write_config(repo, source, rev)
    git(repo, "init", "-q")
    commit_all(repo, "reports")
    return repo


def write_config(repo: Path, source: Path, rev: str, args: list[str] | None = None) -> None:
    hook: dict[str, Any] = {"id": "compliance"}
    if args:
        hook["args"] = args
    config = {"repos": [{"repo": str(source), "rev": rev, "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, sys.executable, "-m", "pre_commit", *args, env=environment(PRE_COMMIT_HOME=str(home)))


def test_hook_manifest_is_valid() -> None:
    result = run(ROOT, sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("compliance", "python", "compliance check")
    assert hook["types"] == ["file"]  # the file pattern decides, not identify's tags (no tag for .wps)
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for name, checked in [
        ("reports/a.docx", True),
        ("b.TXT", True),
        ("c.md", True),
        ("README.md", False),
        ("docs/CHANGELOG.md", False),
        ("reports/~$a.docx", False),
        *((f"reports/a.{suffix}", True) for suffix in ("doc", "WPS", "rtf", "odt", "pdf", "html", "htm")),
        ("a.xlsx", False),
        ("a.png", False),
    ]:
        assert bool(files.search(name) and not exclude.search(name)) is checked, name


def test_pre_commit_fails_on_reports_that_do_not_comply(
    documents: Path, pre_commit_home: Path, hook_source: tuple[Path, str]
) -> None:
    result = pre_commit(documents, pre_commit_home, "run", "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(rf"^{re.escape(HOOK_NAME)}\.+Failed$", out, re.M), out
    assert "不符合要求" in out
    assert "README.md" not in out  # the repository's README is not a report
    # Which files the hook got and which it flagged, in a line-per-problem format.
    write_config(documents, *hook_source, args=["--format", "github"])
    result = pre_commit(documents, pre_commit_home, "run", "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    flagged = set(re.findall(r"^::(?:error|warning|notice) file=([^,]+),", out, re.M))
    assert flagged == {"reports/district-2022-plan-year.txt", "reports/江海区2022年法治政府建设年度报告.docx"}
    assert "compliance：检查 3 份报告，2 份不符合要求" in out  # README.md was not passed to the hook


def test_pre_commit_passes_when_every_report_complies(documents: Path, pre_commit_home: Path) -> None:
    git(
        documents,
        "rm",
        "-q",
        "reports/district-2022-plan-year.txt",
        "reports/江海区2022年法治政府建设年度报告.docx",
    )
    commit_all(documents, "only the good report")
    result = pre_commit(documents, pre_commit_home, "run", "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert re.search(rf"^{re.escape(HOOK_NAME)}\.+Passed$", out, re.M), out


def test_commit_hook_with_a_baseline_blocks_only_new_problems(
    documents: Path, pre_commit_home: Path, hook_source: tuple[Path, str]
) -> None:
    recorded = run(documents, sys.executable, "-m", "compliance", "baseline", "reports")
    assert recorded.returncode == 0, recorded.stderr
    write_config(documents, *hook_source, args=["--baseline", ".compliance-baseline.json"])
    commit_all(documents, "baseline")
    result = pre_commit(documents, pre_commit_home, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr  # only known problems
    assert pre_commit(documents, pre_commit_home, "install").returncode == 0
    head = git(documents, "rev-parse", "HEAD")
    good = documents / "reports" / "county-2022.txt"
    good.write_text(
        good.read_text(encoding="utf-8").replace("二、存在的不足和原因", "二、其他情况"), encoding="utf-8"
    )
    git(documents, "add", "reports/county-2022.txt")
    blocked = run(
        documents,
        "git",
        "commit",
        "-m",
        "drop the shortcomings part",
        env=environment(PRE_COMMIT_HOME=str(pre_commit_home)),
    )
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert "新问题" in out and "county-2022.txt  [shortcomings]" in out
    assert git(documents, "rev-parse", "HEAD") == head  # nothing was committed


# ----------------------------------------------------------------------------- GitHub Actions


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return run(ROOT, sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path))


def workflow_block() -> str:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- workflow:[^\n]*-->\n```yaml\n(.*?)```", text, re.S)
    assert match, "docs/ci.md has no marked workflow block"
    return match.group(1)


def run_step(
    script: str, cwd: Path, outputs: dict[str, str], env: dict[str, str]
) -> tuple[int, str, dict[str, str]]:
    """Run a step's `run:` script as GitHub's `shell: bash` does; return (exit code, stdout, outputs)."""

    def expression(match: re.Match[str]) -> str:
        return outputs[match.group(1).strip()]

    script = re.sub(r"\$\{\{(.*?)\}\}", expression, script)
    output_file, summary_file = cwd / "github-output.txt", cwd / "step-summary.md"
    output_file.write_text("", encoding="utf-8")
    summary_file.touch()
    result = run(
        cwd,
        "bash",
        "--noprofile",
        "--norc",
        "-eo",
        "pipefail",
        "-c",
        script,
        env=environment(
            GITHUB_OUTPUT=str(output_file),
            GITHUB_STEP_SUMMARY=str(summary_file),
            RUNNER_TEMP=str(cwd.parent),
            **env,
        ),
    )
    written = dict(
        line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines() if line
    )
    return result.returncode, result.stdout, written


def test_documented_workflow_is_valid_and_its_steps_work(tmp_path: Path) -> None:
    path = tmp_path / "compliance.yml"
    path.write_text(workflow_block(), encoding="utf-8")
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = {
        s.get("name"): s
        for s in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["compliance"]["steps"]
    }
    assert steps["Upload SARIF"]["uses"].startswith("github/codeql-action/upload-sarif@")
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE_REPO, repo)
    code, stdout, outputs = run_step(steps["Check reports"]["run"], repo, {}, {})
    assert code == 0 and outputs == {"exit-code": "1"}  # the step records the verdict, the job goes on
    assert stdout.startswith("::error file=reports/district-2022-plan-year.txt,line=32,")
    assert (
        (repo / "step-summary.md").read_text(encoding="utf-8").startswith("## 法治政府建设年度报告检查结果")
    )
    code, _, _ = run_step(steps["SARIF for code scanning"]["run"], repo, {}, {})
    assert code == 0
    sarif = json.loads((repo / "compliance.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 8
    code, _, _ = run_step(steps["Verdict"]["run"], repo, {"steps.check.outputs.exit-code": "1"}, {})
    assert code == 1


def test_composite_action_is_valid_and_its_check_step_works(tmp_path: Path) -> None:
    result = check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = {s.get("id") or s.get("name"): s for s in action["runs"]["steps"]}
    check = steps["check"]
    defaults = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE_REPO, repo)

    def run_check(**inputs: str) -> tuple[int, str, dict[str, str]]:
        values = {**defaults, **{f"inputs.{k.replace('_', '-')}": v for k, v in inputs.items()}}
        env = {
            k: re.sub(r"\$\{\{(.*?)\}\}", lambda m: values[m.group(1).strip()], v)
            for k, v in check["env"].items()
        }
        return run_step(check["run"], repo, {}, env)

    code, stdout, outputs = run_check(paths="reports")
    assert code == 0 and outputs == {"sarif-file": "compliance.sarif", "exit-code": "1"}
    assert "::error file=" in stdout
    assert json.loads((repo / "compliance.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "| reports/county-2022.txt | 符合要求 |" in (repo / "step-summary.md").read_text(encoding="utf-8")
    recorded = run(repo, sys.executable, "-m", "compliance", "baseline", "reports")
    assert recorded.returncode == 0
    code, _, outputs = run_check(paths="reports", baseline=".compliance-baseline.json")
    assert code == 0 and outputs["exit-code"] == "0"
    verdict = steps["Verdict"]
    assert run_step(verdict["run"], repo, {}, {"EXIT_CODE": "1"})[0] == 1
    assert run_step(verdict["run"], repo, {}, {"EXIT_CODE": "0"})[0] == 0
