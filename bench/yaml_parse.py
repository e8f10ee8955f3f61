"""The reference for `briefing check`: PyYAML's C loader parsing the same files, nothing else.

python bench/yaml_parse.py CONTENT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml


def main() -> None:
    root = sys.argv[1]
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".yaml"):
                text = Path(folder, name).read_text(encoding="utf-8")
                yaml.load(text, Loader=yaml.CSafeLoader)
                count += 1
    print(f"parsed {count} files")


if __name__ == "__main__":
    main()
