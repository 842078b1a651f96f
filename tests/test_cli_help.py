"""Every command and option of ``sitroom`` says what it does, and every command fails with a
one-line message (it goes through ``fail_cleanly``)."""

from __future__ import annotations

from collections.abc import Iterator

import click

from sitroom.cli import cli


def walk(cmd: click.Command, path: tuple[str, ...] = ("sitroom",)) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from walk(sub, (*path, name))


def command(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = cli
    for name in path[1:]:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    return cmd


def test_every_command_and_option_has_a_help_text() -> None:
    missing = []
    for path in walk(cli):
        cmd = command(path)
        if len((cmd.help or "").strip()) < 10:
            missing.append(" ".join(path))
        for param in cmd.params:
            if isinstance(param, click.Option) and len((param.help or "").strip()) < 10:
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_every_command_fails_in_one_line() -> None:
    unwrapped = [
        " ".join(path)
        for path in walk(cli)
        if not isinstance(command(path), click.Group)
        and getattr(command(path).callback, "__wrapped__", None) is None
    ]
    assert unwrapped == []


def test_the_event_coder_is_offered_only_where_events_are_coded() -> None:
    for path in walk(cli):
        names = {o for p in command(path).params for o in getattr(p, "opts", [])}
        if "--coder" in names:
            assert path[-1] in {
                "process", "run", "watch", "poll", "code", "bench", "events", "gold-events"
            }, path  # fmt: skip
