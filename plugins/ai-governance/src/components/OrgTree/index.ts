export { OrgTree, ROW_HEIGHT } from './OrgTree';
