// Check group: one scheduled crawl per interval across both backends (the scheduler's global lock on the
// inventory's crawl task): at least one ran, watched for a full interval after it, no two start less than 3/4
// interval apart, and there are no more crawls than intervals.
import { scheduledCrawls } from '../observe.mjs';
import { CRAWL_INTERVAL_S } from '../options.mjs';
import { check, counts, sleep, until } from '../results.mjs';

/**
 * Waits for the first scheduled crawl (both backends may crawl by then: B never crawled, A's startup crawl is over a
 * minute old), then watches one more interval, in which a second backend's crawl would show without the lock.
 */
export async function oneCrawlPerInterval({ backends }) {
  const first = await until(
    'a scheduled crawl',
    CRAWL_INTERVAL_S * 3 + 60,
    () => scheduledCrawls(backends)[0],
    1000,
  ).catch(() => undefined);
  if (first) {
    await sleep(
      Math.max(0, first.at + (CRAWL_INTERVAL_S + 10) * 1000 - Date.now()),
    );
  }
  const crawls = scheduledCrawls(backends);
  const gaps = crawls.slice(1).map((c, i) => (c.at - crawls[i].at) / 1000);
  const minGap = gaps.length ? Math.min(...gaps) : undefined;
  // Intervals from the first scheduled crawl to the end of the watch; with the lock, at most one crawl in each.
  const intervals = crawls.length
    ? Math.floor((Date.now() - crawls[0].at) / (CRAWL_INTERVAL_S * 1000)) + 1
    : 0;
  counts.scheduledCrawls = crawls.length;
  counts.crawlIntervals = intervals;
  check(
    `one scheduled crawl per ${CRAWL_INTERVAL_S} s interval across both backends`,
    crawls.length >= 1 &&
      crawls.length <= intervals &&
      (minGap === undefined || minGap >= CRAWL_INTERVAL_S * 0.75),
    `${crawls.length} scheduled crawls (by ${crawls
      .map(c => c.backend)
      .join(', ')}) in ${intervals} intervals, closest two ${
      minGap === undefined ? 'n/a' : `${minGap.toFixed(1)} s`
    } apart`,
  );
}
