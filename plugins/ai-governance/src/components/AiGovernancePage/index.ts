export { AiGovernancePage } from './AiGovernancePage';
