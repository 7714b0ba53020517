// @ts-check

/**
 * Account requests and their history. Nothing is ever deleted: a request moves through
 * requested → approved | rejected | cancelled → provisioning → ready | failed, and every transition is a row of
 * ai_governance_account_request_events.
 *
 * The three `*_hold` columns bind an account (its lower-case name, root email and request key) to the one request
 * that holds it: unique where set, cleared when the request lets go (rejected, cancelled, failed before an account
 * existed). The database, not a read-then-write check, refuses a second request for an account another holds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ai_governance_account_requests', table => {
    table.comment('Account requests of AI Governance account vending');
    table.string('id', 64).primary().comment('req-…');
    table.string('state', 32).notNullable();
    table.string('environment', 32).notNullable();
    table.string('name', 128).notNullable().comment('Account name');
    table.string('owner', 255).notNullable().comment('Owner group entity ref');
    table.string('email', 255).notNullable().comment('The root email');
    table
      .boolean('email_given')
      .notNullable()
      .defaultTo(false)
      .comment('True when the requester gave the email (domain allow-list)');
    table
      .string('request_key', 128)
      .notNullable()
      .comment(
        'Deterministic request key (the stack name), tagged on the account',
      );
    table
      .text('fields')
      .notNullable()
      .comment('Every form field, as JSON (AccountRequestFields)');
    table.string('requested_by', 255).notNullable();
    table.string('decided_by', 255).nullable();
    table.text('decision_comment').nullable();
    table.string('account_id', 32).nullable();
    table.string('task_id', 255).nullable();
    table.string('engine', 64).nullable();
    table.string('run_log_ref', 255).nullable();
    table.text('failure_reason').nullable();
    table.string('created_at', 64).notNullable().comment('ISO 8601');
    table.string('updated_at', 64).notNullable().comment('ISO 8601');
    table
      .string('claimed_by', 128)
      .nullable()
      .comment('The backend instance provisioning it');
    table
      .bigInteger('lease_expires_at')
      .nullable()
      .comment('Epoch ms; past it another backend may resume the request');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Provisioning runs started (claims and resumptions)');
    table.string('name_hold', 128).nullable().unique();
    table.string('email_hold', 255).nullable().unique();
    table.string('key_hold', 128).nullable().unique();
    table.index(['state'], 'ai_gov_account_requests_state_idx');
    table.index(['requested_by'], 'ai_gov_account_requests_requester_idx');
    table.index(['owner'], 'ai_gov_account_requests_owner_idx');
  });

  await knex.schema.createTable(
    'ai_governance_account_request_events',
    table => {
      table.comment('Every transition of every account request');
      table.bigIncrements('id').primary();
      table
        .string('request_id', 64)
        .notNullable()
        .references('id')
        .inTable('ai_governance_account_requests');
      table.string('from_state', 32).nullable();
      table.string('to_state', 32).notNullable();
      table.string('actor', 255).notNullable();
      table.text('comment').nullable();
      table.string('at', 64).notNullable().comment('ISO 8601');
      table.index(['request_id'], 'ai_gov_account_request_events_req_idx');
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ai_governance_account_request_events');
  await knex.schema.dropTable('ai_governance_account_requests');
};
