import { useState, type FormEvent } from 'react';
import type { CloudAccountView, CloudRegionInput } from '../../../shared/contract/cloud-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { setAccount } from './cloud-store.ts';

type Method = 'code' | 'password';

/**
 * Login: region and email, then the emailed code; or email + password, then the emailed or
 * authenticator code when the account asks for one. Every failure shows here, in the cloud's words.
 */
export function CloudLogin({ account }: { account: CloudAccountView }) {
  const [region, setRegion] = useState<CloudRegionInput>(account.region);
  const [email, setEmail] = useState(account.email ?? '');
  const [password, setPassword] = useState('');
  const [method, setMethod] = useState<Method>('code');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const awaiting = account.status === 'awaiting-code' || account.status === 'awaiting-totp';

  const run = async (call: () => ReturnType<typeof request<'cloud:get-account'>>) => {
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (result.ok) setAccount(result.value);
    else setError(result.error.message);
  };

  const start = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      method === 'code'
        ? request('cloud:request-code', { region, email })
        : request('cloud:login-password', { region, email, password }),
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => request('cloud:submit-code', code));
  };

  return (
    <div className="cloud-login">
      {!awaiting ? (
        <form onSubmit={start} className="cloud-form">
          <div className="field-row">
            <label className="field narrow">
              <span>Region</span>
              <select
                aria-label="Region"
                value={region}
                onChange={(e) => setRegion(e.target.value as CloudRegionInput)}
              >
                <option value="global">Global</option>
                <option value="china">China</option>
              </select>
            </label>
            <label className="field grow">
              <span>Email of your Bambu account</span>
              <input
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
              />
            </label>
          </div>
          {method === 'password' && (
            <label className="field">
              <span>Password</span>
              <input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </label>
          )}
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy}>
              {method === 'code' ? 'Email me a code' : 'Log in'}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => setMethod(method === 'code' ? 'password' : 'code')}
            >
              {method === 'code' ? 'Use my password instead' : 'Use an emailed code instead'}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={submit} className="cloud-form">
          <p className="small">
            {account.status === 'awaiting-totp'
              ? 'Enter the 6-digit code from your authenticator app.'
              : `Bambu emailed a code to ${account.email ?? 'your address'}. Enter it here.`}
          </p>
          <label className="field">
            <span>{account.status === 'awaiting-totp' ? 'Authenticator code' : 'Code'}</span>
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
            />
          </label>
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy}>
              Log in
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => request('cloud:logout'))}
            >
              Start over
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="cloud-error">
          {error}
        </p>
      )}
    </div>
  );
}
