#!/bin/sh
# Prints the path of a Python 3.10 interpreter, looking where a user's machine would:
# pyenv (which honours .python-version), python3.10 on PATH, then uv's Pythons.
# Rasa 3.6 supports Python 3.8–3.10 only.
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

if command -v pyenv >/dev/null 2>&1; then
  candidate=$(pyenv which python3.10 2>/dev/null) && ok "$candidate" && { echo "$candidate"; exit 0; }
fi
if command -v python3.10 >/dev/null 2>&1; then
  candidate=$(command -v python3.10)
  ok "$candidate" && { echo "$candidate"; exit 0; }
fi
if command -v uv >/dev/null 2>&1; then
  candidate=$(uv python find 3.10 2>/dev/null) && ok "$candidate" && { echo "$candidate"; exit 0; }
fi
cat >&2 <<'MSG'
Kontor needs Python 3.10 (Rasa 3.6 runs on Python 3.8–3.10 only), and none was found.
Install one of these ways, then run the command again:
  pyenv install 3.10        (https://github.com/pyenv/pyenv)
  uv python install 3.10    (https://docs.astral.sh/uv/)
  apt install python3.10-venv   (Ubuntu 22.04) — or your distribution's package
MSG
exit 1
