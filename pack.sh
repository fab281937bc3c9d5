#!/usr/bin/env bash
# Packs Zask.Zmtp, Zask.Registry.Etcd, Zask, Zask.ZeroRpc, Zask.ZeroRpc.Hosting, Zask.Data, Zask.Testing and the zask tool into ~/.zask/packages (or the folder given as $1): the local
# NuGet source that the zask-service template's nuget.config names, so that a service made with
# `dotnet new zask-service` restores Zask from this clone. The version is Directory.Build.props's (0.1.0), the one
# the template references by default, or ZASK_PACKAGE_VERSION when set (CI packs a fresh version per run).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="${1:-$HOME/.zask/packages}"
mkdir -p "$out"
# Its own Release build, kept out of src/*/bin and src/*/obj (which developers' builds use) and removed at the end.
artifacts=$(mktemp -d "${TMPDIR:-/tmp}/zask-pack.XXXXXX")
trap 'rm -rf "$artifacts"' EXIT
version=${ZASK_PACKAGE_VERSION:-$(dotnet msbuild src/Zask/Zask.csproj -getProperty:Version)}
for project in Zask.Zmtp Zask.Registry.Etcd Zask Zask.ZeroRpc Zask.ZeroRpc.Hosting Zask.Data Zask.Testing Zask.Cli; do
  echo "pack: $project $version"
  dotnet pack "src/$project" -c Release -o "$out" -p:Version="$version" --artifacts-path "$artifacts" -v quiet -nologo
done
# NuGet never looks at a source again for a version its global packages folder already holds: drop this version
# from there, so that the next restore takes the packages just made instead of an earlier pack's.
global=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')
for id in zask.zmtp zask.registry.etcd zask zask.zerorpc zask.zerorpc.hosting zask.data zask.testing zask.cli; do
  rm -rf "${global%/}/$id/$version"
done
echo "pack: Zask $version in $out"
