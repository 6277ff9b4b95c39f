#!/usr/bin/env node
// The `podium` command. The code lives in dist/ (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/core/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('podium: not built yet — run `npm run build` (or `npm start`, which builds) first.');
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
