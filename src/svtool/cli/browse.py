"""`svtool browse`: look at the database in a web browser with Datasette (an optional extra)."""

from __future__ import annotations

import typer

from svtool.cli.app import app, state


@app.command()
def browse(
    ctx: typer.Context,
    port: int = typer.Option(8001, "--port", "-p", min=1, max=65535, help="The port to serve on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the page in your web browser."),
) -> None:
    """Browse and query the database in your web browser with Datasette: read-only, on this computer only.

    Every table and column is described; start with "evidence". Needs Datasette, an optional extra: pip install "svtool[browse]". Stop it with Ctrl+C.

    Example: svtool browse --open
    """
    from svtool import console
    from svtool.analysis.browse import HOST, check_port, require_datasette, serve

    require_datasette()
    check_port(port)
    db = state(ctx).db
    console.note(f"Serving {db} read-only at http://{HOST}:{port}/ (Ctrl+C stops it).")
    status = serve(db, port=port, open_browser=open_browser)
    if status not in (0, -2, -15, 130):  # stopped by Ctrl+C or a signal
        raise typer.Exit(1)
