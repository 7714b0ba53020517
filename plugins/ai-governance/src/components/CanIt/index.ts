export { CanItPanel } from './CanItPanel';
export { SimulationResultView } from './SimulationResultView';
export { buildRequest, decidingOf } from './request';
export { ActionField } from './ActionField';
