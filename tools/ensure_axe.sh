#!/usr/bin/env bash
# Install axe-core (the accessibility checker the browser tests inject into JupyterLab) from the
# npm registry into tools/axe/node_modules, at the exact version pinned in tools/axe/package-lock.json.
# Never a CDN. Without npm the accessibility audit cannot run: say so loudly (the browser tests
# then fail with a clear "axe.min.js is missing" message rather than silently skipping the audit).
set -u
cd "$(dirname "$0")/axe" || exit 1
if [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if command -v npm >/dev/null 2>&1; then
  echo "ensure_axe: installing axe-core from the npm registry (pinned by package-lock.json) ..."
  if npm ci --no-audit --no-fund --silent; then
    exit 0
  fi
fi
echo "################################################################################"
echo "ensure_axe: axe-core is NOT installed; the browser accessibility audit will fail."
echo "Install Node.js/npm (sudo apt-get install npm), then run: bash tools/ensure_axe.sh"
echo "################################################################################"
exit 0
