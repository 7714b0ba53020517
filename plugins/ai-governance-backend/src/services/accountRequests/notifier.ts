import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  AccountRequestRecord,
  AccountRequestState,
} from '@internal/plugin-ai-governance-common';

/** The signals channel the "Account requests" page listens on. */
export const ACCOUNT_REQUESTS_CHANNEL = 'ai-governance:account-requests';

/** Told about every transition, after it is stored. */
export interface AccountRequestNotifier {
  transitioned(
    record: AccountRequestRecord,
    from: AccountRequestState | undefined,
  ): Promise<void>;
}

/**
 * Notifications (Backstage notifications backend) to the admins when a request waits, and to the requester when it
 * is decided and when its account is ready or failed; a signal on every transition so open pages refresh. The
 * signal carries only the request id and state: pages re-read the request through the permission-checked API.
 * A delivery failure is logged with the request and never undoes the transition.
 */
export class DefaultAccountRequestNotifier implements AccountRequestNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      signals?: SignalsService;
      adminGroups: string[];
      logger: LoggerService;
    },
  ) {}

  async transitioned(
    record: AccountRequestRecord,
    from: AccountRequestState | undefined,
  ): Promise<void> {
    const { notifications, signals, adminGroups, logger } = this.options;
    const link = `/ai-governance/requests/${record.id}`;
    const name = record.fields.name;
    const tasks: Array<[string, () => Promise<void>]> = [];
    if (signals) {
      tasks.push([
        'signal',
        () =>
          signals.publish({
            recipients: { type: 'broadcast' },
            channel: ACCOUNT_REQUESTS_CHANNEL,
            message: { requestId: record.id, state: record.state },
          }),
      ]);
    }
    if (notifications) {
      const toRequester = (
        title: string,
        description: string,
        severity: 'normal' | 'high' = 'normal',
      ) =>
        tasks.push([
          'requester notification',
          () =>
            notifications.send({
              recipients: { type: 'entity', entityRef: record.requestedBy },
              payload: {
                title,
                description,
                link,
                severity,
                topic: 'ai-governance:account-request',
                scope: `ai-governance:account-request:${record.id}`,
              },
            }),
        ]);
      switch (record.state) {
        case 'requested':
          if (adminGroups.length > 0) {
            tasks.push([
              'admin notification',
              () =>
                notifications.send({
                  recipients: {
                    type: 'entity',
                    entityRef: adminGroups,
                    excludeEntityRef: record.requestedBy,
                  },
                  payload: {
                    title: `Account request waits for approval: ${name}`,
                    description: `${record.requestedBy} asks for the ${record.fields.environment} account "${name}" for ${record.fields.owner} (request ${record.id}).`,
                    link,
                    severity: 'high',
                    topic: 'ai-governance:account-request-approval',
                    scope: `ai-governance:account-request-approval:${record.id}`,
                  },
                }),
            ]);
          }
          break;
        case 'approved':
          if (from === 'requested' && record.decidedBy) {
            toRequester(
              `Account request approved: ${name}`,
              `${record.decidedBy} approved request ${record.id}${
                record.decisionComment ? `: ${record.decisionComment}` : ''
              }. The account is being created.`,
            );
          }
          break;
        case 'rejected':
          toRequester(
            `Account request rejected: ${name}`,
            `${record.decidedBy ?? 'A governance admin'} rejected request ${
              record.id
            }: ${record.decisionComment ?? ''}`,
            'high',
          );
          break;
        case 'ready':
          toRequester(
            `Account ready: ${name}`,
            `Account ${record.accountId} is ready (request ${record.id}).`,
          );
          break;
        case 'failed':
          toRequester(
            `Account request failed: ${name}`,
            `Request ${record.id} failed: ${
              record.failureReason ?? 'see the request for details'
            }`,
            'high',
          );
          break;
        default:
          break;
      }
    }
    for (const [kind, send] of tasks) {
      try {
        await send();
      } catch (error) {
        logger.warn(
          `Could not send the ${kind} for account request ${record.id} (${
            record.state
          }): ${
            (error as Error)?.message
          }; the request itself is stored and unaffected`,
        );
      }
    }
  }
}
