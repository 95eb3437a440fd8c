"""Run the real LibreOffice in tests: convert a file headless with a private user profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui",
)


def convert(source: Path, fmt: str, workdir: Path) -> Path:
    """Convert `source` with `soffice --headless --convert-to fmt`; the converted file's path.

    Fails the test with LibreOffice's output when it exits non-zero or writes nothing, which is
    how it reports a file it cannot open.
    """
    assert SOFFICE is not None
    outdir = workdir / f"soffice-{fmt.split(':')[0]}"
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (workdir / "soffice-profile").resolve().as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    target = outdir / (source.stem + "." + fmt.split(":")[0])
    assert done.returncode == 0 and target.exists() and target.stat().st_size > 0, (
        f"LibreOffice could not convert {source.name}: rc={done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    assert "Error" not in done.stderr, done.stderr
    return target
