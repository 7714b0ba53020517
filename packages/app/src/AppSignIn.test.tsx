import { render, screen } from '@testing-library/react';
import App from './App';

describe('App sign-in page on the embedded defaults', () => {
  it('offers guest and the demo admin when app.signInProviders lists both', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', signInProviders: ['guest', 'demo-admin'] },
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

    expect(
      // The whole app loads its plugins first: on a busy CI machine that takes longer than findBy's 1 s default.
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Demo admin')).toBeInTheDocument();
    expect(
      screen.getByText(/Sign in as the demo governance admin/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
  }, 30_000);
});
