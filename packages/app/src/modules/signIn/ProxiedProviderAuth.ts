import type {
  AuthRequestOptions,
  BackstageIdentityApi,
  BackstageIdentityResponse,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/frontend-plugin-api';

type SessionStateValue = 'SignedIn' | 'SignedOut';
type SessionObservable = ReturnType<SessionApi['sessionState$']>;
type SessionObserver = {
  next?(value: SessionStateValue): void;
  error?(error: Error): void;
  complete?(): void;
};

/** Start refreshing the Backstage token this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

interface Session {
  profile: ProfileInfo;
  identity: BackstageIdentityResponse;
}

function readSession(body: unknown, provider: string): Session {
  const data = body as {
    profile?: ProfileInfo;
    backstageIdentity?: {
      token?: unknown;
      expiresInSeconds?: unknown;
      identity?: BackstageIdentityResponse['identity'];
    };
  };
  const backstageIdentity = data?.backstageIdentity;
  if (
    typeof backstageIdentity?.token !== 'string' ||
    !backstageIdentity.identity
  ) {
    throw new Error(
      `The ${provider} sign-in answered without a Backstage identity; check the auth backend's logs.`,
    );
  }
  const expiresInSeconds =
    typeof backstageIdentity.expiresInSeconds === 'number'
      ? backstageIdentity.expiresInSeconds
      : 3600;
  return {
    profile: data.profile ?? {},
    identity: {
      token: backstageIdentity.token,
      identity: backstageIdentity.identity,
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
    },
  };
}

/** The message of a Backstage error response, or its first characters when it is not one. */
async function errorMessageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } })
      .error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300);
}

/**
 * Sign-in through a proxy auth provider of the auth backend (one that signs in whoever asks, like the guest provider),
 * as an auth API for the sign-in page's provider cards. The demo portal uses it for the demo governance admin.
 */
export class ProxiedProviderAuth
  implements ProfileInfoApi, BackstageIdentityApi, SessionApi
{
  private session?: Session;
  private pending?: Promise<Session>;
  private readonly observers = new Set<SessionObserver>();

  constructor(
    private readonly options: { provider: string; discoveryApi: DiscoveryApi },
  ) {}

  async getBackstageIdentity(
    _options?: AuthRequestOptions,
  ): Promise<BackstageIdentityResponse | undefined> {
    return (await this.currentSession()).identity;
  }

  async getProfile(
    _options?: AuthRequestOptions,
  ): Promise<ProfileInfo | undefined> {
    return (await this.currentSession()).profile;
  }

  async signIn(): Promise<void> {
    await this.currentSession();
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.emit('SignedOut');
  }

  sessionState$(): SessionObservable {
    const observers = this.observers;
    const current = (): SessionStateValue =>
      this.session ? 'SignedIn' : 'SignedOut';
    const observable = {
      [Symbol.observable]() {
        return observable;
      },
      subscribe(
        observerOrNext?: SessionObserver | ((value: SessionStateValue) => void),
        onError?: (error: Error) => void,
        onComplete?: () => void,
      ) {
        const observer: SessionObserver =
          typeof observerOrNext === 'function' || !observerOrNext
            ? { next: observerOrNext, error: onError, complete: onComplete }
            : observerOrNext;
        observers.add(observer);
        observer.next?.(current());
        let closed = false;
        return {
          unsubscribe() {
            closed = true;
            observers.delete(observer);
          },
          get closed() {
            return closed;
          },
        };
      },
    };
    return observable as SessionObservable;
  }

  private emit(state: SessionStateValue) {
    for (const observer of this.observers) {
      observer.next?.(state);
    }
  }

  private async currentSession(): Promise<Session> {
    const expiresAt = this.session?.identity.expiresAt?.getTime() ?? 0;
    if (this.session && Date.now() < expiresAt - EXPIRY_MARGIN_MS) {
      return this.session;
    }
    if (!this.pending) {
      this.pending = this.fetchSession().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async fetchSession(): Promise<Session> {
    const { provider, discoveryApi } = this.options;
    const baseUrl = await discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${baseUrl}/${provider}/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!response.ok) {
      throw new Error(
        `The ${provider} sign-in failed (${response.status} ${
          response.statusText
        }): ${await errorMessageOf(response)}`,
      );
    }
    const session = readSession(await response.json(), provider);
    const wasSignedIn = Boolean(this.session);
    this.session = session;
    if (!wasSignedIn) {
      this.emit('SignedIn');
    }
    return session;
  }
}
