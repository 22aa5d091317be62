"""The English catalogue of Wijkwerk: remake it, report what is missing, check it (docs/adr/0005).

    python scripts/translations.py --update   # makemessages in place, report, compilemessages
    python scripts/translations.py --check    # CI: fails when the committed catalogue is not complete
    python scripts/translations.py --report   # statistics of the committed catalogue only

The source language is Dutch: the msgids are the Dutch texts in the code and templates, and
`src/wijkwerk/locale/en/LC_MESSAGES/{django,djangojs}.po` translate them to English. The compiled
`.mo` files are committed, so installing Wijkwerk never needs GNU gettext; only `--update` and the
source part of `--check` do (makemessages runs xgettext and msgmerge).

--check makes the messages from the source into a temporary copy of the catalogue and fails when
a text in the source is missing from the committed catalogue, or is untranslated or fuzzy there,
or when a committed .mo does not match its .po. Without xgettext the source part is skipped (and
says so); the committed files are still checked.

Needs polib (a test dependency: `pip install -e '.[test]'`).
"""

from __future__ import annotations

import argparse
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "wijkwerk"
LOCALE = PACKAGE / "locale"
LANGUAGE = "en"
DOMAINS = ("django", "djangojs")
# Not ours or not code: vendored libraries, the demo's data files, compiled caches.
IGNORE = ("static/vendor/*", "demo/data/*", "*/__pycache__/*")


def po_path(locale: Path, domain: str) -> Path:
    return locale / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def problems(po: polib.POFile) -> dict[str, list[polib.POEntry]]:
    """Entries in use that are not translated, fuzzy ones, and obsolete ones (no longer in the source)."""
    active = [e for e in po if not e.obsolete]
    return {
        "untranslated": [e for e in active if not e.translated() and "fuzzy" not in e.flags],
        "fuzzy": [e for e in active if "fuzzy" in e.flags],
        "obsolete": [e for e in po if e.obsolete],
    }


def mo_matches_po(po_file: Path) -> str | None:
    """None when the committed .mo holds exactly the translations of its .po; else what is wrong."""
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.exists():
        return f"{mo_file.relative_to(ROOT)} ontbreekt: draai `python scripts/translations.py --update`."
    with mo_file.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001 - the parsed catalogue
    expected = {}
    for entry in polib.pofile(str(po_file)):
        if entry.obsolete or "fuzzy" in entry.flags or not entry.translated():
            continue
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    compiled.pop("", None)  # the header
    if compiled != expected:
        differ = sorted(str(k) for k in set(compiled) ^ set(expected))[:5]
        changed = sorted(str(k) for k in set(compiled) & set(expected) if compiled[k] != expected[k])[:5]
        return (f"{mo_file.relative_to(ROOT)} hoort niet bij {po_file.name} (verschil: {differ or changed}); "
                "draai `python scripts/translations.py --update` (of `wijkwerk compilemessages`).")
    return None


def report(po_file: Path, *, label: str) -> tuple[int, int, int]:
    po = polib.pofile(str(po_file))
    found = problems(po)
    active = len([e for e in po if not e.obsolete])
    print(f"{label}: {active} teksten, {active - len(found['untranslated']) - len(found['fuzzy'])} vertaald, "
          f"{len(found['untranslated'])} onvertaald, {len(found['fuzzy'])} fuzzy, {len(found['obsolete'])} vervallen")
    for kind in ("untranslated", "fuzzy", "obsolete"):
        for entry in found[kind][:50]:
            where = ", ".join(sorted({path for path, _ in entry.occurrences})) or "-"
            print(f"  {kind}: {entry.msgid!r} ({where})")
        if len(found[kind]) > 50:
            print(f"  ... en nog {len(found[kind]) - 50} ({kind})")
    return len(found["untranslated"]), len(found["fuzzy"]), len(found["obsolete"])


def have_gettext() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib"))


