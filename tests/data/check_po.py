#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every language in po/LINGUAS translates every string of the
current sources, and that each .po file compiles (msgfmt --check).

The template is made afresh from po/POTFILES.in with xgettext and the same
keywords and flags as meson's i18n.gettext(preset: 'glib'), so a string added
to the sources counts at once, without `meson compile rushes-pot`. For each
language the output lists, in .po syntax, every msgid that is missing from
the file, untranslated or fuzzy, so that topping up is a matter of copying
them into the file (or running `meson compile -C _build rushes-update-po`)
and translating.

Usage: check_po.py [--root DIR] [--xgettext PATH] [--msgfmt PATH]
"""
import argparse
import os
import subprocess
import sys
import tempfile

# meson's mesonbuild/modules/i18n.py PRESET_ARGS['glib'], plus the -k_ its
# gettext script always passes.
GLIB_PRESET = [
    "--from-code=UTF-8",
    "--add-comments",
    "-k_",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]


class Entry:
    def __init__(self):
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}
        self.flags = set()
        self.obsolete = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    def translated(self):
        return bool(self.msgstr) and all(s != "" for s in self.msgstr.values())


def unquote(text):
    """The value of one C-quoted .po string ("…")."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text}")
    out = []
    i = 1
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(text) - 1:
        c = text[i]
        if c == "\\" and i + 1 < len(text) - 1:
            out.append(escapes.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    """The entries of a .po or .pot file, header (msgid "") included."""
    entries = []
    entry = Entry()
    field = None

    def finish():
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        entry = Entry()
        field = None

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            try:
                if not line.strip():
                    if entry.msgid is not None:
                        finish()
                    else:
                        entry = Entry()
                    continue
                if line.startswith("#~"):
                    entry.obsolete = True
                    continue
                if line.startswith("#,"):
                    entry.flags.update(f.strip() for f in line[2:].split(","))
                    continue
                if line.startswith("#"):
                    continue
                if line.startswith("msgctxt "):
                    if entry.msgid is not None:
                        finish()
                    entry.msgctxt = unquote(line[8:])
                    field = ("msgctxt", None)
                elif line.startswith("msgid_plural "):
                    entry.msgid_plural = unquote(line[13:])
                    field = ("msgid_plural", None)
                elif line.startswith("msgid "):
                    if entry.msgid is not None:
                        finish()
                    entry.msgid = unquote(line[6:])
                    field = ("msgid", None)
                elif line.startswith("msgstr["):
                    index = int(line[7:line.index("]")])
                    entry.msgstr[index] = unquote(line[line.index("]") + 1:])
                    field = ("msgstr", index)
                elif line.startswith("msgstr "):
                    entry.msgstr[0] = unquote(line[7:])
                    field = ("msgstr", 0)
                elif line.startswith('"') and field is not None:
                    name, index = field
                    value = unquote(line)
                    if name == "msgstr":
                        entry.msgstr[index] += value
                    else:
                        setattr(entry, name, getattr(entry, name) + value)
                else:
                    raise ValueError(f"unexpected line: {line}")
            except ValueError as e:
                raise ValueError(f"{path}:{lineno}: {e}") from None
    finish()
    return [e for e in entries if not e.obsolete]


def make_template(root, xgettext, out):
    potfiles = os.path.join(root, "po", "POTFILES.in")
    run = subprocess.run([xgettext, "--package-name=rushes", "-f", potfiles, "-D", root, "-o", out] + GLIB_PRESET,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"xgettext failed on po/POTFILES.in:\n{run.stderr.strip()}")


def languages(root):
    langs = []
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            langs += line.split()
    return langs


def quote(text):
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{text}"'


def describe(entry):
    parts = []
    if entry.msgctxt is not None:
        parts.append(f"msgctxt {quote(entry.msgctxt)} ")
    parts.append(f"msgid {quote(entry.msgid)}")
    if entry.msgid_plural is not None:
        parts.append(f" msgid_plural {quote(entry.msgid_plural)}")
    return "".join(parts)


def check_language(root, lang, template, msgfmt):
    """Problems of po/LANG.po against the template entries, each a line."""
    path = os.path.join(root, "po", lang + ".po")
    rel = os.path.join("po", lang + ".po")
    if not os.path.isfile(path):
        return [f"{rel}: listed in po/LINGUAS but the file does not exist"]
    problems = []
    run = subprocess.run([msgfmt, "--check", "--output-file=/dev/null", path], capture_output=True, text=True)
    if run.returncode != 0:
        problems.append(f"{rel}: msgfmt --check failed:\n    " + "\n    ".join(run.stderr.strip().splitlines()))
    try:
        entries = {e.key: e for e in parse_po(path)}
    except (OSError, ValueError, UnicodeDecodeError) as e:
        return problems + [f"{rel}: cannot read: {e}"]
    todo = {"missing": [], "untranslated": [], "fuzzy": []}
    for want in template:
        if want.msgid == "":
            continue
        have = entries.get(want.key)
        if have is None:
            todo["missing"].append(want)
        elif "fuzzy" in have.flags:
            todo["fuzzy"].append(want)
        elif not have.translated():
            todo["untranslated"].append(want)
    n = sum(len(v) for v in todo.values())
    if n:
        counts = ", ".join(f"{len(v)} {k}" for k, v in todo.items() if v)
        lines = [f"{rel}: {n} of {len(template) - 1} strings are not translated ({counts}):"]
        for kind, items in todo.items():
            lines += [f"  {kind}: {describe(e)}" for e in items]
        problems.append("\n".join(lines))
    return problems


def check(root, xgettext="xgettext", msgfmt="msgfmt"):
    try:
        langs = languages(root)
    except OSError as e:
        return [f"cannot read po/LINGUAS: {e}"]
    if not langs:
        return ["po/LINGUAS lists no language"]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "rushes.pot")
        try:
            make_template(root, xgettext, pot)
        except (OSError, RuntimeError) as e:
            return [str(e)]
        template = parse_po(pot)
    problems = []
    for lang in langs:
        problems += check_language(root, lang, template, msgfmt)
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser.add_argument("--xgettext", default="xgettext")
    parser.add_argument("--msgfmt", default="msgfmt")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    problems = check(root, args.xgettext, args.msgfmt)
    for p in problems:
        print(p)
    if problems:
        print("Translate these (copy the msgids into the .po files, or run "
              "`meson compile -C _build rushes-update-po`), then run this check again.")
        return 1
    print(f"po: {', '.join(languages(root))} translate every string of the sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
