"""Project configuration: `[tool.compliance]` in pyproject.toml or a `.compliance.toml`, per file.

For each checked file the nearest configuration up its folders applies (`.compliance.toml` before
pyproject.toml in one folder; a pyproject.toml without `[tool.compliance]` is passed over).
`settings_for(path, overrides)` resolves, in order: the configuration's base settings, its
`[[overrides]]` whose `paths` globs match the file, then the command line. Suppressions (`ignore`)
must say why; suppress.apply_settings marks them "ignored" with the reason, out of the score.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from compliance.checklist.model import is_path, shipped_checklists
from compliance.checklist.validation import PROFILES
from compliance.errors import UsageError
from compliance.records import Record, replace

CONFIG_FILES = (".compliance.toml", "pyproject.toml")
AUTO = "auto"
COMMAND_LINE, LIBRARY_CALL = "命令行", "调用参数"  # who chose a checklist or profile, in messages
_SCOPE_KEYS = ("checklist", "profile", "fail_under", "select", "ignore")
_BASE_KEYS = (*_SCOPE_KEYS, "format", "overrides")
_OVERRIDE_KEYS = ("paths", *_SCOPE_KEYS)


class Suppression(Record, frozen=True):
    """An ignored checklist item, why, and the configuration file that says so."""

    rule: str
    reason: str
    source: str


class Scope(Record, frozen=True):
    """Settings from one table of a configuration file (the base, or one override)."""

    checklist: str | None = None  # a file path (made absolute) or a shipped checklist's name
    profile: str | None = None  # a profile name or "auto"
    fail_under: float | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[Suppression, ...] = ()
    paths: tuple[str, ...] = ()  # globs, relative to the configuration's folder (overrides only)


class ProjectConfig(Record, frozen=True):
    """One configuration file, parsed and checked."""

    path: str
    root: Path  # the folder that globs and checklist paths are relative to
    base: Scope
    format: str | None = None
    overrides: tuple[Scope, ...] = ()


class Overrides(Record, frozen=True):
    """What the command line says; None means "not given" (the configuration decides)."""

    checklist: str | None = None
    profile: str | None = None
    fail_under: float | None = None
    format: str | None = None
    config: str | None = None  # use this configuration file for every checked file
    isolated: bool = False  # ignore every configuration file
    origin: str = COMMAND_LINE  # who gives these values, as messages say it (or LIBRARY_CALL)


class Settings(Record, frozen=True):
    """Everything that decides how one file is checked."""

    checklist: str | None = None  # None: the profile's checklist
    profile: str | None = None  # None or "auto": inferred from the document
    fail_under: float | None = None
    format: str | None = None
    select: tuple[str, ...] | None = None  # None: every item
    ignore: tuple[Suppression, ...] = ()
    config: str | None = None  # the configuration file that applied, if any
    chosen_by: str = ""  # who chose the checklist or profile, in Chinese ("" when inferred)


def config_error(path: str, text: str, near: str | None = None) -> UsageError:
    """A configuration error naming the file, and the line of the first `near` text when found."""
    line = ""
    if near:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        line = next((f":{n}" for n, text_line in enumerate(lines, 1) if near in text_line), "")
    return UsageError(f"{path}{line}: 配置错误：{text}")


# While a batch runs: folder -> its nearest configuration file (see configurations_remembered).
_REMEMBERED: list[dict[str, str | None]] = []


@contextlib.contextmanager
def configurations_remembered() -> Iterator[None]:
    """Within it, find_config looks up each folder's configuration once. A batch reads the settings
    of every file at least twice (checked before any file is read, then in the worker that checks
    it), and its files mostly share a few folders: walking up the folders for each file cost
    ≈ 50 µs, 0.1 s of serial work before a batch of 2,000 files could start. The configuration is
    taken as it was when a folder was first looked up, as for a batch run at one moment; outside
    the block (a library caller, a long-running process) every look-up reads the folders again.
    Workers forked inside the block inherit what was looked up before."""
    _REMEMBERED.append(_REMEMBERED[-1] if _REMEMBERED else {})
    try:
        yield
    finally:
        _REMEMBERED.pop()


def find_config(path: str | os.PathLike[str]) -> str | None:
    """The nearest configuration file for `path` (a file or folder), walking up; None if none."""
    if _REMEMBERED and _plain(path):  # by the folder's name: no resolving the path of each file
        name = os.path.abspath(path)
        folder = name if os.path.isdir(name) else os.path.dirname(name)
        remembered = _REMEMBERED[-1]
        if folder not in remembered:
            remembered[folder] = _nearest(Path(folder).resolve())
        return remembered[folder]
    start = Path(path).resolve()
    return _nearest(start if start.is_dir() else start.parent)


def _plain(path: str | os.PathLike[str]) -> bool:
    """Whether `path`'s folder is the folder its name says: not a link (whose target may sit in
    another folder) and no `..` (which resolving reads after links, not by name)."""
    return ".." not in Path(path).parts and not os.path.islink(path)


def _nearest(folder: Path) -> str | None:
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            file = candidate / name
            if file.is_file() and (name != "pyproject.toml" or _has_table(file)):
                return shown(file)
    return None


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _has_table(pyproject: Path) -> bool:
    try:
        stat = pyproject.stat()
    except OSError:
        return False
    return _has_table_in(str(pyproject), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _has_table_in(pyproject: str, stamp: tuple[int, int]) -> bool:
    """Whether a pyproject.toml has a [tool.compliance] table (cached by modification time and size:
    each file checked looks for its configuration, and a project's pyproject.toml is read once)."""
    try:
        with open(pyproject, "rb") as stream:
            data = stream.read()
    except OSError:
        return False
    if not _may_name_the_table(data):
        return False
    try:
        return "compliance" in _toml(pyproject).get("tool", {})
    except UsageError:
        return False


def _may_name_the_table(data: bytes) -> bool:
    """Whether a TOML text can define the key `compliance` at all: written bare or quoted it reads
    "compliance"; an escape in a quoted key needs a backslash. A pyproject.toml with neither (most
    projects') is passed over without importing and running the TOML parser (≈ 4 ms a process)."""
    return b"compliance" in data or b"\\" in data


def _toml(path: str) -> dict[str, Any]:
    import tomllib  # only when there is a configuration file to read

    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except OSError as err:
        raise config_error(path, f"无法读取（{err.strerror or err}）") from err
    except tomllib.TOMLDecodeError as err:
        raise config_error(path, f"不是有效的 TOML（{err}）") from err
    except UnicodeDecodeError as err:  # tomllib decodes the bytes itself: TOML is UTF-8 text
        raise config_error(path, "不是有效的 TOML（应为 UTF-8 编码）") from err


def _keys(table: dict[str, Any], allowed: tuple[str, ...], name: str, path: str) -> None:
    """Reject unknown keys of the table called `name` ("" for the top level)."""
    for key in table:
        if key not in allowed:
            text = f"{name or '配置'}中有未知的设置“{key}”（可用：{', '.join(allowed)}）"
            raise config_error(path, text, key)


def _scope(table: dict[str, Any], where: str, path: str, root: Path) -> Scope:
    checklist = table.get("checklist")
    if checklist is not None:
        if not isinstance(checklist, str) or not checklist:
            raise config_error(path, f"{where}checklist 应为检查清单的路径或内置名称")
        if is_path(checklist):
            file = root / checklist
            if not file.is_file():
                raise config_error(path, f"{where}checklist 指向的文件不存在：{checklist}", checklist)
            checklist = shown(file)
        elif checklist not in shipped_checklists():
            known = ", ".join(shipped_checklists())
            text = f"{where}checklist 不是内置检查清单：“{checklist}”（内置：{known}）"
            raise config_error(path, text, checklist)
    profile = table.get("profile")
    if profile is not None and profile not in (*PROFILES, AUTO):
        raise config_error(path, f"{where}profile 应为 {', '.join((*PROFILES, AUTO))} 之一", str(profile))
    if checklist is not None and profile is not None:
        raise config_error(path, f"{where}checklist 与 {where}profile 只能设置一个")
    fail_under = table.get("fail_under")
    if fail_under is not None and (
        isinstance(fail_under, bool) or not isinstance(fail_under, (int, float)) or not 0 <= fail_under <= 100
    ):
        raise config_error(path, f"{where}fail_under 应为 0 到 100 之间的数")
    select = table.get("select")
    if select is not None and (
        not isinstance(select, list) or not all(isinstance(s, str) and s for s in select)
    ):
        raise config_error(path, f"{where}select 应为检查项编号的列表")
    return Scope(
        checklist,
        profile,
        None if fail_under is None else float(fail_under),
        None if select is None else tuple(select),
        _ignores(table.get("ignore", []), where, path),
    )


def _ignores(raw: Any, where: str, path: str) -> tuple[Suppression, ...]:
    if not isinstance(raw, list):
        raise config_error(path, f'{where}ignore 应为列表，每项写成 {{rule = "…", reason = "…"}}')
    found = []
    for entry in raw:
        if isinstance(entry, str):
            raise config_error(
                path,
                f"{where}ignore 中的“{entry}”没有写原因：忽略检查项必须说明理由，"
                f'请写成 {{rule = "{entry}", reason = "…"}}',
                f'"{entry}"',
            )
        if not isinstance(entry, dict):
            raise config_error(path, f'{where}ignore 的每一项应写成 {{rule = "…", reason = "…"}}')
        _keys(entry, ("rule", "reason"), f"{where}ignore ", path)
        rule, reason = entry.get("rule"), entry.get("reason")
        if not isinstance(rule, str) or not rule:
            raise config_error(path, f"{where}ignore 中有一项缺少 rule（检查项编号）")
        if not isinstance(reason, str) or not reason.strip():
            text = f"{where}ignore 中的“{rule}”没有写原因（reason）：忽略检查项必须说明理由"
            raise config_error(path, text, f'"{rule}"')
        found.append(Suppression(rule, reason.strip(), path))
    return tuple(found)


@lru_cache(maxsize=64)
def _load(path: str, stamp: tuple[int, int, str]) -> ProjectConfig:
    """Parse a configuration (cached by modification time, size and current folder)."""
    data = _toml(path)
    is_pyproject = Path(path).name == "pyproject.toml"
    table = data.get("tool", {}).get("compliance", {}) if is_pyproject else data
    where = "tool.compliance." if is_pyproject else ""  # how messages name a key: where + key
    if not isinstance(table, dict):
        raise config_error(path, "[tool.compliance] 应为表")
    _keys(table, _BASE_KEYS, "[tool.compliance] " if is_pyproject else "", path)
    root = Path(path).resolve().parent
    fmt = table.get("format")
    if fmt is not None:
        from compliance.formats import FORMAT_NAMES

        if fmt not in FORMAT_NAMES:
            raise config_error(path, f"{where}format 应为 {', '.join(FORMAT_NAMES)} 之一")
    overrides = []
    raw_overrides = table.get("overrides", [])
    if not isinstance(raw_overrides, list):
        raise config_error(path, f"{where}overrides 应写成 [[…overrides]] 表的数组")
    for i, raw in enumerate(raw_overrides):
        at = f"{where}overrides[{i}]."
        if not isinstance(raw, dict):
            raise config_error(path, f"{at[:-1]} 应为表")
        _keys(raw, _OVERRIDE_KEYS, at[:-1] + " ", path)
        globs = raw.get("paths")
        globs = [globs] if isinstance(globs, str) else globs
        if not isinstance(globs, list) or not globs or not all(isinstance(g, str) for g in globs):
            text = f'{at}paths 应为相对于配置文件的通配符（如 "departments/**"）或其列表'
            raise config_error(path, text)
        scope = _scope({k: v for k, v in raw.items() if k != "paths"}, at, path, root)
        overrides.append(replace(scope, paths=tuple(globs)))
    base = _scope({k: v for k, v in table.items() if k not in ("format", "overrides")}, where, path, root)
    return ProjectConfig(path, root, base, fmt, tuple(overrides))


def load_config(path: str | os.PathLike[str]) -> ProjectConfig:
    """Parse and check one configuration file; UsageError naming the file on any problem."""
    name = os.fspath(path)
    try:
        stat = os.stat(name)
    except OSError as err:
        raise config_error(name, f"无法读取（{err.strerror or err}）") from err
    return _load(name, (stat.st_mtime_ns, stat.st_size, os.getcwd()))


def _glob_match(pattern: str, parts: tuple[str, ...]) -> bool:
    """gitignore-like: `**` spans folders, `*` stays in one; a pattern without "/" matches a name at
    any depth; "dir/" means everything under dir."""
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    segments = tuple(pattern.split("/")) if "/" in pattern else ("**", pattern)

    def match(pat: tuple[str, ...], path: tuple[str, ...]) -> bool:
        if not pat:
            return not path
        if pat[0] == "**":
            return any(match(pat[1:], path[i:]) for i in range(len(path) + 1))
        return bool(path) and fnmatch.fnmatchcase(path[0], pat[0]) and match(pat[1:], path[1:])

    return match(segments, parts)


def matches(scope: Scope, config: ProjectConfig, path: str | os.PathLike[str]) -> bool:
    """Whether an override's `paths` match a file (relative to the configuration's folder)."""
    try:
        relative = Path(path).resolve().relative_to(config.root)
    except ValueError:
        return False
    return any(_glob_match(p, relative.parts) for p in scope.paths)


def settings_for(path: str | os.PathLike[str], overrides: Overrides | None = None) -> Settings:
    """The settings for checking `path`: configuration (nearest, or `overrides.config`), the
    overrides in it that match the path, then the command line (`overrides`)."""
    cli = overrides or Overrides()
    if cli.checklist is not None and cli.profile is not None:
        raise UsageError("--checklist 与 --profile 只能指定一个")
    file = None if cli.isolated else cli.config or find_config(path)
    if file is None:
        settings = Settings()
    else:
        config = load_config(file)
        settings = Settings(config=config.path, format=config.format)
        for scope in [config.base, *(s for s in config.overrides if matches(s, config, path))]:
            if scope.checklist or scope.profile:  # the later scope decides which checklist
                settings = replace(
                    settings,
                    checklist=scope.checklist,
                    profile=scope.profile,
                    chosen_by=f"配置文件 {config.path}",
                )
            settings = replace(
                settings,
                fail_under=settings.fail_under if scope.fail_under is None else scope.fail_under,
                select=settings.select if scope.select is None else scope.select,
                ignore=settings.ignore + scope.ignore,
            )
    if cli.checklist or cli.profile:
        key = "checklist" if cli.checklist else "profile"
        option = f"--{key}" if cli.origin == COMMAND_LINE else f"{key}="
        settings = replace(
            settings, checklist=cli.checklist, profile=cli.profile, chosen_by=f"{cli.origin} {option}"
        )
    if settings.profile == AUTO:
        settings = replace(settings, profile=None, chosen_by="")
    return replace(
        settings,
        fail_under=cli.fail_under if cli.fail_under is not None else settings.fail_under,
        format=cli.format or settings.format,
    )
