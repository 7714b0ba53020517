/* The dialog that confirms approving, rejecting or cancelling an account request, with a comment. */
import type { AccountRequestRecord } from '@internal/plugin-ai-governance-common';
import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
  TextAreaField,
} from '@backstage/ui';
import { useState } from 'react';
import { errorMessage } from '../states';

export type Decision = 'approve' | 'reject' | 'cancel';

const TITLES: Record<Decision, string> = {
  approve: 'Approve the request',
  reject: 'Reject the request',
  cancel: 'Cancel the request',
};

const CONFIRM: Record<Decision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  cancel: 'Cancel the request',
};

const EXPLAIN: Record<Decision, (r: AccountRequestRecord) => string> = {
  approve: r =>
    `Approving creates the ${r.fields.environment} account "${r.fields.name}" for ${r.fields.owner} now, with the guardrails shown. The requester is notified.`,
  reject: r =>
    `Rejecting closes the request for "${r.fields.name}" for good; nothing is created. The requester sees your comment.`,
  cancel: r =>
    `Cancelling withdraws the request for "${r.fields.name}"; nothing is created. It stays in the history.`,
};

/** Comments longer than this are refused here rather than by the server. */
export const MAX_COMMENT_LENGTH = 1000;

/**
 * Confirms a decision on an account request, with a comment (required to reject). Shows the server's refusal
 * (four eyes, already decided, no permission) in the dialog and keeps it open.
 */
export function DecisionDialog(props: {
  request: AccountRequestRecord;
  decision: Decision;
  onSubmit(comment: string): Promise<void>;
  onClose(): void;
}) {
  const { request, decision } = props;
  const [comment, setComment] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [touched, setTouched] = useState(false);
  const trimmed = comment.trim();
  const needsComment = decision === 'reject';
  let commentError: string | undefined;
  if (needsComment && trimmed === '') {
    commentError = 'Say why: the requester sees this comment.';
  } else if (comment.length > MAX_COMMENT_LENGTH) {
    commentError = `At most ${MAX_COMMENT_LENGTH} characters.`;
  }

  const submit = async () => {
    setTouched(true);
    if (commentError) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await props.onSubmit(trimmed);
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      isOpen
      onOpenChange={open => {
        if (!open && !submitting) props.onClose();
      }}
      width={520}
    >
      <DialogHeader>{TITLES[decision]}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p">{EXPLAIN[decision](request)}</Text>
          <TextAreaField
            label="Comment"
            secondaryLabel={needsComment ? 'Required' : 'Optional'}
            value={comment}
            onChange={setComment}
            rows={3}
            validationBehavior="aria"
            validate={() => (touched ? commentError : undefined)}
            isDisabled={submitting}
          />
          {error !== undefined && (
            <Alert
              status="danger"
              icon
              title={`Could not ${decision} the request`}
              description={errorMessage(error)}
            />
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button
          variant="secondary"
          onPress={props.onClose}
          isDisabled={submitting}
        >
          Back
        </Button>
        <Button
          variant="primary"
          destructive={decision !== 'approve'}
          onPress={submit}
          loading={submitting}
        >
          {CONFIRM[decision]}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
