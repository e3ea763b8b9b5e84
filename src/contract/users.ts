import { type Static, Type } from 'typebox';
import { Role } from './auth.js';

export const UsersQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 254, description: 'Part of an email or a name' })),
  role: Type.Optional(Role),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type UsersQuery = Static<typeof UsersQuery>;

export const RoleBody = Type.Object({ role: Role });
export type RoleBody = Static<typeof RoleBody>;
