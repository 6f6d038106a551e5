"""Installing and removing Argos packages, safely and offline-first.

argostranslate's own installer extracts straight into the package folder,
so a corrupt archive can leave half a package behind; and its index update
has no timeout, so offline it can hang for minutes. Here an archive is
checked, extracted beside the packages, then moved in with one rename; the
index is fetched with a short timeout and a plain "offline" answer.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from service.settings import ARGOS_INDEX_URL as INDEX_URL

DEFAULT_TIMEOUT = 5.0
# Real packages expand 1-3x (the model is already compressed data); a zip bomb expands thousands of times.
MAX_EXPANSION = 20
MAX_UNPACKED_BYTES = 8 * 1024**3
_PACKAGE_FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class PackageError(ValueError):
    """An archive that is not a usable Argos translation package."""


class OfflineError(RuntimeError):
    """The package index could not be reached."""


@dataclass
class PackageInfo:
    """What `models list` shows about an installed package."""

    name: str
    source: str
    target: str
    version: str
    size_bytes: int
    path: Path


def _check_archive(archive: Path) -> tuple[str, dict]:
    """Top-level folder name and metadata of a valid package archive."""
    if not archive.is_file():
        raise PackageError(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise PackageError(f"{archive.name}: not a zip archive, so not an .argosmodel package")
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            if any(n.startswith("/") or "\\" in n or ".." in Path(n).parts for n in names):
                raise PackageError(f"{archive.name}: unsafe paths in archive")
            tops = {n.split("/", 1)[0] for n in names if n.strip("/")}
            if len(tops) != 1:
                raise PackageError(f"{archive.name}: expected one top-level folder, found {len(tops)}")
            top = tops.pop()
            if not _PACKAGE_FOLDER.match(top):
                raise PackageError(
                    f"{archive.name}: the package folder {top!r} is not a plain visible name "
                    "(letters, digits, '.', '_', '-', not starting with a dot)"
                )
            unpacked, packed = sum(info.file_size for info in zf.infolist()), archive.stat().st_size
            if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_EXPANSION * max(packed, 1):
                raise PackageError(
                    f"{archive.name}: would expand to {unpacked / 1e6:,.0f} MB from {packed / 1e6:,.1f} MB "
                    "(not a translation model; refused)"
                )
            bad = zf.testzip()  # reads every member: only once the sizes are known to be sane
            if bad is not None:
                raise PackageError(f"{archive.name}: damaged member {bad}")
            try:
                metadata = json.loads(zf.read(f"{top}/metadata.json"))
            except KeyError:
                raise PackageError(f"{archive.name}: no metadata.json") from None
            if f"{top}/model/model.bin" not in names:
                raise PackageError(f"{archive.name}: no CTranslate2 model (model/model.bin)")
            if not any(f"{top}/{t}" in names for t in ("sentencepiece.model", "bpe.model")):
                raise PackageError(f"{archive.name}: no tokenizer (sentencepiece.model or bpe.model)")
    except (zipfile.BadZipFile, json.JSONDecodeError, OSError) as err:
        raise PackageError(f"{archive.name}: unreadable package ({err})") from None
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise PackageError(f"{archive.name}: metadata.json lacks from_code/to_code")
    return top, metadata


def install_package(archive: Path, packages_dir: Path) -> Path:
    """Install one ``.argosmodel`` atomically; the installed set is untouched on error."""
    top, _ = _check_archive(Path(archive))
    packages_dir.mkdir(parents=True, exist_ok=True)
    final = packages_dir / top
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages_dir))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        old = None
        if final.exists():
            old = packages_dir / f".old-{top}"
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        (staging / top).rename(final)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def install_many(paths: list[Path], packages_dir: Path) -> tuple[list[Path], list[str]]:
    """Install files and folders of ``.argosmodel``; return installed and errors (a folder without any is one)."""
    installed, errors = [], []
    for path in paths:
        archives = sorted(Path(path).glob("*.argosmodel")) if Path(path).is_dir() else [Path(path)]
        if Path(path).is_dir() and not archives:
            errors.append(f"{path}: no .argosmodel file in this folder")
        for archive in archives:
            try:
                installed.append(install_package(archive, packages_dir))
            except PackageError as err:
                errors.append(str(err))
    return installed, errors


def list_packages(packages_dir: Path) -> list[PackageInfo]:
    """Installed package folders with readable metadata."""
    out = []
    if not packages_dir.is_dir():
        return out
    for path in sorted(p for p in packages_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        out.append(
            PackageInfo(
                path.name,
                meta.get("from_code", "?"),
                meta.get("to_code", "?"),
                meta.get("package_version", "?"),
                size,
                path,
            )
        )
    return out


def remove_package(packages_dir: Path, source: str, target: str) -> list[Path]:
    """Remove installed packages for a pair; return what was removed."""
    removed = []
    for info in list_packages(packages_dir):
        if info.source == source and info.target == target:
            shutil.rmtree(info.path)
            removed.append(info.path)
    return removed


def fetch_index(url: str = INDEX_URL, timeout: float = DEFAULT_TIMEOUT) -> list[dict]:
    """The remote package index, or OfflineError within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError) as err:
        raise OfflineError(f"package index unreachable ({err}); working offline") from None


def install_from_index(
    pairs: list[tuple[str, str]], packages_dir: Path, timeout: float = DEFAULT_TIMEOUT, url: str = INDEX_URL
) -> tuple[list[Path], list[str]]:
    """Download and install index packages for ``pairs`` (online only)."""
    index = fetch_index(url, timeout)
    installed, errors = [], []
    for source, target in pairs:
        entry = next((e for e in index if e.get("from_code") == source and e.get("to_code") == target), None)
        if entry is None:
            errors.append(f"{source}→{target}: not in the package index")
            continue
        links = entry.get("links") or []
        with tempfile.TemporaryDirectory() as tmp:
            archive = Path(tmp) / f"{source}_{target}.argosmodel"
            try:
                with urllib.request.urlopen(links[0], timeout=timeout * 12) as response:
                    archive.write_bytes(response.read())
                installed.append(install_package(archive, packages_dir))
            except (IndexError, urllib.error.URLError, TimeoutError, OSError) as err:
                errors.append(f"{source}→{target}: download failed ({err})")
            except PackageError as err:
                errors.append(str(err))
    return installed, errors
