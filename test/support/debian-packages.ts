import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One lock for every test process that installs packages: test files run in parallel and apt allows one at a time. */
const LOCK = join(tmpdir(), 'custodia-test-apt.lock');

/**
 * Installs Debian `packages` with apt when one of `files` (what they install) is missing — as root, or through sudo
 * without a password — so the README's test command needs nothing installed by hand. Test files run two at a time:
 * the install runs under a lock file (flock) and looks for the files again once it holds it, so a second file waits for
 * the first one's install instead of failing on apt's lock; apt itself waits for its lock (an unattended upgrade, say).
 * Recommended packages only with `recommends` (the agents use the tools their packages recommend: dmidecode, pciutils…).
 */
export function ensureDebianPackages(packages: readonly string[], files: readonly string[], options: { recommends?: boolean } = {}): void {
  if (files.every((f) => existsSync(f))) return;
  // The lock is taken as the test's own user; only apt runs as root (directly, or through sudo without a password).
  const root = process.getuid?.() === 0;
  const apt = `${root ? '' : 'sudo -n '}apt-get -o DPkg::Lock::Timeout=600`;
  const missing = files.map((f) => `[ -e '${f}' ]`).join(' && ');
  const script = `${missing} || { ${apt} update -qq && ${apt} install -y -qq${options.recommends ? '' : ' --no-install-recommends'} ${packages.join(' ')}; }`;
  execFileSync('flock', ['-w', '1200', LOCK, 'sh', '-c', script], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 1_800_000,
  });
  const still = files.filter((f) => !existsSync(f));
  if (still.length) throw new Error(`${still.join(', ')} still missing after installing the Debian packages ${packages.join(', ')}`);
}
