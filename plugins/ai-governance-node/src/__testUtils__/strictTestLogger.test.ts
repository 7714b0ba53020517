import { StrictTestLogger } from './strictTestLogger';

describe('StrictTestLogger', () => {
  it('records bound calls', () => {
    const logger = new StrictTestLogger();
    logger.info('hello');
    logger.warn('careful');
    expect(logger.lines).toEqual([
      { level: 'info', message: 'hello', meta: undefined },
      { level: 'warn', message: 'careful', meta: undefined },
    ]);
  });

  it('fails on unbound calls', () => {
    const logger = new StrictTestLogger();
    const { info } = logger;
    expect(() => info('lost this')).toThrow(/unbound call/);
    expect(() => ['x'].forEach(logger.error)).toThrow(/unbound call/);
    expect(logger.lines).toEqual([]);
  });
});
