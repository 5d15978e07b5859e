import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The layering lint rule, exercised on imports that must fail and ones that must pass. */
describe('layering', () => {
  const eslint = new ESLint();
  const problems = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;

  it.each([
    ['src/core/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['src/core/probe.ts', "import Database from 'better-sqlite3';"],
    ['src/core/probe.ts', "import { Backend } from '../main/backend';"],
    ['src/main/probe.ts', "import { app } from 'electron';"],
    ['src/renderer/src/probe.ts', "import { join } from 'path';"],
    ['src/renderer/src/probe.ts', "import { ipcRenderer } from 'electron';"],
    ['src/preload/probe.ts', "import { readFileSync } from 'fs';"],
  ])('%s may not say %s', async (file, code) => {
    expect(await problems(file, `${code}\nexport {};\n`)).toBe(1);
  });

  it.each([
    ['src/main/electron/probe.ts', "import { app } from 'electron';"],
    ['src/main/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/src/probe.ts', "import { calls } from '../../core/api/contract';"],
  ])('%s may say %s', async (file, code) => {
    expect(await problems(file, `${code}\nexport {};\n`)).toBe(0);
  });
});
