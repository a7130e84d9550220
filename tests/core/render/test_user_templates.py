"""Templates a user adds: found by name, sandboxed, fetching only from their own folder,
with images capped in bytes and pixels."""

from __future__ import annotations

import pytest
from PIL import Image

from app.core.document import templates
from app.core.document.model import Document, Section
from app.core.errors import TemplateError
from app.core.render.html import render_html
from app.core.render.pdf import render_pdf

MANIFEST = 'label = "My note"\ndescription = "A user template"\n\n[[fields]]\nname = "entity"\n' \
           'label = "Entity"\ntype = "text"\n'


def _template(root, name, body):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(MANIFEST)
    (folder / "style.css").write_text("body { font-family: 'Liberation Serif'; }")
    (folder / "template.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block masthead %}' + body + "{% endblock %}")
    return folder


@pytest.fixture
def user_root(tmp_path, monkeypatch):
    root = tmp_path / "user-templates"
    root.mkdir()
    monkeypatch.setattr(templates, "user_templates_dir", lambda: root)
    return root


def _doc(name):
    return Document(id="d", title="Note", template=name, fields={"entity": "UNX"},
                    sections=[Section(id="s", heading="One", body="<p>Text.</p>")])


def test_user_template_is_found_and_renders(user_root):
    _template(user_root, "my-note", "<p class='who'>{{ fields.entity }}</p>")
    names = [t.name for t in templates.list_templates()]
    assert "my-note" in names
    assert "meeting-paper" in names
    assert templates.load_template("my-note").user
    assert not templates.load_template("meeting-paper").user
    assert "<p class='who'>UNX</p>" in render_html(_doc("my-note")).html


def test_user_template_cannot_escape_the_sandbox(user_root):
    _template(user_root, "evil", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match="evil"):
        render_html(_doc("evil"))


def test_user_template_fetches_only_from_its_own_folder(user_root):
    from app.paths import resources_dir

    icon = (resources_dir() / "icons" / "rapporteur.svg").as_uri()
    folder = _template(user_root, "pics",
                       '<img src="logo.png"><img src="file:///etc/passwd">'
                       '<img src="../../../../../etc/hostname">'
                       f'<img src="{icon}">'
                       '<link rel="stylesheet" href="../../../../../etc/passwd">')
    Image.new("RGB", (20, 10), "blue").save(folder / "logo.png")
    result = render_pdf(render_html(_doc("pics")))
    refused = " ".join(result.warnings)
    assert "passwd" in refused
    assert "hostname" in refused
    assert "rapporteur.svg" in refused
    assert "logo.png" not in refused


def test_user_template_images_are_capped(user_root):
    folder = _template(user_root, "huge", '<img src="huge.png">')
    Image.new("1", (6000, 5000)).save(folder / "huge.png")
    result = render_pdf(render_html(_doc("huge")))
    assert any("too many pixels" in w for w in result.warnings)


def test_a_user_template_cannot_shadow_a_bundled_one(user_root):
    _template(user_root, "meeting-paper", "<p>impostor</p>")
    assert not templates.load_template("meeting-paper").user


def test_an_edited_manifest_is_read_again(user_root):
    folder = _template(user_root, "my-note", "<p>{{ fields.entity }}</p>")
    first = templates.load_template("my-note")
    assert templates.load_template("my-note") is first, "parsed once while unchanged"
    (folder / "manifest.toml").write_text(MANIFEST.replace("My note", "My short note"))
    assert templates.load_template("my-note").label == "My short note"
    (folder / "manifest.toml").write_text("label = ")
    with pytest.raises(templates.TemplateError, match="cannot read manifest.toml"):
        templates.load_template("my-note")