def django_command(args: list[str], *, cwd: Path, data_dir: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkwerk.settings", "WIJKWERK_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)  # makemessages needs no database
    # abspath, not resolve(): the virtualenv's python is a symlink that must stay the venv's.
    subprocess.run([os.path.abspath(sys.executable), "-m", "django", *args], cwd=cwd, env=env, check=True)


def makemessages(cwd: Path, data_dir: str) -> None:
    for domain in DOMAINS:
        ignore = [f"--ignore={pattern}" for pattern in IGNORE]
        django_command(["makemessages", "-l", LANGUAGE, "-d", domain, "--add-location=file", "--verbosity=0",
                        *ignore], cwd=cwd, data_dir=data_dir)


def update() -> int:
    if not have_gettext():
        print("FOUT: GNU gettext (xgettext, msgmerge) ontbreekt; installeer het pakket 'gettext'.")
        return 1
    with tempfile.TemporaryDirectory() as data_dir:
        makemessages(PACKAGE, data_dir)
        bad = 0
        for domain in DOMAINS:
            untranslated, fuzzy, _ = report(po_path(LOCALE, domain), label=f"{domain}.po")
            bad += untranslated + fuzzy
        django_command(["compilemessages", "-l", LANGUAGE, "--verbosity=0"], cwd=PACKAGE, data_dir=data_dir)
    if bad:
        print(f"Nog {bad} tekst(en) te vertalen (of fuzzy): vertaal ze in de .po en draai --update opnieuw.")
        return 1
    print("De catalogus is compleet en gecompileerd.")
    return 0


def check() -> int:
    failures: list[str] = []
    for domain in DOMAINS:
        po_file = po_path(LOCALE, domain)
        if not po_file.exists():
            failures.append(f"{po_file.relative_to(ROOT)} ontbreekt.")
            continue
        found = problems(polib.pofile(str(po_file)))
        for kind in ("untranslated", "fuzzy"):
            failures.extend(f"{domain}.po: {kind}: {e.msgid!r}" for e in found[kind])
        wrong = mo_matches_po(po_file)
        if wrong:
            failures.append(wrong)
    if not have_gettext():
        print("Let op: GNU gettext (xgettext) ontbreekt: niet gecontroleerd of elke tekst in de bron in de "
              "catalogus staat; alleen de catalogus zelf is gecontroleerd.")
    else:
        with tempfile.TemporaryDirectory() as temp:
            copy = Path(temp) / "wijkwerk"
            shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo"))
            makemessages(copy, str(Path(temp) / "data"))
            for domain in DOMAINS:
                found = problems(polib.pofile(str(po_path(copy / "locale", domain))))
                for kind in ("untranslated", "fuzzy"):
                    for entry in found[kind]:
                        where = ", ".join(sorted({path for path, _ in entry.occurrences})) or "-"
                        failures.append(f"{domain}: niet (goed) in de catalogus: {entry.msgid!r} ({where})")
                if found["obsolete"]:
                    print(f"Let op: {len(found['obsolete'])} tekst(en) in {domain}.po staan niet meer in de bron "
                          "(vervallen); `--update` laat ze zien.")
    if failures:
        print("MISLUKT: de Engelse catalogus is niet compleet:")
        for line in failures[:200]:
            print("  " + line)
        if len(failures) > 200:
            print(f"  ... en nog {len(failures) - 200}")
        print("Draai `python scripts/translations.py --update`, vertaal wat ontbreekt in "
              "src/wijkwerk/locale/en/LC_MESSAGES/*.po en draai --update opnieuw.")
        return 1
    print("De Engelse catalogus is compleet en gecompileerd.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--update", action="store_true", help="makemessages in place, report, compilemessages")
    mode.add_argument("--check", action="store_true", help="fail when the committed catalogue is not complete")
    mode.add_argument("--report", action="store_true", help="statistics of the committed catalogue")
    args = parser.parse_args(argv)
    if args.update:
        return update()
    if args.check:
        return check()
    for domain in DOMAINS:
        report(po_path(LOCALE, domain), label=f"{domain}.po")
    return 0


if __name__ == "__main__":
    sys.exit(main())
