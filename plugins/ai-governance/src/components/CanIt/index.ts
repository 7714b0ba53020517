export {
  CanItPanel,
  SimulationResultView,
  buildRequest,
  decidingOf,
} from './CanItPanel';
export { ActionField } from './fields';
