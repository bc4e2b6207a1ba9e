"""esbuild without npm: a pinned, integrity-checked binary from the npm registry.

Djust's browser runtime is built with esbuild (``make js``); users never build it,
since ``djust/static/djust/`` is committed. The binary comes from the npm registry the
machine is configured with (``NPM_CONFIG_REGISTRY``, ``npm config get registry`` or
an ``.npmrc``), at the version and sha512 pinned here, and is cached under
``~/.cache/djust``.

    python -m djust.esbuild          # rebuild djust/sw/protocol.js, the runtime, the worker
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import tarfile
import urllib.request
from pathlib import Path

VERSION = "0.28.2"
#: The npm package and dist.integrity of each platform we can verify.
PACKAGES = {
    ("Linux", "x86_64"): (
        "@esbuild/linux-x64",
        "sha512-4xTZr1FUmSoQW4XIWmit3tzQrUTZM+N3P0XV8xROKYF50XfI7xeO90+1bZvNwxIufQ9hDQVRJH5YhgPVF8A/HQ==",
    ),
}

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "static_src"
OUTPUT = Path(__file__).resolve().parent / "static" / "djust"
#: The worker's sources ship inside the package: `manage.py djust_sw build` bundles
#: them with a project's own modules.
WORKER_SOURCES = Path(__file__).resolve().parent / "sw"
#: The generated protocol module, imported by the runtime and the worker alike (it
#: lives with the worker's sources, which ship in the package).
PROTOCOL_JS = (WORKER_SOURCES / "protocol.js",)
#: The bundles: entry point -> output file name (the runtime, the service worker).
BUNDLES = {SOURCES / "index.js": "djust.js", WORKER_SOURCES / "index.js": "djust-sw.js"}


class BuildError(Exception):
    """A build step failed; the message ends with a stable code."""


def _registry() -> str:
    """The npm registry this machine is configured with."""
    for var in ("NPM_CONFIG_REGISTRY", "npm_config_registry"):
        if os.environ.get(var):
            return os.environ[var].rstrip("/")
    npm = shutil.which("npm")
    if npm:
        found = subprocess.run(
            [npm, "config", "get", "registry"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found.startswith("http"):
            return found.rstrip("/")
    for rc in (Path.home() / ".npmrc", Path("/etc/npmrc")):
        if rc.is_file():
            for line in rc.read_text().splitlines():
                key, _, value = line.partition("=")
                if key.strip() == "registry" and value.strip():
                    return value.strip().rstrip("/")
    raise BuildError(
        "No npm registry configured: set NPM_CONFIG_REGISTRY (code: build.no-registry)"
    )


def binary() -> Path:
    """The esbuild executable, downloaded and verified on first use."""
    key = (platform.system(), platform.machine())
    if key not in PACKAGES:
        raise BuildError(
            f"No pinned esbuild for {key[0]} {key[1]} (code: build.unsupported-platform)"
        )
    package, integrity = PACKAGES[key]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "djust"
    exe = cache / f"esbuild-{VERSION}-{package.rsplit('/', 1)[1]}"
    if exe.is_file():
        return exe
    name = package.rsplit("/", 1)[1]
    url = f"{_registry()}/{package}/-/{name}-{VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - https registry
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise BuildError(f"{url} does not match its pinned integrity (code: build.bad-integrity)")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile("package/bin/esbuild")
        if member is None:
            raise BuildError(f"{url} has no package/bin/esbuild (code: build.bad-package)")
        cache.mkdir(parents=True, exist_ok=True)
        tmp = exe.with_suffix(".tmp")
        tmp.write_bytes(member.read())
    tmp.chmod(0o755)
    tmp.replace(exe)
    return exe


def bundle(entry: Path, out: Path, aliases: dict[str, Path] | None = None) -> None:
    """Bundle ``entry`` and its imports into one minified classic script at ``out``;
    ``aliases`` name directories imports may use (``djust-sw/config.js``)."""
    args = [
        str(binary()),
        str(entry),
        "--bundle",
        "--minify",
        "--format=iife",
        "--target=chrome100,firefox100,safari15",
        "--legal-comments=none",
        f"--outfile={out}",
        "--log-level=warning",
        *(f"--alias:{name}={path}" for name, path in (aliases or {}).items()),
    ]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"esbuild failed on {entry}: {result.stderr} (code: build.failed)")


def build_worker(extensions: list[Path], out: Path) -> None:
    """Djust's worker with a project's own modules (imported after Djust's, so their
    listeners run after Djust's; they may import Djust's as ``djust-sw/<module>.js``)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        entry = Path(tmp) / "entry.js"
        lines = [
            'import "djust-sw/index.js";',
            *(f"import {json.dumps(str(p))};" for p in extensions),
        ]
        entry.write_text("\n".join(lines) + "\n")
        bundle(entry, out, aliases={"djust-sw": WORKER_SOURCES})


def build_runtime(out_dir: Path = OUTPUT) -> list[Path]:
    """Regenerate ``djust/sw/protocol.js`` and build the runtime and the worker into
    ``out_dir``."""
    from djust.protocol import javascript

    for path in PROTOCOL_JS:
        path.write_text(javascript())
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for entry, name in BUNDLES.items():
        bundle(entry, out_dir / name)
        built.append(out_dir / name)
    return built


if __name__ == "__main__":
    for path in build_runtime():
        print(f"built {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
