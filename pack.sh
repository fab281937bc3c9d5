#!/usr/bin/env bash
# Packs Zask, Zask.ZeroRpc, Zask.Data and the zask tool into ~/.zask/packages (or the folder given as $1): the local
# NuGet source that the zask-service template's nuget.config names, so that a service made with
# `dotnet new zask-service` restores Zask from this clone. The version is Directory.Build.props's (0.1.0), the one
# the template references by default.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="${1:-$HOME/.zask/packages}"
mkdir -p "$out"
version=$(dotnet msbuild src/Zask/Zask.csproj -getProperty:Version)
for project in Zask Zask.ZeroRpc Zask.Data Zask.Cli; do
  echo "pack: $project $version"
  # A separate artifacts path keeps this Release build out of src/*/bin and src/*/obj.
  dotnet pack "src/$project" -c Release -o "$out" --artifacts-path "${TMPDIR:-/tmp}/zask-pack-artifacts" -v quiet -nologo
done
# NuGet never looks at a source again for a version its global packages folder already holds: drop this version
# from there, so that the next restore takes the packages just made instead of an earlier pack's.
global=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')
for id in zask zask.zerorpc zask.data zask.cli; do
  rm -rf "${global%/}/$id/$version"
done
echo "pack: Zask $version in $out"
