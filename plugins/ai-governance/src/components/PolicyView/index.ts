export { PolicyView, parseLines } from './PolicyView';
