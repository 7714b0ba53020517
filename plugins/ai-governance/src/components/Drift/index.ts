export { DriftView, DRIFT_KIND_LABELS } from './DriftView';
