// @ts-check

/**
 * Whether each snapshot is complete: false when the crawl that took it was interrupted by changes to the
 * organization it could not reconcile, so the snapshot leaves something out. Snapshots stored before this were
 * served as complete, and stay so.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ai_governance_snapshots', table => {
    table
      .boolean('complete')
      .notNullable()
      .defaultTo(true)
      .comment('False when the crawl was interrupted and the snapshot is incomplete');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ai_governance_snapshots', table => {
    table.dropColumn('complete');
  });
};
