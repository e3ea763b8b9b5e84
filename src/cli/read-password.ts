import { createInterface } from 'node:readline';
import { type Readable, Writable } from 'node:stream';

/** The environment variable `npm run create-admin` reads the new admin's password from. */
export const ADMIN_PASSWORD_ENV = 'BOOKMEMOVIE_ADMIN_PASSWORD';

const WAYS = `type it at the prompt (run from a terminal), pipe one line on standard input, or set ${ADMIN_PASSWORD_ENV}`;

type Input = Readable & { isTTY?: boolean };

/**
 * The new admin's password, never from the command line (which `ps` and shell history show):
 * the environment variable, else the first line of standard input when it is not a terminal,
 * else asked twice at the terminal without echo.
 */
export async function readAdminPassword(io: { env: NodeJS.ProcessEnv; input: Input; output: NodeJS.WritableStream }) {
  const fromEnv = io.env[ADMIN_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.input.isTTY) return firstLineOf(io.input);
  return promptTwice(io.input, io.output);
}

/**
 * Stops at the first line break, so `printf 'pw\n'` and a here-string behave alike, and lets go
 * of standard input then: a writer that keeps the pipe open does not keep the process waiting.
 */
function firstLineOf(input: Input): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = () => {
      input.off('data', onData);
      input.off('end', finish);
      input.off('error', reject);
      input.destroy();
      const line = (text.split('\n')[0] ?? '').replace(/\r$/, '');
      if (line === '') reject(new Error(`no password on standard input: ${WAYS}`));
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    input.on('data', onData);
    input.once('end', finish);
    input.once('error', reject);
  });
}

/** Asks twice with the echo muted: what is typed never reaches the screen or readline's history. */
export async function promptTwice(input: Input, output: NodeJS.WritableStream): Promise<string> {
  let muted = false;
  const screen = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: screen, terminal: true, historySize: 0 });
  rl.on('SIGINT', () => rl.close());
  const ask = (question: string) =>
    new Promise<string>((resolve, reject) => {
      const cancelled = () => reject(new Error('no password entered; nothing was created'));
      rl.once('close', cancelled);
      rl.question(question, (answer) => {
        rl.off('close', cancelled);
        muted = false;
        output.write('\n');
        resolve(answer);
      });
      // After the question is on screen: from here on, only the typing is hidden.
      muted = true;
    });
  try {
    const first = await ask('Password for the new admin: ');
    const again = await ask('The same password again: ');
    if (first !== again) throw new Error('the two passwords differ; nothing was created');
    return first;
  } finally {
    rl.close();
  }
}
