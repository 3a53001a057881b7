#!/usr/bin/env bash
# Brings PublicAPI.Unshipped.txt of a project in line with its code: adds what the PublicApiAnalyzers report as
# undeclared (RS0016) and removes what no longer exists (RS0017). Run after an intended API change, then review the diff: the API files are a reviewed artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:?usage: .ci/update-public-api.sh src/Project/Project.csproj}"
dir=$(dirname "$project")
log=$(mktemp)
dotnet build "$project" -c Release -p:TreatWarningsAsErrors=false -f net10.0 --no-incremental >"$log.all" 2>&1 || true
# Only this project's diagnostics: a referenced project's undeclared symbols are its own business.
grep -F "$(cd "$dir" && pwd)/" "$log.all" >"$log" || true
rm -f "$log.all"
# Drop symbols that no longer exist (RS0017), then add the undeclared ones (RS0016).
grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API)" "$log" | sort -u >"$log.gone" || true
grep -vxF -f "$log.gone" "$dir/PublicAPI.Unshipped.txt" >"$log.kept" || true
mv "$log.kept" "$dir/PublicAPI.Unshipped.txt"
grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" "$log" | sort -u >>"$dir/PublicAPI.Unshipped.txt" || true
rm -f "$log.gone"
{ head -n1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | sort -u; } >"$log.sorted"
mv "$log.sorted" "$dir/PublicAPI.Unshipped.txt"
rm -f "$log"
echo "updated $dir/PublicAPI.Unshipped.txt ($(($(wc -l <"$dir/PublicAPI.Unshipped.txt") - 1)) symbols)"
