"""Write output files safely: never over an existing file without force, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from compliance.errors import UsageError


def check_writable(path: str, *, force: bool = False) -> None:
    """Raise UsageError when `path` exists (and force is off) or its folder does not exist."""
    target = Path(path)
    if target.exists() and not force:
        raise UsageError(f"{path}: 文件已存在；如要覆盖，请加 --force")
    if target.is_dir():
        raise UsageError(f"{path}: 这是一个文件夹，不能作为输出文件")
    if not target.parent.exists():
        raise UsageError(f"{path}: 输出目录 {target.parent} 不存在")


def write_atomic(path: str, data: bytes, *, force: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    check_writable(path, force=force)
    target = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if not force and target.exists():  # appeared meanwhile
            raise UsageError(f"{path}: 文件已存在；如要覆盖，请加 --force")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    except_mode = 0o644 & ~_umask()
    os.chmod(target, except_mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str, text: str, *, force: bool = False, bom: bool = False) -> None:
    """Write UTF-8 text (with a BOM when asked, for Excel) atomically."""
    write_atomic(path, (("\ufeff" if bom else "") + text).encode("utf-8"), force=force)
