#!/usr/bin/env bash
# Adds a migration with the same name to both providers' sets: scripts/add-migration.sh Name
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Rounds.Web --context "${provider}RoundsDb" --output-dir "Data/Migrations/$provider" --no-build
done
