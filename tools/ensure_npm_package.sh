#!/usr/bin/env bash
# Install one pinned npm package folder of tools/ (its package-lock.json fixes the version) from
# the npm registry, never a CDN; do nothing when MARKER (a file of the installed package) exists.
# Without npm, say loudly what will not work and how to fix it, and exit 0 (the build goes on).
# Usage: ensure_npm_package.sh FOLDER MARKER NAME CONSEQUENCE SCRIPT
set -u
folder=$1 marker=$2 name=$3 consequence=$4 script=$5
cd "$(dirname "$0")/$folder" || exit 1
if [ -f "$marker" ]; then
  exit 0
fi
if command -v npm >/dev/null 2>&1; then
  echo "$script: installing $name from the npm registry (pinned by package-lock.json) ..."
  if npm ci --no-audit --no-fund --silent; then
    exit 0
  fi
fi
echo "################################################################################"
echo "$script: $name is NOT installed; $consequence."
echo "Install Node.js/npm (sudo apt-get install npm), then run: bash tools/$script.sh"
echo "################################################################################"
exit 0
