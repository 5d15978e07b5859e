import type { ReactNode } from 'react';

/** One card of the settings page, with a heading the page's table of contents links to. */
export function SettingsSection(props: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section className="settings-section" id={`settings-${props.id}`} aria-labelledby={`settings-${props.id}-title`}>
      <h2 id={`settings-${props.id}-title`} className="settings-title">
        {props.title}
      </h2>
      {props.description && <p className="settings-description">{props.description}</p>}
      <div className="settings-body">{props.children}</div>
    </section>
  );
}

/** A label on the left, the control on the right; wraps to one column when narrow. */
export function SettingsRow(props: { label: string; hint?: ReactNode; htmlFor?: string; children: ReactNode; testId?: string }) {
  return (
    <div className="settings-row" data-testid={props.testId}>
      <div className="settings-row-text">
        {props.htmlFor ? (
          <label className="settings-label" htmlFor={props.htmlFor}>
            {props.label}
          </label>
        ) : (
          <span className="settings-label">{props.label}</span>
        )}
        {props.hint && <p className="hint">{props.hint}</p>}
      </div>
      <div className="settings-control">{props.children}</div>
    </div>
  );
}
