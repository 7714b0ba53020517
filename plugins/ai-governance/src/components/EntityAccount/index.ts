export { EntityAccountCard, EntityAccountContent } from './EntityAccount';
