"""The README documents what the code offers: every setting and every command."""

from __future__ import annotations

import click
import pytest

from service import settings as config
from service.cli import main
from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(config.defaults()))
def test_every_setting_is_in_the_configuration_table(key):
    assert f"| `SERVICE_{key}`" in README or f"`SERVICE_{key}`" in README, f"SERVICE_{key} is not documented"


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_readme_and_has_help(command):
    assert f"service {command}" in README or f"scripts/{command}" in README, f"'{command}' is not in the README"
    found = main
    for part in command.split():
        found = found.commands[part]
    assert found.help and found.help.strip(), f"'{command}' has no help text"
