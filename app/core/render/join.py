"""Parts of one document, each a PDF, joined into one: pages, tag tree and outline.

The first part's catalog is kept (language, metadata, viewer preferences). Each later
part's pages are appended, its structure elements move under the first part's Document
element (with the part's language, if it is not the first part's), and its parent-tree
keys are shifted past those before it, so the joined PDF has one structure tree. The
outline is built again from every page's bookmarks as WeasyPrint 70 builds it for one
document (weasyprint.anchors.make_page_bookmark_tree), since a part alone cannot nest its
headings under a chapter that began earlier.
Named destinations are dropped (each part of one document names its anchors on its own),
unless asked to keep them: then every part's names point to its pages in the joined
PDF, and a name several parts define goes where the last of them put it (the compendium
names its contributions' first pages in the front, only so that the front's links to
them are written).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

Bookmark = list[Any]  # level, label, x, y (PDF points), "open" or "closed"


def join_parts(parts: list[bytes], bookmarks: list[list[Bookmark]], *,
               names: bool = False) -> bytes:
    """Return parts joined into one PDF; bookmarks holds each page's bookmarks.

    With names the parts' named destinations are kept, pointing to the joined pages.
    """
    import pikepdf

    out = pikepdf.open(BytesIO(parts[0]))
    tree = _Tree(out) if "/StructTreeRoot" in out.Root else None
    dests = _destinations(out, 0) if names else {}
    for data in parts[1:]:
        source = pikepdf.open(BytesIO(data))
        start = len(out.pages)
        out.pages.extend(source.pages)
        if tree is not None:
            tree.add(source, out.pages[start:])
        if names:
            dests.update(_destinations(source, start))
    if tree is not None:
        tree.finish()
    if "/Names" in out.Root and "/Dests" in out.Root.Names:
        del out.Root.Names["/Dests"]
    if dests:
        _write_destinations(out, dests)
    _outline(out, bookmarks)
    buffer = BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


class _Tree:
    """The joined structure tree: the first part's, with the later parts' added."""

    def __init__(self, pdf: Any) -> None:
        import pikepdf

        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.document = _document(self.root)
        self.nums = _numbers(self.root.get("/ParentTree"))
        self.next = max([key + 1 for key, _ in self.nums] +
                        [int(self.root.get("/ParentTreeNextKey", 0))])
        self.ids = _names(self.root.get("/IDTree"))
        self.roles = dict(self.root.get("/RoleMap", pikepdf.Dictionary()).items())
        self._pikepdf = pikepdf

    def add(self, source: Any, pages: Any) -> None:
        """Add a part's structure: its pages are already appended as pages."""
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            raise ValueError("a part of a tagged build has no structure tree")
        shift = self.next
        for page in pages:
            _shift(page.obj, "/StructParents", shift)
            for annotation in page.obj.get("/Annots", []):
                _shift(annotation, "/StructParent", shift)
        document = _document(root)
        kids = list(document.K) if isinstance(document.K, self._pikepdf.Array) else [document.K]
        for kid in kids:
            if isinstance(kid, self._pikepdf.Dictionary) and "/P" in kid:
                del kid["/P"]  # copied, the parent would bring the whole source tree along
        numbers = _numbers(root.get("/ParentTree"))
        bundle = source.make_indirect(self._pikepdf.Array(
            [kids, [value for _, value in numbers], [v for _, v in _names(root.get("/IDTree"))]]))
        copied = self.pdf.copy_foreign(bundle)
        language = source.Root.get("/Lang")
        other = language is not None and str(language) != str(self.pdf.Root.get("/Lang", ""))
        for kid in copied[0]:
            if isinstance(kid, self._pikepdf.Dictionary):
                kid.P = self.document
                if other:  # it inherited the part's own language
                    _give_language(kid, str(language))
            self.document.K.append(kid)
        self.nums += [(key + shift, value) for (key, _), value in zip(numbers, copied[1],
                                                                       strict=True)]
        self.ids += [(key, value) for (key, _), value in zip(_names(root.get("/IDTree")),
                                                            copied[2], strict=True)]
        for name, value in root.get("/RoleMap", self._pikepdf.Dictionary()).items():
            self.roles.setdefault(name, value)
        self.next = max([shift] + [key + 1 for key, _ in self.nums] +
                        [shift + int(root.get("/ParentTreeNextKey", 0))])

    def finish(self) -> None:
        """Write the joined parent tree, ID tree and role map."""
        pikepdf = self._pikepdf
        numbers = pikepdf.Array()
        for key, value in sorted(self.nums, key=lambda item: item[0]):
            numbers.extend([key, value])
        self.root.ParentTree = self.pdf.make_indirect(pikepdf.Dictionary(Nums=numbers))
        self.root.ParentTreeNextKey = self.next
        if self.ids:
            names = pikepdf.Array()
            for name, value in sorted(self.ids, key=lambda item: item[0]):
                names.extend([pikepdf.String(name), value])
            self.root.IDTree = self.pdf.make_indirect(pikepdf.Dictionary(Names=names))
        if self.roles:
            self.root.RoleMap = pikepdf.Dictionary(self.roles)


def _destinations(pdf: Any, start: int) -> dict[str, tuple[int, list[Any]]]:
    """Return a PDF's named destinations: name to (page index + start, the rest of it)."""
    import pikepdf

    where = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    found: dict[str, tuple[int, list[Any]]] = {}
    names = pdf.Root.get("/Names")
    for name, dest in _names(names.get("/Dests") if names is not None else None):
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
        if not isinstance(dest, pikepdf.Array) or not len(dest):
            continue
        page = where.get(dest[0].objgen)
        if page is not None:
            found[name] = (page + start, [_plain(item) for item in list(dest)[1:]])
    return found


