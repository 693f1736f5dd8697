"""Transcripts of a student's path: what a student hands in.

A transcript opens with a summary and the student's answers at a glance, then holds the path in
order: each scene's title, date and text, the reflection questions with the answers, the choice
made with the choices not taken, and at the end the ending with its debrief;
footnotes are numbered through the whole document, and a bibliography lists every source cited.
Markdown for editing, and one self-contained HTML page (no scripts, no external files) that
prints well. Pure: it reads a story and a game state, and imports nothing from Textual.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from .chapters import began_at_text
from .engine import Engine, GameState, Step
from .i18n import N_, ngettext
from .i18n import _ as tr
from .model import Note, Source
from .story import Story
from .text import MARKER, clean_line, format_date, paragraphs

EXPORTED = N_("Exported {date}.")
CONTINUES = N_("The path continues: this transcript was made before an ending.")


@dataclass
class Section:
    """One scene of the path: its text with document-wide footnote numbers, and what the student did."""

    title: str
    date: str
    place: str
    paragraphs: list[str]
    questions: list[tuple[str, str]]
    choice: str = ""
    not_taken: list[str] = field(default_factory=list)  # the other choices the student saw
    ending_title: str = ""
    ending_summary: str = ""
    debrief: list[str] = field(default_factory=list)


@dataclass
class Transcript:
    """A path ready to be written out."""

    story_title: str
    student: str
    sections: list[Section]
    notes: list[tuple[int, Note]]
    sources: list[Source]  # in order of first citation
    finished: bool
    titles: dict[str, str] = field(default_factory=dict)  # source id -> title
    language: str = ""  # the story's language ("" for the original English)
    fiction: str = ""  # the story's own statement of what is fiction (story.yaml's `fiction`)
    began_at: str = ""  # for a game started at a chapter, the sentence saying so (chapters.py)

    def source_title(self, note: Note) -> str:
        return self.titles.get(note.source, note.source)

    def summary(self) -> str:
        """One line a teacher reads first: how far the student went and how much they answered."""
        questions = [answer for section in self.sections for _, answer in section.questions]
        answered = sum(1 for answer in questions if answer.strip())
        ending = self.sections[-1].ending_title if self.finished else ""
        reached = tr("the ending \u201c{ending}\u201d").format(ending=ending) if ending else tr("no ending yet")
        scenes = ngettext("{count} scene", "{count} scenes", len(self.sections)).format(count=len(self.sections))
        rest = tr(
            "{answered} of {questions} reflection questions answered; {notes} notes from {sources} source(s)."
        ).format(answered=answered, questions=len(questions), notes=len(self.notes), sources=len(self.sources))
        return f"{scenes}, {reached}; {rest}"


def build(story: Story, state: GameState, student: str = "") -> Transcript:
    """The transcript of `state`'s path through `story`."""
    numbers: dict[tuple[str, str], int] = {}
    notes: list[tuple[int, Note]] = []
    cited: dict[str, Source] = {}

    def numbered(scene_id: str, text: str) -> list[str]:
        scene = story.scenes[scene_id]

        def replace(match: re.Match[str]) -> str:
            key = (scene_id, match.group(1))
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                note = scene.notes.get(match.group(1))
                if note is not None:
                    notes.append((numbers[key], note))
                    if note.source in story.sources:
                        cited.setdefault(note.source, story.sources[note.source])
            return f"\x00{numbers[key]}\x00"

        return paragraphs(MARKER.sub(replace, clean_line(text)))

    sections = []
    engine = Engine(story)
    steps = [(step.scene, step.answers, _choice_text(story, step), engine.not_taken(step)) for step in state.history]
    steps.append((state.scene, state.answers, "", []))
    for scene_id, answers, choice, not_taken in steps:
        scene = story.scenes[scene_id]
        questions = [
            (clean_line(q), clean_line(answers[i]) if i < len(answers) else "") for i, q in enumerate(scene.reflect)
        ]
        section = Section(
            clean_line(scene.title),
            format_date(scene.date),
            clean_line(scene.place),
            numbered(scene_id, scene.text),
            questions,
            clean_line(choice),
            [clean_line(text) for text in not_taken],
        )
        if scene.ending is not None and scene_id == state.scene:
            section.ending_title = clean_line(scene.ending.title)
            section.ending_summary = clean_line(scene.ending.summary)
            section.debrief = numbered(scene_id, scene.ending.debrief)
        sections.append(section)
    finished = story.scenes[state.scene].ending is not None
    titles = {source_id: clean_line(source.title) for source_id, source in story.sources.items()}
    return Transcript(
        clean_line(story.meta.title),
        clean_line(student),
        sections,
        notes,
        list(cited.values()),
        finished,
        titles,
        story.language,
        clean_line(" ".join(story.meta.fiction.split())),
        began_at_text(story, state),
    )


