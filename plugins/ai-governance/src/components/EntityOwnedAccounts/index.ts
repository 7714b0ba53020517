export { EntityOwnedAccountsCard } from './EntityOwnedAccounts';
