import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemRevealer } from '../../src/main/files/reveal';

/** "Show in folder" on a machine without a file manager says so, with the path; with one, it runs it on the folder. */
describe('showing a received file in the file manager', () => {
  const bin = mkdtempSync(join(tmpdir(), 'lanline-reveal-'));
  const opener = (script: string) => {
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
  };

  it('says when there is no desktop session, or no xdg-open', async () => {
    await expect(systemRevealer('linux', { PATH: bin })('/d/report.pdf')).rejects.toMatchObject({
      code: 'no-file-manager',
      message: expect.stringContaining('without a desktop session). The file is at /d/report.pdf'),
    });
    await expect(systemRevealer('linux', { PATH: bin, DISPLAY: ':0' })('/d/report.pdf')).rejects.toThrow(
      /xdg-open is not installed/,
    );
  });

  it('says when xdg-open finds nothing to show folders with', async () => {
    opener('exit 3');
    await expect(systemRevealer('linux', { PATH: bin, DISPLAY: ':0' })('/d/report.pdf')).rejects.toThrow(/found nothing/);
  });

  it('opens the folder the file is in', async () => {
    opener(`echo "$1" > ${join(bin, 'opened')}`);
    await systemRevealer('linux', { PATH: bin, DISPLAY: ':0' })('/d/sub/report.pdf');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(bin, 'opened'), 'utf8').trim()).toBe('/d/sub');
    rmSync(bin, { recursive: true, force: true });
  });
});
