"""The `zhanaozen` command: play (the default), check and schema.

Exit status: 0 for success, 1 when the story (or a save) has a problem, 2 for a usage problem.
Nothing here prints a traceback for anything found in a story or a save.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import __version__

SUBCOMMANDS = ("play", "check", "schema", "export", "graph", "serve", "class", "lsp", "new", "translate", "pack")


def _story_option(parser) -> None:
    parser.add_argument(
        "--story",
        metavar="DIR",
        type=Path,
        default=None,
        help="the story folder (default: the story that ships with the game)",
    )


def _lang_option(parser) -> None:
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None,
        help="the language to play in, e.g. ru (default: $ZHANAOZEN_LANG, then the system's language; "
        "en for the original English)",
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
    _lang_option(play)
    play.add_argument("--plain", action="store_true", help="line mode: plain text in, plain text out")
    resume = play.add_mutually_exclusive_group()
    resume.add_argument("--continue", dest="resume", action="store_true", help="continue from the autosave")
    resume.add_argument("--load", metavar="NAME", help="continue from the save called NAME")
    resume.add_argument(
        "--chapter",
        metavar="ID",
        help="a new game that starts at a chapter (e.g. december-16), with the variables a typical path "
        "brings there; the transcript says where it began",
    )
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
        "language server), or the format reference in Markdown. With --story, the schema "
        "also lists that story's scene ids, source ids, variables and chapters, so the YAML "
        "language server completes them.",
    )
    _story_option(schema)
    schema.add_argument(
        "--file",
        choices=("scene", "story", "sources", "glossary", "people", "places", "events"),
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
    _lang_option(export)
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
    graph.add_argument("--ids", action="store_true", help="show each scene's id under its title")
    graph.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")

    pack = commands.add_parser(
        "pack",
        help="write the teacher's pack (printable HTML and Markdown)",
        description="Write the teacher's pack, generated from the story: lesson plans with timings from the "
        "path lengths, content notes and reflection questions by chapter, the endings with their debriefs, "
        "the real timeline, people, places with a map, the glossary and the sources with their standpoints. "
        "Writes teachers-pack.html (one self-contained page that prints well) and teachers-pack.md into DIR. "
        "With --lang, the story's own text (scenes, endings, timeline, people, places, glossary, sources) is in "
        "that language, each quote with its translation; the pack's headings and lesson plans stay English.",
    )
    _story_option(pack)
    _lang_option(pack)
    pack.add_argument("-o", "--output", type=Path, metavar="DIR", required=True, help="the folder to write into")

    serve = commands.add_parser(
        "serve",
        help="serve the game to browsers, for a class",
        description="Serve the game to web browsers for a class: every student "
        "plays in their own browser tab; their games, answers and transcripts are kept in the "
        "class's database, and the teacher follows the class at /teacher. Only this computer "
        "can connect unless --host 0.0.0.0 is given (see README).",
    )
    _story_option(serve)
    _lang_option(serve)
    from .classroom.serve import add_serve_arguments

    add_serve_arguments(serve)

    from .classroom.manage import add_class_parser

    add_class_parser(commands, _story_option)

    translate = commands.add_parser(
        "translate",
        help="update a translation of the story (a gettext PO file)",
        description="Translations are gettext PO files in the story's locale/ folder, one per language. "
        "`translate update --lang ru` writes locale/ru.po from the English: new units empty, units whose "
        "English changed marked fuzzy (stale) with the English they were translated from, units no "
        "longer in the story obsolete. `check` reports each language's progress.",
    )
    translate_commands = translate.add_subparsers(dest="translate_command", metavar="ACTION", required=True)
    update = translate_commands.add_parser("update", help="write or update locale/LANG.po from the English")
    _story_option(update)
    update.add_argument("--lang", required=True, metavar="LANG", help="the language, e.g. ru")

    new = commands.add_parser(
        "new",
        help="for writers: start a new story in a new folder",
        description="Write a minimal story that passes `check --strict` and plays: story.yaml, "
        "sources.yaml, one chapter with three scenes and two endings, a condition, and the JSON "
        "Schemas for editors. The folder must not exist yet, or be empty.",
    )
    new.add_argument("folder", type=Path, metavar="DIR", help="the folder to create")
    new.add_argument("--title", default="A new story", help='the story\'s title (default: "A new story")')

    lsp = commands.add_parser(
        "lsp",
        help="for writers: a language server for editors (VS Code, Neovim, Helix)",
        description="Serve the Language Server Protocol over stdin and stdout: check's messages "
        "as you type, completion of scene ids, source ids, variables and note keys, hover and "
        "go to definition. Started by an editor, not by hand (see docs/writing.md).",
    )
    lsp.add_argument("--stdio", action="store_true", help="talk over stdin and stdout (the default and only way)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        # `zhanaozen` alone: the game, without building the parser (argparse alone is ~9 ms of the
        # title screen's start-up budget).
        from .core.paths import shipped_story

        if (shipped_story() / "story.yaml").is_file():
            language = environment_language(shipped_story())
            from .tui.app import run_app

            return run_app(shipped_story(), language=language)
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
        if args.command == "pack":
            return run_pack(args)
        if args.command == "translate":
            return run_translate(args)
        if args.command == "new":
            return run_new(args)
        if args.command == "lsp":
            from .lsp import serve

            return serve()
        if args.command == "serve":
            from .classroom.serve import run_serve

            serve_language = choose_language(args, _story_dir(args))
            if serve_language is None:
                return 2
            return run_serve(
                _story_dir(args),
                args.host,
                args.port,
                args.max_sessions,
                args.class_name,
                args.class_db,
                args.ephemeral,
                fork=not args.no_fork,
                language=serve_language,
                chapter=args.chapter,
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


def environment_language(story_dir: Path) -> str:
    """The language $ZHANAOZEN_LANG or the system asks for, if the story has it ("" otherwise);
    the interface's strings are set to it."""
    import os

    from .core.i18n import set_language
    from .core.languages import pick_language, system_language

    language = pick_language(story_dir, system_language(dict(os.environ)))
    set_language(language)
    return language


