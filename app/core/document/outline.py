"""A document's outline as a flat list of (section id, parent id): where children end, subtrees."""

from __future__ import annotations

from app.core.document.model import Section


def end_of_children(outline: list[tuple[str, str | None]], parent_id: str | None) -> int:
    """Return the index just after parent_id's last descendant in a flat outline."""
    if parent_id is None:
        return len(outline)
    ids = [sid for sid, _ in outline]
    inside = {parent_id}
    end = ids.index(parent_id) + 1
    for index in range(end, len(outline)):
        sid, parent = outline[index]
        if parent in inside:
            inside.add(sid)
            end = index + 1
        else:
            break
    return end


def deleted_subtree(rows: list[Section], root: str) -> list[Section]:
    """Return root and its descendants that are marked deleted (root first)."""
    children: dict[str | None, list[Section]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out = [r for r in rows if r.id == root]
    queue = [root]
    while queue:
        for child in children.get(queue.pop(), []):
            out.append(child)
            queue.append(child.id)
    return out
