"""Installing and removing Argos packages, safely and offline-first.

argostranslate's own installer extracts straight into the package folder,
so a corrupt archive can leave half a package behind; and its index update
has no timeout, so offline it can hang for minutes. Here an archive is
checked, extracted beside the packages, then moved in with one rename; the
index is fetched with a short timeout and a plain "offline" answer.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from service.languages import UnknownLanguage, is_known, normalize_code
from service.settings import ARGOS_INDEX_URL as INDEX_URL

DEFAULT_TIMEOUT = 5.0
# Real packages expand 1-3x (the model is already compressed data); a zip bomb expands thousands of times.
MAX_EXPANSION = 20
MAX_UNPACKED_BYTES = 8 * 1024**3
_PACKAGE_FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Optional metadata fields read as text (by argostranslate or by `models list`).
_TEXT_FIELDS = ("package_version", "argos_version", "from_name", "to_name", "type", "code", "target_prefix")
_SHA256 = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
SUMS_NAME = "SHA256SUMS"


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
    if archive.is_dir():
        raise PackageError(f"{archive.name}: a folder, not an .argosmodel file")
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
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError, OSError) as err:
        raise PackageError(f"{archive.name}: unreadable package ({err})") from None
    check_metadata(metadata, archive.name)
    return top, metadata


def _shown(value: object) -> str:
    """A metadata value as an error message shows it: short, whatever its size."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_metadata(metadata: object, name: str) -> tuple[str, str]:
    """The ``(from_code, to_code)`` of a package's metadata, or PackageError saying what is wrong with it.

    The codes become route keys, file names and page labels, so only the ISO 639-1 (or, for a language
    without one, 639-3) codes Babel knows pass: not ``../x``, an object, or a 5,000-character string.
    """
    if not isinstance(metadata, dict):
        raise PackageError(f"{name}: metadata.json holds {type(metadata).__name__}, not an object")
    codes = []
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if value is None or value == "":
            raise PackageError(f"{name}: metadata.json lacks {key}")
        try:
            known = isinstance(value, str) and normalize_code(value) == value and is_known(value)
        except UnknownLanguage:
            known = False
        if not known:
            raise PackageError(f"{name}: metadata.json {key} {_shown(value)} is not an ISO 639 code the service knows")
        codes.append(value)
    for key in _TEXT_FIELDS:
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            raise PackageError(f"{name}: metadata.json {key} is {_shown(metadata[key])}, not text")
    if metadata.get("type", "translate") != "translate":
        raise PackageError(f"{name}: a {metadata['type']!r} package, not a translation package")
    return codes[0], codes[1]


def check_tokenizer(package: object, name: str) -> None:
    """PackageError unless the package's tokenizer (SentencePiece or BPE) loads and encodes a sentence."""
    tokenizer = getattr(package, "tokenizer", None)
    if tokenizer is None:
        raise PackageError(f"{name}: no tokenizer (sentencepiece.model or bpe.model missing)")
    try:
        tokenizer.encode("Bonjour.")
    except Exception as err:  # SentencePiece raises RuntimeError/OSError, BPE anything: all mean "broken"
        raise PackageError(f"{name}: the tokenizer does not load ({first_line(err)})") from None


def check_model(path: Path, name: str) -> None:
    """PackageError unless the package's CTranslate2 model loads (a truncated model.bin does not)."""
    import ctranslate2

    if not (path / "model" / "model.bin").is_file():
        raise PackageError(f"{name}: no CTranslate2 model (model/model.bin missing)")
    try:
        ctranslate2.Translator(str(path / "model"), device="cpu", inter_threads=1, intra_threads=1)
    except Exception as err:  # CTranslate2 raises RuntimeError/ValueError by cause
        raise PackageError(f"{name}: the CTranslate2 model does not load ({first_line(err)})") from None


def first_line(err: BaseException) -> str:
    """The first line of an error, short enough for a message or a /health problem."""
    line = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return line if len(line) <= 240 else line[:239] + "…"


