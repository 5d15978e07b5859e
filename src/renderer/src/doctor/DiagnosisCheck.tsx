import type { Diagnosis } from '../../../core/model';
import { CheckStatusIcon } from './CheckStatusIcon';
import { checkStatusWords } from './diagnosis-words';

/** One question, its answer, and what to do when the answer is bad. */
export function DiagnosisCheck(props: { check: Diagnosis['checks'][number] }) {
  const { check } = props;
  return (
    <li className="doctor-check" data-testid="doctor-check" data-check-id={check.id} data-status={check.status}>
      <CheckStatusIcon status={check.status} />
      <div className="doctor-check-body">
        <h3 className="doctor-check-title">
          {check.title}
          <span className="visually-hidden">{` ${checkStatusWords[check.status]}.`}</span>
        </h3>
        <p className="doctor-check-detail">{check.detail}</p>
        {check.fix && (
          <div className="doctor-fix">
            <span className="doctor-fix-label">What to do</span>
            <p>{check.fix}</p>
          </div>
        )}
      </div>
    </li>
  );
}
