import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../contract/errors.js';
import type { UserRow } from '../../db/stores/user-store.js';
import type { AuthService } from '../../services/auth-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** Route guards: `user` for any signed-in account, `admin` for admins only. */
export function guards(auth: AuthService) {
  async function identify(request: FastifyRequest): Promise<UserRow | null> {
    const token = bearerToken(request);
    if (!token) return null;
    return auth.authenticate(token);
  }

  const requireUser = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request);
    if (!token) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('NOT_AUTHENTICATED', 'Sign in first: send Authorization: Bearer <access_token>');
    }
    const user = await auth.authenticate(token);
    if (!user) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new AppError('NOT_AUTHENTICATED', 'Your session is invalid or has expired; sign in again');
    }
    request.user = user;
  };

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireUser(request, reply);
    if (request.user?.role !== 'admin') throw new AppError('FORBIDDEN', 'This needs an admin account');
  };

  return { identify, requireUser, requireAdmin };
}

export type Guards = ReturnType<typeof guards>;

/** The signed-in user of a guarded route. */
/** The signed-in user, with what the audit log records about who acted and from where. */
export function actorOf(request: FastifyRequest): { id: number; role: 'user' | 'admin'; email: string; ip: string } {
  const user = request.user;
  if (!user) throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
  return { id: user.id, role: user.role, email: user.email, ip: request.ip };
}
