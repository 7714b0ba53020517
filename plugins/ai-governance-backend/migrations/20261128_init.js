// @ts-check

/**
 * The organization snapshots the inventory serves: the last few are kept, the newest is served after a restart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ai_governance_snapshots', table => {
    table.comment(
      'Organization snapshots taken by the AI Governance inventory',
    );
    table.bigIncrements('id').primary();
    table
      .string('captured_at', 64)
      .notNullable()
      .comment('ISO 8601 time the snapshot was taken');
    table
      .timestamp('stored_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .text('snapshot', 'longtext')
      .notNullable()
      .comment('The OrgSnapshot as JSON');
    table
      .text('crawl', 'longtext')
      .nullable()
      .comment('Figures of the crawl or refresh that produced it, as JSON');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ai_governance_snapshots');
};
