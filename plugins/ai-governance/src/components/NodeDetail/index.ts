export { NodeDetail, NodeDetailView, NodePath } from './NodeDetail';
export { GuardrailChain } from './GuardrailChain';
export { AiPosture } from './AiPosture';
