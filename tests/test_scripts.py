"""The shell scripts a new user runs first: scripts/setup is quiet and does nothing when nothing changed."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ROOT


def test_setup_with_nothing_changed_prints_one_line_and_installs_nothing():
    stamp = ROOT / ".venv" / ".kg-setup-stamp"
    subprocess.run([str(ROOT / "scripts" / "setup")], capture_output=True, check=True)  # the suite's own venv
    before = stamp.stat().st_mtime_ns
    p = subprocess.run([str(ROOT / "scripts" / "setup")], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0 and p.stdout == ""
    assert p.stderr == "setup: kg is installed in .venv and matches this checkout; nothing to do\n"
    assert stamp.stat().st_mtime_ns == before


def test_setup_shows_pips_output_only_when_it_fails(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'broken'\n")
    p = subprocess.run([str(tmp_path / "scripts" / "setup")], capture_output=True, text=True, timeout=300)
    assert p.returncode == 1 and p.stdout == ""
    lines = p.stderr.splitlines()
    assert lines[0].startswith("setup: installing kg and its test dependencies into .venv")
    assert lines[1] == "setup: installing failed; the output was:"
    assert "TOMLDecodeError" in p.stderr  # pip's own words
    assert not (tmp_path / ".venv" / ".kg-setup-stamp").exists()
