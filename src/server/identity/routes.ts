import { adminCredentialRoutes } from './routes/admin-credentials.ts';
import { loginRoutes } from './routes/login.ts';
import { meRoutes } from './routes/me.ts';
import { passwordResetRoutes } from './routes/password-reset.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { setupRoutes } from './routes/setup.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { twoFactorRoutes } from './routes/two-factor.ts';

/** Sign-in, first-run setup, one's own account, and administrators' credential actions. */
export const identityRoutes = [
  ...setupRoutes,
  ...loginRoutes,
  ...passwordResetRoutes,
  ...meRoutes,
  ...sessionRoutes,
  ...twoFactorRoutes,
  ...tokenRoutes,
  ...adminCredentialRoutes,
];
