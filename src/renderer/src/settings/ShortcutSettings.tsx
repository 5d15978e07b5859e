import { OTHER_KEYS, SHORTCUTS, keysLabel } from '../app/shortcuts';
import { SettingsSection } from './SettingsSection';

export function ShortcutSettings(props: { mac: boolean }) {
  const rows = [...SHORTCUTS.map((s) => ({ keys: keysLabel(s.keys, props.mac), description: s.description })), ...OTHER_KEYS];
  return (
    <SettingsSection id="keys" title="Keyboard">
      <table className="shortcut-table" data-testid="shortcuts">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <tbody>
          {rows.map((row) => (
            <tr key={row.keys}>
              <th scope="row">
                <kbd>{row.keys}</kbd>
              </th>
              <td>{row.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </SettingsSection>
  );
}
