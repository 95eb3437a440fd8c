"""Uploaded files as the server keeps them: the name the user sees, the bytes, and the size rules."""

from __future__ import annotations

import re
import unicodedata

from compliance.records import Record
from compliance.web.pipeline import PROFILES

AUTO = "auto"
PROFILE_LABELS = {AUTO: "自动识别", "government": "地方政府", "department": "政府部门"}
MAX_NAME = 120  # characters of a file name shown; browsers and OSes allow 255 bytes
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Upload(Record, frozen=True):
    """One uploaded file: its name (as shown, without folders) and its content."""

    name: str
    data: bytes


def display_name(filename: str | None, number: int) -> str:
    """The upload's name without any folder part (some browsers send one), control characters
    or surrounding space; 文件N when the browser sent none."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = _CONTROL.sub("", unicodedata.normalize("NFC", base)).strip()
    return base[-MAX_NAME:] if base else f"文件{number}"


def too_large(limit_mb: int) -> str:
    """The cause shown for a file over the per-file limit."""
    return f"文件超过 {limit_mb} MB（本服务每个文件的上限），不像一份年度报告；请压缩图片或另存后再上传"


def too_many(limit: int) -> str:
    return f"一次最多上传 {limit} 个文件，请分批上传"


def request_too_large(limit_mb: int) -> str:
    return f"上传的内容超过 {limit_mb} MB（本服务每次请求的上限），请分批上传"


NO_FILES = "请选择要检查的报告文件"


def parse_profile(value: str | None) -> str | None:
    """The profile field: auto or empty → None (inferred), else a known profile; ValueError else."""
    if value is None or value in ("", AUTO):
        return None
    if value not in PROFILES:
        choices = "、".join((AUTO, *PROFILES))
        raise ValueError(f"未知的报告类型“{value[:40]}”（可选：{choices}）")
    return value


class Refused(Record, frozen=True):
    """An uploaded file the server will not check (too large), and why, in Chinese."""

    name: str
    cause: str
