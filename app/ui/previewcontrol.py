"""Previews and whole builds for the window: the section preview, page offsets, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

from app.core.errors import RapporteurError
from app.core.render.buildpool import BuildPool
from app.core.render.worker import RenderOutcome, RenderPool
from app.ui.background import watch
from app.ui.buildprogress import BuildProgress
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

BUILD_IDLE_MS = 2500  # a whole build, for page offsets, this long after the last change
POOL_IDLE_MS = 10 * 60 * 1000  # the export workers stop this long after the last export


class PreviewControl(QObject):
    """Asks the preview for the section being edited, and builds the whole document."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.build: Any = None  # the last whole build's FullBuild
        self.build_stale = True
        self.building = False
        self.build_timer = QTimer(self, singleShot=True, interval=BUILD_IDLE_MS)
        self.build_timer.timeout.connect(self.full_build)
        self.shown_document: str | None = None
        self.exporting: BuildProgress | None = None  # the whole build being exported
        self.export_pool: BuildPool | None = None  # its workers, kept warm between exports
        self.pool_idle = QTimer(self, singleShot=True, interval=POOL_IDLE_MS)
        self.pool_idle.timeout.connect(self.close_pool)

    def warm_pool(self) -> BuildPool:
        """Start the export workers now: they load WeasyPrint while a file is chosen."""
        self.pool_idle.stop()
        if self.export_pool is None:
            self.export_pool = BuildPool()
        self.export_pool.start()
        self.pool_idle.start()
        return self.export_pool

    def close_pool(self) -> None:
        """Stop the export workers, unless an export uses them."""
        if self.exporting is None and self.export_pool is not None:
            self.export_pool.close()
            self.export_pool = None

    def export_review_pdf(self, out: Path | None = None) -> None:
        """Export the PDF with review comments as numbered notes."""
        self.export_pdf(out, review=True)

    def export_pdf(self, out: Path | None = None, *, review: bool = False) -> None:
        """Render the current document to a tagged PDF file, then offer to open it."""
        from app.core.render.pdf import DEFAULT_VARIANT

        document_id = self.win.nav.current_document_id()
        if not review and document_id and not self.win.checker.clear_to_export(document_id):
            return
        document = self.document_job(review=review)
        if document is None:
            return
        self.warm_pool()
        if out is None:
            title = document["title"] or "document"
            assert self.win.session is not None  # document_job found a document in it
            out = self.win.choose_save_path("Export PDF", self.win.session.path.with_name(
                f"{title[:60]}.pdf"), "PDF (*.pdf)")
            if out is None:
                return
        self._build_to(out, document, DEFAULT_VARIANT)

    def export_archive(self, out: Path | None = None) -> None:
        """Render the current document as PDF/A-3b with its provenance manifest embedded."""
        from app.core.render.pdf import ARCHIVE_VARIANT

        session, document_id = self.win.session, self.win.nav.current_document_id()
        if session is None or document_id is None or not self.win.control.flush():
            return
        if not self.win.checker.clear_to_export(document_id):
            return
        job = session.archive_job(document_id)
        self.warm_pool()
        if out is None:
            out = self.win.choose_save_path("Export for Archive", session.path.with_name(
                f"{(job['title'] or 'document')[:60]}-archive.pdf"), "PDF (*.pdf)")
            if out is None:
                return
        self._build_to(out, job, ARCHIVE_VARIANT)

    def export_compendium(self, out: Path | None = None) -> None:
        """Render every contribution of the file into one tagged PDF, then offer to open it."""
        from app.core.render.pdf import DEFAULT_VARIANT

        session = self.win.session
        if session is None or not self.win.control.flush():
            return
        try:
            job = session.compendium_job()
        except RapporteurError as exc:
            self.win.warn(f"No compendium could be made.\n\n{exc}")
            return
        self.warm_pool()
        if out is None:
            out = self.win.choose_save_path("Export Compendium", session.path.with_name(
                f"{session.path.stem}-compendium.pdf"), "PDF (*.pdf)")
            if out is None:
                return
        self._build_to(out, job, DEFAULT_VARIANT, compendium=True)

    def _build_to(self, out: Path, job: dict[str, Any], variant: str, *,
                  compendium: bool = False) -> None:
        """Build a job in parallel parts behind a progress bar; write it to out."""
        from app.core.render.build import build_document
        from app.core.render.compendiumbuild import build_compendium

        build = build_compendium if compendium else build_document
        pool = self.warm_pool()
        self.win.status.flash("Exporting PDF…")
        self.exporting = BuildProgress(
            self.win, "Rendering the compendium…" if compendium else "Rendering the PDF…",
            lambda progress, cancelled: build(
                job, variant, progress=progress, cancelled=cancelled, pool=pool),
            lambda outcome: self.exported(out, outcome))

    def exported(self, out: Path, outcome: RenderOutcome) -> None:
        """Write the PDF atomically and report; offer to open it."""
        from app.core.render.jobs import write_pdf

        self.exporting = None
        self.pool_idle.start()
        if outcome.cancelled:
            self.win.status.flash(f"Export cancelled: {out.name} was not written")
            return
        if not outcome.error:
            try:
                outcome = write_pdf(outcome, out)
            except (RapporteurError, OSError) as exc:
                outcome = RenderOutcome(error=f"cannot write {out.name}: {exc}")
        if outcome.error:
            self.win.warn(f"The PDF could not be made.\n\n{outcome.error}")
            return
        note = "\n".join(outcome.warnings)
        pages = plural(outcome.page_count, "page")
        self.win.status.flash(f"PDF exported: {out} ({pages})")
        if self.win.ask(f"The PDF is ready ({pages}).\n{note}\n\nOpen it now?"):
            self.open_externally(out)

    def open_externally(self, path: Path) -> None:
        """Open a file in the system's viewer; if there is none, offer its folder."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        if not self.win.ask(f"No PDF viewer was found to open {path.name}.\n\n"
                        "Open the folder that holds it instead?"):
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.win.warn(f"No file manager was found either. The PDF is at:\n{path}")

    def document_job(self, *, review: bool = False) -> dict[str, Any] | None:
        """Return the current document's render job as it is now (unsaved text, conflicts)."""
        document_id = self.win.nav.current_document_id()
        if self.win.session is None or document_id is None:
            return None
        body, shown = self.win.control.current_body(), self.win.control.section_id
        return self.win.session.document_job(
            document_id, review=review,
            unsaved={shown: body} if body is not None and shown else None)

    def refresh_preview(self) -> None:
        """Preview the section being edited (with the last full build's offsets), else all."""
        document_id = self.win.nav.current_document_id()
        if self.win.session is None or document_id is None:
            return
        self.shown_document = document_id
        section_id, body = self.win.control.section_id, self.win.control.current_body()
        job = None
        if section_id is not None and self.win.nav.current_node_id() == section_id:
            job = self.win.session.section_job(
                document_id, section_id, self.build,
                unsaved=None if body is None else {section_id: body})
        if job is None:
            document = self.document_job()
            assert document is not None  # the session and the document were checked above
            self.win.preview.request(document)
            return
        self.win.preview.request(job.document, job.section_id, job.offsets,
                             subsections=job.subsections)
        if self.build is None or self.build_stale:
            self.build_timer.start()

    def preview_document_id(self) -> str | None:
        """Return the document the preview was last asked to show."""
        return self.shown_document

    def full_build(self) -> None:
        """Render the whole document in a short-lived worker to learn page offsets."""
        document = self.document_job()
        if document is None or self.building or self.win.pool is None:
            return
        from app.core.render.worker import BUILD_NICENESS

        self.building = True
        self.build_stale = False
        pool = RenderPool(niceness=BUILD_NICENESS)
        watch(self, pool.submit_full(document), lambda result: self.built(result, pool))

    def built(self, result: object, pool: RenderPool) -> None:
        """Keep the offsets of a full build and show its page count."""
        from app.core.render.pdf import PdfResult
        from app.core.render.preview import FullBuild

        pool.shutdown()
        self.building = False
        if not isinstance(result, tuple):  # the watcher's own timeout or failure
            return
        outcome, offsets = result
        if outcome.error:
            return
        self.build = FullBuild.from_dict(
            PdfResult(outcome.pdf, outcome.page_count, outcome.warnings), offsets)
        self.win.status.set_pages(outcome.page_count, self.template_max_pages())
        if self.build_stale:
            self.build_timer.start()

    def rendered(self, outcome: RenderOutcome) -> None:
        """Show page count and warnings of the latest rendering."""
        if self.win.preview.section_id is None:
            self.win.status.set_pages(outcome.page_count, self.template_max_pages())

    def template_max_pages(self) -> int | None:
        return self.win.properties.template.max_pages if self.win.properties.template else None
