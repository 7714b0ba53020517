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
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Demo admin')).toBeInTheDocument();
    expect(
      screen.getByText(/Sign in as the demo governance admin/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
  });
});
