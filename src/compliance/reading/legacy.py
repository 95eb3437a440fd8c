"""Convert legacy word-processor files (.doc, .wps, .rtf, .odt, Word 2003 XML) to .docx with LibreOffice.

LibreOffice is a system program (Debian: `apt-get install libreoffice-writer-nogui`), not a Python
dependency. Each conversion runs `soffice --headless --convert-to docx` on a private copy of the
input, in a private temporary folder with its own LibreOffice profile (so concurrent runs and a
user's open LibreOffice never collide, and no lock file appears next to the input), under a
timeout that kills the whole process group; the folder is removed afterwards. Automatic
numbering survives: LibreOffice writes it as taiwaneseCountingThousand, which the reader knows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from compliance.errors import DocumentError

if TYPE_CHECKING:
    import subprocess

# shutil, subprocess and tempfile are imported when a file is converted: checking a .docx or a
# text report (every start-up) never needs them.

SOFFICE_ENV = "COMPLIANCE_SOFFICE"  # path of the soffice program, when it is not on PATH
TIMEOUT_SECONDS = 120.0  # a first start with a fresh profile takes 1–3 s; a report converts in ~1 s
INSTALL_HINT = "请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui）"
_INPUT_NAMES = {"doc": "input.doc", "rtf": "input.rtf", "odt": "input.odt", "word-xml": "input.xml"}


def find_soffice() -> str | None:
    """The LibreOffice program to run: $COMPLIANCE_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def convertible(kind: str) -> bool:
    """Whether files of this sniffed kind can be converted to .docx."""
    return kind in _INPUT_NAMES


@contextmanager
def converted_docx(
    path: str, data: bytes, kind: str, label: str, *, timeout: float | None = None
) -> Iterator[str]:
    """Yield the path of a .docx converted from `data` (the bytes of `path`, of sniffed `kind`).

    The .docx and everything else LibreOffice wrote are deleted when the block ends. Raises
    DocumentError naming `path` when LibreOffice is missing, fails or takes longer than `timeout`
    seconds (default: TIMEOUT_SECONDS, read at call time).
    """
    soffice = find_soffice()
    label = (" " if label[:1].isascii() else "") + label  # 这是 Word 97–2003 文档
    if soffice is None:
        raise DocumentError(path, f"这是{label}，{INSTALL_HINT}，或用 Word/WPS 另存为 .docx 后再检查")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="compliance-", ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        source = work / _INPUT_NAMES[kind]
        source.write_bytes(data)  # a private copy: LibreOffice never sees (or locks) the input
        _run(path, soffice, source, work, TIMEOUT_SECONDS if timeout is None else timeout)
        result = work / "out" / "input.docx"
        if not result.is_file():
            raise DocumentError(
                path,
                f"LibreOffice 无法转换这个{label}（可能已损坏或设置了密码），"
                "请用 Word/WPS 打开后另存为 .docx 再检查",
            )
        yield str(result)


def _run(path: str, soffice: str, source: Path, work: Path, timeout: float) -> None:
    import subprocess

    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work / "out"),
        str(source),
    ]
    environment = {**os.environ, "HOME": str(work)}  # nothing is written to the user's home
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=work,
            env=environment,
            start_new_session=True,
        )
    except OSError as err:
        raise DocumentError(path, f"无法启动 LibreOffice（{err.strerror or err}），{INSTALL_HINT}") from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise DocumentError(
            path, f"LibreOffice 转换超时（超过 {timeout:g} 秒），请用 Word/WPS 另存为 .docx 后再检查"
        ) from None
    except BaseException:  # KeyboardInterrupt: leave nothing running behind
        _kill_group(process)
        raise
    _kill_group(process)  # soffice may leave a helper behind in its group


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group started for one conversion (soffice, oosplash, soffice.bin)."""
    import signal  # only when LibreOffice ran

    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
