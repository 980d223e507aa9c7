#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Negative tests: each checker passes the real file and rejects deliberately
broken copies of it (one defect per copy), naming the defect."""
import argparse
import copy
import datetime
import json
import subprocess
import os
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_desktop  # noqa: E402
import check_gschema  # noqa: E402
import check_icons  # noqa: E402
import check_layers  # noqa: E402
import check_manifest  # noqa: E402
import check_metainfo  # noqa: E402
import check_po  # noqa: E402
import check_potfiles  # noqa: E402

ARGS = None


class ManifestTest(unittest.TestCase):
    def setUp(self):
        with open(ARGS.manifest, encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def run_check(self, manifest, name="flatpak.json"):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        return check_manifest.check(path, ARGS.schema, ARGS.base_id)

    def assert_rejected(self, manifest, needle, name="flatpak.json"):
        problems = self.run_check(manifest, name)
        self.assertTrue(any(needle in p for p in problems),
                        f"expected a problem mentioning {needle!r}, got {problems}")

    def app_source(self, m):
        return m["modules"][-1]["sources"][0]

    def ges(self, m):
        return next(mod for mod in m["modules"] if mod["name"] == "gst-editing-services")

    def test_real_manifest_passes(self):
        self.assertEqual(self.run_check(self.manifest), [])

    def test_broad_filesystem(self):
        m = copy.deepcopy(self.manifest)
        m["finish-args"].append("--filesystem=home")
        self.assert_rejected(m, "broad filesystem")

    def test_host_filesystem_with_mode(self):
        m = copy.deepcopy(self.manifest)
        m["finish-args"].append("--filesystem=host:ro")
        self.assert_rejected(m, "broad filesystem")

    def test_missing_wayland(self):
        m = copy.deepcopy(self.manifest)
        m["finish-args"].remove("--socket=wayland")
        self.assert_rejected(m, "missing --socket=wayland")

    def test_extra_x11(self):
        m = copy.deepcopy(self.manifest)
        m["finish-args"].append("--socket=x11")
        self.assert_rejected(m, "not in the agreed set")

    def test_branch_key(self):
        m = copy.deepcopy(self.manifest)
        m["branch"] = "stable"
        self.assert_rejected(m, "'branch'")

    def test_git_without_commit(self):
        m = copy.deepcopy(self.manifest)
        src = self.app_source(m)
        src.pop("commit", None)
        src["type"], src["url"], src["tag"] = "git", "https://github.com/rushesapp/rushes.git", "v0.1.0"
        src.pop("sha256", None)
        self.assert_rejected(m, "must pin a 'commit'")

    def test_git_on_branch(self):
        m = copy.deepcopy(self.manifest)
        src = self.app_source(m)
        src["type"], src["url"], src["branch"] = "git", "https://github.com/rushesapp/rushes.git", "main"
        src["commit"] = "0" * 40
        src.pop("sha256", None)
        self.assert_rejected(m, "'branch'")

    def test_dir_source(self):
        m = copy.deepcopy(self.manifest)
        m["modules"][-1]["sources"] = [{"type": "dir", "path": "."}]
        self.assert_rejected(m, "'dir'")

    def test_archive_without_sha256(self):
        m = copy.deepcopy(self.manifest)
        del self.ges(m)["sources"][0]["sha256"]
        self.assert_rejected(m, "pinned by sha256")

    def test_archive_bad_sha256(self):
        m = copy.deepcopy(self.manifest)
        self.ges(m)["sources"][0]["sha256"] = "deadbeef"
        self.assert_rejected(m, "64 lower-case hex")

    def test_network_in_build_args(self):
        m = copy.deepcopy(self.manifest)
        m["modules"][-1]["build-options"] = {"build-args": ["--share=network"]}
        self.assert_rejected(m, "--share=network")

    def test_old_runtime(self):
        m = copy.deepcopy(self.manifest)
        m["runtime-version"] = "48"
        self.assert_rejected(m, "runtime-version")

    def test_unknown_top_level_key_fails_schema(self):
        m = copy.deepcopy(self.manifest)
        m["permissions"] = ["all"]
        self.assert_rejected(m, "schema:")

    def test_bad_buildsystem_fails_schema(self):
        m = copy.deepcopy(self.manifest)
        m["modules"][-1]["buildsystem"] = "make"
        self.assert_rejected(m, "schema:")

    def test_ges_tests_enabled(self):
        m = copy.deepcopy(self.manifest)
        self.ges(m)["config-opts"].remove("-Dtests=disabled")
        self.assert_rejected(m, "-Dtests=disabled")

    def test_ges_wrong_series(self):
        m = copy.deepcopy(self.manifest)
        src = self.ges(m)["sources"][0]
        src["url"] = src["url"].replace("1.26.", "1.22.")
        self.assert_rejected(m, "1.26.x")

    def test_unprefixed_bundled_extension(self):
        m = copy.deepcopy(self.manifest)
        m["add-extensions"] = {"org.example.Codecs": {"directory": "codecs", "version": "1", "bundle": True}}
        self.assert_rejected(m, "prefixed with the app id")

    def test_file_name_rule(self):
        self.assert_rejected(copy.deepcopy(self.manifest), "file name", name="manifest.json")

    def test_app_id_named_file_passes(self):
        self.assertEqual(self.run_check(self.manifest, ARGS.base_id + ".json"), [])


class MetainfoTest(unittest.TestCase):
    def setUp(self):
        self.tree = ET.parse(ARGS.metainfo)
        self.tmp = tempfile.TemporaryDirectory()
        dates = [datetime.date.fromisoformat(r.get("date")[:10])
                 for r in self.tree.getroot().findall("releases/release")]
        # "today" for these tests: the newest release date or the real date, whichever is later
        self.today = max(dates + [datetime.date.today()])

    def tearDown(self):
        self.tmp.cleanup()

    def run_check(self, tree, version=None):
        path = os.path.join(self.tmp.name, "m.xml")
        tree.write(path, encoding="utf-8", xml_declaration=True)
        return check_metainfo.check(path, ARGS.app_id, version or ARGS.version, self.today)

    def assert_rejected(self, tree, needle, version=None):
        problems = self.run_check(tree, version)
        self.assertTrue(any(needle in p for p in problems),
                        f"expected a problem mentioning {needle!r}, got {problems}")

    def mutated(self):
        return copy.deepcopy(self.tree)

    def test_real_metainfo_passes(self):
        self.assertEqual(self.run_check(self.tree), [])

    def test_developer_without_id(self):
        t = self.mutated()
        del t.getroot().find("developer").attrib["id"]
        self.assert_rejected(t, "id attribute")

    def test_no_developer(self):
        t = self.mutated()
        t.getroot().remove(t.getroot().find("developer"))
        self.assert_rejected(t, "<developer> missing")

    def test_future_release(self):
        t = self.mutated()
        t.getroot().find("releases/release").set("date", (self.today + datetime.timedelta(days=1)).isoformat())
        self.assert_rejected(t, "future")

    def test_no_releases(self):
        t = self.mutated()
        t.getroot().remove(t.getroot().find("releases"))
        self.assert_rejected(t, "<releases> missing")

    def test_version_mismatch(self):
        self.assert_rejected(self.mutated(), "project version", version="9.9.9")

    def test_screenshot_from_branch(self):
        t = self.mutated()
        img = t.getroot().find("screenshots/screenshot/image")
        parts = img.text.strip().split("/")
        parts[5] = "main"
        img.text = "/".join(parts)
        self.assert_rejected(t, "moving branch")

    def test_svg_screenshot(self):
        t = self.mutated()
        img = t.getroot().find("screenshots/screenshot/image")
        img.text = img.text.strip()[:-4] + ".svg"
        self.assert_rejected(t, "SVG")

    def test_no_dark_branding(self):
        t = self.mutated()
        branding = t.getroot().find("branding")
        for c in list(branding):
            if c.get("scheme_preference") == "dark":
                branding.remove(c)
        self.assert_rejected(t, "dark primary colour")

    def test_no_content_rating(self):
        t = self.mutated()
        t.getroot().remove(t.getroot().find("content_rating"))
        self.assert_rejected(t, "content_rating")

    def test_wrong_launchable(self):
        t = self.mutated()
        t.getroot().find("launchable").text = "rushes.desktop"
        self.assert_rejected(t, "launchable")

    def test_no_homepage(self):
        t = self.mutated()
        for u in t.getroot().findall("url"):
            if u.get("type") == "homepage":
                t.getroot().remove(u)
        self.assert_rejected(t, "homepage")


class DesktopTest(unittest.TestCase):
    def setUp(self):
        with open(ARGS.desktop, encoding="utf-8") as f:
            self.lines = f.read().splitlines()
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def run_check(self, lines):
        path = os.path.join(self.tmp.name, ARGS.app_id + ".desktop")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return check_desktop.check(path, ARGS.app_id, ARGS.validator)

    def replace(self, key, value):
        out = [l for l in self.lines if not l.startswith(key + "=")]
        if value is not None:
            out.append(f"{key}={value}")
        return out

    def assert_rejected(self, lines, needle):
        problems = self.run_check(lines)
        self.assertTrue(any(needle in p for p in problems),
                        f"expected a problem mentioning {needle!r}, got {problems}")

    def test_real_desktop_passes(self):
        self.assertEqual(self.run_check(self.lines), [])

    def test_wrong_icon(self):
        self.assert_rejected(self.replace("Icon", "rushes"), "Icon")

    def test_no_display(self):
        self.assert_rejected(self.replace("NoDisplay", "true"), "NoDisplay")

    def test_flatpak_run(self):
        self.assert_rejected(self.replace("Exec", f"flatpak run {ARGS.app_id}"), "flatpak run")

    def test_generic_categories(self):
        self.assert_rejected(self.replace("Categories", "GTK;GNOME;"), "no real category")

    def test_validator_error(self):
        self.assert_rejected(self.replace("Type", None), "desktop-file-validate")


class PotfilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("po/POTFILES.in", "# comment\nsrc/a.c\nui/a.ui\ndata/x.gschema.xml\n")
        self.write("src/a.c", 'const char *s = _("Hello");\n')
        self.write("src/plain.c", "/* _() in a comment only */\nint g_foo_(void);\nint x = G_N_ELEMENTS (y);\n")
        self.write("ui/a.ui", '<property name="label" translatable="yes">Hi</property>\n')
        self.write("ui/b.ui", '<property name="label">not translated</property>\n')
        self.write("data/x.gschema.xml", "<schemalist/>\n")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, content):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)

    def test_complete_tree_passes(self):
        self.assertEqual(check_potfiles.check(self.root), [])

    def test_unlisted_c_file(self):
        self.write("src/widgets/b.c", 'static const char *s = N_("Bye");\n')
        problems = check_potfiles.check(self.root)
        self.assertTrue(any("src/widgets/b.c" in p for p in problems), problems)

    def test_unlisted_context_string(self):
        self.write("src/c.c", 'x = C_("menu", "Open");\n')
        self.assertTrue(any("src/c.c" in p for p in check_potfiles.check(self.root)))

    def test_unlisted_plural(self):
        self.write("src/p.c", 'label = g_strdup_printf (ngettext ("%u take", "%u takes", n), n);\n')
        self.assertTrue(any("src/p.c" in p for p in check_potfiles.check(self.root)))

    def test_unlisted_ui(self):
        self.write("ui/c.ui", '<attribute name="label" translatable="yes">_Quit</attribute>\n')
        self.assertTrue(any("ui/c.ui" in p for p in check_potfiles.check(self.root)))

    def test_unlisted_desktop(self):
        self.write("data/y.desktop.in", "[Desktop Entry]\nName=Y\n")
        self.assertTrue(any("data/y.desktop.in" in p for p in check_potfiles.check(self.root)))

    def test_listed_file_missing(self):
        os.remove(os.path.join(self.root, "src/a.c"))
        self.assertTrue(any("does not exist" in p for p in check_potfiles.check(self.root)))


class LayersTest(unittest.TestCase):
    """check_layers: a small tree that follows the table, then one bad arrow
    per test; and the real src/ with bad includes planted in a copy."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("src/core/rushes-recipe.h", "#pragma once\n#include <gio/gio.h>\n#include <json-glib/json-glib.h>\n")
        self.write("src/backends/rushes-http.h", '#pragma once\n#include "rushes-recipe.h"\n')
        self.write("src/backends/rushes-http.c", '#include <curl/curl.h>\n#include "rushes-http.h"\n')
        self.write("src/backends/rushes-sketch-renderer.c", "#include <gst/app/gstappsrc.h>\n#include <cairo.h>\n")
        self.write("src/media/rushes-trimmer.h", "#pragma once\n#include <gst/gst.h>\n")
        self.write("src/media-gdk/rushes-player.h", '#pragma once\n#include <gdk/gdk.h>\n#include "rushes-trimmer.h"\n')
        self.write("src/widgets/rushes-window.h", '#pragma once\n#include <adwaita.h>\n#include "rushes-player.h"\n')
        self.write("src/widgets/rushes-window.c", '#include "rushes-resources.h"\n#include "rushes-http.h"\n')
        self.write("src/cli/rushes-cli.c", '#include <gst/pbutils/pbutils.h>\n#include "rushes-trimmer.h"\n'
                                           '/* #include <gtk/gtk.h> in a comment is no include */\n')
        self.write("src/main.c", '#include "rushes-window.h"\n#include <curl/curl.h>\n')
        self.write("src/main-cli.c", '#include "rushes-cli.h"\n#include <gst/gst.h>\n#include <curl/curl.h>\n')
        self.write("src/cli/rushes-cli.h", "#pragma once\n")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, content, root=None):
        path = os.path.join(root or self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)

    def plant(self, rel, include, root=None):
        """Appends an include; returns the file:line it is on."""
        path = os.path.join(root or self.root, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.endswith("\n"):
            text += "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + f"#include {include}\n")
        return f"{rel}:{text.count(chr(10)) + 1}: #include {include}: "

    def assert_rejected(self, rel, include, needle):
        where = self.plant(rel, include)
        problems = check_layers.check(self.root)
        self.assertTrue(any(p.startswith(where) and needle in p for p in problems),
                        f"expected {where}…{needle!r}, got {problems}")

    def test_tree_that_follows_the_table_passes(self):
        self.assertEqual(check_layers.check(self.root), [])

    def test_gtk_in_core(self):
        self.assert_rejected("src/core/rushes-recipe.h", "<gtk/gtk.h>", "src/core may not use GTK")

    def test_gstreamer_in_core(self):
        self.assert_rejected("src/core/rushes-recipe.h", "<gst/gst.h>", "src/core may not use GStreamer")

    def test_layer_above_in_core(self):
        self.assert_rejected("src/core/rushes-recipe.h", '"rushes-http.h"', "may not include headers of src/backends")

    def test_gtk_in_media(self):
        self.assert_rejected("src/media/rushes-trimmer.h", "<gtk/gtk.h>", "src/media may not use GTK")

    def test_gdk_in_media(self):
        self.assert_rejected("src/media/rushes-trimmer.h", "<gdk/gdk.h>", "src/media may not use GDK")

    def test_media_gdk_in_media(self):
        self.assert_rejected("src/media/rushes-trimmer.h", '"rushes-player.h"', "may not include headers of src/media-gdk")

    def test_gtk_in_media_gdk(self):
        self.assert_rejected("src/media-gdk/rushes-player.h", "<gtk/gtk.h>", "src/media-gdk may not use GTK")

    def test_gdk_beyond_textures_in_media_gdk(self):
        self.assert_rejected("src/media-gdk/rushes-player.h", "<gdk/x11/gdkx.h>", "through <gdk/gdk.h>")

    def test_backends_in_media(self):
        self.assert_rejected("src/media/rushes-trimmer.h", '"rushes-http.h"', "may not include headers of src/backends")

    def test_media_gdk_in_cli(self):
        self.assert_rejected("src/cli/rushes-cli.c", '"rushes-player.h"', "may not include headers of src/media-gdk")

    def test_gtk_in_cli_program(self):
        self.assert_rejected("src/main-cli.c", "<gtk/gtk.h>", "src/main-cli.c may not use GTK")

    def test_widgets_in_cli_program(self):
        self.assert_rejected("src/main-cli.c", '"rushes-window.h"', "may not include headers of src/widgets")

    def test_gstreamer_outside_sketch_in_backends(self):
        self.assert_rejected("src/backends/rushes-http.c", "<gst/gst.h>", "for Sketch only")

    def test_adwaita_in_backends(self):
        self.assert_rejected("src/backends/rushes-http.c", "<adwaita.h>", "src/backends may not use libadwaita")

    def test_widgets_in_cli(self):
        self.assert_rejected("src/cli/rushes-cli.c", '"rushes-window.h"', "may not include headers of src/widgets")

    def test_gtk_in_cli(self):
        self.assert_rejected("src/cli/rushes-cli.c", "<gtk/gtk.h>", "src/cli may not use GTK")

    def test_cli_in_widgets(self):
        self.assert_rejected("src/widgets/rushes-window.c", '"rushes-cli.h"', "may not include headers of src/cli")

    def test_unknown_header(self):
        self.assert_rejected("src/widgets/rushes-window.c", '"rushes-nowhere.h"', "no header rushes-nowhere.h")

    def test_real_tree_with_planted_includes(self):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")
        root = os.path.join(self.root, "copy")
        shutil.copytree(src, os.path.join(root, "src"))
        before = check_layers.check(root)
        core_file = sorted(n for n in os.listdir(os.path.join(root, "src", "core")) if n.endswith(".c"))[0]
        cli_file = sorted(n for n in os.listdir(os.path.join(root, "src", "cli")) if n.endswith(".c"))[0]
        gtk_where = self.plant(f"src/core/{core_file}", "<gtk/gtk.h>", root)
        window_where = self.plant(f"src/cli/{cli_file}", '"rushes-window.h"', root)
        added = [p for p in check_layers.check(root) if p not in before]
        self.assertEqual(len(added), 2, added)
        self.assertTrue(any(p.startswith(gtk_where) and "src/core may not use GTK" in p for p in added), added)
        self.assertTrue(any(p.startswith(window_where) and "may not include headers of src/widgets" in p
                            for p in added), added)


class GschemaTest(unittest.TestCase):
    def setUp(self):
        with open(ARGS.gschema, encoding="utf-8") as f:
            self.xml = f.read()
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def compile_and_check(self, xml):
        path = os.path.join(self.tmp.name, os.path.basename(ARGS.gschema))
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml)
        subprocess.run(["glib-compile-schemas", "--strict", self.tmp.name], check=True)
        return check_gschema.check(self.tmp.name, "io.github.rushesapp.Rushes")

    def test_real_schema_passes(self):
        self.assertEqual(self.compile_and_check(self.xml), [])

    def test_changed_default(self):
        xml = self.xml.replace("<default>1280</default>", "<default>1000</default>")
        self.assertNotEqual(xml, self.xml)
        self.assertTrue(any("window-width" in p for p in self.compile_and_check(xml)))

    def test_changed_range(self):
        xml = self.xml.replace('<range min="480" max="16384"/>', '<range min="400" max="16384"/>')
        self.assertNotEqual(xml, self.xml)
        self.assertTrue(any("window-height" in p for p in self.compile_and_check(xml)))

    def test_missing_key(self):
        start = self.xml.index('<key name="reuse-seed"')
        end = self.xml.index("</key>", start) + len("</key>")
        xml = self.xml[:start] + self.xml[end:]
        self.assertTrue(any("reuse-seed missing" in p for p in self.compile_and_check(xml)))


class IconsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.full = os.path.join("hicolor", "scalable", "apps", ARGS.base_id + ".svg")
        self.sym = os.path.join("hicolor", "symbolic", "apps", ARGS.base_id + "-symbolic.svg")
        self.sources = {}
        for rel in (self.full, self.sym):
            with open(os.path.join(ARGS.icons, rel), encoding="utf-8") as f:
                self.sources[rel] = f.read()

    def tearDown(self):
        self.tmp.cleanup()

    def check_with(self, rel=None, text=None):
        for name, content in self.sources.items():
            path = os.path.join(self.tmp.name, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text if name == rel else content)
        return check_icons.check(self.tmp.name, ARGS.base_id)

    def assert_rejected(self, rel, old, new, needle):
        self.assertIn(old, self.sources[rel])
        problems = self.check_with(rel, self.sources[rel].replace(old, new, 1))
        self.assertTrue(any(needle in p for p in problems), f"expected {needle!r}, got {problems}")

    def test_real_icons_pass(self):
        self.assertEqual(self.check_with(), [])

    def test_not_square(self):
        self.assert_rejected(self.full, 'viewBox="0 0 128 128"', 'viewBox="0 0 128 96"', "not square")

    def test_raster_image(self):
        self.assert_rejected(self.full, "</svg>", '<image href="data:image/png;base64,AA=="/></svg>', "raster")

    def test_text_needs_font(self):
        self.assert_rejected(self.full, "</svg>", "<text>R</text></svg>", "font")

    def test_symbolic_two_colours(self):
        self.assert_rejected(self.sym, "</svg>", '<path d="M0 0h1v1z" fill="#ff0000"/></svg>', "one colour")

    def test_symbolic_wrong_canvas(self):
        self.assert_rejected(self.sym, 'viewBox="0 0 16 16"', 'viewBox="0 0 32 32"', "16×16")

    def test_missing_icon(self):
        problems = self.check_with(self.sym, "")
        self.assertTrue(any("cannot parse" in p for p in problems), problems)


