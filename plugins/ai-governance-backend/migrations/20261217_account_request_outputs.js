// @ts-check

/**
 * What a provisioned account request produced besides the account id: its ARN and the OU it landed in, so the
 * scaffolder action reports them without reading the inventory.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ai_governance_account_requests', table => {
    table.string('account_arn', 255).nullable();
    table.string('organizational_unit_id', 64).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ai_governance_account_requests', table => {
    table.dropColumn('account_arn');
    table.dropColumn('organizational_unit_id');
  });
};
