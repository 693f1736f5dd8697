"""The `zhanaozen` command: play (the default), check and schema.

Exit status: 0 for success, 1 when the story (or a save) has a problem, 2 for a usage problem.
Nothing here prints a traceback for anything found in a story or a save.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import __version__

SUBCOMMANDS = ("play", "check", "schema", "export", "graph", "serve", "class")


def _story_option(parser) -> None:
    parser.add_argument(
        "--story",
        metavar="DIR",
        type=Path,
        default=None,
        help="the story folder (default: the story that ships with the game)",
    )


def build_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="zhanaozen",
        description="Zhanaozen: a text-adventure about the 2011 oil strike in Zhanaozen, Kazakhstan, "
        "its massacre, the repression after it and the January 2022 uprising. "
        "Every scene is footnoted to its sources.",
        epilog="With no command, `zhanaozen` plays the game.",
    )
    parser.add_argument("--version", action="version", version=f"zhanaozen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser(
        "play",
        help="play the game (the default command)",
        description="Play the game. --plain plays it line by line, for screen readers, pipes and tests.",
    )
    _story_option(play)
    play.add_argument("--plain", action="store_true", help="line mode: plain text in, plain text out")
    resume = play.add_mutually_exclusive_group()
    resume.add_argument("--continue", dest="resume", action="store_true", help="continue from the autosave")
    resume.add_argument("--load", metavar="NAME", help="continue from the save called NAME")
    play.add_argument(
        "--notes", action="store_true", help="line mode: print each scene's notes after its text (else n shows them)"
    )
    play.add_argument(
        "--no-reflect",
        dest="reflect",
        action="store_false",
        help="line mode: skip the reflection questions (for a piped script of choices)",
    )
    play.add_argument(
        "--watch",
        action="store_true",
        help="for writers: reload the story when a file changes, keeping your place "
        "(a broken edit shows check's messages and keeps the last good story)",
    )

    check = commands.add_parser(
        "check",
        help="find every mistake in a story and play every branch",
        description="Check a story: YAML and format errors, links, notes, "
        "sources, variables and conditions, then every branch "
        "played. Exit 0 when there are no errors, 1 when there "
        "are, 2 for a usage problem.",
    )
    _story_option(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for editors and CI"
    )
    check.add_argument(
        "--max-states",
        type=int,
        default=None,
        metavar="N",
        help="stop playing branches after N states of scene + variables (default 200000)",
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the story format",
        description="Print the JSON Schema for scene files (for the YAML "
        "language server), or the format reference in Markdown.",
    )
    _story_option(schema)
    schema.add_argument(
        "--file",
        choices=("scene", "story", "sources", "glossary"),
        default="scene",
        help="which kind of file (default: scene)",
    )
    schema.add_argument("--docs", action="store_true", help="print the format reference (Markdown)")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")

    export = commands.add_parser(
        "export",
        help="write the transcript of a path, to hand in",
        description="Write a student's path (each scene, the choices made, "
        "the reflection answers, the ending and its debrief, "
        "footnotes and a bibliography) as Markdown or as one "
        "self-contained HTML page that prints well.",
    )
    _story_option(export)
    export.add_argument(
        "--slot",
        default="autosave",
        metavar="NAME",
        help="the save to export (default: the autosave, which keeps a finished path until a new game begins)",
    )
    export.add_argument("--format", choices=("md", "html"), default="html", help="md or html (default)")
    export.add_argument("--name", default="", metavar="STUDENT", help="the student's name, printed at the top")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", required=True, help="the file to write")

    graph = commands.add_parser(
        "graph",
        help="print the story map (scenes and choices)",
        description="Print the scene graph: chapters as clusters, endings "
        "marked, conditional choices labelled with their condition.",
    )
    _story_option(graph)
    graph.add_argument(
        "--format", choices=("dot", "mermaid"), default="mermaid", help="Graphviz DOT or Mermaid (default)"
    )
    graph.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")

    serve = commands.add_parser(
        "serve",
        help="serve the game to browsers, for a class",
        description="Serve the game to web browsers for a class: every student "
        "plays in their own browser tab; their games, answers and transcripts are kept in the "
        "class's database, and the teacher follows the class at /teacher. Only this computer "
        "can connect unless --host 0.0.0.0 is given (see README).",
    )
    _story_option(serve)
    from .classroom.serve import add_serve_arguments

    add_serve_arguments(serve)

    from .classroom.manage import add_class_parser

    add_class_parser(commands, _story_option)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        # `zhanaozen` alone: the game, without building the parser (argparse alone is ~9 ms of the
        # title screen's start-up budget).
        from .core.paths import shipped_story

        if (shipped_story() / "story.yaml").is_file():
            from .tui.app import run_app

            return run_app(shipped_story())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]  # a TextIOWrapper, or a stand-in
        except (AttributeError, ValueError):
            pass
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "play")
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "schema":
            return run_schema(args)
        if args.command == "export":
            return run_export(args)
        if args.command == "graph":
            return run_graph(args)
        if args.command == "serve":
            from .classroom.serve import run_serve

            return run_serve(
                _story_dir(args),
                args.host,
                args.port,
                args.max_sessions,
                args.class_name,
                args.class_db,
                args.ephemeral,
                fork=not args.no_fork,
            )
        if args.command == "class":
            from .classroom.manage import run_class

            return run_class(args, _story_dir(args) if args.action == "export" else None)
        return run_play(args)
    except BrokenPipeError:
        return 0


def _story_dir(args) -> Path:
    if args.story is not None:
        return args.story
    from .core.paths import shipped_story

    return shipped_story()


def _usage_error(message: str) -> int:
    print(f"zhanaozen: {message}", file=sys.stderr)
    return 2


def run_check(args) -> int:
    from .core.check import check_story
    from .core.explore import DEFAULT_MAX_STATES
    from .core.loader import StoryNotFound
    from .report_text import format_stats

    if args.max_states is not None and args.max_states < 1:
        return _usage_error("--max-states must be at least 1")
    try:
        report = check_story(_story_dir(args), args.max_states or DEFAULT_MAX_STATES)
    except StoryNotFound as err:
        return _usage_error(str(err))
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    if args.format == "json":
        json.dump(
            {
                "ok": not failed,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [finding.as_dict() for finding in report.findings],
                "stats": report.stats,
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 1 if failed else 0
    for finding in report.findings:
        print(finding)
    if report.findings:
        print()
    for line in format_stats(report.stats):
        print(line)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = (
        "no problems"
        if not report.findings
        else (
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            + (" (--strict: warnings count as errors)" if args.strict and warnings else "")
        )
    )
    print(f"Checked: {verdict}.")
    return 1 if failed else 0


def _write(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        return _usage_error(f"cannot write {output}: {err.strerror or err}")
    return 0


def _open_playable(story_dir: Path, doing: str):
    """The story as the game sees it, or an exit status with the reason printed."""
    from .core.loader import StoryNotFound, open_story
    from .report_text import blocking_errors_text

    try:
        report = open_story(story_dir)
    except StoryNotFound as err:
        return None, _usage_error(str(err))
    if report.errors:
        print(blocking_errors_text(report, doing), file=sys.stderr)
        return None, 1
    return report, 0


def run_export(args) -> int:
    from .core.export import build, to_html, to_markdown
    from .core.saves import SaveError
    from .core.session import Session

    report, status = _open_playable(_story_dir(args), "exported")
    if report is None:
        return status
    session = Session(report.story)
    try:
        session.load(args.slot)
    except SaveError as problem:
        print(f"Cannot export the save '{args.slot[:40]}': {problem}.", file=sys.stderr)
        return 1
    transcript = build(report.story, session.playing, args.name)
    text = to_html(transcript) if args.format == "html" else to_markdown(transcript)
    status = _write(text, args.output)
    if status == 0:
        print(f"Wrote the transcript of {len(transcript.sections)} scene(s) to {args.output}.")
    return status


def run_graph(args) -> int:
    from .core.graph import to_dot, to_mermaid

    report, status = _open_playable(_story_dir(args), "mapped")
    if report is None:
        return status
    return _write(to_dot(report.story) if args.format == "dot" else to_mermaid(report.story), args.output)


def run_schema(args) -> int:
    from .core.schema import json_schema_text, reference_markdown

    return _write(reference_markdown() if args.docs else json_schema_text(args.file), args.output)


def _interactive(stream) -> bool:
    """A person types at this stream (a terminal), rather than a script through a pipe."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_play(args) -> int:
    from .core.slots import AUTOSAVE, SLOT_PATTERN, SLOT_RULE

    story_dir = _story_dir(args)
    if args.load and not SLOT_PATTERN.match(args.load):
        return _usage_error(SLOT_RULE)
    if not args.plain:
        # The full-screen game loads the story after its first frame (see tui/app.py): only check
        # here what can be checked without the core.
        if not (story_dir / "story.yaml").is_file():
            return _usage_error(f"{story_dir} is not a story folder: it has no story.yaml")
        from .tui.app import run_app

        return run_app(story_dir, AUTOSAVE if args.resume else args.load, watch=args.watch)
    if args.watch:
        return _usage_error("--watch works with the full-screen game (leave out --plain)")

    from .core.saves import SaveError
    from .core.session import Session
    from .plain import PlainGame, terminal_width

    report, status = _open_playable(story_dir, "played")
    if report is None:
        return status
    session = Session(report.story)
    game = PlainGame(session, sys.stdin, sys.stdout, terminal_width(sys.stdout), notes=args.notes, reflect=args.reflect)
    slot = AUTOSAVE if args.resume else args.load
    if slot and slot == AUTOSAVE and not session.has_autosave():
        print("There is no autosave yet: starting a new game.")
        slot = None
    if slot:
        try:
            session.load(slot)
        except SaveError as problem:
            print(f"Cannot continue from the save '{slot}': {problem}.", file=sys.stderr)
            print("Your save file is kept as it is. Start a new game with: zhanaozen play --plain", file=sys.stderr)
            return 1
        game.say(f"{report.story.meta.title}: continuing from the save '{slot}': {session.where()}.")
        recap = session.recap()
        if recap:
            game.say()
            game.say(recap)
    else:
        replaced = session.game_to_replace()
        if replaced and _interactive(sys.stdin):
            line = game.ask(
                f"Your game so far ({replaced}) is in the autosave, and a new game replaces it. "
                "Start a new game? (y/n): "
            )
            if line is None or line.strip().lower() not in ("y", "yes"):
                game.say("Your game is kept. Continue it with: zhanaozen play --plain --continue")
                return 0
        elif replaced:
            game.say(f"A new game: it replaces the game in the autosave ({replaced}).")
        session.new_game()
        meta = report.story.meta
        game.say(meta.title)
        if meta.description:
            game.say()
            game.say(meta.description)
        if meta.content_note:
            game.say()
            game.say(f"Content note: {meta.content_note}")
        game.say()
        game.say("Type ? at any prompt for the commands: n shows a scene's notes, q saves and quits.")
    return game.run()
