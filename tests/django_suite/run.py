"""Run Django's own template test suite (syntax and filter tests, from Django's source
distribution) against Django's engine and against Djust's, and compare.

The tests build engines with ``Engine(...)``; here every such name, including the one
in ``template_tests.utils.setup``, is bound to an adapter over ``DjustTemplates``. The
figure that counts: of the tests that pass on Django's engine, the share that pass on
Djust's. Exit status 1 below 99%.

    make test-django-suite            (downloads the sdist once into .cache/)
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tarfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
LABELS = ["template_tests.syntax_tests", "template_tests.filter_tests"]
TARGET = 0.99


def django_tests_dir() -> Path:
    import django

    version = django.get_version()
    dest = CACHE / f"django-{version}-tests"
    if (dest / "template_tests").is_dir():
        return dest
    CACHE.mkdir(exist_ok=True)
    sdist = CACHE / f"django-{version}.tar.gz"
    if not sdist.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                f"django=={version}",
                "--no-binary",
                ":all:",
                "--no-deps",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
    prefix = f"django-{version}/tests/"
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(prefix + "template_tests/")]
        for m in members:
            m.name = m.name[len(prefix) :]
        tar.extractall(dest, members=members, filter="data")
    return dest


def run(mode: str) -> dict[str, str]:
    """Run the suite in a fresh process; return {test id: outcome}."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.django_suite.settings"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-5000:])
        raise SystemExit(f"suite run ({mode}) crashed")
    return json.loads(out.stdout.splitlines()[-1])


def child(mode: str) -> None:
    tests_dir = django_tests_dir()
    sys.path[:0] = [str(tests_dir), str(ROOT)]
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for label in LABELS:
        pkg = importlib.import_module(label)
        suite.addTests(loader.discover(os.path.dirname(pkg.__file__), top_level_dir=str(tests_dir)))
    if mode == "djust":
        from tests.django_suite.engine import DjustEngine

        for name, module in list(sys.modules.items()):
            if name.startswith("template_tests") and getattr(module, "Engine", None) is not None:
                module.Engine = DjustEngine

    outcomes: dict[str, str] = {}

    class Result(unittest.TestResult):
        def addSuccess(self, test):
            outcomes[test.id()] = "pass"

        def addFailure(self, test, err):
            outcomes[test.id()] = "fail"

        def addError(self, test, err):
            outcomes[test.id()] = "error"

        def addSkip(self, test, reason):
            outcomes[test.id()] = "skip"

        def addExpectedFailure(self, test, err):
            outcomes[test.id()] = "pass"

        def addUnexpectedSuccess(self, test):
            outcomes[test.id()] = "fail"

    with open(os.devnull, "w") as devnull:
        stderr, sys.stderr = sys.stderr, devnull
        try:
            suite.run(Result())
        finally:
            sys.stderr = stderr
    print(json.dumps(outcomes))


def main() -> int:
    django_tests_dir()
    base = run("django")
    ours = run("djust")
    passing = [t for t, o in base.items() if o == "pass"]
    failed = sorted(t for t in passing if ours.get(t) != "pass")
    rate = (len(passing) - len(failed)) / len(passing)
    print(f"Django's template suite ({', '.join(LABELS)}):")
    print(f"  passing on Django's engine: {len(passing)}")
    print(f"  of those, passing on Djust: {len(passing) - len(failed)} ({rate:.2%})")
    for t in failed:
        print(f"  FAIL {t}")
    verdict = "meets" if rate >= TARGET else "BELOW"
    print(f"compatibility {rate:.2%} {verdict} the {TARGET:.0%} target")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        raise SystemExit(main())
