/* The loading, empty, error and permission-denied states every view shows, and how errors read. */
import { Alert, Button, Flex, Text } from '@backstage/ui';

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

/** True for a 403 from the backend or a NotAllowedError. */
export function isPermissionError(error: unknown): boolean {
  return (
    statusOf(error) === 403 ||
    (error as { name?: string })?.name === 'NotAllowedError'
  );
}

/**
 * What the server said, in its words: a `ResponseError`'s message is only "Request failed with 409 Conflict", the
 * backend's own message (what to do) is its cause.
 */
export function errorMessage(error: unknown): string {
  const e = error as {
    message?: string;
    cause?: { message?: string };
    body?: { error?: { message?: string } };
  };
  return (
    e?.body?.error?.message ||
    e?.cause?.message ||
    e?.message ||
    String(error ?? 'Unknown error')
  );
}

export function LoadingState(props: { what: string }) {
  return (
    <Flex role="status" aria-live="polite" p="4" align="center" gap="2">
      <Text color="secondary">Loading {props.what}…</Text>
    </Flex>
  );
}

export function PermissionDenied(props: { what: string }) {
  return (
    <Alert
      status="warning"
      icon
      title="Permission denied"
      description={`You are not allowed to ${props.what}. Ask a governance admin for access.`}
    />
  );
}

export function ErrorState(props: {
  what: string;
  error: unknown;
  onRetry?: () => void;
}) {
  if (isPermissionError(props.error)) {
    return <PermissionDenied what={props.what} />;
  }
  const message = errorMessage(props.error);
  return (
    <Alert
      status="danger"
      icon
      title={`Could not ${props.what}`}
      description={message}
      customActions={
        props.onRetry ? (
          <Button size="small" variant="secondary" onPress={props.onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    />
  );
}

export function EmptyState(props: { title: string; description?: string }) {
  return (
    <Alert
      status="info"
      icon
      title={props.title}
      description={props.description}
    />
  );
}
