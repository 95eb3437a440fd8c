"""Write output files safely: atomically, never over an existing file without force, never over an
input, and a failed write leaves nothing behind and says why in one Chinese line (OutputError)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from compliance.errors import OutputError, UsageError

# What an OSError means for the user, by errno; anything else shows the system's own words.
CAUSES = {
    errno.EROFS: "文件系统是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "无法在此位置创建文件",  # the folder exists (checked first) but refuses new files
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EISDIR: "这是一个文件夹，不能作为输出文件",
    errno.EEXIST: "文件已存在",
}
FILE_MODE = 0o644  # what open() would give a new file before the umask (mkstemp makes 0o600)


def write_cause(err: OSError) -> str:
    """The reason an OSError gives, in Chinese, for one `Error:` line."""
    known = CAUSES.get(err.errno or 0)
    detail = err.strerror or type(err).__name__
    return f"无法写入：{known}（{detail}）" if known else f"无法写入（{detail}）"


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (after links and relative parts; hard links too)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
        return Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):  # a path too long to resolve, a link loop: not the same file
        return False


def refuse_inputs(path: str, inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise UsageError when the output `path` is one of the `inputs` (even with --force)."""
    for source in inputs:
        if same_file(path, source):
            raise UsageError(
                f"{path}: 这是被检查的原文件 {os.fspath(source)}，不能用作输出文件（加 --force 也不会覆盖）"
            )


def check_writable(path: str, *, force: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Raise UsageError when `path` is an input, exists (and force is off) or is a folder, and
    OutputError when its folder does not exist or cannot be reached."""
    refuse_inputs(path, inputs)
    target = Path(path)
    try:
        if target.is_dir():
            raise UsageError(f"{path}: 这是一个文件夹，不能作为输出文件")
        if target.exists() and not force:
            raise UsageError(f"{path}: 文件已存在；如要覆盖，请加 --force")
        folder = target.parent
        if not folder.exists():
            raise OutputError(path, f"无法写入：输出目录 {folder} 不存在")
        if not folder.is_dir():
            raise OutputError(path, f"无法写入：{folder} 不是文件夹")
    except OSError as err:
        raise OutputError(path, write_cause(err)) from None


def write_atomic(
    path: str, data: bytes, *, force: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place; on any failure
    the temporary file is removed and OutputError names the path and the cause."""
    inputs = tuple(inputs)
    check_writable(path, force=force, inputs=inputs)
    target = Path(path)
    temp: str | None = None
    try:
        import tempfile  # imported when a file is written, not when a report is printed

        handle, temp = tempfile.mkstemp(prefix=f".{target.name[:32]}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), FILE_MODE & ~_umask())
        if not force and target.exists():  # appeared meanwhile
            raise UsageError(f"{path}: 文件已存在；如要覆盖，请加 --force")
        os.replace(temp, target)
        temp = None
    except OSError as err:
        raise OutputError(path, write_cause(err)) from None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(
    path: str,
    text: str,
    *,
    force: bool = False,
    bom: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write UTF-8 text (with a BOM when asked, for Excel) atomically."""
    data = (("\ufeff" if bom else "") + text).encode("utf-8")
    write_atomic(path, data, force=force, inputs=inputs)
