import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the guest sign-in page under the configured app title', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // Nobody is signed in yet: the sign-in page, titled from app.title, offers guest access (the demo's only provider).
    expect(
      // The whole app loads its plugins first: on a busy CI machine that takes longer than findBy's 1 s default.
      await screen.findByRole('heading', { name: 'Test' }, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Enter as a Guest User/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  }, 30_000);
});