class PoTest(unittest.TestCase):
    """A small tree: one C file and one .ui file, French complete."""
    SOURCE = ('#include <glib/gi18n.h>\n'
              'static const char *a (void) { return _("Generate"); }\n'
              'static char *b (int n) { return g_strdup_printf (_("%d takes left"), n); }\n')
    UI = ('<?xml version="1.0" encoding="UTF-8"?>\n<interface>\n'
          '  <object class="GtkButton"><accessibility>'
          '<property name="label" translatable="yes">Go to Start</property>'
          '</accessibility></object>\n</interface>\n')
    PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
          'msgid "Generate"\nmsgstr "Générer"\n\n'
          '#, c-format\nmsgid "%d takes left"\nmsgstr "encore %d prises"\n\n'
          'msgid "Go to Start"\nmsgstr "Aller au début"\n')

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("src/a.c", self.SOURCE)
        self.write("ui/a.ui", self.UI)
        self.write("po/POTFILES.in", "src/a.c\nui/a.ui\n")
        self.write("po/LINGUAS", "fr\n")
        self.write("po/fr.po", self.PO)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def assert_rejected(self, *needles):
        problems = "\n".join(check_po.check(self.root))
        for needle in needles:
            self.assertIn(needle, problems)

    def test_complete_passes(self):
        self.assertEqual(check_po.check(self.root), [])

    def test_real_french_has_no_english_left(self):
        # the shipped languages compile and hold the window's strings
        po = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "po", "fr.po")
        entries = {e.msgid: e for e in check_po.parse_po(po)}
        self.assertEqual(entries["Main Menu"].msgstr[0], "Menu principal")

    def test_new_source_string_is_missing(self):
        self.write("src/a.c", self.SOURCE + 'static const char *c (void) { return _("Trim…"); }\n')
        self.assert_rejected("po/fr.po: 1 of 4 strings are not translated (1 missing)",
                             'missing: msgid "Trim…"')

    def test_new_ui_string_is_missing(self):
        self.write("ui/a.ui", self.UI.replace("</interface>",
                   '<object class="GtkLabel"><property name="label" translatable="yes">No Take</property>'
                   '</object></interface>'))
        self.assert_rejected('missing: msgid "No Take"')

    def test_untranslated(self):
        self.write("po/fr.po", self.PO.replace('msgstr "Générer"', 'msgstr ""'))
        self.assert_rejected('untranslated: msgid "Generate"')

    def test_fuzzy(self):
        self.write("po/fr.po", self.PO.replace('msgid "Go to Start"', '#, fuzzy\nmsgid "Go to Start"'))
        self.assert_rejected('fuzzy: msgid "Go to Start"')

    def test_bad_format(self):
        self.write("po/fr.po", self.PO.replace('"encore %d prises"', '"encore %s prises"'))
        self.assert_rejected("po/fr.po: msgfmt --check failed")

    def test_language_without_file(self):
        self.write("po/LINGUAS", "fr\nes\n")
        self.assert_rejected("po/es.po: listed in po/LINGUAS but the file does not exist")

    def test_obsolete_entries_do_not_count(self):
        self.write("po/fr.po", self.PO + '\n#~ msgid "Old"\n#~ msgstr "Vieux"\n')
        self.assertEqual(check_po.check(self.root), [])


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--metainfo", required=True)
    parser.add_argument("--desktop", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--base-id", required=True, help="the manifest's id (no .Devel)")
    parser.add_argument("--gschema", required=True)
    parser.add_argument("--icons", required=True, help="data/icons")
    parser.add_argument("--validator", default="desktop-file-validate")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
