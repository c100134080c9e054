import { AppError } from '@custodia/contracts';
import { createAccountWithGrants, createApiToken, ensureBuiltInRoles, loginKey, setAccountPassword } from '@custodia/core';
import { openCliContext } from '../cli-context.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `custodia account create`: the operator of the machine creates an account with roles, e.g. to recover access or to
 * script a set-up. Roles are `key` (organisation-wide) or `key@<org unit id>` (that subtree). The account, its password
 * and its roles are made together or not at all.
 */
export async function accountCreateCommand(login: string, o: { name?: string; email?: string; role: string[]; passwordStdin?: boolean }): Promise<void> {
  // The first account of a new installation may be made before anything else: this command may create the database.
  const { ctx, database } = await openCliContext('cli', { creates: true });
  try {
    await ensureBuiltInRoles(ctx);
    const password = o.passwordStdin ? await readStdin() : null;
    const grants = o.role.map((spec) => {
      const [roleKey, orgUnitId] = spec.split('@');
      return { roleKey: roleKey!, orgUnitId: orgUnitId || null };
    });
    const account = await createAccountWithGrants(ctx, { login, displayName: o.name ?? login, email: o.email ?? null, password }, grants);
    process.stdout.write(`Created account ${login} (${account.id})${o.role.length ? ` with ${o.role.join(', ')}` : ''}\n`);
  } finally {
    await database.close();
  }
}

/** `custodia account password <login> --password-stdin`: sets a password (ends the account's sessions and, unless kept, its API tokens). */
export async function accountPasswordCommand(login: string, o: { keepApiTokens?: boolean } = {}): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const row = await database.db.selectFrom('accounts').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account ${login}`);
    await setAccountPassword(ctx, row.id, await readStdin(), { revokeApiTokens: !o.keepApiTokens });
    process.stdout.write(`Password of ${login} set; its sessions were ended${o.keepApiTokens ? '' : ' and its API tokens revoked'}.\n`);
  } finally {
    await database.close();
  }
}

/** `custodia token create <login>`: issues a personal API token for an account and prints it once. */
export async function tokenCreateCommand(login: string, o: { name: string; access: 'read' | 'write'; days: number }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const row = await database.db.selectFrom('accounts').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account ${login}`);
    const token = await createApiToken(ctx, row.id, { name: o.name, access: o.access, expiresInDays: o.days });
    process.stdout.write(`${token.token}\n`);
  } finally {
    await database.close();
  }
}
