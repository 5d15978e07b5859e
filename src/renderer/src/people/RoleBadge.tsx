import type { Role } from '../../../core/model';
import { roleWords } from './role-words';

/** A small pill for peers that do more than chat; the tooltip says what the role means. */
export function RoleBadge(props: { role: Role }) {
  if (props.role === 'basic') return null;
  const words = roleWords[props.role];
  return (
    <span className={`role-badge role-${props.role}`} title={words.tooltip}>
      {words.badge}
    </span>
  );
}
