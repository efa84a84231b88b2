#!/usr/bin/env bash
# Install axe-core (the accessibility checker the browser tests inject into JupyterLab) from the
# npm registry into tools/axe/node_modules, at the exact version pinned in tools/axe/package-lock.json.
# Never a CDN. Without npm the accessibility audit cannot run: say so loudly (the browser tests
# then fail with a clear "axe.min.js is missing" message rather than silently skipping the audit).
exec bash "$(dirname "$0")/ensure_npm_package.sh" axe node_modules/axe-core/axe.min.js \
  axe-core "the browser accessibility audit will fail" ensure_axe
