export interface Config {
  app?: {
    /**
     * The sign-in options the portal's sign-in page offers, in this order. Each needs its provider in the auth
     * backend, configured under `auth.providers.<id>`:
     * `guest` (Backstage's guest provider; the embedded defaults only, it refuses outside development),
     * `demo-admin` (the demo governance admin; the embedded defaults only, see packages/backend/src/signIn.ts),
     * `github` (GitHub OAuth with a sign-in resolver; see app-config.production.yaml). Default: guest.
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'demo-admin' | 'github'>;
  };
}
