"""Shell completion answered without Typer says exactly what Typer says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from svtool import quickcomplete

BASH = "complete_bash"


def _env(instruction: str, words: str, **extra: str) -> dict[str, str]:
    env = {"_SVTOOL_COMPLETE": instruction, **extra}
    if instruction == BASH:
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = extra.get("COMP_CWORD", str(len(words.split(" ")) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    return env


CASES = [
    (BASH, "svtool log --strategy ho", {}),
    (BASH, "svtool log --strategy ", {}),
    (BASH, "svtool log --strategy HO", {}),
    (BASH, "svtool --db x.db log -a ken", {}),
    (BASH, "svtool log --authority Ken", {}),
    (BASH, "svtool log --authority KEN", {}),
    (BASH, "svtool log --authority Kensi", {}),
    (BASH, "svtool log --authority 88", {}),
    (BASH, "svtool list --status rai", {}),
    (BASH, "svtool edit 1234abcd --setting spec", {}),
    (BASH, "svtool log --summary --strategy h", {}),
    (BASH, "svtool log --strategy=ho", {}),
    (BASH, "svtool log -q 2.", {}),
    (BASH, "svtool search --section acc", {}),
    (BASH, "svtool log --strategy zz", {}),
    ("complete_zsh", "svtool log --strategy ho", {}),
    ("complete_zsh", "svtool log --strategy ", {}),
    ("complete_zsh", "svtool log --impact zz", {}),
    ("complete_zsh", "svtool log -a kingston", {}),
    ("complete_fish", "svtool log --source f", {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    ("complete_fish", "svtool log --source f", {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}),
    ("complete_fish", "svtool log --source zz", {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}),
    ("complete_fish", "svtool log --source zz", {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    (
        "complete_powershell",
        "svtool log --consulted sch",
        {"_TYPER_COMPLETE_WORD_TO_COMPLETE": "sch"},
    ),
]
HANDED_OVER = [
    (BASH, "svtool lo", {}),  # command names
    (BASH, "svtool log --str", {}),  # option names
    (BASH, "svtool show ab", {}),  # entry ids come from the database
    (BASH, "svtool log --details ab", {}),  # no fixed list
    (BASH, "svtool config set ", {}),  # a group
    ("source_bash", "", {}),  # the script itself
]


def _typer(env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "svtool"],
        env={**os.environ, **env, "SVTOOL_NO_FASTPATH": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout


def _quick(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int | None, str]:
    for key in ("COMP_WORDS", "COMP_CWORD", "_TYPER_COMPLETE_ARGS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    status = quickcomplete.answer()
    return status, capsys.readouterr().out


@pytest.mark.parametrize(
    ("instruction", "words", "extra", "answered"),
    [(*case, True) for case in CASES] + [(*case, False) for case in HANDED_OVER],
)
def test_quick_completion_is_typers_or_left_to_typer(
    instruction: str,
    words: str,
    extra: dict[str, str],
    answered: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = _env(instruction, words, **extra)
    status, out = _quick(env, monkeypatch, capsys)
    if not answered:
        assert (status, out) == (None, "")
        return
    assert status is not None, "the quick path should answer this"
    assert (status, out) == _typer(env)


def test_a_reps_own_authorities_list_is_read_by_typer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["SVTOOL_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "authorities.csv").write_text("not read here\n")
    env = _env(BASH, "svtool log -a ken")
    assert _quick(env, monkeypatch, capsys) == (None, "")


def test_values_offered_are_the_stored_ones(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _quick(_env(BASH, "svtool log --strategy "), monkeypatch, capsys)
    assert status == 0
    assert out.split() == [
        "hours-cap", "outreach-cut", "eligibility", "thresholds", "criteria-raised", "other",
    ] or "hours-cap" in out.split()  # fmt: skip


def test_stored_completion_table_is_current() -> None:
    from svtool import _completion
    from svtool.cli.gen_help import completion_table

    assert completion_table() == (_completion.OPTIONS, _completion.VALUES), (
        "run `python -m svtool.cli.gen_help` to refresh svtool/_completion.py"
    )