def check_package_dir(path: Path, name: str) -> None:
    """An extracted package is usable: metadata shape and codes, tokenizer and model all load."""
    from argostranslate.package import Package

    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PackageError(f"{name}: metadata.json unreadable ({first_line(err)})") from None
    check_metadata(metadata, name)
    try:
        package = Package(path)
    except Exception as err:  # argostranslate reads the metadata its own way
        raise PackageError(f"{name}: unreadable package ({first_line(err)})") from None
    check_tokenizer(package, name)
    check_model(path, name)


def install_package(archive: Path, packages_dir: Path, sha256: str | None = None) -> Path:
    """Install one ``.argosmodel`` atomically once it is checked; the installed set is untouched on error.

    ``sha256``: the archive's expected digest (from a SHA256SUMS file); a mismatch refuses it.
    """
    archive = Path(archive)
    if sha256 is not None:
        _check_digest(archive, sha256)
    top, _ = _check_archive(archive)
    packages_dir.mkdir(parents=True, exist_ok=True)
    final = packages_dir / top
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages_dir))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        check_package_dir(staging / top, archive.name)
        old = None
        if final.exists() or final.is_symlink():
            old = packages_dir / f".old-{top}"
            _remove(old)
            final.rename(old)
        (staging / top).rename(final)
        if old:
            _remove(old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _remove(path: Path) -> None:
    """Remove a file or a folder, whichever ``path`` is (a stray file may have a package's name)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (packages are hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_digest(archive: Path, expected: str) -> None:
    if not archive.is_file():
        raise PackageError(f"{archive}: no such file")
    actual = file_sha256(archive)
    if actual != expected.lower():
        raise PackageError(
            f"{archive.name}: SHA-256 mismatch (expected {expected.lower()}, got {actual}): "
            "the file is damaged or not the one listed; download it again"
        )


def read_sums(path: Path) -> dict[str, str]:
    """``file name -> sha256`` from a ``sha256sum`` output file (``<hex>  <name>`` or ``<hex> *<name>``)."""
    sums = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PackageError(f"{path}: checksum file unreadable ({first_line(err)})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _SHA256.match(line.strip())
        if not match:
            raise PackageError(f"{path}:{number}: not a sha256sum line (<64 hex digits>  <file name>)")
        sums[Path(match.group(2)).name] = match.group(1).lower()
    return sums


def install_many(
    paths: list[Path], packages_dir: Path, sums: dict[str, str] | None = None
) -> tuple[list[Path], list[str]]:
    """Install files and folders of ``.argosmodel``; return installed and errors (one per bad archive).

    A bad archive is reported and the others still install. Checksums come from ``sums`` or, failing
    that, from a ``SHA256SUMS`` file beside the archives; when either exists, an archive it does not
    list is refused (it cannot be verified).
    """
    installed, errors = [], []
    for path in map(Path, paths):
        archives = sorted(p for p in path.glob("*.argosmodel")) if path.is_dir() else [path]
        if path.is_dir() and not archives:
            errors.append(f"{path}: no .argosmodel file in this folder")
        for archive in archives:
            try:
                expected = _expected_digest(archive, sums)
                installed.append(install_package(archive, packages_dir, expected))
            except PackageError as err:
                errors.append(str(err))
            except OSError as err:  # a name clash, a full disk, a read-only folder: this archive only
                errors.append(f"{archive.name}: cannot install ({err})")
    return installed, errors


def _expected_digest(archive: Path, sums: dict[str, str] | None) -> str | None:
    """The digest an archive must have: from ``sums``, else from SHA256SUMS beside it, else None (unchecked)."""
    if sums is None:
        beside = archive.parent / SUMS_NAME
        if not beside.is_file():
            return None
        sums, source = read_sums(beside), beside
    else:
        source = "the checksum file"
    if archive.name not in sums:
        raise PackageError(f"{archive.name}: not listed in {source}, so it cannot be verified; refused")
    return sums[archive.name]


def list_packages(packages_dir: Path) -> list[PackageInfo]:
    """Installed package folders with readable metadata."""
    out = []
    if not packages_dir.is_dir():
        return out
    for path in sorted(p for p in packages_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict):
            continue
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        out.append(
            PackageInfo(
                path.name,
                str(meta.get("from_code", "?"))[:40],
                str(meta.get("to_code", "?"))[:40],
                str(meta.get("package_version", "?"))[:40],
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
