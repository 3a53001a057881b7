#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt of its
# project. Run after an intended API change, then review the diff: the API files are a reviewed artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:?usage: .ci/update-public-api.sh src/Project/Project.csproj}"
dir=$(dirname "$project")
log=$(mktemp)
dotnet build "$project" -c Release -p:TreatWarningsAsErrors=false -f net10.0 >"$log" 2>&1 || true
grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" "$log" | sort -u >>"$dir/PublicAPI.Unshipped.txt" || true
{ head -n1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | sort -u; } >"$log.sorted"
mv "$log.sorted" "$dir/PublicAPI.Unshipped.txt"
rm -f "$log"
echo "updated $dir/PublicAPI.Unshipped.txt ($(($(wc -l <"$dir/PublicAPI.Unshipped.txt") - 1)) symbols)"
