import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth-service.js';

/**
 * While no admin exists, each start prints a one-time set-up code: the way for someone who is not
 * on the server's own machine (behind a proxy, in a container) to create the first admin, without
 * leaving that door open to whoever reaches a new server first.
 */
export function announceFirstAdminSetup(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onReady', async () => {
    try {
      const code = await auth.openSetup();
      if (code === null) return;
      app.log.warn(
        `First-time set-up: no admin exists yet. Create one from this machine, or with the set-up code ${code} ` +
          '(shown only in this log; it works for 24 hours, or until an admin exists)',
      );
    } catch (error) {
      // Not worth refusing to start over: set-up from this machine and npm run create-admin still work.
      app.log.warn({ err: error }, 'First-time set-up: could not prepare a set-up code');
    }
  });
}
