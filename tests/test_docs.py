"""README and CI agree, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from svtool.cli.main import app

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.lstrip().startswith("# svtool")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)
    return blocks


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    commands = _quick_start_commands()
    assert len(commands) == 2
    install_and_run, test = commands
    assert "pip install ." in install_and_run and install_and_run.endswith("svtool log")
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_every_command_has_help_and_is_in_the_readme():
    import typer.main

    group = typer.main.get_command(app)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert {"log", "list", "show", "checklist", "authorities"} <= set(names)
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        assert (command.help or "").strip(), name
        assert f"svtool {name}" in readme, f"README does not mention `svtool {name}`"


def test_the_performance_table_is_a_bench_run():
    """README's figures are the table bench/run.py --readme wrote, with the run's date and
    machine, not figures typed by hand."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Performance", 1)[1].split("\n## ", 1)[0]
    block = section.split("<!-- bench-table:start -->", 1)[1].split("<!-- bench-table:end -->")[0]
    assert re.search(r"`python bench/run\.py`, \d{1,2} \w+ \d{4}, on .+ cores", block)
    assert "| figure | measured | floor | ratio | goal | ok? |" in block


def test_scripted_log_says_which_options_it_needs():
    """`svtool log` in a script (standard input not a terminal) cannot ask: its help and README
    name every option it then requires, as `missing_options` decides them."""
    import typer.main

    from svtool.evidence import Draft, missing_options

    needed = set(missing_options(Draft())) | set(missing_options(Draft(questions=["2.1"])))
    assert {"--setting", "--source", "--date", "--strategy"} <= needed
    log = typer.main.get_command(app).commands["log"]  # type: ignore[attr-defined]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `svtool log`", 1)[1].split("\n### ", 1)[0]
    for text in (log.help or "", section):
        paragraph = next(p for p in text.split("\n\n") if "not a terminal" in p)
        for option in sorted(needed):
            assert option in paragraph, (option, paragraph)
