#!/usr/bin/env bash
# A second checkout of main for parallel work, sharing this checkout's virtualenv and
# front-end packages: scripts/worktree.sh NAME makes ../wt/NAME on a new branch NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
dest="$(cd .. && pwd)/wt/$name"
git worktree add "$dest" -b "$name" main
ln -s "$PWD/.venv" "$dest/.venv"
ln -s "$PWD/node_modules" "$dest/node_modules"
cp -r onewindow/static/vendor "$dest/onewindow/static/vendor"
cp onewindow/locale/en/LC_MESSAGES/django.mo "$dest/onewindow/locale/en/LC_MESSAGES/"
echo "$dest"
