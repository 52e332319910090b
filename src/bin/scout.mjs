#!/usr/bin/env node
// The `scout` bin and `npm run scout`: the one-shot CLI (src/cli.ts), compiled from dist/ when it is
// current, else through tsx (see launch.mjs).
import { launch } from "./launch.mjs";
await launch("cli");