def _plain(item: Any) -> Any:
    """Return a destination's name or number free of the PDF it came from."""
    import pikepdf

    if isinstance(item, pikepdf.Name):
        return pikepdf.Name(str(item))
    return None if isinstance(item, pikepdf.Object) and item.is_null else item


def _write_destinations(pdf: Any, dests: dict[str, tuple[int, list[Any]]]) -> None:
    """Write dests as pdf's name tree of destinations (one node, names sorted)."""
    import pikepdf

    entries = pikepdf.Array()
    for name in sorted(dests):
        page, rest = dests[name]
        entries.extend([pikepdf.String(name), pikepdf.Array([pdf.pages[page].obj, *rest])])
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=entries))


def _give_language(element: Any, language: str) -> None:
    """Set /Lang on a structure element without one, as WeasyPrint tags a passage.

    The footnote area (a NonStruct of Notes) stands for no HTML element: its notes get it.
    """
    import pikepdf

    kids = element.get("/K")
    found = [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
             if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
    if str(element.get("/S", "")) == "/NonStruct" and found and \
            all(str(kid.S) == "/Note" for kid in found):
        for kid in found:
            _give_language(kid, language)
    elif "/Lang" not in element:
        element.Lang = pikepdf.String(language)


def _document(root: Any) -> Any:
    """Return the Document element at the top of a structure tree."""
    import pikepdf

    kids = root.K
    document = kids[0] if isinstance(kids, pikepdf.Array) else kids
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    return document


def _shift(obj: Any, key: str, shift: int) -> None:
    """Add shift to an integer entry of a dictionary, if it has it."""
    if key in obj:
        obj[key] = int(obj[key]) + shift


def _numbers(tree: Any) -> list[tuple[int, Any]]:
    """Return a number tree's (key, value) pairs."""
    if tree is None:
        return []
    pairs = []
    nums = list(tree.get("/Nums", []))
    pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in tree.get("/Kids", []):
        pairs += _numbers(kid)
    return pairs


def _names(tree: Any) -> list[tuple[str, Any]]:
    """Return a name tree's (key, value) pairs."""
    if tree is None:
        return []
    names = list(tree.get("/Names", []))
    pairs = [(str(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2)]
    for kid in tree.get("/Kids", []):
        pairs += _names(kid)
    return pairs


def bookmark_tree(pages: list[list[Bookmark]]) -> list[tuple[Any, ...]]:
    """Return the outline tree of every page's bookmarks, as WeasyPrint 70 nests them."""
    root: list[tuple[Any, ...]] = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for number, marks in enumerate(pages):
        for level, label, x, y, state in marks:
            if level > previous:
                skipped.append(level - previous - 1)
            else:
                temp = level
                while temp < previous:
                    temp += 1 + skipped.pop()
                if temp > previous:
                    skipped.append(temp - previous - 1)
            previous = level
            depth = level - sum(skipped)
            children: list[tuple[Any, ...]] = []
            last_by_depth[depth - 1].append((label, (number, x, y), children, state))
            del last_by_depth[depth:]
            last_by_depth.append(children)
    return root


def _outline(pdf: Any, bookmarks: list[list[Bookmark]]) -> None:
    """Replace pdf's outline with the one of bookmarks."""
    import pikepdf

    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    tree = bookmark_tree(bookmarks)
    if not tree:
        return
    top = pdf.make_indirect(pikepdf.Dictionary())
    items, count = _items(pdf, tree, top)
    top.Count, top.First, top.Last = count, items[0], items[-1]
    pdf.Root.Outlines = top


def _items(pdf: Any, tree: list[tuple[Any, ...]], parent: Any) -> tuple[list[Any], int]:
    """Return the outline items of tree under parent, and the count of visible ones."""
    import pikepdf

    items: list[Any] = []
    count = len(tree)
    for label, (page, x, y), children, state in tree:
        item = pdf.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(label), Parent=parent,
            Dest=pikepdf.Array([pdf.pages[page].obj, pikepdf.Name.XYZ, x, y, 0])))
        kids, kid_count = _items(pdf, children, item)
        item.Count = -kid_count if state == "closed" else kid_count
        if state != "closed":
            count += kid_count
        if kids:
            item.First, item.Last = kids[0], kids[-1]
        if items:
            item.Prev, items[-1].Next = items[-1], item
        items.append(item)
    return items, count


def lay_over(bodies: list[bytes], furniture: bytes) -> list[bytes]:
    """Return bodies with the pages of furniture drawn over their pages, in turn.

    The furniture (running heads, page numbers) is written untagged, apart from the
    bodies; it is marked as an artifact, as PDF/UA asks of page furniture.
    """
    import pikepdf

    over = pikepdf.open(BytesIO(furniture))
    out, first = [], 0
    for body in bodies:
        pdf = pikepdf.open(BytesIO(body))
        tops = over.pages[first:first + len(pdf.pages)]
        if len(tops) != len(pdf.pages):
            raise ValueError("the furniture has fewer pages than the bodies")
        for page, top in zip(pdf.pages, tops, strict=True):
            form = pdf.copy_foreign(top.as_form_xobject())
            name = page.add_resource(form, pikepdf.Name.XObject, prefix="Fur")
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(
                pdf, b"\nQ /Artifact BMC q " + bytes(name) + b" Do Q EMC\n"), prepend=False)
        first += len(pdf.pages)
        buffer = BytesIO()
        pdf.save(buffer, compress_streams=True)
        out.append(buffer.getvalue())
    if first != len(over.pages):
        raise ValueError("the furniture has more pages than the bodies")
    return out
