import { AccountCreate, AppError, TokenCreate } from '@custodia/contracts';
import { createAccountWithGrants, createApiToken, ensureBuiltInRoles, loginKey, setAccountPassword } from '@custodia/core';
import { existingRegister, openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';

/**
 * The password piped to standard input, without its final line break. A terminal is refused: what is typed there shows
 * on the screen, and the command would otherwise wait without a word. An empty password is refused too, so that
 * `--password-stdin` never leaves an account without the password it was asked to set.
 */
async function readPassword(command: string, usage: string): Promise<string> {
  if (process.stdin.isTTY) {
    throw cliError('PASSWORD_NOT_PIPED', `${command} reads the password from standard input, which is a terminal here; pipe it in, e.g. read -rs P && printf '%s\\n' "$P" | custodia ${usage}`);
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw cliError('PASSWORD_REJECTED', 'Standard input holds no password; nothing was written');
  return password;
}

type Schema<T> = { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/**
 * The input checked by the API's own schema. A refusal names the argument or option each field came from (`sources`;
 * a field left out there was derived from another and is not reported twice) and says nothing was written.
 */
function checked<T>(schema: Schema<T>, input: unknown, sources: Record<string, string>): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.filter((i) => String(i.path[0]) in sources).map((i) => `${sources[String(i.path[0])]}: ${i.message}`);
  throw cliError('VALIDATION_FAILED', `${problems.join('; ')}; nothing was created`);
}

/** A role as typed: `key` (organisation-wide) or `key@<org unit id>` (that subtree). */
function parseRole(spec: string): { roleKey: string; orgUnitId: string | null } {
  const m = /^([^@\s]+)(?:@([^@\s]+))?$/.exec(spec);
  if (!m) throw cliError('VALIDATION_FAILED', `--role "${spec}": expected a role key, or KEY@ORG_UNIT_ID for a subtree; nothing was created`);
  return { roleKey: m[1]!, orgUnitId: m[2] ?? null };
}

/**
 * `custodia account create`: the operator of the machine creates an account with roles, e.g. to recover access or to
 * script a set-up. The login, name and e-mail obey the same schema as the API's; the account, its password and its
 * roles are made together or not at all. Usage errors are found before the database is opened.
 */
export async function accountCreateCommand(login: string, o: { name?: string; email?: string; role: string[]; passwordStdin?: boolean }): Promise<void> {
  const grants = o.role.map(parseRole);
  // Without --name the display name is the login, whose own problems are reported once.
  const input = checked(AccountCreate, { login, displayName: o.name ?? login, email: o.email ?? null }, { login: 'LOGIN', email: '--email', ...(o.name !== undefined ? { displayName: '--name' } : {}) });
  const password = o.passwordStdin ? await readPassword('account create', `account create ${login} --password-stdin`) : null;
  // The first account of a new installation may be made before anything else: this command may create the database.
  const { ctx, database } = await openCliContext('cli', { creates: true });
  try {
    await ensureBuiltInRoles(ctx);
    const account = await createAccountWithGrants(ctx, { login: input.login, displayName: input.displayName, email: input.email ?? null, password }, grants);
    process.stdout.write(`Created account ${account.login} (${account.id})${o.role.length ? ` with ${o.role.join(', ')}` : ''}\n`);
  } finally {
    await database.close();
  }
}

/** `custodia account password <login> --password-stdin`: sets a password (ends the account's sessions and, unless kept, its API tokens). */
export async function accountPasswordCommand(login: string, o: { keepApiTokens?: boolean } = {}): Promise<void> {
  // A missing register is reported before standard input is read, whatever is (or is not) piped in.
  await existingRegister();
  const password = await readPassword('account password', `account password ${login}`);
  const { ctx, database } = await openCliContext();
  try {
    const row = await database.db.selectFrom('accounts').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account ${login}`);
    await setAccountPassword(ctx, row.id, password, { revokeApiTokens: !o.keepApiTokens });
    process.stdout.write(`Password of ${login} set; its sessions were ended${o.keepApiTokens ? '' : ' and its API tokens revoked'}.\n`);
  } finally {
    await database.close();
  }
}

/** `custodia token create <login>`: issues a personal API token for an account and prints it once. */
export async function tokenCreateCommand(login: string, o: { name: string; access: 'read' | 'write'; days: number }): Promise<void> {
  const input = checked(TokenCreate, { name: o.name, access: o.access, expiresInDays: o.days }, { name: '--name', access: '--access', expiresInDays: '--days' });
  const { ctx, database } = await openCliContext();
  try {
    const row = await database.db.selectFrom('accounts').select('id').where('login_key', '=', loginKey(login)).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `No account ${login}`);
    const token = await createApiToken(ctx, row.id, input);
    process.stdout.write(`${token.token}\n`);
  } finally {
    await database.close();
  }
}