def _choice_text(story: Story, step: Step) -> str:
    """The choice as the save recorded it, or, in a translated story, as the translation has it."""
    choices = story.scenes[step.scene].choices if step.scene in story.scenes else []
    if story.language and 0 <= step.choice < len(choices):
        return choices[step.choice].text
    return step.choice_text


def _card(source: Source) -> list[tuple[str, str]]:
    """The source card a student judges a source by, as (heading, text) lines for a bibliography."""
    lines = []
    if source.standpoint:
        lines.append((tr("Who speaks:"), clean_line(" ".join(source.standpoint.split()))))
    if source.single_writer:
        lines.append((tr("Resting on one writer only:"), clean_line("; ".join(source.single_writer))))
    if source.confirmation:
        lines.append((tr("Confirmed by the other sources?"), clean_line(" ".join(source.confirmation.split()))))
    return lines


def _source_line(source: Source) -> str:
    details = ", ".join(part for part in (source.author, source.publisher, source.date) if part)
    return clean_line(source.title + (f". {details}" if details else "") + (f". {source.url}" if source.url else ""))


# --- Markdown ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Writers' text as Markdown text: no raw HTML, no accidental links or emphasis."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _md_markers(text: str) -> str:
    return re.sub("\x00(\\d+)\x00", r"[^\1]", _md(text))


def to_markdown(transcript: Transcript, exported: date | None = None) -> str:
    exported = exported or date.today()
    out = ["# " + _md(tr("{title}: transcript of a path").format(title=transcript.story_title)), ""]
    if transcript.student:
        out += [_md(tr("Student: {name}").format(name=transcript.student)), ""]
    out += [f"**{tr('Path:')}** {_md(transcript.summary())}", ""]
    if transcript.began_at:
        out += [f"**{_md(transcript.began_at)}**", ""]
    answered = [
        (n, section.title, q, a) for n, section in enumerate(transcript.sections, start=1) for q, a in section.questions
    ]
    if answered:
        out += [f"**{tr('Answers at a glance')}**", ""]
        out += [
            f"{i}. *{_md(q)}* ({_md(tr('scene {number}, {title}').format(number=n, title=title))}): "
            + (_md(a) if a else f"*{tr('(no answer)')}*")
            for i, (n, title, q, a) in enumerate(answered, start=1)
        ]
        out.append("")
    out += [_md(f"{tr(EXPORTED).format(date=exported.isoformat())} {transcript.fiction}".strip()), ""]
    for number, section in enumerate(transcript.sections, start=1):
        where = " · ".join(part for part in (section.date, section.place) if part)
        out += [f"## {number}. {_md(section.title)}", "", f"*{_md(where)}*", ""]
        out += [_md_markers(paragraph) + "\n" for paragraph in section.paragraphs]
        for question, answer in section.questions:
            shown = _md(answer) if answer else f"*{tr('(no answer)')}*"
            out += [f"> **{tr('Reflect:')}** {_md(question)}", ">", f"> {shown}", ""]
        if section.choice:
            out += [f"**{tr('Choice:')}** {_md(section.choice)}", ""]
            if section.not_taken:
                out += [f"*{tr('Not taken:')}* " + "; ".join(_md(text) for text in section.not_taken), ""]
        if section.ending_title:
            out += [f"**{_md(tr('Ending: {title}').format(title=section.ending_title))}**", ""]
            out += [_md(section.ending_summary), ""]
            if section.debrief:
                out += [f"### {tr('What really happened')}", ""]
                out += [_md_markers(paragraph) + "\n" for paragraph in section.debrief]
    if not transcript.finished:
        out += [f"*{tr(CONTINUES)}*", ""]
    out += [f"## {tr('Notes')}", ""]
    for number, note in transcript.notes:
        comment = f" {_md(clean_line(note.comment))}" if note.comment else ""
        translated = getattr(note, "quote_translation", "")
        if translated:  # a translated story: the quote as the source has it, then its translation
            comment = f" ({_md(tr('Translation: {text}').format(text=clean_line(translated)))}){comment}"
        out.append(
            f"[^{number}]: {_md(transcript.source_title(note))}: \u201c{_md(clean_line(note.quote))}\u201d{comment}"
        )
    out += ["", f"## {tr('Bibliography')}", ""]
    for source in transcript.sources:
        out.append(f"- {_md(_source_line(source))}")
        for heading, text in _card(source):
            out.append(f"  - *{heading}* {_md(text)}")
    return "\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.55; color: #1a1a1a; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.where, .meta { color: #555; font-style: italic; }
