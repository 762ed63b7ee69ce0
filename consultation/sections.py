"""The sections of a draft, read from its frozen snapshot (`pact.snapshot`): every chapter,
strategic objective, operational objective and action, numbered as the PDF numbers them."""

from dataclasses import dataclass, field

from .models import SectionKind


@dataclass
class Section:
    kind: str
    id: int
    number: str
    title: str
    level: int
    data: dict
    reactions: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def chapter_number(self) -> str:
        return self.number.split(".", 1)[0]


def iter_sections(content: dict):
    """Every section of the snapshot's content, in document order."""
    for chapter in content.get("chapters") or []:
        yield Section(
            SectionKind.CHAPTER, chapter["id"], str(chapter["number"]), chapter["title"], 2, chapter
        )
        for so in chapter.get("objectives") or []:
            yield Section(SectionKind.OBJECTIVE, so["id"], so["number"], so["title"], 3, so)
            for oo in so.get("operational") or []:
                yield Section(SectionKind.OPERATIONAL, oo["id"], oo["number"], oo["title"], 4, oo)
                for action in oo.get("actions") or []:
                    yield Section(
                        SectionKind.ACTION,
                        action["id"],
                        action["number"],
                        action["title"],
                        5,
                        action,
                    )


def find_section(content: dict, kind: str, pk) -> dict | None:
    """The section's frozen data (with `number` and `title`), or None when the draft lacks it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    for section in iter_sections(content):
        if section.kind == kind and section.id == pk:
            return {"number": section.number, "title": section.title, **section.data}
    return None
