#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Suite-wide canary check: runs last in the backends suite and fails if any
API-key canary used by the backend tests appears in a file written under the
build directory (test logs included) or in a leftover temporary test folder.

Compiled objects and executables are skipped: they hold the canaries as
string constants on purpose."""
import os
import sys
import tempfile

CANARIES = [b"rushes-canary-7f3a9c1e5b", b"r8_contract-canary-9d2e", b"r8_page-canary-41c7"]
SKIP_SUFFIXES = (".o", ".a", ".so", ".ninja", ".d", ".c", ".h", ".gresource")


def is_binary_object(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return True


def scan(root, hits):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.endswith(".p")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name.endswith(SKIP_SUFFIXES) or os.path.islink(path) or is_binary_object(path):
                continue
            try:
                with open(path, "rb") as f:
                    data = f.read(64 * 1024 * 1024)
            except OSError:
                continue
            for canary in CANARIES:
                if canary in data:
                    hits.append((path, canary.decode()))


def main():
    build_root = sys.argv[1]
    hits = []
    scan(build_root, hits)
    tmp = tempfile.gettempdir()
    for name in os.listdir(tmp):
        if name.startswith(("rushes-replicate-", "rushes-fal-", "rushes-cli-", "rushes-contract-", "rushes-page-")):
            scan(os.path.join(tmp, name), hits)
    for path, canary in hits:
        print(f"canary {canary} found in {path}")
    if hits:
        return 1
    print("no canary in", build_root, "or leftover test folders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