.reflect { border-left: 3px solid #888; margin: 1rem 0; padding: .3rem 1rem; background: #f6f6f6; }
.reflect .answer { white-space: pre-wrap; }
.choice { font-weight: bold; }
.not-taken { color: #555; }
.ending { border: 2px solid #333; padding: .5rem 1rem; margin: 1rem 0; }
sup a { text-decoration: none; }
ol.notes li, ul.bibliography li { margin-bottom: .5rem; }
.comment { color: #555; }
.glance { border: 1px solid #bbb; padding: .3rem 1rem; margin: 1rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  .reflect, .ending { break-inside: avoid; }
  a { color: inherit; }
}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _h_markers(text: str) -> str:
    return re.sub("\x00(\\d+)\x00", r'<sup><a href="#note-\1" id="ref-\1">\1</a></sup>', _h(text))


def to_html(transcript: Transcript, exported: date | None = None) -> str:
    exported = exported or date.today()
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_h((transcript.language or "en").replace("_", "-"))}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(tr('{title}: transcript').format(title=transcript.story_title))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(tr('{title}: transcript of a path').format(title=transcript.story_title))}</h1>",
    ]
    if transcript.student:
        out.append(f'<p class="meta">{_h(tr("Student: {name}").format(name=transcript.student))}</p>')
    out.append(f"<p><strong>{_h(tr('Path:'))}</strong> {_h(transcript.summary())}</p>")
    if transcript.began_at:
        out.append(f'<p class="began-at"><strong>{_h(transcript.began_at)}</strong></p>')
    answered = [
        (n, section.title, q, a) for n, section in enumerate(transcript.sections, start=1) for q, a in section.questions
    ]
    if answered:
        out += [f'<section class="glance"><p><strong>{_h(tr("Answers at a glance"))}</strong></p>', "<ol>"]
        out += [
            f"<li><em>{_h(q)}</em> ({_h(tr('scene {number}, {title}').format(number=n, title=title))}): "
            + (_h(a) if a else f"<em>{_h(tr('(no answer)'))}</em>")
            + "</li>"
            for n, title, q, a in answered
        ]
        out.append("</ol></section>")
    exported_line = f"{tr(EXPORTED).format(date=exported.isoformat())} {transcript.fiction}".strip()
    out.append(f'<p class="meta">{_h(exported_line)}</p>')
    for number, section in enumerate(transcript.sections, start=1):
        where = " \u00b7 ".join(part for part in (section.date, section.place) if part)
        out += [f"<h2>{number}. {_h(section.title)}</h2>", f'<p class="where">{_h(where)}</p>']
        out += [f"<p>{_h_markers(paragraph)}</p>" for paragraph in section.paragraphs]
        for question, answer in section.questions:
            shown = _h(answer) if answer else f"<em>{_h(tr('(no answer)'))}</em>"
            out.append(
                f'<div class="reflect"><p><strong>{_h(tr("Reflect:"))}</strong> {_h(question)}</p>'
                f'<p class="answer">{shown}</p></div>'
            )
        if section.choice:
            out.append(f'<p class="choice">{_h(tr("Choice:"))} {_h(section.choice)}</p>')
            if section.not_taken:
                out.append(
                    f'<p class="not-taken">{_h(tr("Not taken:"))} '
                    + "; ".join(_h(text) for text in section.not_taken)
                    + "</p>"
                )
        if section.ending_title:
            ending = tr("Ending: {title}").format(title=section.ending_title)
            out.append(
                f'<div class="ending"><p><strong>{_h(ending)}</strong></p><p>{_h(section.ending_summary)}</p></div>'
            )
            if section.debrief:
                out.append(f"<h3>{_h(tr('What really happened'))}</h3>")
                out += [f"<p>{_h_markers(paragraph)}</p>" for paragraph in section.debrief]
    if not transcript.finished:
        out.append(f'<p class="meta">{_h(tr(CONTINUES))}</p>')
    out += [f"<h2>{_h(tr('Notes'))}</h2>", '<ol class="notes">']
    for number, note in transcript.notes:
        comment = f' <span class="comment">{_h(clean_line(note.comment))}</span>' if note.comment else ""
        translated = getattr(note, "quote_translation", "")
        if translated:
            shown = tr("Translation: {text}").format(text=clean_line(translated))
            comment = f' <span class="translation">({_h(shown)})</span>{comment}'
        out.append(
            f'<li id="note-{number}" value="{number}"><em>{_h(transcript.source_title(note))}</em>: '
            f"\u201c{_h(clean_line(note.quote))}\u201d{comment} "
            f'<a href="#ref-{number}" aria-label="{_h(tr("back to the text"))}">\u21a9</a></li>'
        )
    out += ["</ol>", f"<h2>{_h(tr('Bibliography'))}</h2>", '<ul class="bibliography">']
    for source in transcript.sources:
        card = "".join(f"<p><em>{_h(heading)}</em> {_h(text)}</p>" for heading, text in _card(source))
        out.append(f"<li>{_h(_source_line(source))}{card}</li>")
    out += ["</ul>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
