import type { User } from '../contract/auth.js';
import { AppError } from '../contract/errors.js';
import type { UsersQuery } from '../contract/users.js';
import { decideRoleChange, ROLE_LABELS, type Role } from '../core/roles.js';
import { userStore } from '../db/stores/user-store.js';
import type { Deps } from './deps.js';
import { presentUser } from './presenters.js';

export type RoleChanger = { id: number; email: string; ip: string | null };

/** Admins find accounts and give them staff roles. */
export function roleService(deps: Pick<Deps, 'db' | 'clock'>) {
  const users = userStore(deps.db);

  return {
    async list(query: UsersQuery): Promise<User[]> {
      const rows = await users.search({
        ...(query.query !== undefined ? { query: query.query } : {}),
        ...(query.role !== undefined ? { role: query.role } : {}),
        limit: query.limit ?? 100,
      });
      return rows.map(presentUser);
    },

    async setRole(userId: number, role: Role, admin: RoleChanger): Promise<User> {
      const target = await users.findById(userId);
      if (!target) throw new AppError('USER_NOT_FOUND', `User ${userId} not found`);
      const decision = decideRoleChange({ actorId: admin.id, targetId: target.id, from: target.role, to: role });
      if (!decision.ok) {
        throw new AppError(
          'ROLE_CHANGE_REFUSED',
          decision.code === 'OWN_ROLE'
            ? 'You cannot change your own role; ask another admin'
            : `${target.email} is already ${ROLE_LABELS[role].toLowerCase()}`,
        );
      }
      const changed = await users.changeRole(target.id, target.role, role, {
        at: deps.clock.now(),
        actor_id: admin.id,
        actor_email: admin.email,
        action: 'user.role_change',
        target_type: 'user',
        target_id: String(target.id),
        target_email: target.email,
        details: { from: target.role, to: role },
        ip: admin.ip,
        outcome: 'success',
      });
      if (!changed) throw new AppError('ROLE_CHANGE_REFUSED', 'This account changed meanwhile; reload and try again');
      return presentUser(changed);
    },
  };
}

export type RoleService = ReturnType<typeof roleService>;
