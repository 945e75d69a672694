/** The global KSM counters as the kernel keeps them (pages_volatile and general_profit are derived). */
export class KsmCounters {
  pagesShared = 0;
  pagesSharing = 0;
  pagesUnshared = 0;
  rmapItems = 0;
  fullScans = 0;
  chains = 0;
  dups = 0;
  /** KSM-placed zero pages; counted in the sysfs file only from 6.5. */
  zeroPages = 0;
  pagesScanned = 0;
  pagesSkipped = 0;
}
