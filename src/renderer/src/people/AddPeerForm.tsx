import { useId, useState, type FormEvent } from 'react';
import { AddressSchema } from '../../../core/api/contract';
import type { Peer } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { useSubmission } from '../app/use-submission';

/** Dials someone by host:port, for networks that automatic discovery does not cross. */
export function AddPeerForm(props: { onAdded: (peer: Peer) => void; ownAddresses?: readonly string[] }) {
  const { api } = useBackend();
  const [address, setAddress] = useState('');
  const { busy, error, setError, run } = useSubmission();
  const hintId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = AddressSchema.safeParse(address);
    if (!parsed.success) return setError('Enter an address like 192.168.1.20:47000.');
    await run(async () => {
      props.onAdded(await api.call('peers.add', { address: parsed.data }));
      setAddress('');
    });
  };

  return (
    <form className="add-peer-form" onSubmit={submit} aria-label="Add someone by address" aria-busy={busy}>
      <div className="add-peer-row">
        <input
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="192.168.1.20:47000"
          aria-label="Address (host:port)"
          aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
          aria-invalid={error ? true : undefined}
          value={address}
          onChange={(event) => setAddress(event.target.value)}
          disabled={busy}
        />
        <button type="submit" className="button primary" aria-label="Add by address" disabled={busy || !address.trim()}>
          {busy ? 'Connecting…' : 'Add'}
        </button>
      </div>
      <p id={hintId} className="hint">
        {props.ownAddresses?.length
          ? `Others can add you at ${props.ownAddresses.join(' or ')}.`
          : 'Ask them for the address Lanline shows them.'}
      </p>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
