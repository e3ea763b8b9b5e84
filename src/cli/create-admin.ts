import { applyDotEnv } from '../dotenv.js';
import { authService } from '../services/auth-service.js';
import { hasOption, readOptions } from './args.js';
import { openCliDeps } from './context.js';
import { ADMIN_PASSWORD_ENV, readAdminPassword } from './read-password.js';

const USAGE =
  'npm run create-admin -- --email admin@example.com --name "Ada Admin"\n' +
  `the password: typed at the prompt, piped on standard input, or in ${ADMIN_PASSWORD_ENV}`;

/** Exit code for a command line this tool refuses to run. */
const REFUSED = 2;

async function main() {
  const argv = process.argv.slice(2);
  if (hasOption(argv, 'password')) {
    console.error(
      'create-admin: --password is not accepted: a command line is visible to every user of this machine (ps) and ' +
        'kept in shell history. If that was a real password, choose another. Give it instead:\n' +
        '  at the prompt:        npm run create-admin -- --email admin@example.com --name "Ada Admin"\n' +
        `  on standard input:    printf '%s\\n' "$PASSWORD" | npm run create-admin -- --email ... --name ...\n` +
        `  in the environment:   ${ADMIN_PASSWORD_ENV}=... npm run create-admin -- --email ... --name ...`,
    );
    process.exitCode = REFUSED;
    return;
  }
  const options = readOptions(argv, ['email', 'name'], USAGE);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.email)) throw new Error(`"${options.email}" is not an email address`);
  applyDotEnv();
  const password = await readAdminPassword({ env: process.env, input: process.stdin, output: process.stderr });
  if (password.length < 8 || password.length > 128) throw new Error('the password needs 8 to 128 characters');
  const deps = await openCliDeps();
  try {
    const user = await authService(deps).createAdmin({ email: options.email, password, full_name: options.name });
    console.log(`admin created: ${user.email} (id ${user.id})`);
  } finally {
    await deps.db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`create-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
