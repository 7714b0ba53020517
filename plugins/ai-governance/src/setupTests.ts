import '@testing-library/jest-dom';

// The interaction tests drive a whole test app; give them room on a busy 2-core CI machine.
jest.setTimeout(30_000);
