"""Fill English translations into counterdesk_en.ts from a table (python tools/fill_translations.py TABLE.py),
for strings that have none yet; then run tools/build_ui.py to rebuild the .qm."""

from __future__ import annotations

import runpy
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "resources" / "translations" / "counterdesk_en.ts"


def main() -> int:
    table = runpy.run_path(sys.argv[1])["EN"]
    tree = ET.parse(TS)
    filled = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in table and translation is not None and translation.get("type") == "unfinished":
            translation.text = table[source]
            del translation.attrib["type"]
            filled += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
