export { AccountRequestsView } from './AccountRequestsView';
export { AccountRequestDetail } from './AccountRequestDetail';
