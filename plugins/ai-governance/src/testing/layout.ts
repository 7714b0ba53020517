/**
 * jsdom does no layout, so every element measures 0×0 and a virtualized list would draw nothing. Give elements a
 * viewport-sized box for the duration of a test file.
 */
export function mockLayout(height = 800, width = 1200) {
  const original = {
    clientHeight: Object.getOwnPropertyDescriptor(
      HTMLElement.prototype,
      'clientHeight',
    ),
    clientWidth: Object.getOwnPropertyDescriptor(
      HTMLElement.prototype,
      'clientWidth',
    ),
  };
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get: () => height,
    });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get: () => width,
    });
  });
  afterAll(() => {
    if (original.clientHeight) {
      Object.defineProperty(
        HTMLElement.prototype,
        'clientHeight',
        original.clientHeight,
      );
    }
    if (original.clientWidth) {
      Object.defineProperty(
        HTMLElement.prototype,
        'clientWidth',
        original.clientWidth,
      );
    }
  });
}
