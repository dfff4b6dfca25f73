#!/usr/bin/env node
// The `gradlens` command: everything lives in the bundled CLI.
require("../dist/cli.js");
