"""The story format, declared once.

Every file a writer edits is described here as a typed msgspec model. The loader validates YAML
against these types (see `validate.py`), `zhanaozen schema` turns them into JSON Schema for
editors, and the format reference in `docs/format.md` is generated from them (`schema.py`).
Add a field here and all three follow; there is no second copy to keep in step.

Fields carry their documentation in `Meta(description=...)`. A new field must be optional (have a
default) so that every older minimal story stays valid.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

# Identifier patterns. They are part of the format: the schema and the docs show them.
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"
VAR_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

SceneId = Annotated[
    str,
    Meta(
        pattern=ID_PATTERN,
        description="A scene id: letters, digits, `_`, `-` and `.`; unique across the story.",
    ),
]
Key = Annotated[
    str,
    Meta(pattern=ID_PATTERN, description="An id: letters, digits, `_`, `-` and `.`."),
]
VarName = Annotated[
    str,
    Meta(
        pattern=VAR_PATTERN,
        description="A variable name: letters, digits and `_`, not starting with a digit.",
    ),
]
Text = Annotated[str, Meta(min_length=1)]
# A date may be written unquoted (`2011`, `2011-12-16`): YAML reads those as a number or a
# timestamp, so the loader takes the text as written, and the schema admits both types.
StoryDate = Annotated[
    str,
    Meta(
        pattern=DATE_PATTERN,
        description="`2011`, `2011-12` or `2011-12-16`, quoted or not.",
        extra={"yaml": "date"},
    ),
]
Value = bool | int | str


class Note(Struct, forbid_unknown_fields=True):
    """A footnote: a passage copied word for word from a source, with an optional comment."""

    source: Annotated[str, Meta(description="The id of a source in `sources.yaml`.")]
    quote: Annotated[
        Text,
        Meta(description="The passage, copied word for word from the source text. `...` marks an omission."),
    ]
    comment: Annotated[
        str, Meta(description="Context for the student: what the passage shows, what it leaves out.")
    ] = ""


class Choice(Struct, forbid_unknown_fields=True, rename={"if_": "if"}):
    """One choice offered to the player at the end of a scene."""

    text: Annotated[Text, Meta(description="What the player reads in the list of choices.")]
    goto: Annotated[SceneId, Meta(description="The scene this choice leads to.")]
    if_: Annotated[
        str,
        Meta(
            description="A condition (see the condition language). The choice is hidden while it "
            "is false; the numbers the player types count the visible choices only."
        ),
    ] = ""
    set: Annotated[
        dict[VarName, Value],
        Meta(description="Variables given a new value when this choice is taken."),
    ] = {}
    add: Annotated[
        dict[VarName, int],
        Meta(description="Number variables increased (or, with a negative number, decreased)."),
    ] = {}


class Ending(Struct, forbid_unknown_fields=True):
    """Makes a scene an ending of the story."""

    title: Annotated[Text, Meta(description="The ending's name, shown as `Ending: <title>`.")]
    summary: Annotated[Text, Meta(description="What became of the narrator, in a few sentences.")]
    debrief: Annotated[
        str,
        Meta(
            description="What really happened, for the student, with its own `[^key]` footnote "
            "markers (their notes are in the scene's `notes`)."
        ),
    ] = ""


class Scene(Struct, forbid_unknown_fields=True):
    """A scene: dated text with footnotes, then either choices or an ending."""

    title: Annotated[Text, Meta(description="The scene's title.")]
    date: StoryDate
    text: Annotated[
        Text,
        Meta(
            description="The scene's text: paragraphs separated by blank lines. `[^key]` marks a "
            "footnote whose note is under `notes`."
        ),
    ]
    notes: Annotated[
        dict[Key, Note],
        Meta(description="Footnotes by key; at least one per scene, each marked in the text."),
    ]
    place: Annotated[str, Meta(description="Where the scene happens.")] = ""
    content_note: Annotated[
        str,
        Meta(description="A warning shown before the scene (violence, torture, death)."),
    ] = ""
    reflect: Annotated[
        list[Text],
        Meta(description="Questions for the student, asked after the text; answers are kept."),
    ] = []
    choices: Annotated[list[Choice], Meta(description="The choices; a scene has choices or an ending.")] = []
    ending: Annotated[Ending | None, Meta(description="Makes this scene an ending.")] = None


class SceneFile(Struct, forbid_unknown_fields=True):
    """A scene file: any `*.yaml` in the story folder other than story, sources and glossary."""

    chapter: Annotated[Key, Meta(description="The id of the chapter (in `story.yaml`) these scenes belong to.")]
    scenes: Annotated[dict[SceneId, Scene], Meta(description="The scenes, by id.")]


class Chapter(Struct, forbid_unknown_fields=True):
    """A chapter of the story."""

    id: Annotated[Key, Meta(description="The chapter's id, named by scene files' `chapter`.")]
    title: Annotated[Text, Meta(description="The chapter's title, shown when it begins.")]
    period: Annotated[str, Meta(description="The years it covers, e.g. `2009–2011`.")] = ""


class StoryFile(Struct, forbid_unknown_fields=True):
    """`story.yaml`: the story's title, first scene, variables and chapters."""

    title: Annotated[Text, Meta(description="The story's title.")]
    start: Annotated[SceneId, Meta(description="The id of the first scene.")]
    vars: Annotated[
        dict[VarName, Value],
        Meta(description="Every variable with its starting value: true/false, a whole number or text."),
    ]
    chapters: Annotated[list[Chapter], Meta(description="The chapters, in order.", min_length=1)]
    id: Annotated[
        str,
        Meta(
            pattern=ID_PATTERN,
            description="A stable id for saves (default: made from the title). Change it only "
            "when old saves must stop loading.",
        ),
    ] = ""
    author: Annotated[str, Meta(description="Who wrote the story.")] = ""
    description: Annotated[str, Meta(description="One paragraph about the story.")] = ""
    fiction: Annotated[
        str,
        Meta(description="What in the story is fiction and what is not: shown on the About screen and in transcripts."),
    ] = ""
    content_note: Annotated[
        str,
        Meta(
            description="The content note for the whole story: say plainly what it describes (violence, death, "
            "torture: only what its sources report). Shown before a new game: on the first new game in the "
            "full-screen game, every time in line mode. Without one, no content note is shown."
        ),
    ] = ""


