#!/usr/bin/env bash
# The system packages the hub needs, and the browser its end-to-end tests drive; run as root (Debian/Ubuntu).
#   nodejs, npm, configurable-http-proxy: JupyterHub's proxy (npm package, version pinned here only)
#   chromium: the browser of tests/test_browser_*.py (Playwright drives it; not needed to teach)
#   postgresql: the gradebook for several graders (README); the tests start a server of their own with it
#   acl: setfacl, with which the hub keeps the graders' course folder shared
# Each is installed only if missing; one that cannot be installed is reported and the others still are
# (the tests that need it then skip, saying why). Exits non-zero if anything is missing afterwards.
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive
PROXY=configurable-http-proxy@5.3.0

missing=()
command -v npm >/dev/null || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v setfacl >/dev/null || missing+=(acl)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq || echo "apt-get update failed"
    for package in "${missing[@]}"; do  # one at a time: a package the archive lacks does not stop the rest
        apt-get install -y -qq "$package" >/dev/null || echo "apt-get could not install $package"
    done
fi
if command -v npm >/dev/null && [ "$(configurable-http-proxy --version 2>/dev/null)" != "${PROXY#*@}" ]; then
    npm install --global --no-audit --no-fund --loglevel=error "$PROXY" || echo "npm could not install $PROXY"
fi
status=0
command -v configurable-http-proxy >/dev/null || { echo "missing: configurable-http-proxy"; status=1; }
[ -x /usr/bin/chromium ] || { echo "missing: chromium"; status=1; }
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "missing: postgresql"; status=1; }
command -v setfacl >/dev/null || { echo "missing: acl"; status=1; }
exit $status
