import { authService } from '../services/auth-service.js';
import { readOptions } from './args.js';
import { openCliDeps } from './context.js';

const USAGE = 'npm run create-admin -- --email admin@example.com --password "a long password" --name "Ada Admin"';

async function main() {
  const options = readOptions(process.argv.slice(2), ['email', 'password', 'name'], USAGE);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.email)) throw new Error(`"${options.email}" is not an email address`);
  if (options.password.length < 8 || options.password.length > 128) throw new Error('the password needs 8 to 128 characters');
  const deps = await openCliDeps();
  try {
    const user = await authService(deps).createAdmin({
      email: options.email,
      password: options.password,
      full_name: options.name,
    });
    console.log(`admin created: ${user.email} (id ${user.id})`);
  } finally {
    await deps.db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`create-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
