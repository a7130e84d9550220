"""Git as the transport: git-setup, the merge driver and the Markdown diff, with real git."""

from __future__ import annotations

import hashlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli_git
from app.cli import main
from app.core.document.service import RapporteurFile
from app.core.sharing.checking import check_file
from app.core.sharing.conflicts import resolve

PARAGRAPHS = ["Member States met in Geneva.", "The Council adopted its agenda.",
              "Delegations welcomed the report.", "The session closed on Friday."]
NAME = "report.rapporteur"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A fresh repository, with the user's and the system's git config kept out."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("")
    for key, value in {"HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Maria",
                       "GIT_AUTHOR_EMAIL": "maria@example.org", "GIT_COMMITTER_NAME": "Maria",
                       "GIT_COMMITTER_EMAIL": "maria@example.org",
                       "RAPPORTEUR_AUTHOR": "Maria"}.items():
        monkeypatch.setenv(key, value)
    top = tmp_path / "team repo"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    return top


def git(top: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=top, capture_output=True, text=True, timeout=120)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def commit_all(top: Path, message: str) -> None:
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", message)


def set_paragraph(top: Path, index: int, text: str) -> None:
    """Change one paragraph of the only section and commit it."""
    with RapporteurFile.open(top / NAME) as rfile:
        [section] = rfile.documents()[0].all_sections()
        current = _paragraphs(section.body)
        current[index] = text
        rfile.update_section(section.id, body=body(current))
    commit_all(top, f"paragraph {index + 1}: {text}")


def _paragraphs(html: str) -> list[str]:
    return [p.removesuffix("</p>") for p in html.removeprefix("<p>").split("<p>")]


def section_body(path: Path) -> str:
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.documents()[0].all_sections()[0].body


def open_conflicts(path: Path) -> list[dict]:
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.conflicts()


@pytest.fixture
def shared(repo) -> Path:
    """The repository with a committed report and git-setup done and committed."""
    with RapporteurFile.create(repo / NAME, author="Maria") as rfile:
        doc = rfile.add_document(title="Report of the Council")
        rfile.add_section(doc.id, heading="Proceedings", body=body(PARAGRAPHS))
    assert main(["git-setup", str(repo)]) == 0
    commit_all(repo, "report and git-setup")
    return repo


def two_branches(top: Path, first: tuple[int, str], second: tuple[int, str]) -> None:
    """Branch a makes the first edit, branch b (checked out at the end) the second."""
    git(top, "checkout", "-q", "-b", "a")
    set_paragraph(top, *first)
    git(top, "checkout", "-q", "main")
    git(top, "checkout", "-q", "-b", "b")
    set_paragraph(top, *second)


