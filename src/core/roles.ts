/**
 * Who may do what. One list of roles for the database (the `roles` table, migration 013), the
 * tokens, the route guards and the web app, so a role is never known in one place and missing in
 * another.
 *
 *   user        a customer
 *   usher       checks tickets at the door
 *   box_office  sells at the counter; can also check tickets
 *   admin       everything, including the admin screens
 */
export const ROLES = ['user', 'usher', 'box_office', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Staff: every role that works at the cinema. */
export const STAFF_ROLES: readonly Role[] = ['usher', 'box_office', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  user: 'Customer',
  usher: 'Usher',
  box_office: 'Box office',
  admin: 'Admin',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const isStaff = (role: Role): boolean => STAFF_ROLES.includes(role);

/** Checking tickets at the door: ushers, the box office and admins. */
export const canCheckIn = (role: Role): boolean => role === 'usher' || role === 'box_office' || role === 'admin';

/** Seeing any customer's tickets (to help at the door or the counter): staff. */
export const canSeeAnyTickets = (role: Role): boolean => isStaff(role);

export type RoleChangeRefusal = 'SAME_ROLE' | 'OWN_ROLE';

/**
 * Whether an admin may give `target` the role `to`. An admin cannot change their own role: the
 * last admin could otherwise lock everyone out of the admin screens.
 */
export function decideRoleChange(input: {
  actorId: number;
  targetId: number;
  from: Role;
  to: Role;
}): { ok: true } | { ok: false; code: RoleChangeRefusal } {
  if (input.actorId === input.targetId) return { ok: false, code: 'OWN_ROLE' };
  if (input.from === input.to) return { ok: false, code: 'SAME_ROLE' };
  return { ok: true };
}

/** Selling at the counter and running a cash drawer: the box office and admins (not ushers). */
export const canSellAtCounter = (role: Role): boolean => role === 'box_office' || role === 'admin';