def choose_language(args, story_dir: Path) -> str | None:
    """`--lang`, else $ZHANAOZEN_LANG, else the system's language, among the story's translations;
    "" for the original. None (and a message) for a --lang the story has no translation for."""
    from .core.i18n import set_language
    from .core.languages import LANG_PATTERN, available_languages, normalise_language, pick_language

    wanted = getattr(args, "lang", None)
    if wanted is None:
        return environment_language(story_dir)
    language = normalise_language(wanted.strip())
    if language:
        if not LANG_PATTERN.match(language):
            _usage_error(f"--lang: not a language code: {wanted[:20]!r} (for example: ru, en)")
            return None
        picked = pick_language(story_dir, language)
        if not picked:
            have = ", ".join(["en"] + available_languages(story_dir))
            _usage_error(f"the story has no {language} translation (it has: {have})")
            return None
        language = picked
    set_language(language)
    return language


def translated(story, language: str):
    """The story in `language` ("" leaves it as it is)."""
    if not language:
        return story
    from .core.po import load_translated

    return load_translated(story, language)


def fallback_notice(story) -> str:
    """What to say, once, when a translation is incomplete ("" when it is complete)."""
    from .core.i18n import ngettext

    if not story.language or not story.fallbacks:
        return ""
    return ngettext(
        "This translation is incomplete: {count} passage is shown in English.",
        "This translation is incomplete: {count} passages are shown in English.",
        len(story.fallbacks),
    ).format(count=len(story.fallbacks))


def _usage_error(message: str) -> int:
    print(f"zhanaozen: {message}", file=sys.stderr)
    return 2


