"""The distributions as published: the sdist and the wheel build, carry the MIT LICENSE, and pass
``twine check``; the project URLs all point at the repository the README names."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist and the wheel, built once (no isolation: the lock pins the backend)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation",
         "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    (sdist,) = out.glob("sendfrom-*.tar.gz")
    (wheel,) = out.glob("sendfrom-*.whl")
    return sdist, wheel


def test_the_sdist_carries_the_license(dists: tuple[Path, Path]) -> None:
    sdist, _ = dists
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        member = archive.extractfile(f"{sdist.name.removesuffix('.tar.gz')}/LICENSE")
        assert member is not None
        assert member.read().decode() == (ROOT / "LICENSE").read_text()
    assert {"LICENSE", "README.md", "pyproject.toml"} <= names


def test_the_wheel_carries_the_license(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    with zipfile.ZipFile(wheel) as archive:
        licenses = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licenses) == 1
        assert archive.read(licenses[0]).decode() == (ROOT / "LICENSE").read_text()
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert "License-File: LICENSE" in text
    assert "Project-URL: Source, " in text


def test_twine_check_passes(dists: tuple[Path, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == len(dists)


def test_the_license_is_mit_by_the_sendfrom_authors() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the sendfrom authors\n")


def test_the_project_urls_are_the_repository_the_readme_names() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    match = re.search(r"canonical location is `(https://[^`]+)`", (ROOT / "README.md").read_text())
    assert match is not None, "README.md must name the repository's canonical location"
    repository = match.group(1)
    assert set(urls) == {"Homepage", "Source", "Issues", "Documentation"}
    assert urls["Source"] == urls["Homepage"] == repository
    assert urls["Issues"] == f"{repository}/issues"
    assert urls["Documentation"] == f"{repository}#readme"
