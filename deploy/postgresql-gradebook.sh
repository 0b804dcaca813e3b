#!/usr/bin/env bash
# A PostgreSQL gradebook that several graders share (README: "Several graders: a PostgreSQL gradebook").
#
#   bash deploy/postgresql-gradebook.sh DATABASE GRADER [GRADER ...]     # as root, with Debian's postgresql
#
# Each grader is a Unix account and connects as the PostgreSQL role of the same name over the server's Unix
# socket (peer authentication: no password is written anywhere). The graders belong to the role
# DATABASE_graders and act as it from login, so every table nbgrader creates belongs to all of them together.
# Running it again adds graders. It prints the line to put in the course's nbgrader_config.py.
# PGHOST: the server's socket folder (default: Debian's /var/run/postgresql).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 DATABASE GRADER [GRADER ...]" >&2
    exit 2
fi
database=$1
shift
[[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "DATABASE: lower-case letters, digits and _ only" >&2; exit 2; }
group="${database}_graders"
socket=${PGHOST:-/var/run/postgresql}

sql() {  # as the server's superuser: Debian's postgres account, or yourself on a server you started
    local as=()
    [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
    "${as[@]}" psql -h "$socket" -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"
}
role_exists() { [ -n "$(sql "SELECT 1 FROM pg_roles WHERE rolname = '$1'")" ]; }

role_exists "$group" || sql "CREATE ROLE \"$group\" NOLOGIN"
for grader in "$@"; do
    id "$grader" >/dev/null 2>&1 || { echo "No Unix user $grader: create the grader's account first." >&2; exit 1; }
    role_exists "$grader" || sql "CREATE ROLE \"$grader\" LOGIN"
    sql "GRANT \"$group\" TO \"$grader\""
    sql "ALTER ROLE \"$grader\" SET role = '$group'"
done
[ -n "$(sql "SELECT 1 FROM pg_database WHERE datname = '$database'")" ] ||
    sql "CREATE DATABASE \"$database\" OWNER \"$group\""
echo "c.CourseDirectory.db_url = \"postgresql+psycopg:///$database?host=$socket\""
