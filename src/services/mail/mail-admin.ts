import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { MailMessage, MailOverview, StoredMail, WaitingMail } from '../../contract/mail.js';
import { EMAIL_KIND, isStoredMessageId, parseEmailPayload } from '../../core/mail.js';
import { toIso } from '../../core/schedule.js';
import { outboxStore } from '../../db/stores/outbox-store.js';
import type { Deps } from '../deps.js';
import { emlHeader, parseEml, parseEmlHeaders } from './eml.js';
import { mailFolder } from './mailer.js';

const LIST_LIMIT = 100;

function isoOrNull(date: string | undefined): string | null {
  if (!date) return null;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function summary(id: string, raw: string, size: number): StoredMail {
  const headers = parseEmlHeaders(raw);
  return {
    id,
    message_id: emlHeader(headers, 'message-id') ?? null,
    to: emlHeader(headers, 'to') ?? null,
    subject: emlHeader(headers, 'subject') ?? null,
    date: isoOrNull(emlHeader(headers, 'date')),
    size,
  };
}

/** The admin Mail screen: messages written to DATA_DIR/outbox, and emails still waiting in the outbox. */
export function mailAdmin(deps: Pick<Deps, 'config' | 'db'>) {
  const folder = mailFolder(deps.config);

  async function storedMessages(): Promise<StoredMail[]> {
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.endsWith('.eml'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const files = await Promise.all(
      names.map(async (name) => ({ name, stats: await stat(join(folder, name)).catch(() => null) })),
    );
    const newest = files
      .filter((f) => f.stats !== null)
      .sort((a, b) => (b.stats?.mtimeMs ?? 0) - (a.stats?.mtimeMs ?? 0) || b.name.localeCompare(a.name))
      .slice(0, LIST_LIMIT);
    const list = await Promise.all(
      newest.map(async ({ name, stats }) => {
        const raw = await readFile(join(folder, name), 'utf8').catch(() => null);
        return raw === null ? null : summary(name.slice(0, -'.eml'.length), raw, stats?.size ?? 0);
      }),
    );
    return list.filter((m): m is StoredMail => m !== null);
  }

  async function waiting(): Promise<WaitingMail[]> {
    const rows = await outboxStore(deps.db).waiting({ kind: EMAIL_KIND, limit: LIST_LIMIT });
    return rows.map((row) => {
      let payload: ReturnType<typeof parseEmailPayload> = null;
      try {
        payload = parseEmailPayload(JSON.parse(row.payload));
      } catch {
        payload = null;
      }
      return {
        outbox_id: row.id,
        template: payload?.template ?? null,
        to: payload?.to ?? null,
        message_id: payload?.message_id ?? null,
        attempts: row.attempts,
        last_error: row.last_error,
        created_at: toIso(row.created_at),
        next_attempt_at: toIso(row.available_at),
      };
    });
  }

  return {
    async overview(): Promise<MailOverview> {
      const [messages, queue] = await Promise.all([storedMessages(), waiting()]);
      return { transport: deps.config.smtpUrl ? 'smtp' : 'files', messages, waiting: queue };
    },

    async message(id: string): Promise<MailMessage> {
      const notFound = () => new AppError('NOT_FOUND', `No stored message ${id}`);
      if (!isStoredMessageId(id)) throw notFound();
      let raw: string;
      try {
        raw = await readFile(join(folder, `${id}.eml`), 'utf8');
      } catch {
        throw notFound();
      }
      const parsed = parseEml(raw);
      return {
        ...summary(id, raw, Buffer.byteLength(raw)),
        from: emlHeader(parsed.headers, 'from') ?? null,
        headers: parsed.headers,
        text: parsed.text,
        html: parsed.html,
        attachments: parsed.attachments.map((a) => ({ filename: a.filename, content_type: a.contentType, size: a.size })),
      };
    },
  };
}