def test_edits_to_different_paragraphs_merge_cleanly(shared):
    two_branches(shared, (0, "Member States met in New York."),
                 (2, "Delegations welcomed the report warmly."))
    done = git(shared, "merge", "--no-edit", "a", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert section_body(shared / NAME) == body([
        "Member States met in New York.", PARAGRAPHS[1],
        "Delegations welcomed the report warmly.", PARAGRAPHS[3]])
    assert open_conflicts(shared / NAME) == []
    assert len(git(shared, "log", "-1", "--format=%P").stdout.split()) == 2
    assert git(shared, "status", "--porcelain").stdout == ""


def test_edits_to_the_same_paragraph_conflict_and_keep_both(shared):
    two_branches(shared, (1, "The Council adopted its agenda as amended."),
                 (1, "The Council adopted its provisional agenda."))
    done = git(shared, "merge", "--no-edit", "a", check=False)
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    assert "1 conflict kept in the file" in done.stdout + done.stderr
    assert "The Council adopted its provisional agenda." in section_body(shared / NAME)
    [conflict] = open_conflicts(shared / NAME)
    assert "The Council adopted its agenda as amended." in conflict["theirs"]
    assert "The Council adopted its provisional agenda." in conflict["ours"]
    assert check_file(shared / NAME).exit_code == 3
    assert "<!-- 1 unresolved merge conflict -->" in git(shared, "diff").stdout


def test_a_resolved_conflict_is_committed_as_the_merge(shared):
    two_branches(shared, (1, "As amended."), (1, "Provisional."))
    git(shared, "merge", "--no-edit", "a", check=False)
    with RapporteurFile.open(shared / NAME, author="Maria") as rfile:
        [conflict] = rfile.conflicts()
        resolve(rfile, conflict["id"], "theirs")
    commit_all(shared, "merge a, theirs kept")
    assert check_file(shared / NAME).exit_code == 0
    assert "As amended." in section_body(shared / NAME)
    assert len(git(shared, "log", "-1", "--format=%P").stdout.split()) == 2


def test_git_diff_and_log_show_the_change_as_markdown(shared):
    with RapporteurFile.open(shared / NAME) as rfile:
        [section] = rfile.documents()[0].all_sections()
        rfile.update_section(section.id, body=body(["Member States met in Nairobi.",
                                                    *PARAGRAPHS[1:]]))
    diff = git(shared, "diff").stdout
    assert "-Member States met in Geneva." in diff
    assert "+Member States met in Nairobi." in diff
    assert "Binary files" not in diff
    commit_all(shared, "Nairobi")
    log = git(shared, "log", "-p", "-1").stdout
    assert "+Member States met in Nairobi." in log
    assert "## Proceedings" in git(shared, "show", "HEAD~1").stdout


def test_git_setup_twice_leaves_one_attributes_line(repo, capsys):
    (repo / ".gitattributes").write_text("*.pdf binary")
    assert main(["git-setup", str(repo)]) == 0
    first = (repo / ".gitattributes").read_text()
    assert main(["git-setup", str(repo)]) == 0
    assert (repo / ".gitattributes").read_text() == first
    assert first == "*.pdf binary\n*.rapporteur merge=rapporteur diff=rapporteur\n"
    assert "already there" in capsys.readouterr().out
    driver = git(repo, "config", "--local", "merge.rapporteur.driver").stdout
    assert driver.strip().endswith("-m app git-merge %O %A %B %P")


def test_git_setup_from_a_subfolder_writes_at_the_top(repo):
    (repo / "drafts").mkdir()
    assert main(["git-setup", str(repo / "drafts")]) == 0
    assert (repo / ".gitattributes").exists()
    assert not (repo / "drafts" / ".gitattributes").exists()


def test_git_setup_outside_a_repository_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["git-setup", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not inside a Git working tree" in err
    assert not (tmp_path / ".gitattributes").exists()


def test_configured_command_quotes_paths_with_spaces(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/opt/my python/bin/python3")
    monkeypatch.setattr(cli_git, "_found_app", lambda top: None)
    words = shlex.split(cli_git.app_command(tmp_path))
    assert "/opt/my python/bin/python3" in words
    assert words[-3:] == ["-P", "-m", "app"]


def test_merge_driver_refuses_a_bad_theirs_and_leaves_ours(tmp_path, capsys):
    ours = tmp_path / ".merge_file_a1"
    with RapporteurFile.create(ours) as rfile:
        rfile.add_document(title="Ours")
    before = digest(ours)
    bad = tmp_path / ".merge_file_b1"
    bad.write_bytes(b"not a database at all")
    assert main(["git-merge", str(bad), str(ours), str(bad), NAME]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("rapporteur: ")
    assert digest(ours) == before
    assert main(["git-merge", str(ours), str(bad), str(ours), NAME]) != 0
    assert bad.read_bytes() == b"not a database at all"


def test_merge_driver_works_on_files_without_the_extension(tmp_path):
    ours = tmp_path / ".merge_file_a2"
    with RapporteurFile.create(ours) as rfile:
        rfile.add_document(title="Ours")
    theirs = tmp_path / ".merge_file_b2"
    shutil.copyfile(ours, theirs)
    with RapporteurFile.open(theirs) as rfile:
        rfile.add_document(title="Theirs")
    assert main(["git-merge", str(ours), str(ours), str(theirs)]) == 0
    with RapporteurFile.open(ours, readonly=True) as rfile:
        assert sorted(d.title for d in rfile.documents()) == ["Ours", "Theirs"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".merge_file_a2", ".merge_file_b2"]


def test_textconv_is_read_only_and_notes_a_damaged_file(tmp_path, capsys):
    path = tmp_path / "x"
    with RapporteurFile.create(path) as rfile:
        doc = rfile.add_document(title="Report")
        rfile.add_section(doc.id, heading="Intro", body="<p>Hello.</p>")
    before = digest(path)
    assert main(["git-textconv", str(path)]) == 0
    assert "## Intro\n\nHello." in capsys.readouterr().out
    assert digest(path) == before
    damaged = tmp_path / "damaged"
    damaged.write_bytes(path.read_bytes()[:2048])
    assert main(["git-textconv", str(damaged)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1
    assert out.startswith("(not a readable Rapporteur file")
    assert err == ""
