export { EntityOrganizationalUnitCard } from './EntityOrganizationalUnit';
