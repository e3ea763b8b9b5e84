import type { AuditAction, AuditOutcome } from '../core/audit-labels.js';
import { type AuditEntry, auditStore } from '../db/stores/audit-store.js';
import type { Deps } from './deps.js';

type AuditLog = { warn(details: object, message: string): void };
type Account = { id: number; email: string };

/**
 * Who is asking: a Fastify request fits as it is (`ip`, `user`, `log`). Tools such as the CLI
 * pass no caller; their entries have no address.
 */
export type Caller = { ip: string | null; user?: Account | null; log?: AuditLog };

/** A sign-in or account event: who did it, which account it was about, from where, and how it ended. */
export type SecurityEvent = {
  action: AuditAction;
  outcome: AuditOutcome;
  /** Null for anonymous requests (a sign-in attempt, a refresh token presented without an access token). */
  actor: Account | null;
  /** The account the event is about: its id when there is one, its email when it may be recorded. */
  target: { id: number | null; email: string | null };
  clientIp: string | null;
  /** Never a password or a token: only reasons and other plain facts. */
  detail?: Record<string, unknown>;
};

/** Security events in the same append-only log as admin actions and booking changes. */
export function securityAudit(deps: Pick<Deps, 'db' | 'clock'>) {
  const store = auditStore(deps.db);

  function entry(event: SecurityEvent): AuditEntry {
    return {
      at: deps.clock.now(),
      actor_id: event.actor?.id ?? null,
      actor_email: event.actor?.email ?? null,
      action: event.action,
      target_type: 'user',
      target_id: event.target.id === null ? null : String(event.target.id),
      target_email: event.target.email,
      details: event.detail ?? {},
      ip: event.clientIp,
      outcome: event.outcome,
    };
  }

  return {
    /** The row for an event, for stores that write it in the same transaction as the change. */
    entry,

    /**
     * Writes an event on its own. A failed write must not turn a sign-in into an error, so with a
     * log to report to it is logged and the request carries on; without one (a tool) it throws.
     */
    async record(event: SecurityEvent, log: AuditLog | undefined): Promise<void> {
      try {
        await store.append([entry(event)]);
      } catch (error) {
        if (!log) throw error;
        log.warn({ err: error, action: event.action }, 'could not write the audit log entry');
      }
    },
  };
}

export type SecurityAudit = ReturnType<typeof securityAudit>;
