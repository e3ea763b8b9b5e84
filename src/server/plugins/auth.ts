import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../contract/errors.js';
import { canCheckIn, canSellAtCounter, type Role } from '../../core/roles.js';
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

/**
 * Route guards: `user` for any signed-in account, `staff` for those who check tickets (usher,
 * box_office, admin), `admin` for admins only. The role is the account's role in the database,
 * read on every request: a role change counts from the user's next request.
 */
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

  const requireStaff = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireUser(request, reply);
    if (!request.user || !canCheckIn(request.user.role)) {
      throw new AppError('FORBIDDEN', 'This needs a staff account (usher, box office or admin)');
    }
  };

  const requireBoxOffice = async (request: FastifyRequest, reply: FastifyReply) => {
    await requireUser(request, reply);
    if (!request.user || !canSellAtCounter(request.user.role)) {
      throw new AppError('FORBIDDEN', 'This needs a box office or admin account');
    }
  };

  return { identify, requireUser, requireStaff, requireAdmin, requireBoxOffice };
}

export type Guards = ReturnType<typeof guards>;

/** The signed-in user of a guarded route. */
/** The signed-in user, with what the audit log records about who acted and from where. */
export function actorOf(request: FastifyRequest): { id: number; role: Role; email: string; ip: string } {
  const user = request.user;
  if (!user) throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
  return { id: user.id, role: user.role, email: user.email, ip: request.ip };
}
