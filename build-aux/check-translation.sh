#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The German translation is complete: every translatable string of the
# files in po/POTFILES.in has a German msgstr, none fuzzy, formats valid.
set -eu
cd "${1:-$(dirname "$0")/..}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


xgettext --from-code=UTF-8 --package-name=vnetlab -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kngettext:1,2 -kg_dngettext:2,3 \
  -D . -f po/POTFILES.in -o "$tmp/vnetlab.pot" 2>/dev/null
msgmerge -q --no-fuzzy-matching po/de.po "$tmp/vnetlab.pot" -o "$tmp/de.po"
msgfmt -c -o /dev/null "$tmp/de.po"
untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/de.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/de.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry as one msgid when anything is listed.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
  echo "po/de.po: $untranslated untranslated, $fuzzy fuzzy:"
  msgattrib --untranslated --no-obsolete "$tmp/de.po" | grep -A1 '^msgid ' | head -40
  exit 1
fi
echo "po/de.po is complete"
