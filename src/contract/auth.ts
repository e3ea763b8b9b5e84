import { type Static, Type } from 'typebox';
import { ROLES } from '../core/roles.js';
import { Id, Timestamp } from './common.js';

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.com'] });
export const Password = Type.String({ minLength: 8, maxLength: 128, description: 'At least 8 characters' });
export const Role = Type.Enum(ROLES, {
  description: 'user (a customer), usher (checks tickets), box_office (sells at the counter; also checks tickets), admin',
});

export const RegisterBody = Type.Object({
  email: Email,
  password: Password,
  full_name: Type.String({ minLength: 1, maxLength: 200 }),
});
export type RegisterBody = Static<typeof RegisterBody>;

export const CreateAdminBody = Type.Object({
  ...RegisterBody.properties,
  setup_code: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        "First-time set-up from another machine: the code printed in the server's log at start (any case, dashes optional). Not needed from the server's own machine or with an admin token.",
    }),
  ),
});
export type CreateAdminBody = Static<typeof CreateAdminBody>;

export const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 1024 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  full_name: Type.String(),
  role: Role,
  is_active: Type.Boolean(),
  created_at: Timestamp,
});
export type User = Static<typeof User>;

export const LoginResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  refresh_token: Type.String({
    description:
      'Opaque; trade it at POST /api/auth/refresh for new tokens. Each one works once. Browsers also get it as an HttpOnly cookie.',
  }),
  refresh_expires_in: Type.Integer({ description: 'Seconds until the refresh token expires' }),
  user: User,
});

/** A refresh's answer: the new refresh token is in the body only when the old one came in the body. */
export const RefreshResponse = Type.Object({
  ...LoginResponse.properties,
  refresh_token: Type.Optional(
    Type.String({
      description:
        'The new refresh token, when the old one was sent in the body (API clients). A refresh by cookie gets it only in the HttpOnly cookie, out of reach of scripts.',
    }),
  ),
});
export type RefreshResponse = Static<typeof RefreshResponse>;

export const RefreshBody = Type.Object({
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Omit to use the cookie' })),
});
export type RefreshBody = Static<typeof RefreshBody>;

export const ChangePasswordBody = Type.Object({
  current_password: Type.String({ maxLength: 1024 }),
  new_password: Password,
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
export type LoginResponse = Static<typeof LoginResponse>;

export const SetupStatus = Type.Object({
  admin_exists: Type.Boolean({ description: 'Once true, create-admin needs an admin token' }),
  setup_code_required: Type.Boolean({
    description: "Whether this caller's create-admin needs the set-up code from the server's log (false once an admin exists)",
  }),
});

export const ForgotPasswordBody = Type.Object({ email: Email });
export type ForgotPasswordBody = Static<typeof ForgotPasswordBody>;

export const ForgotPasswordResponse = Type.Object({
  detail: Type.String({
    description: 'The same text whether or not an account has this address: the answer never tells which',
  }),
});
export type ForgotPasswordResponse = Static<typeof ForgotPasswordResponse>;

export const ResetPasswordBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the emailed link (`?token=`)' }),
  password: Password,
});
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const ResetPasswordResponse = Type.Object({ detail: Type.String() });
export type ResetPasswordResponse = Static<typeof ResetPasswordResponse>;
