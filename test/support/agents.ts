import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureDebianPackages } from './debian-packages.js';

const run = promisify(execFile);

/** The real Debian agents; the test set-up installs them with apt when missing (never a download from elsewhere). */
export function ensureAgents(): void {
  ensureDebianPackages(['fusioninventory-agent', 'ocsinventory-agent'], ['/usr/bin/fusioninventory-agent', '/usr/bin/ocsinventory-agent'], { recommends: true });
}

/** Agents inventory their environment variables: run them with a clean one. */
const CLEAN_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env['HOME'] ?? '/root', LANG: 'C.UTF-8' };

export async function runFusionInventory(url: string, token: string): Promise<{ stdout: string; stderr: string }> {
  return run('fusioninventory-agent', ['--server', url, '--no-httpd', '--tasks=inventory', '--force', '--logger=stderr', '--user', 'agent', '--password', token, '--timeout', '60'], { env: CLEAN_ENV, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 });
}

/** OCS 2.10 reads --user and --password base64-encoded (Ocsinventory::Agent::Encrypt), and needs the realm named. */
export async function runOcsInventory(url: string, token: string, basevardir: string): Promise<{ stdout: string; stderr: string }> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return run('ocsinventory-agent', ['--server', url, '--nolocal', '--force', '--basevardir', basevardir, '--user', b64('agent'), '--password', b64(token), '--realm', 'Custodia inventory'], { env: CLEAN_ENV, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 });
}

/** Installed Debian packages, as dpkg knows them. */
export function installedPackages(): Set<string> {
  const out = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status}\t${binary:Package}\n'], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return new Set(out.split('\n').filter((l) => l.startsWith('installed\t')).map((l) => l.split('\t')[1]!.replace(/:.*$/, '')));
}
