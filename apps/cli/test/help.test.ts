import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/cli.js';

const COMMANDS = [
  'serve', 'migrate', 'import assets', 'import people', 'import locations', 'import models', 'export assets', 'inventory import',
  'attachment add', 'attachment list', 'attachment get', 'attachment purge', 'history verify', 'history checkpoint', 'history public-key',
  'report quality-snapshot',
  'backup', 'restore', 'seed-demo', 'digest send', 'account create', 'account password', 'token create', 'keys generate', 'keys rotate',
];

/** The options of a command's --help: each flag and the text after it (its description, then commander's notes). */
function options(help: string): { flags: string; text: string }[] {
  const section = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return section.split('\n').filter((line) => /^ {2}-/.test(line)).map((line) => {
    const [, flags = '', text = ''] = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(line) ?? [];
    return { flags, text };
  });
}

/** `custodia --help` and `--version`, as an operator first meets the command. */
describe('custodia --help and --version', () => {
  it('--version prints the version of the build', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version'], {});
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it('attachment list --help names the columns it prints, in their order', async () => {
    const r = await runCli(['attachment', 'list', '--help'], {});
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(id, name, kind, category, bytes, uploaded at, by)');
  });

  it('every option of every command says what it does', async () => {
    // A few at a time: the machine running the tests is shared.
    const helps: { command: string; r: Awaited<ReturnType<typeof runCli>> }[] = [];
    for (let i = 0; i < COMMANDS.length; i += 4) {
      helps.push(...await Promise.all(COMMANDS.slice(i, i + 4).map(async (command) => ({ command, r: await runCli([...command.split(' '), '--help'], {}) }))));
    }
    for (const { command, r } of helps) {
      expect(r.code, command).toBe(0);
      const listed = options(r.stdout);
      expect(listed.length, command).toBeGreaterThan(0);
      for (const { flags, text } of listed) expect({ command, flags, described: text !== '' && !text.startsWith('(') }).toEqual({ command, flags, described: true });
    }
  }, 300_000);
});
