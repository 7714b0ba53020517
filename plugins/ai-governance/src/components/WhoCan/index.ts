export { WhoCanView } from './WhoCanView';
