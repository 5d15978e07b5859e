/**
 * Prometheus text exposition (format 0.0.4): one HELP and TYPE line per
 * metric, then one line per labelled sample.
 */
export interface Sample {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  value: number;
  labels?: Record<string, string>;
}

/** A part of the node that reports figures; the status page and /metrics ask every source each time. */
export type MetricsSource = () => Sample[];

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function exposition(samples: Sample[]): string {
  const byName = new Map<string, Sample[]>();
  for (const sample of samples) byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  const lines: string[] = [];
  for (const [name, group] of byName) {
    lines.push(`# HELP ${name} ${group[0]!.help}`, `# TYPE ${name} ${group[0]!.type}`);
    for (const { labels, value } of group) {
      const label = labels
        ? `{${Object.entries(labels)
            .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
            .join(',')}}`
        : '';
      lines.push(`${name}${label} ${Number.isFinite(value) ? value : 'NaN'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
