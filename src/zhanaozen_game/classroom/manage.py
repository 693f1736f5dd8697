"""`zhanaozen class export` and `zhanaozen class delete`: a class's data after the lesson."""

from __future__ import annotations

import sys
from pathlib import Path


def add_class_parser(commands, story_option) -> None:
    from .serve import add_class_arguments

    parser = commands.add_parser(
        "class",
        help="export or delete a class's data (students, games, answers, transcripts)",
        description="A class's data after the lesson: export it (every transcript handed in, and "
        "a CSV of the class), or delete it.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write every transcript and class.csv to a folder",
        description="Write DIR/class.csv (one line a student) and DIR/transcripts/<name>-<n>.html and .md.",
    )
    story_option(export)
    add_class_arguments(export)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write to")
    delete = actions.add_parser(
        "delete",
        help="remove a class's data for good",
        description="Remove the class's database file: "
        "every student's name, games, answers and transcripts. It cannot be undone.",
    )
    add_class_arguments(delete)
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run_class(args, story_dir: Path | None) -> int:
    from .db import ClassDB, ClassError, class_path, delete_class

    try:
        path = class_path(args.class_name, args.class_db)
    except ClassError as err:
        print(f"zhanaozen: {err}", file=sys.stderr)
        return 2
    if args.action == "delete":
        if not path.exists():
            print(f"zhanaozen: there is no class at {path}", file=sys.stderr)
            return 1
        if not args.yes:
            if not sys.stdin.isatty():
                print(f"zhanaozen: this deletes {path} for good; add --yes to confirm", file=sys.stderr)
                return 2
            typed = input(f"Delete every student's data in {path}? Type yes to confirm: ")
            if typed.strip().lower() != "yes":
                print("Nothing deleted.")
                return 1
        delete_class(path)
        print(f"Deleted the class {path}.")
        return 0
    if not path.exists():
        print(f"zhanaozen: there is no class at {path}", file=sys.stderr)
        return 1
    from ..core.loader import open_story
    from .teacher import export_class

    assert story_dir is not None  # given for export
    report = open_story(story_dir)
    if report.errors or report.story is None:
        print("zhanaozen: the story has errors: run zhanaozen check", file=sys.stderr)
        return 1
    try:
        db = ClassDB(path)
    except ClassError as err:
        print(f"zhanaozen: {err}", file=sys.stderr)
        return 1
    try:
        students, handed = export_class(db, report.story, args.output)
    except OSError as err:
        print(f"zhanaozen: cannot write to {args.output}: {err.strerror or err}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(
        f"Wrote {args.output / 'class.csv'} ({students} students) and {handed} transcript(s) in {args.output / 'transcripts'}."
    )
    return 0
