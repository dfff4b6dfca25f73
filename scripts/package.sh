#!/usr/bin/env bash
# `npm run package`: builds and packs the extension into gradlens-<version>.vsix at the repository root
# (install it in a desktop VS Code with `code --install-extension gradlens-<version>.vsix`). Prints the .vsix path.
# What goes in is decided by .vscodeignore, an allowlist: the bundles in dist/, media/, package.json, README, LICENSE.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
# The bundles leave esbuild (the runner's transpiler) external: it runs a native binary that it finds through its own
# package and its platform package (@esbuild/linux-x64 here), so both ship beside the bundles, where require finds them.
rm -rf dist/node_modules
mkdir -p dist/node_modules/esbuild/lib dist/node_modules/@esbuild
cp node_modules/esbuild/package.json dist/node_modules/esbuild/
cp node_modules/esbuild/lib/main.js dist/node_modules/esbuild/lib/
cp -r node_modules/@esbuild/* dist/node_modules/@esbuild/
VERSION=$(node -p 'require("./package.json").version')
VSIX="gradlens-$VERSION.vsix"
# The .vsix carries this machine's esbuild binary, so it declares this platform: VS Code refuses to install it
# elsewhere, with a message, instead of failing at the first run. (Build it on each platform it is for.)
# VS Code's names are Node's, except 32-bit ARM: armhf.
TARGET=$(node -p '`${process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`')
# stdin closed: vsce asks questions (e.g. about a missing LICENSE) and must fail instead of waiting for an answer.
# --no-rewrite-relative-links: without a repository URL vsce refuses README's relative image links; kept relative,
# they resolve inside the .vsix (docs/screenshots/ is packed), which is where VS Code's extension page looks.
npx vsce package --target "$TARGET" --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "$VSIX" </dev/null >&2
echo "$PWD/$VSIX"
