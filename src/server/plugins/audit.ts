import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditStore } from '../../db/stores/audit-store.js';
import type { Deps } from '../../services/deps.js';

type TargetOf = (request: FastifyRequest, response: Record<string, unknown> | undefined) => string | number | null | undefined;

/**
 * Records who did what, when and from where, for admin actions and booking state changes. The
 * entry is written before the response leaves, so an acknowledged change is never missing from it.
 */
export function auditTrail(deps: Deps) {
  const store = auditStore(deps.db);

  return function audited(action: string, targetType: string, targetOf: TargetOf) {
    const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode >= 300 || reply.getHeader('idempotent-replayed')) return payload;
      let response: Record<string, unknown> | undefined;
      try {
        response = typeof payload === 'string' && payload ? (JSON.parse(payload) as Record<string, unknown>) : undefined;
      } catch {
        response = undefined;
      }
      const target = targetOf(request, response);
      await store.append([
        {
          at: deps.clock.now(),
          actor_id: request.user?.id ?? null,
          actor_email: request.user?.email ?? null,
          action,
          target_type: targetType,
          target_id: target === null || target === undefined ? null : String(target),
          details: { method: request.method, path: request.url.split('?')[0], status: reply.statusCode },
          ip: request.ip,
          // Only answered changes reach here (refusals return above).
          outcome: 'success',
        },
      ]);
      return payload;
    };
    return { onSend };
  };
}

export type Audited = ReturnType<typeof auditTrail>;
