import './cloud.css';

/** Which path a printer's state comes from, shown when a cloud account knows the printer. */
export function ViaBadge({ via }: { via: 'lan' | 'cloud' }) {
  return via === 'cloud' ? (
    <span
      className="via-badge via-cloud"
      data-testid="via"
      title="The LAN cannot reach this printer: its state comes from the Bambu cloud (read-only)"
    >
      via cloud
    </span>
  ) : (
    <span className="via-badge via-lan" data-testid="via" title="Connected over the LAN">
      via LAN
    </span>
  );
}
