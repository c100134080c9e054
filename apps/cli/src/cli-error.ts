/** An error of the command line itself (not of a use case): `reportError` (report-error.ts) prints its stable code before its message. */
export const cliError = (code: string, message: string): Error & { code: string } => Object.assign(new Error(message), { code });