class Source(Struct, forbid_unknown_fields=True):
    """A source text that notes cite."""

    title: Annotated[Text, Meta(description="The title of the article or book.")]
    author: Annotated[str, Meta(description="Who wrote it, as the source names them.")] = ""
    publisher: Annotated[str, Meta(description="Where it was published.")] = ""
    date: Annotated[str, Meta(description="When it was published, as precisely as is known.")] = ""
    url: Annotated[str, Meta(description="A verified address; never a guessed one.")] = ""
    note: Annotated[str, Meta(description="What is and is not verified about this source.")] = ""
    standpoint: Annotated[
        str,
        Meta(
            description="For the student's source card: who wrote it, from what political position, where its "
            "material came from, and what it could not know (at least three sentences)."
        ),
    ] = ""
    single_writer: Annotated[
        list[str],
        Meta(description="Claims the story takes from this source that rest on one writer only, one an item."),
    ] = []
    confirmation: Annotated[
        str,
        Meta(description="Where this source and the others do, and do not, independently confirm each other."),
    ] = ""
    text: Annotated[
        str,
        Meta(
            description="The path, inside the story folder, of the source's full text (UTF-8): every quote citing "
            "this source is checked against it, and the game shows each quote in its context.",
        ),
    ] = ""


class GlossaryEntry(Struct, forbid_unknown_fields=True):
    """A glossary term with its definition and a note citing a source."""

    definition: Annotated[Text, Meta(description="What the term means, in a sentence or two.")]
    note: Annotated[Note | None, Meta(description="A note citing the source of the definition.")] = None


class Fact(Struct, forbid_unknown_fields=True):
    """One sentence about a real person, place or event, with the note that backs it."""

    text: Annotated[
        Text,
        Meta(
            description="One or two sentences saying only what the note's quote says, attributed where it is one source's view."
        ),
    ]
    note: Annotated[Note, Meta(description="The note: the source and the passage, word for word.")]


Names = Annotated[
    list[Text],
    Meta(
        description="Other spellings (the sources' own, and common ones); each also opens the entry from a scene's text."
    ),
]


# The two fields every people.yaml and places.yaml entry opens with.
EntryName = Annotated[
    Text, Meta(description="The name as the story spells it; a scene's text naming it opens the entry.")
]
About = Annotated[
    list[Fact],
    Meta(description="One or two sentences of what the sources say, each with its note.", min_length=1, max_length=2),
]


class Person(Struct, forbid_unknown_fields=True):
    """A real person the sources name (`people.yaml`): never anything the sources do not say."""

    name: EntryName
    about: About
    spellings: Names = []
    role: Annotated[str, Meta(description="A few words shown beside the name (from the sources).")] = ""


Latitude = Annotated[float, Meta(ge=-90, le=90, description="Degrees north (negative: south).")]
Longitude = Annotated[float, Meta(ge=-180, le=180, description="Degrees east (negative: west).")]


class Position(Struct, forbid_unknown_fields=True):
    """Where a place is, for the map, and where the coordinates come from."""

    lat: Latitude
    lon: Longitude
    source: Annotated[
        Text,
        Meta(
            description="Which atlas or gazetteer gave the coordinates, or that they are approximate general knowledge."
        ),
    ]


class Place(Struct, forbid_unknown_fields=True):
    """A real place (`places.yaml`): what the sources say of it, and its position on the map."""

    name: EntryName
    about: About
    position: Annotated[Position, Meta(description="Latitude and longitude, and their source.")]
    spellings: Names = []
    kind: Annotated[
        str,
        Meta(description="`town` (the default), `region` (drawn at its centre, in brackets) or `abroad`."),
    ] = "town"


class Event(Struct, forbid_unknown_fields=True):
    """A dated real event (`events.yaml`): the timeline kept apart from the fiction."""

    date: StoryDate
    title: Annotated[Text, Meta(description="What happened, in a few words.")]
    about: Annotated[
        list[Fact],
        Meta(
            description="What the sources say, each sentence with its note; where they disagree on a date or "
            "figure, one sentence for each source.",
            min_length=1,
        ),
    ]
    disagreement: Annotated[
        str, Meta(description="Where the sources disagree or a date is uncertain, said plainly.")
    ] = ""
    people: Annotated[list[Key], Meta(description="The ids (in `people.yaml`) of the people in this event.")] = []
    places: Annotated[list[Key], Meta(description="The ids (in `places.yaml`) of the places of this event.")] = []


# The top-level shape of the files that are plain mappings.
SourcesFile = dict[Key, Source]
GlossaryFile = dict[Text, Text | GlossaryEntry]
PeopleFile = dict[Key, Person]
PlacesFile = dict[Key, Place]
EventsFile = dict[Key, Event]

# Which model describes which file; used by the loader, `zhanaozen schema` and the docs.
FILE_MODELS: dict[str, object] = {
    "story": StoryFile,
    "sources": SourcesFile,
    "glossary": GlossaryFile,
    "people": PeopleFile,
    "places": PlacesFile,
    "events": EventsFile,
    "scene": SceneFile,
}