def run_check(args) -> int:
    from .core.check import check_story
    from .core.explore import DEFAULT_MAX_STATES
    from .core.loader import StoryNotFound
    from .report_text import format_stats

    def refuse(message: str) -> int:
        if args.format == "json":
            # Editors and CI read every outcome as JSON, a usage problem too.
            answer = {"ok": False, "usage_error": message, "errors": 0, "warnings": 0, "findings": [], "stats": {}}
            json.dump(answer, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
            return 2
        return _usage_error(message)

    if args.max_states is not None and args.max_states < 1:
        return refuse("--max-states must be at least 1")
    try:
        report = check_story(_story_dir(args), args.max_states or DEFAULT_MAX_STATES)
    except StoryNotFound as err:
        return refuse(str(err))
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

    language = choose_language(args, _story_dir(args))
    if language is None:
        return 2
    report, status = _open_playable(_story_dir(args), "exported")
    if report is None:
        return status
    story = translated(report.story, language)
    session = Session(story)
    try:
        session.load(args.slot)
    except SaveError as problem:
        print(f"Cannot export the save '{args.slot[:40]}': {problem}.", file=sys.stderr)
        return 1
    transcript = build(story, session.playing, args.name)
    text = to_html(transcript) if args.format == "html" else to_markdown(transcript)
    status = _write(text, args.output)
    if status == 0:
        print(f"Wrote the transcript of {len(transcript.sections)} scene(s) to {args.output}.")
    return status


def run_graph(args) -> int:
    from .core.graph import scenes_with_errors, to_dot, to_mermaid
    from .core.loader import StoryNotFound, open_story

    try:
        report = open_story(_story_dir(args))
    except StoryNotFound as err:
        return _usage_error(str(err))
    if report.story is None:
        print("The story cannot be mapped: story.yaml has errors:", file=sys.stderr)
        for finding in report.errors[:20]:
            print(f"  {finding}", file=sys.stderr)
        return 1
    broken = scenes_with_errors(report)
    draw = to_dot if args.format == "dot" else to_mermaid
    status = _write(draw(report.story, ids=args.ids, broken=broken), args.output)
    if report.errors:
        errors = len(report.errors)
        print(
            f"The story has {errors} error{'s' * (errors != 1)}: the map shows what loaded, with the scenes that "
            "have errors and the scenes that links name but that did not load marked. "
            "Run `zhanaozen check` for the list.",
            file=sys.stderr,
        )
        return 1 if status == 0 else status
    return status


def run_new(args) -> int:
    from .newstory import NewStoryError, write_new_story

    try:
        written = write_new_story(args.folder, args.title)
    except NewStoryError as err:
        return _usage_error(str(err))
    print(f"Wrote a new story in {args.folder}:")
    for name in written:
        print(f"  {name}")
    print()
    print(f"Check it: zhanaozen check --strict --story {args.folder}")
    print(f"Play it:  zhanaozen play --watch --story {args.folder}")
    return 0


def run_pack(args) -> int:
    from .core.check import check_story
    from .core.loader import StoryNotFound
    from .core.pack import write_pack
    from .report_text import blocking_errors_text

    language = choose_language(args, _story_dir(args))
    if language is None:
        return 2
    try:
        report = check_story(_story_dir(args))
    except StoryNotFound as err:
        return _usage_error(str(err))
    if report.errors or not report.stats.get("explored"):
        print(blocking_errors_text(report, "made into a teacher's pack"), file=sys.stderr)
        return 1
    report.story = translated(report.story, language)  # the statistics stay those of the original
    try:
        written = write_pack(report, args.output)
    except OSError as err:
        return _usage_error(f"cannot write to {args.output}: {err.strerror or err}")
    print(f"Wrote the teacher's pack: {written[0]} (print it from a browser) and {written[1]}.")
    return 0


def run_schema(args) -> int:
    from .core.schema import StoryNames, json_schema_text, reference_markdown

    if args.docs:
        return _write(reference_markdown(), args.output)
    names = None
    if args.story is not None:
        from .core.loader import StoryNotFound, open_story

        try:
            report = open_story(args.story)
        except StoryNotFound as err:
            return _usage_error(str(err))
        if report.story is None:
            print(
                f"Cannot read the story's names: {args.story / 'story.yaml'} has errors "
                f"(run: zhanaozen check --story {args.story}).",
                file=sys.stderr,
            )
            return 1
        names = StoryNames.of(report.story)
    return _write(json_schema_text(args.file, names), args.output)


def _interactive(stream) -> bool:
    """A person types at this stream (a terminal), rather than a script through a pipe."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_play(args) -> int:
    from .core.i18n import _
    from .core.slots import AUTOSAVE, SLOT_PATTERN, SLOT_RULE

    story_dir = _story_dir(args)
    if not (story_dir / "story.yaml").is_file():
        return _usage_error(f"{story_dir} is not a story folder: it has no story.yaml")
    language = choose_language(args, story_dir)
    if language is None:
        return 2
    if args.load and not SLOT_PATTERN.match(args.load):
        return _usage_error(_(SLOT_RULE))  # in the player's language, now that it is known
    if not args.plain:
        # The full-screen game loads the story after its first frame (see tui/app.py): only check
        # here what can be checked without the core (a chapter's id needs the story's walk).
        from .tui.app import run_app

        if args.chapter and _chapter_problem(story_dir, args.chapter):
            return 2
        resume = AUTOSAVE if args.resume else args.load
        return run_app(story_dir, resume, watch=args.watch, language=language, chapter=args.chapter or "")
    if args.watch:
        return _usage_error("--watch works with the full-screen game (leave out --plain)")

    from .core.chapters import UnknownChapter, start_at
    from .core.saves import SaveError
    from .core.session import Session
    from .plain import YES, PlainGame, terminal_width

    report, status = _open_playable(story_dir, "played")
    if report is None:
        return status
    story = translated(report.story, language)
    session = Session(story)
    game = PlainGame(session, sys.stdin, sys.stdout, terminal_width(sys.stdout), notes=args.notes, reflect=args.reflect)
    incomplete = fallback_notice(story)
    slot = AUTOSAVE if args.resume else args.load
    if args.chapter:
        try:
            start_at(session.chapter_starts(), story, args.chapter)
        except UnknownChapter as problem:
            return _usage_error(str(problem))
    if slot and slot == AUTOSAVE and not session.has_autosave():
        print(_("There is no autosave yet: starting a new game."))
        slot = None
    if slot:
        try:
            session.load(slot)
        except SaveError as problem:
            print(
                _("Cannot continue from the save '{slot}': {problem}.").format(slot=slot, problem=problem),
                file=sys.stderr,
            )
            print(_("Your save file is kept as it is. Start a new game with: zhanaozen play --plain"), file=sys.stderr)
            return 1
        game.say(
            _("{title}: continuing from the save '{slot}': {where}.").format(
                title=story.meta.title, slot=slot, where=session.where()
            )
        )
        recap = session.recap()
        if recap:
            game.say()
            game.say(recap)
    else:
        replaced = session.game_to_replace()
        if replaced and _interactive(sys.stdin):
            line = game.ask(
                _(
                    "Your game so far ({where}) is in the autosave, and a new game replaces it. "
                    "Start a new game? (y/n): "
                ).format(where=replaced)
            )
            if line is None or line.strip().lower() not in YES:
                game.say(_("Your game is kept. Continue it with: zhanaozen play --plain --continue"))
                return 0
        elif replaced:
            game.say(_("A new game: it replaces the game in the autosave ({where}).").format(where=replaced))
        if args.chapter:
            session.new_game_at(args.chapter)
        else:
            session.new_game()
        meta = story.meta
        game.say(meta.title)
        if meta.description:
            game.say()
            game.say(meta.description)
        if meta.content_note:
            game.say()
            game.say(_("Content note: {note}").format(note=meta.content_note))
        if session.began_at():
            game.say()
            game.say(session.began_at())
        game.say()
        game.say(_("Type ? at any prompt for the commands: n shows a scene's notes, q saves and quits."))
    if incomplete:
        game.say(incomplete)
    return game.run()


def _chapter_problem(story_dir: Path, chapter_id: str) -> bool:
    """Say why no game can start at `chapter_id` (on stderr) and return True; False when one can.
    A story that does not load is left to the game, which shows its errors."""
    from .core.chapters import UnknownChapter, chapter_starts, start_at
    from .core.loader import StoryNotFound, open_story

    try:
        report = open_story(story_dir)
    except StoryNotFound:
        return False
    if report.errors or report.story is None:
        return False
    try:
        start_at(chapter_starts(report.story), report.story, chapter_id)
    except UnknownChapter as problem:
        _usage_error(str(problem))
        return True
    return False


def run_translate(args) -> int:
    from .core.languages import LANG_PATTERN
    from .core.loader import StoryNotFound, open_story
    from .core.po import CatalogError, update
    from .report_text import blocking_errors_text

    language = args.lang.strip()
    if not LANG_PATTERN.match(language) or language.startswith("en"):
        return _usage_error(f"--lang: not a language to translate into: {language[:20]!r} (for example: ru, kk)")
    try:
        report = open_story(_story_dir(args))
    except StoryNotFound as err:
        return _usage_error(str(err))
    if report.errors or report.story is None:
        print(blocking_errors_text(report, "translated"), file=sys.stderr)
        return 1
    try:
        result = update(report.story, language)
    except (CatalogError, OSError) as err:
        print(f"zhanaozen: cannot update the translation: {err}", file=sys.stderr)
        return 1
    verb = "Created" if result.created else "Updated"
    print(
        f"{verb} {result.path}: {result.total} units; {len(result.new)} new, "
        f"{len(result.changed)} changed (marked fuzzy), {len(result.obsoleted)} obsolete"
        + (f", {len(result.revived)} back from obsolete" if result.revived else "")
        + "."
    )
    for context in result.changed[:50]:
        print(f"  changed: {context}")
    return 0
