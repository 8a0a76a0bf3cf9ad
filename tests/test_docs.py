"""README stays true: every command is documented, and the documented test command is what CI runs."""

from kg.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_command_is_in_the_readme():
    for name in main.commands:
        assert f"kg {name}" in README, f"`kg {name}` is not documented in README.md"


def test_every_command_has_help_with_an_example():
    for name, command in main.commands.items():
        assert command.help and "Example:" in command.help, name


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci and "    scripts/test" in README
